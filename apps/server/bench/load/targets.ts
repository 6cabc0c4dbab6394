/**
 * The two servers the benchmark drives with the same load: the product (the real NestJS server, full path:
 * HTTP sign-up, join, pairing, socket.io moves validated and applied by tcp-core, stored in Postgres) and the floor
 * (floor-server.ts). Each exposes students that send one `send` move and hear their peer's, and an instructor
 * per class who hears every lab of the class.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';

const SERVER_ROOT = path.resolve(__dirname, '..', '..');
/** students per class: an ordinary class of 300 (150 labs), so 1,000 labs are 7 classes with 7 instructors */
export const LABS_PER_CLASS = 150;

export interface MoveAnswer {
  ok: boolean;
  code?: string;
  /** the entry's step in the lab, to match the instructor's view of the lab */
  step?: number;
}

export interface BenchStudent {
  labIndex: number;
  role: 'client' | 'server';
  /** sends one data move tagged `token`; resolves with the server's answer */
  send(token: string): Promise<MoveAnswer>;
}

export interface Observers {
  /** a student saw its peer's move `token`, in a message of `bytes` bytes */
  peer(token: string, bytes: number): void;
  /** an instructor saw lab `labIndex` reach `step` (product) or saw move `token` (floor) */
  instructor(labIndex: number, stepOrToken: number | string): void;
}

export interface BenchTarget {
  name: string;
  pids(): number[];
  databaseUrl: string;
  /** moves in the database whose client move id is a bench token */
  storedTokens(): Promise<string[]>;
  /** Postgres counters of the target's database: transactions, rows read, rows written */
  pgCounters(): Promise<{ xacts: number; read: number; written: number }>;
  setUp(labs: number, observers: Observers): Promise<BenchStudent[]>;
  stop(): Promise<void>;
}

interface Spawned {
  child: ChildProcess;
  output: () => string;
}

/**
 * How the product is started: from its TypeScript sources through ts-node (the default: no build needed, but
 * every start transpiles the server first), or `built`: dist/main.js as `npm start` runs it (`npm run build`
 * first). Start-up times are only the product's own with `built`.
 */
let productEntry: 'source' | 'built' = 'source';
export function useBuiltProduct(built: boolean): void {
  productEntry = built ? 'built' : 'source';
}

/** The `--flags` before the script in the server's start script (e.g. the young generation's size). */
const START_NODE_FLAGS: string[] = (
  JSON.parse(readFileSync(path.join(SERVER_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .filter((word) => word.startsWith('--'));

function spawnNode(script: string, env: Record<string, string>): Spawned {
  // BENCH_CPU_PROF=DIR: the product writes a V8 CPU profile there when it stops (open it in Chrome's DevTools)
  const profile =
    script === 'src/main.ts' && process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
  // The Node flags of the server's `npm start` (apps/server/package.json), for the product and the floor alike: the
  // comparison is of the code, not of the tuning. BENCH_NODE_FLAGS="--flag …" adds more (tuning experiments).
  const flags = [...START_NODE_FLAGS, ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
  const args = [
    ...flags,
    ...profile,
    ...(script === 'src/main.ts' && productEntry === 'built'
      ? ['dist/main.js']
      : ['-r', './test/support/register-source.js', script]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: SERVER_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  return { child, output: () => output };
}

async function waitHealthy(url: string, spawned: Spawned, timeoutMs = 90_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (spawned.child.exitCode !== null) throw new Error(`server exited:\n${spawned.output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`server not healthy after ${timeoutMs} ms:\n${spawned.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function pgCounters(databaseUrl: string): Promise<{ xacts: number; read: number; written: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // statistics are flushed by backends when idle (at most once a second): ask for a fresh snapshot
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query(
      `SELECT xact_commit + xact_rollback AS xacts, tup_returned + tup_fetched AS read,
              tup_inserted + tup_updated + tup_deleted AS written
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { xacts: Number(rows[0].xacts), read: Number(rows[0].read), written: Number(rows[0].written) };
  } finally {
    await client.end();
  }
}

async function query<T>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

export function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

/** Runs `work` over `items` with at most `limit` at a time (joins and connects, so set-up does not flood). */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

async function api<T>(
  base: string,
  method: string,
  route: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(base + route, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

// ---- the product -----------------------------------------------------------------------------------------------

export interface ProductOptions {
  ports: number[];
  databaseUrl: string;
  env?: Record<string, string>;
}

/** One seat of a class set up over the HTTP API: its token, and its place in a lab. */
export interface ProductSeat {
  token: string;
  seatId: string;
  labId: string;
  labIndex: number;
  role: 'client' | 'server';
}

/** A class set up over the HTTP API (it lives in the database, so a later server on it can serve it again). */
export interface ProductClass {
  teacherToken: string;
  classroomId: string;
  labIds: string[];
  seats: ProductSeat[];
}

export interface ProductTarget extends BenchTarget {
  startupMs: number;
  /** the classes of the last setUp / createClasses */
  classes: ProductClass[];
  /** HTTP only: instructors, join codes, seats, pairing, start. No socket, no move. */
  createClasses(labs: number): Promise<ProductClass[]>;
  /** Sockets for classes made earlier (perhaps by another server on this database): the instructors and students. */
  attach(classes: ProductClass[], observers: Observers): Promise<BenchStudent[]>;
  /** The url of each process. */
  urls: string[];
}

interface ProductStudent extends BenchStudent {
  move(move: unknown): Promise<MoveAnswer>;
}

export async function startProduct(options: ProductOptions): Promise<ProductTarget> {
  const servers = options.ports.map((port) =>
    spawnNode('src/main.ts', {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'load-benchmark-secret-0123456789abcdef',
      // the load generator joins and moves from one address: lift the per-address HTTP limits, not the per-socket ones
      RATE_LIMIT_PER_MINUTE: '1000000',
      JOIN_RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      // several processes share rooms through Redis when the benchmark's shell sets it
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      ...options.env,
    }),
  );
  const urls = options.ports.map((port) => `http://127.0.0.1:${port}`);
  const startupMs = Math.max(
    ...(await Promise.all(servers.map((server, i) => waitHealthy(`${urls[i]}/api/health`, server)))),
  );
  const sockets: Socket[] = [];
  const base = urls[0];
  const embeddedDir = options.databaseUrl === '' ? options.env?.EMBEDDED_DB_DIR : undefined;

  async function createClass(c: number, labsHere: number): Promise<ProductClass> {
    const firstLab = c * LABS_PER_CLASS;
    const email = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-${c}@school.example`;
    const teacher = await api<{ token: string }>(base, 'POST', '/api/auth/register', {
      email,
      name: `Bench teacher ${c}`,
      password: 'correct horse battery',
    });
    const classroom = await api<{ id: string; joinCode: string }>(
      base,
      'POST',
      '/api/classrooms',
      { name: `Bench class ${c}` },
      teacher.token,
    );
    const joined = await inBatches(Array.from({ length: labsHere * 2 }), 20, (_, i) =>
      api<{ token: string; seat: { id: string } }>(base, 'POST', '/api/join', {
        joinCode: classroom.joinCode,
        displayName: `S${c}-${String(i).padStart(3, '0')}`,
      }),
    );
    const paired = await api<{
      labs: Array<{ id: string; seats: Record<string, { seatId: string } | null> }>;
    }>(
      base,
      'POST',
      `/api/classrooms/${classroom.id}/pairings`,
      { strategy: 'auto', network: 'auto', mode: 'calls', clockRate: 0 },
      teacher.token,
    );
    await api(
      base,
      'POST',
      `/api/classrooms/${classroom.id}/labs/control`,
      { action: 'start' },
      teacher.token,
    );
    const seatLab = new Map<string, { labId: string; labIndex: number; role: 'client' | 'server' }>();
    paired.labs.forEach((lab, i) => {
      for (const role of ['client', 'server'] as const) {
        const seat = lab.seats[role];
        if (seat) seatLab.set(seat.seatId, { labId: lab.id, labIndex: firstLab + i, role });
      }
    });
    return {
      teacherToken: teacher.token,
      classroomId: classroom.id,
      labIds: paired.labs.map((lab) => lab.id),
      seats: joined.map((seat) => ({
        token: seat.token,
        seatId: seat.seat.id,
        ...seatLab.get(seat.seat.id)!,
      })),
    };
  }

  async function attachClass(klass: ProductClass, observers: Observers): Promise<ProductStudent[]> {
    const labIndexById = new Map(klass.seats.map((seat) => [seat.labId, seat.labIndex]));
    // Several processes: a class sits on one process, as a load balancer sticky by class puts it (its students and
    // its instructor), classes spread over the processes. BENCH_SPLIT_LABS=1 instead puts each lab's two students
    // on different processes (the worst case: every move crosses processes; correctness is test/processes-redis).
    const classIndex = Math.floor(Math.min(...klass.seats.map((seat) => seat.labIndex)) / LABS_PER_CLASS);
    const split = process.env.BENCH_SPLIT_LABS === '1';
    const home = urls[classIndex % urls.length];
    const watcher = await connect(split ? urls[urls.length - 1] : home, { token: klass.teacherToken });
    sockets.push(watcher);
    watcher.on('class:lab', (message: { lab: { id: string; moveCount: number } }) => {
      const labIndex = labIndexById.get(message.lab.id);
      if (labIndex !== undefined) observers.instructor(labIndex, message.lab.moveCount);
    });
    await watcher.timeout(10_000).emitWithAck('class:watch', { classroomId: klass.classroomId });
    return inBatches(klass.seats, 20, async (place, i) => {
      const socket = await connect(split ? urls[i % urls.length] : home, { token: place.token });
      sockets.push(socket);
      socket.on('lab:update', (message: { entry: { actorKey?: string; move?: { data?: string } } }) => {
        const token = message.entry?.move?.data;
        if (token?.startsWith(`bench-${place.labIndex}-`) && !token.includes(`-${place.role}-`))
          observers.peer(token, JSON.stringify(message).length);
      });
      let moveNumber = 0;
      const ask = async (moveId: string, move: unknown): Promise<MoveAnswer> => {
        const answer = (await socket
          .timeout(60_000)
          .emitWithAck('lab:move', { labId: place.labId, moveId, move })
          .catch(() => ({ ok: false, code: 'TIMEOUT' }))) as {
          ok: boolean;
          code?: string;
          entry?: { step: number };
        };
        return { ok: answer.ok, code: answer.code, step: answer.entry?.step };
      };
      return {
        labIndex: place.labIndex,
        role: place.role,
        move: (move) => ask(`setup-${Date.now().toString(36)}-${++moveNumber}`, move),
        send: (token) => ask(token, { by: place.role, call: 'send', bytes: token.length, data: token }),
      } satisfies ProductStudent;
    });
  }

  async function setUpLabs(labs: number, observers: Observers): Promise<BenchStudent[]> {
    const students: ProductStudent[] = [];
    for (const klass of await target.createClasses(labs)) {
      const classStudents = await attachClass(klass, observers);
      // open every connection: the server listens, then the client connects (auto network: ESTABLISHED at once)
      const byLab = new Map<number, ProductStudent[]>();
      for (const student of classStudents)
        byLab.set(student.labIndex, [...(byLab.get(student.labIndex) ?? []), student]);
      await inBatches([...byLab.values()], 20, async (pair) => {
        const server = pair.find((s) => s.role === 'server')!;
        const client = pair.find((s) => s.role === 'client')!;
        for (const [who, call] of [
          [server, 'listen'],
          [client, 'connect'],
        ] as const) {
          const answer = await who.move({ by: who.role, call });
          if (!answer.ok) throw new Error(`set-up move ${call} refused: ${answer.code}`);
        }
      });
      students.push(...classStudents);
    }
    return students;
  }

  const target: ProductTarget = {
    name: options.ports.length > 1 ? `product×${options.ports.length}` : 'product',
    startupMs,
    urls,
    classes: [],
    databaseUrl: options.databaseUrl,
    pids: () => servers.map((server) => server.child.pid!),
    // the embedded database serves one connection, the server's: no statistics, and the check reads it after
    pgCounters: () =>
      embeddedDir === undefined
        ? pgCounters(options.databaseUrl)
        : Promise.resolve({ xacts: NaN, read: NaN, written: NaN }),
    storedTokens: async () => {
      const sql = `SELECT "clientMoveId" AS id FROM "LabMove" WHERE "clientMoveId" LIKE 'bench-%'`;
      if (embeddedDir === undefined)
        return (await query<{ id: string }>(options.databaseUrl, sql)).map((row) => row.id);
      // the server is stopped first (it holds the data folder), then the folder is opened here
      await target.stop();
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create(embeddedDir);
      try {
        return (await db.query<{ id: string }>(sql)).rows.map((row) => row.id);
      } finally {
        await db.close();
      }
    },
    async createClasses(labs) {
      const classes: ProductClass[] = [];
      for (let c = 0; c < Math.ceil(labs / LABS_PER_CLASS); c++)
        classes.push(await createClass(c, Math.min(LABS_PER_CLASS, labs - c * LABS_PER_CLASS)));
      target.classes = classes;
      return classes;
    },
    async attach(classes, observers) {
      const students: BenchStudent[] = [];
      for (const klass of classes) students.push(...(await attachClass(klass, observers)));
      return students;
    },
    setUp: (labs, observers) =>
      setUpLabs(labs, observers).catch((error: unknown) => {
        // the server's own account of a failed set-up (a 500 says nothing more on the wire)
        const log = servers.map((server) => server.output().slice(-4000)).join('\n---\n');
        process.stderr.write(`product set-up failed; the server's last output:\n${log}\n`);
        throw error;
      }),
    async stop() {
      for (const socket of sockets.splice(0)) socket.close();
      await Promise.all(servers.map((server) => stopChild(server.child)));
    },
  };
  return target;
}

// ---- the floor -------------------------------------------------------------------------------------------------

export async function startFloor(port: number, databaseUrl: string): Promise<BenchTarget> {
  const server = spawnNode('bench/load/floor-server.ts', { PORT: String(port), DATABASE_URL: databaseUrl });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(`${url}/health`, server);
  const sockets: Socket[] = [];
  return {
    name: 'floor',
    databaseUrl,
    pids: () => [server.child.pid!],
    pgCounters: () => pgCounters(databaseUrl),
    storedTokens: async () =>
      (
        await query<{ id: string }>(
          databaseUrl,
          `SELECT move_id AS id FROM floor_move WHERE move_id LIKE 'bench-%'`,
        )
      ).map((row) => row.id),
    async setUp(labs, observers) {
      const students: BenchStudent[] = [];
      const classes = Math.ceil(labs / LABS_PER_CLASS);
      for (let c = 0; c < classes; c++) {
        const watcher = await connect(url, { role: 'instructor', classId: `c${c}`, labId: '' });
        sockets.push(watcher);
        watcher.on('update', (message: { labId: string; moveId: string }) =>
          observers.instructor(Number(message.labId), message.moveId),
        );
      }
      const seats = Array.from(
        { length: labs * 2 },
        (_, i) => ({ labIndex: Math.floor(i / 2), role: i % 2 ? 'server' : 'client' }) as const,
      );
      students.push(
        ...(await inBatches(seats, 20, async ({ labIndex, role }) => {
          const socket = await connect(url, {
            role,
            labId: String(labIndex),
            classId: `c${Math.floor(labIndex / LABS_PER_CLASS)}`,
          });
          sockets.push(socket);
          socket.on('update', (message: { moveId: string }) =>
            observers.peer(message.moveId, JSON.stringify(message).length),
          );
          return {
            labIndex,
            role,
            async send(token: string) {
              const answer = (await socket
                .timeout(60_000)
                .emitWithAck('move', {
                  moveId: token,
                  move: { by: role, call: 'send', bytes: token.length, data: token },
                })
                .catch(() => ({ ok: false, code: 'TIMEOUT' }))) as MoveAnswer;
              return answer;
            },
          } satisfies BenchStudent;
        })),
      );
      return students;
    },
    async stop() {
      for (const socket of sockets) socket.close();
      await stopChild(server.child);
    },
  };
}

/**
 * Ports for the next servers the benchmark starts: ones the OS says are free right now (the machine is shared, a
 * fixed range collides with other servers). Asked for together so two processes of one run never get the same.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export async function nextPort(): Promise<number> {
  return (await freePorts(1))[0];
}
