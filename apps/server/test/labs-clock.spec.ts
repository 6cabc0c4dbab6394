import { http, startTestServer, type TestServer } from './support';
import { control, labRecord, ok, startPairedLab, statesOf, type Player } from './support-labs/labs';
import { waitFor } from './support-labs/sockets';

/**
 * Each lab's clock runs at the pace its instructor chose (`clockRate`, lab ms per real ms), not only at the
 * server's LAB_TIME_SCALE: beginners delivering segments by hand need a stopped clock, TIME_WAIT a fast one.
 */
describe("a lab's own clock pace", () => {
  let server: TestServer;
  const players: Player[] = [];

  beforeAll(async () => {
    // at the server's default pace an RTO of 1 s would last 1 ms: any timer that runs, fires at once
    server = await startTestServer({ config: { labTimeScale: 1000 } });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
  });

  const startLab = (body: Record<string, unknown>) =>
    startPairedLab(server.url, ['Lin', 'Mo'], body, players);

  const systemEntries = async (labId: string) =>
    (await labRecord(server.prisma, labId)).entries.filter((entry) => entry.actor === 'system');

  test('with the clock stopped no timer fires in real time; the student lets the SYN retransmission fire', async () => {
    const { lab, client, srv } = await startLab({ clockRate: 0, network: 'manual' });
    expect(lab.clockRate).toBe(0);
    ok(await srv.move({ by: 'server', call: 'listen' }));
    const connected = ok(await client.move({ by: 'client', call: 'connect' }));
    expect(connected.lab.clockRate).toBe(0);
    // a negative check needs a wait: 300 ms is 300 RTOs at the server's default pace
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await systemEntries(lab.id)).toEqual([]);
    expect((await labRecord(server.prisma, lab.id)).lab.clockRate).toBe(0);

    const fired = ok(await client.move({ by: 'clock', advance: 1000 }));
    expect(fired.entry).toMatchObject({ actor: 'client', ok: true, move: { by: 'clock', advance: 1000 } });
    expect(fired.entry.emitted).toEqual([
      expect.objectContaining({ from: 'client', flags: ['SYN'], retransmission: true }),
    ]);
    const { moves } = await labRecord(server.prisma, lab.id);
    expect(moves.at(-1)).toMatchObject({ actorKey: client.student.seat.id });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await systemEntries(lab.id)).toEqual([]);
  });

  test("'set-clock' on a running lab changes its pace: a stopped TIME_WAIT closes by itself once set to 1000×", async () => {
    const { lab, client, srv, instructor, classroom } = await startLab({ clockRate: 0, network: 'auto' });
    ok(await srv.move({ by: 'server', call: 'listen' }));
    ok(await client.move({ by: 'client', call: 'connect' }));
    ok(await client.move({ by: 'client', call: 'close' }));
    const timeWait = ok(await srv.move({ by: 'server', call: 'close' }));
    expect(timeWait.lab.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(statesOf((await labRecord(server.prisma, lab.id)).lab).client).toBe('TIME_WAIT');

    // class-wide, through the same endpoint as 'start' or 'pause'
    const set = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/labs/control`, {
      token: instructor.token,
      body: { action: 'set-clock', clockRate: 1000 },
    });
    expect(set.status).toBe(200);
    expect(set.body.labs).toEqual([expect.objectContaining({ id: lab.id, clockRate: 1000 })]);
    const closed = await waitFor(async () => {
      const record = await labRecord(server.prisma, lab.id);
      return statesOf(record.lab).client === 'CLOSED' && record;
    }, 'TIME_WAIT to expire at the new pace');
    expect(closed.entries.at(-1)).toMatchObject({ actor: 'system', move: { by: 'clock', advance: 60_000 } });
    // the pace is a control entry of the log, not a move; the students heard of it with that entry's lab:update
    expect(closed.entries.filter((entry) => entry.actor === 'instructor')).toEqual([]);
    expect(closed.log.map((row) => row.entry)).toContainEqual(
      expect.objectContaining({ move: { by: 'control', action: 'set-clock', clockRate: 1000 } }),
    );
    await waitFor(
      () =>
        client.socket
          .events('lab:update')
          .some(
            (update) =>
              update.lab.clockRate === 1000 &&
              (update.entry.move as { action?: string }).action === 'set-clock',
          ),
      'lab:update with the new pace',
    );

    // null = back to the server's default
    const reset = await control(server.url, instructor.token, lab.id, {
      action: 'set-clock',
      clockRate: null,
    });
    expect(reset.status).toBe(200);
    expect(reset.body.lab).toMatchObject({ clockRate: 1000, timeScale: 1000 });
    expect((await labRecord(server.prisma, lab.id)).lab.clockRate).toBeNull();
  });

  test('a bad clockRate is refused with VALIDATION_FAILED and changes nothing', async () => {
    const { lab, instructor, classroom } = await startLab({ clockRate: 0.1 });
    const before = await labRecord(server.prisma, lab.id);
    for (const clockRate of [-1, 1001, '10', undefined]) {
      const refused = await control(server.url, instructor.token, lab.id, { action: 'set-clock', clockRate });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: { en: expect.any(String), zh: expect.any(String) },
        details: [expect.objectContaining({ path: 'clockRate' })],
      });
      const classWide = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/labs/control`, {
        token: instructor.token,
        body: { action: 'set-clock', clockRate },
      });
      expect(classWide.body.error.code).toBe('VALIDATION_FAILED');
    }
    const pairing = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'auto', clockRate: -5 },
    });
    expect(pairing.body.error.code).toBe('VALIDATION_FAILED');
    const after = await labRecord(server.prisma, lab.id);
    expect(after.lab).toEqual(before.lab);
    expect(after.lab.clockRate).toBe(0.1);
    expect(await server.prisma.lab.count({ where: { classroomId: classroom.id } })).toBe(1);
  });
});
