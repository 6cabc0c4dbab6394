import { startTestServer, type TestServer } from './support';
import { control, labRecord, ok, startPairedLab, statesOf, type Player } from './support-labs/labs';
import { waitFor } from './support-labs/sockets';

/**
 * Lab timers run in real time, LAB_TIME_SCALE times faster. At 1000, TIME_WAIT's 2×MSL (60 s of lab time) lasts
 * 60 ms and an RTO of 1 s lasts 1 ms. Each firing is a recorded clock move by 'system'.
 */
describe('lab timers in real time (LAB_TIME_SCALE=1000)', () => {
  let server: TestServer;
  const players: Player[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 1000 } });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
  });

  const startLab = (body: Record<string, unknown>) =>
    startPairedLab(server.url, ['Ming', 'Nora'], body, players);

  test('TIME_WAIT ends by itself after 2×MSL, as a clock entry by system', async () => {
    const { lab, client, srv } = await startLab({ network: 'auto' });
    ok(await srv.move({ by: 'server', call: 'listen' }));
    ok(await client.move({ by: 'client', call: 'connect' }));
    ok(await client.move({ by: 'client', call: 'close' }));
    const timeWait = ok(await srv.move({ by: 'server', call: 'close' }));
    expect(timeWait.lab.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
    const closed = await waitFor(async () => {
      const record = await labRecord(server.prisma, lab.id);
      return statesOf(record.lab).client === 'CLOSED' && record;
    }, 'TIME_WAIT to expire');
    const firing = closed.entries.at(-1)!;
    expect(firing).toMatchObject({
      actor: 'system',
      ok: true,
      move: { by: 'clock', advance: 60_000 },
      after: { client: 'CLOSED', server: 'CLOSED' },
    });
    expect(firing.events).toEqual([
      expect.objectContaining({ kind: 'timer', endpoint: 'client', timer: 'timeWait' }),
    ]);
    expect(closed.moves.at(-1)).toMatchObject({ actorKey: 'system', clientMoveId: null });
    // the seats were told
    await waitFor(
      () => client.socket.events('lab:update').some((update) => update.entry.step === firing.step),
      'lab:update for the firing',
    );
  });
});

describe('retransmission and pause at LAB_TIME_SCALE=1 (an RTO of 1 s lasts 1 s)', () => {
  let server: TestServer;
  const players: Player[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 1 } });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
  });

  test('a dropped SYN is retransmitted when the RTO expires, recorded as a clock entry', async () => {
    const { lab, client, srv } = await startPairedLab(server.url, ['Quinn', 'Rae'], {}, players);
    ok(await srv.move({ by: 'server', call: 'listen' }));
    ok(await client.move({ by: 'client', call: 'connect' }));
    const dropped = ok(await srv.move({ by: 'network', action: 'drop', from: 'client' }));
    expect(dropped.lab.lab.inFlight).toEqual([]);
    const retransmitted = await waitFor(
      async () => {
        const { entries } = await labRecord(server.prisma, lab.id);
        return entries.find(
          (entry) => entry.actor === 'system' && entry.emitted.some((segment) => segment.retransmission),
        );
      },
      'a retransmission',
      5000,
    );
    expect(retransmitted).toMatchObject({ ok: true, move: { by: 'clock', advance: 1000 }, clock: 1000 });
    expect(retransmitted.emitted).toEqual([
      expect.objectContaining({ from: 'client', flags: ['SYN'], retransmission: true }),
    ]);
    expect(retransmitted.events).toEqual([
      expect.objectContaining({ kind: 'timer', endpoint: 'client', timer: 'retransmit' }),
    ]);
  });

  test('the SYN is not retransmitted while paused; after resume it is, a full RTO later', async () => {
    const { lab, client, srv, instructor } = await startPairedLab(server.url, ['Olga', 'Pim'], {}, players);
    ok(await srv.move({ by: 'server', call: 'listen' }));
    ok(await client.move({ by: 'client', call: 'connect' }));
    expect((await control(server.url, instructor.token, lab.id, { action: 'pause' })).status).toBe(200);
    const paused = (await labRecord(server.prisma, lab.id)).lab;
    // a negative check needs a wait: 1.5 s is past the 1 s RTO had the timer been running
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await labRecord(server.prisma, lab.id)).lab).toEqual(paused);

    const resumedAt = Date.now();
    expect((await control(server.url, instructor.token, lab.id, { action: 'resume' })).status).toBe(200);
    const retransmitted = await waitFor(
      async () => {
        const { entries } = await labRecord(server.prisma, lab.id);
        return entries.find((entry) => entry.actor === 'system');
      },
      'the retransmission after resume',
      5000,
    );
    expect(Date.now() - resumedAt).toBeGreaterThanOrEqual(900);
    expect(retransmitted).toMatchObject({
      move: { by: 'clock', advance: 1000 },
      emitted: [expect.objectContaining({ flags: ['SYN'], retransmission: true })],
    });
  });
});
