/**
 * The abusive student of `--flood`, as its own process so its loop does not delay the measuring load generator:
 * with one valid seat token it tries to open FLOOD_SOCKETS sockets, then on every socket it was given emits
 * `lab:move` (a legal `send`) as fast as answers come back, FLOOD_IN_FLIGHT at a time per socket, until SIGTERM.
 * Then it prints one JSON line: sockets accepted, refusals at connect by code, moves sent, answers by code.
 *
 *   FLOOD_URL=… FLOOD_TOKEN=… FLOOD_LAB=… FLOOD_ROLE=client FLOOD_SOCKETS=200 node -r … flood-client.ts
 */
import { io, type Socket } from 'socket.io-client';

const url = process.env.FLOOD_URL!;
const token = process.env.FLOOD_TOKEN!;
const labId = process.env.FLOOD_LAB!;
const role = process.env.FLOOD_ROLE ?? 'client';
const wanted = Number(process.env.FLOOD_SOCKETS ?? 200);
const inFlight = Number(process.env.FLOOD_IN_FLIGHT ?? 8);

const refusedAtConnect: Record<string, number> = {};
const answers: Record<string, number> = {};
let sent = 0;
let running = true;
const sockets: Socket[] = [];

function open(): Promise<Socket | null> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      const code = error.data?.code ?? error.message;
      refusedAtConnect[code] = (refusedAtConnect[code] ?? 0) + 1;
      socket.close();
      resolve(null);
    });
  });
}

async function flood(first: Socket, worker: number): Promise<void> {
  let n = 0;
  let socket: Socket | null = first;
  while (running) {
    // the server disconnects a socket that keeps flooding and refuses the seat's handshakes for a while: an
    // attacker tries again at once, and again, as long as it runs
    if (!socket?.connected) {
      socket = await open();
      if (!socket) await new Promise((resolve) => setTimeout(resolve, 100));
      else sockets.push(socket);
      continue;
    }
    const data = `flood-${worker}-${n++}`;
    sent += 1;
    const answer = (await socket
      .timeout(30_000)
      .emitWithAck('lab:move', {
        labId,
        moveId: `${data}-${process.pid}-${worker}`,
        move: { by: role, call: 'send', bytes: data.length, data },
      })
      .catch(() => ({ ok: false, code: 'TIMEOUT' }))) as { ok: boolean; code?: string };
    const code = answer.ok ? 'ok' : (answer.code ?? 'UNKNOWN');
    answers[code] = (answers[code] ?? 0) + 1;
  }
}

async function main(): Promise<void> {
  for (let i = 0; i < wanted; i++) {
    const socket = await open();
    if (socket) sockets.push(socket);
  }
  process.stdout.write(`${JSON.stringify({ ready: true, accepted: sockets.length, refusedAtConnect })}\n`);
  // alive until SIGTERM, even while every socket is disconnected
  const keepAlive = setInterval(() => undefined, 1000);
  void keepAlive;
  const started = Date.now();
  const workers = sockets.flatMap((socket, s) =>
    Array.from({ length: inFlight }, (_, w) => flood(socket, s * inFlight + w)),
  );
  process.on('SIGTERM', () => {
    running = false;
    void Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 5000))]).then(() => {
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `${JSON.stringify({ done: true, accepted: sockets.length, refusedAtConnect, sent, answers, seconds })}\n`,
      );
      for (const socket of sockets) socket.close();
      process.exit(0);
    });
  });
}

void main();
