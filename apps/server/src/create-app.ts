import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { CAPTURE_CONTENT_TYPES } from './captures/captures.controller';
import { MAX_CAPTURE_BYTES } from '@tcp-lab/tcp-core';
import { RedisIoAdapter } from './common/redis-io-adapter';
import { SafeTextPipe } from './common/validation';
import { serveWebApp } from './common/web-app';
import { AppConfig, loadAppConfig } from './config/app-config';
import { DatabaseConnection } from './database/database-connection';
import { openDatabase } from './database/open-database';

export interface CreateAppOptions {
  /** environment variables to read (default process.env) */
  env?: Record<string, string | undefined>;
  /** explicit settings that win over the environment (tests: port 0, a database URL, a secret, log level) */
  config?: Partial<AppConfig>;
  /** where the JSON log lines go instead of stdout (tests read them) */
  logDestination?: DestinationStream;
}

export interface RunningServer {
  app: NestExpressApplication;
  config: AppConfig;
  database: DatabaseConnection;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** Builds the whole server (database chosen and migrated, every module, HTTP + socket.io) without listening. */
export async function createApp(
  options: CreateAppOptions = {},
): Promise<{ app: NestExpressApplication; config: AppConfig; database: DatabaseConnection }> {
  const config = loadAppConfig(options.env ?? process.env, options.config);
  const database = await openDatabase(config);
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot(config, database, options.logDestination),
      {
        bodyParser: false,
        bufferLogs: true,
        abortOnError: false,
      },
    );
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
  const logger = app.get(Logger);
  app.useLogger(logger);
  if (database.migrations.applied.length > 0) {
    logger.log(`Applied migrations: ${database.migrations.applied.join(', ')}`, 'Database');
  }
  if (database.migrations.modified.length > 0) {
    logger.warn(
      `Migrations edited after they were applied here (not re-run): ${database.migrations.modified.join(', ')}`,
      'Database',
    );
  }
  if (config.jwtSecretIsDefault) {
    logger.warn(
      'JWT_SECRET is not set: using the development default. Set JWT_SECRET on any shared server.',
      'Config',
    );
  }
  // req.ip is what the per-IP rate limits count; behind a reverse proxy it must come from X-Forwarded-For.
  app.set('trust proxy', trustProxySetting(config.trustProxy));
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  // capture uploads (POST /api/captures/import): raw bytes, up to twice tcp-core's limit so that its own
  // bilingual TOO_LARGE answers a file just over it
  app.useBodyParser('raw', { type: CAPTURE_CONTENT_TYPES, limit: 2 * MAX_CAPTURE_BYTES });
  // No body, URL parameter or query value holds a NUL or a lone surrogate (common/validation.ts).
  app.useGlobalPipes(new SafeTextPipe());
  app.setGlobalPrefix('api');
  // one process: socket.io's in-memory rooms; several (REDIS_URL): rooms shared through Redis
  app.useWebSocketAdapter(
    config.redisUrl ? await RedisIoAdapter.connect(app, config.redisUrl) : new IoAdapter(app),
  );
  if (config.redisUrl)
    logger.log(
      `Sharing socket.io rooms with other processes through ${redacted(config.redisUrl)}`,
      'Sockets',
    );

  const openApi = new DocumentBuilder()
    .setTitle('TCP Connection Lab API')
    .setDescription(
      'Classrooms, seats and connection labs. Errors: { error: { code, message: { en, zh }, details? } }.',
    )
    .setVersion(config.version)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });

  const webServed = serveWebApp(app, config.webDist);
  logger.log(
    webServed
      ? `Serving the web app from ${config.webDist}`
      : `No web build at ${config.webDist}; serving the API only`,
    'WebApp',
  );
  return { app, config, database };
}

/** createApp + listen: used by main.ts and by the tests (port 0 picks a free port). */
export async function bootstrap(options: CreateAppOptions = {}): Promise<RunningServer> {
  const { app, config, database } = await createApp(options);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close();
    throw error;
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  app.get(Logger).log(`Listening on ${config.host}:${port} (database: ${database.kind})`, 'Bootstrap');
  return { app, config, database, port, url, close: () => app.close() };
}

/** TRUST_PROXY as Express understands it: true/false, a hop count, or addresses/subnets ('loopback', '10.0.0.0/8'). */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** A Redis URL without its password, for the log. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
