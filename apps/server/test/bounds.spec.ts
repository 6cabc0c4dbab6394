import { FLOOD_DISCONNECT_REFUSALS, MAX_SOCKETS_PER_SEAT } from '../src/common/socket-edge';
import { REFUSALS } from '../src/common/refusals';
import { LabsService, MAX_QUEUED_MOVES_PER_LAB } from '../src/labs/labs.service';
import { http, LogCapture, startTestServer, type TestServer } from './support';
import { labRecord, ok, startPairedLab, type Player } from './support-labs/labs';
import { connectSocket, refusedConnection, type TestSocket } from './support-labs/sockets';

/**
 * Bounded and fair (the scale issue): what one student can hold open and send is capped per seat, not per socket,
 * and a lab's queue is bounded with a retryable BUSY that records nothing. Real server, real Postgres, real
 * socket.io clients.
 */
describe('bounds per seat and per lab', () => {
  const logs = new LogCapture();
  let server: TestServer;
  const players: Player[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ logs });
  });
  afterAll(async () => {
    [...sockets, ...players.map((player) => player.socket)].forEach((socket) => socket.close());
    await server?.close();
  });

  test(`a seat holds at most ${MAX_SOCKETS_PER_SEAT} sockets: the next handshake is refused with a reason, and a closed one frees its place`, async () => {
    const { client } = await startPairedLab(server.url, ['Ada', 'Bea'], { network: 'manual' }, players);
    // the player's own socket is the first; open up to the cap
    for (let i = 1; i < MAX_SOCKETS_PER_SEAT; i++)
      sockets.push(await connectSocket(server.url, client.student.token));
    const refused = await refusedConnection(server.url, client.student.token);
    expect(refused.message).toBe('TOO_MANY_CONNECTIONS');
    expect(refused.data).toEqual({
      code: 'TOO_MANY_CONNECTIONS',
      reason: REFUSALS.TOO_MANY_CONNECTIONS.reason,
    });
    // another seat of the same class is not affected
    sockets.push(await connectSocket(server.url, players[1].student.token));
    sockets.pop()!.close();
    const extra = sockets.pop()!;
    extra.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    sockets.push(await connectSocket(server.url, client.student.token));
  });

  test("a seat's sockets share one event budget: flooding from many sockets gets no more through than from one", async () => {
    const { lab, client } = await startPairedLab(server.url, ['Cy', 'Di'], { network: 'manual' }, players);
    const more = await Promise.all(
      Array.from({ length: MAX_SOCKETS_PER_SEAT - 1 }, () => connectSocket(server.url, client.student.token)),
    );
    sockets.push(...more);
    const all = [client.socket, ...more];
    // 30 joins on each of the seat's sockets at once: the seat's one bucket (burst 20) lets about 20 through
    const acks = await Promise.all(
      all.flatMap((socket) =>
        Array.from({ length: 30 }, () => socket.request('lab:join', { labId: lab.id })),
      ),
    );
    const through = acks.filter((ack) => ack.ok).length;
    const limited = acks.filter((ack) => ack.code === 'RATE_LIMITED').length;
    expect(through + limited).toBe(all.length * 30);
    expect(through).toBeGreaterThanOrEqual(20);
    expect(through).toBeLessThan(30); // a bucket per socket would have let 20 through on each (120)
  });

  test(`a socket refused more than ${FLOOD_DISCONNECT_REFUSALS} times in a second is disconnected, and its seat may not reconnect for a while`, async () => {
    const { lab, client, srv } = await startPairedLab(
      server.url,
      ['Gil', 'Hu'],
      { network: 'manual' },
      players,
    );
    const flooder = await connectSocket(server.url, client.student.token);
    const gone = new Promise<string>((resolve) => flooder.socket.once('disconnect', resolve));
    for (let i = 0; i < 300; i++) flooder.socket.emit('lab:join', { labId: lab.id }, () => undefined);
    expect(await gone).toBe('io server disconnect');
    const refused = await refusedConnection(server.url, client.student.token);
    expect(refused.data).toEqual({ code: 'RATE_LIMITED', reason: REFUSALS.RATE_LIMITED.reason });
    // the partner plays on
    expect(ok(await srv.socket.request('lab:join', { labId: lab.id })).lab.id).toBe(lab.id);
    expect(logs.lines.some((line) => /kept flooding; disconnected/.test(line.msg ?? ''))).toBe(true);
  });

  test(`a lab with ${MAX_QUEUED_MOVES_PER_LAB} moves waiting answers BUSY: retryable, nothing recorded`, async () => {
    const { lab, client } = await startPairedLab(server.url, ['Ed', 'Flo'], { network: 'manual' }, players);
    const labs = server.app.get(LabsService);
    const before = await labRecord(server.prisma, lab.id);
    // hold the lab's queue with a task of our own, then fill it past its bound
    let release!: () => void;
    const held = labs.withLab(lab.id, () => new Promise<void>((resolve) => (release = resolve)));
    const waiting = Array.from({ length: MAX_QUEUED_MOVES_PER_LAB - 1 }, (_, i) =>
      labs.withLab(lab.id, async () => i),
    );
    const busy = await client.move({ by: 'client', call: 'connect' }, 'busy-1');
    expect(busy).toMatchObject({ ok: false, code: 'BUSY', reason: REFUSALS.BUSY.reason });
    release();
    await Promise.all([held, ...waiting]);
    const after = await labRecord(server.prisma, lab.id);
    expect(after.log).toHaveLength(before.log.length);
    // the same move id again, once the lab has room: applied (BUSY recorded nothing, so it is no duplicate)
    const retried = ok(await client.move({ by: 'client', call: 'connect' }, 'busy-1'));
    expect(retried.duplicate).toBe(false);
    expect(retried.lab.states.client).toBe('SYN_SENT');
  });
});

describe('a saturated database', () => {
  test('a control that cannot get a connection in time is answered 503 with Retry-After and the BUSY reason, not 500', async () => {
    const logs = new LogCapture();
    const server = await startTestServer({ logs, config: { dbPoolMax: 2 } });
    try {
      const players: Player[] = [];
      const { lab, instructor } = await startPairedLab(
        server.url,
        ['Gus', 'Hal'],
        { network: 'manual' },
        players,
      );
      // two transactions of our own hold both connections of the pool for longer than its 5 s wait
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const holders = [0, 1].map(() =>
        server.prisma.$transaction(
          async (tx) => {
            await tx.$queryRaw`SELECT 1`;
            await released;
          },
          { timeout: 30_000 },
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answer = await http(server.url, 'POST', `/api/labs/${lab.id}/control`, {
        token: instructor.token,
        body: { action: 'pause' },
      });
      release();
      await Promise.all(holders);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: REFUSALS.BUSY.reason });
      expect(logs.errors()).toEqual([]);
      // nothing was recorded: the lab still runs, and the same control now goes through
      const again = await http(server.url, 'POST', `/api/labs/${lab.id}/control`, {
        token: instructor.token,
        body: { action: 'pause' },
      });
      expect(again.status).toBe(200);
      expect(again.body.lab.status).toBe('paused');
      players.forEach((player) => player.socket.close());
    } finally {
      await server.close();
    }
  }, 60_000);
});
