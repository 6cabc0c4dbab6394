import { setUpClassroom, startTestServer, type TestServer } from './support';
import { connectPlayer, labRecord, ok, pairAndStart, type Player } from './support-labs/labs';
import { connectSocket, type TestSocket } from './support-labs/sockets';

/** A move carries the step of the view it was made from; a stale view, where it matters, is refused unrecorded. */
describe('stale views (STALE_VIEW)', () => {
  let server: TestServer;
  let client: Player;
  let srv: Player;
  let secondTab: TestSocket;
  let labId: string;

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0 } });
    const { classroom, instructor, students } = await setUpClassroom(server.url, ['Ana', 'Bo']);
    [{ id: labId }] = await pairAndStart(server.url, instructor.token, classroom.id, { strategy: 'auto' });
    client = await connectPlayer(server.url, students[0]);
    srv = await connectPlayer(server.url, students[1]);
    secondTab = await connectSocket(server.url, students[1].token);
  });
  afterAll(async () => {
    client?.socket.close();
    srv?.socket.close();
    secondTab?.close();
    await server?.close();
  });

  const move = (socket: TestSocket, body: unknown, step: number, moveId: string) =>
    socket.request('lab:move', { labId, moveId, move: body, step });

  test('two sockets of one lab deliver the same segment at the same moment: exactly one is applied, the other is told why', async () => {
    ok(await srv.move({ by: 'server', call: 'listen' }));
    const connected = ok(await client.move({ by: 'client', call: 'connect' }));
    const view = connected.lab.step;
    const syn = connected.lab.lab.inFlight[0];
    const before = await labRecord(server.prisma, labId);

    const deliver = { by: 'network', action: 'deliver', id: syn.id };
    const acks = await Promise.all([
      move(srv.socket, deliver, view, 'tab-1'),
      move(secondTab, deliver, view, 'tab-2'),
    ]);
    const applied = acks.filter((ack) => ack.ok);
    const refused = acks.filter((ack) => !ack.ok);
    expect(applied).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0].code).toBe('STALE_VIEW');
    expect(refused[0].reason?.en).toContain(`segment #${syn.id} is no longer in flight`);
    expect(refused[0].reason?.zh).toContain(`报文段 #${syn.id}`);
    expect(refused[0].entry).toBeUndefined();
    // the current snapshot comes with the refusal: the SYN has arrived
    expect(refused[0].lab?.states.server).toBe('SYN_RCVD');
    expect(refused[0].lab?.step).toBe(view + 1);

    const after = await labRecord(server.prisma, labId);
    expect(after.moves).toHaveLength(before.moves.length + 1);
    expect(after.lab.moveCount).toBe(before.lab.moveCount + 1);
  });

  test('a stale view is harmless for a socket call and for a segment still in flight named by id', async () => {
    const lab = ok(await client.move({ by: 'network', action: 'duplicate', from: 'server' })).lab;
    const [synAck, copy] = lab.lab.inFlight;
    const staleStep = lab.step - 1;
    const delivered = await move(
      client.socket,
      { by: 'network', action: 'deliver', id: copy.id },
      staleStep,
      'c1',
    );
    expect(delivered).toMatchObject({ ok: true });
    expect(delivered.lab?.lab.inFlight.map((s) => s.id)).toContain(synAck.id);
    const send = await move(client.socket, { by: 'client', call: 'send', bytes: 10 }, staleStep, 'c2');
    expect(send).toMatchObject({ ok: true });
  });

  test('a stale view matters for a move by position, deliver-all and a clock advance: refused, nothing recorded', async () => {
    const before = await labRecord(server.prisma, labId);
    const stale = before.lab.moveCount - 1;
    for (const [body, id] of [
      [{ by: 'network', action: 'drop', from: 'server', index: 0 }, 's1'],
      [{ by: 'network', action: 'deliver-all' }, 's2'],
      [{ by: 'clock', advance: 1000 }, 's3'],
    ] as const) {
      const ack = await move(client.socket, body, stale, id);
      expect(ack).toMatchObject({ ok: false, code: 'STALE_VIEW' });
      expect(ack.lab?.step).toBe(before.lab.moveCount);
    }
    // the same move from the current view is applied
    expect(
      await move(client.socket, { by: 'network', action: 'deliver-all' }, before.lab.moveCount, 's4'),
    ).toMatchObject({
      ok: true,
    });
    expect((await labRecord(server.prisma, labId)).moves).toHaveLength(before.moves.length + 1);
  });
});
