import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const SERVER_ROOT = path.resolve(__dirname, '..', '..');

export interface SpawnedServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** everything the server printed (JSON log lines), for failure messages */
  output(): string;
  /** SIGKILL: the process dies at once, as in a crash or power loss */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown */
  stop(): Promise<void>;
}

export interface SpawnServerOptions {
  port: number;
  /** unset = embedded database (then pass EMBEDDED_DB_DIR in env) */
  databaseUrl?: string;
  env?: Record<string, string>;
  /** how long to wait for /api/health (ms) */
  timeoutMs?: number;
}

/**
 * Starts the server as a separate Node process from the TypeScript sources (no build needed), waits for
 * /api/health to answer 200, and returns handles to kill it. For crash-recovery tests.
 */
export async function spawnServer(options: SpawnServerOptions): Promise<SpawnedServer> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    JWT_SECRET: 'test-secret-for-jest-only-0123456789',
    CI: '1',
    ...options.env,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child = spawn(process.execPath, ['-r', './test/support/register-source.js', 'src/main.ts'], {
    cwd: SERVER_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `server exited before it was ready (${child.exitCode ?? child.signalCode}):\n${output}`,
      );
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    url,
    port: options.port,
    process: child,
    output: () => output,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

/** A port that was free a moment ago (for a server in another process, which cannot report its port 0 back). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as import('node:net').AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
