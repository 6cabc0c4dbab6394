import { http, startTestServer, type TestServer } from './support';
import { labRecord, ok, startPairedLab, type Player } from './support-labs/labs';

/** The pairing form's TCP settings (profile, appReads, rcvWnd, mss, windowScale, timers.timeWaitMs) reach the lab and its segments. */
describe('a lab paired with TCP settings runs with them', () => {
  let server: TestServer;
  const players: Player[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0 } });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
  });

  test('SYNs carry the MSS and window scale, windows the receive buffer, unread data shrinks it, abort is Linux’s', async () => {
    const settings = {
      profile: 'linux',
      appReads: 'call',
      rcvWnd: 4000,
      mss: 536,
      windowScale: 3,
      timers: { timeWaitMs: 1000 },
    };
    const { lab, client, srv, instructor } = await startPairedLab(
      server.url,
      ['Gus', 'Hal'],
      { settings, clockRate: 0 },
      players,
    );
    const record = await labRecord(server.prisma, lab.id);
    expect((record.lab.state as { settings: unknown }).settings).toMatchObject({
      ...settings,
      timers: { timeWaitMs: 1000, mslMs: 30000, rtoMs: 1000 },
    });
    const round = await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.json`, {
      token: instructor.token,
    });
    expect(round.body.settings).toMatchObject({ profile: 'linux', rcvWnd: 4000, mss: 536, windowScale: 3 });

    const deliver = (player: Player, from: 'client' | 'server') =>
      player.move({ by: 'network', action: 'deliver', from });
    ok(await srv.move({ by: 'server', call: 'listen' }));
    const syn = ok(await client.move({ by: 'client', call: 'connect' })).entry.emitted[0];
    // the SYN: MSS and window scale options, and the window unscaled (RFC 7323 2.2: never scaled on a SYN)
    expect(syn).toMatchObject({ flags: ['SYN'], options: { mss: 536, wscale: 3 }, wnd: 4000 });
    const synAck = ok(await deliver(srv, 'client')).entry.emitted[0];
    expect(synAck).toMatchObject({ options: { mss: 536, wscale: 3 }, wnd: 4000 });
    ok(await deliver(client, 'server'));
    ok(await deliver(srv, 'client'));
    // 100 octets wait unread at the server (appReads 'call'): its ACK advertises (4000 - 100) >> 3
    ok(await client.move({ by: 'client', call: 'send', bytes: 100 }));
    const ack = ok(await deliver(srv, 'client')).entry.emitted[0];
    expect(ack).toMatchObject({ flags: ['ACK'], wnd: Math.floor((4000 - 100) / 8) });
    // the linux profile: abort is RST,ACK
    const abort = ok(await client.move({ by: 'client', call: 'abort' })).entry;
    expect([...abort.emitted[0].flags].sort()).toEqual(['ACK', 'RST']);
  });

  test('a setting outside tcp-core’s bounds is refused with the field named, and no lab is made', async () => {
    const { instructor, classroom } = await startPairedLab(server.url, ['Ida', 'Jo'], {}, players);
    for (const settings of [
      { mss: 70000 },
      { rcvWnd: 0 },
      { windowScale: 15 },
      { timers: { timeWaitMs: 0 } },
    ]) {
      const refused = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
        token: instructor.token,
        body: { strategy: 'auto', settings },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(refused.body.error.message)).toContain(`settings.${Object.keys(settings)[0]}`);
    }
    expect(await server.prisma.lab.count({ where: { classroomId: classroom.id } })).toBe(1);
  });
});
