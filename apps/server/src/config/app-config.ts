import path from 'node:path';
import { z } from 'zod';

/** The repository root, found from this file whether it runs from src/ (ts-node, Jest) or dist/ (built). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Used only when JWT_SECRET is unset, with a warning at start: fine for a laptop, never for a shared server. */
export const DEV_JWT_SECRET = 'tcp-lab-dev-secret-change-me';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Every environment variable the server reads, validated once at start. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /**
   * The address students type or scan (the join screen, GET /api/join-address), e.g. http://10.0.0.5:3000/ or
   * https://lab.school.example/. When unset, the server's first LAN IPv4 address and PORT.
   */
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  /** Real Postgres. When unset the server runs the embedded database (PGlite) in EMBEDDED_DB_DIR. */
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  /** connections to a real Postgres (the embedded one always has 1) */
  DB_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
  /** several server processes share their socket.io rooms through Redis (e.g. redis://127.0.0.1:6379) */
  REDIS_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  EMBEDDED_DB_DIR: z.string().default(path.join(REPO_ROOT, 'data', 'pglite')),
  /** Apply pending migrations from prisma/migrations at start (both databases). */
  MIGRATE_ON_START: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Lab milliseconds per real millisecond (retransmission and TIME-WAIT timers); 1 = real time. */
  LAB_TIME_SCALE: z.coerce.number().positive().default(1),
  /** The built web app served at / (skipped when the folder has no index.html). */
  WEB_DIST: z.string().default(path.join(REPO_ROOT, 'apps', 'web', 'dist')),
  /** Largest accepted JSON body, in bytes (larger ones get 413 PAYLOAD_TOO_LARGE). */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** Requests per minute per IP on every route (a whole class behind one school NAT shares one IP). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(3000),
  /** Requests per minute per IP on login/register (password guessing). */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Requests per minute per IP on join (join-code guessing; a class of 60 behind one NAT must still fit). */
  JOIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Express 'trust proxy': which proxies may say who the client is (X-Forwarded-For) for per-IP limits. */
  TRUST_PROXY: z.string().default('loopback'),
  /**
   * Let the real Linux kernel play one endpoint of a lab (apps/server/src/linux-peer). Off by default; it works only
   * where the server may create network namespaces (root or CAP_NET_ADMIN, and /dev/net/tun): the server checks at
   * start and, where it may not, says why once and offers no Linux peer.
   */
  LINUX_PEER: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  CI: z.string().optional(),
});

export type Env = z.input<typeof envSchema>;

/** The typed configuration every module injects (`constructor(private readonly config: AppConfig)`). */
export class AppConfig {
  readonly port!: number;
  readonly host!: string;
  readonly publicUrl!: string | undefined;
  readonly databaseUrl!: string | undefined;
  readonly redisUrl!: string | undefined;
  readonly dbPoolMax!: number;
  readonly embeddedDbDir!: string;
  readonly migrateOnStart!: boolean;
  readonly jwtSecret!: string;
  readonly jwtSecretIsDefault!: boolean;
  readonly logLevel!: (typeof LOG_LEVELS)[number];
  readonly labTimeScale!: number;
  readonly webDist!: string;
  readonly bodyLimitBytes!: number;
  readonly rateLimitPerMinute!: number;
  readonly authRateLimitPerMinute!: number;
  readonly joinRateLimitPerMinute!: number;
  readonly trustProxy!: string;
  /** LINUX_PEER: the operator allows Linux to play an endpoint (whether it can is checked at start) */
  readonly linuxPeer!: boolean;
  readonly prettyLogs!: boolean;
  readonly version!: string;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

export class ConfigError extends Error {}

/**
 * Builds the configuration from environment variables, then applies explicit overrides (tests pass a port, a
 * database URL, a secret... without touching process.env, so several servers can run in one process).
 */
export function loadAppConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<AppConfig> = {},
): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  return new AppConfig({
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dbPoolMax: e.DB_POOL_MAX,
    embeddedDbDir: path.resolve(e.EMBEDDED_DB_DIR),
    migrateOnStart: e.MIGRATE_ON_START,
    jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtSecretIsDefault: e.JWT_SECRET === undefined,
    logLevel: e.LOG_LEVEL,
    labTimeScale: e.LAB_TIME_SCALE,
    webDist: path.resolve(e.WEB_DIST),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    joinRateLimitPerMinute: e.JOIN_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    linuxPeer: e.LINUX_PEER,
    prettyLogs: e.LOG_LEVEL === 'debug' && !e.CI,
    version: readVersion(),
    ...overrides,
  });
}

function readVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(path.join(REPO_ROOT, 'package.json')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
