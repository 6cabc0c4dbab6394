import { http, startTestServer, type TestServer } from './support';
import { control, labRecord, ok, startPairedLab, type Player } from './support-labs/labs';
import { connectSocket, waitFor } from './support-labs/sockets';

/**
 * `lab:profile`: a student starts a new round of their own lab under the other profile (real socket.io clients,
 * real Postgres). Either student may; both see the new round; the old round stays in the history.
 */
describe('a student tries the lab under the other profile (lab:profile)', () => {
  let server: TestServer;
  const players: Player[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0 } });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
  });

  test('the server student flips to linux: a new round, only the profile changed, both students told, the old round kept', async () => {
    const { lab, client, srv, instructor } = await startPairedLab(
      server.url,
      ['Ann', 'Ben'],
      { settings: { rcvWnd: 4000, mss: 536 } },
      players,
    );
    ok(await client.move({ by: 'client', call: 'connect' }));
    const before = await labRecord(server.prisma, lab.id);
    expect((before.lab.state as { settings: { profile: string } }).settings.profile).toBe('rfc');

    const ack = await srv.socket.request('lab:profile', { labId: lab.id, profile: 'linux' });
    expect(ack).toMatchObject({ ok: true, lab: { round: 2, yourRole: 'server' } });
    const snapshot = (ack as unknown as { lab: { lab: { settings: Record<string, unknown> } } }).lab;
    // only the profile changed: the lab's other settings (and so its ISNs) are the same
    expect(snapshot.lab.settings).toMatchObject({ profile: 'linux', rcvWnd: 4000, mss: 536 });
    const oldSettings = (before.lab.state as { settings: Record<string, unknown> }).settings;
    expect({ ...snapshot.lab.settings, profile: 'rfc' }).toEqual(oldSettings);

    // both students receive the new round as lab:status
    for (const player of [client, srv]) {
      const status = await waitFor(
        () => player.socket.events('lab:status').find((message) => message.lab.round === 2),
        `lab:status round 2 for ${player.role}`,
      );
      expect(status.lab.lab.settings.profile).toBe('linux');
      expect(status.lab.states).toEqual({ client: 'CLOSED', server: 'CLOSED' });
    }

    // the log: a new-round entry with cause 'profile' and the student's role as actor
    const after = await labRecord(server.prisma, lab.id);
    const last = after.log.at(-1)!;
    expect(last.entry).toMatchObject({
      actor: 'server',
      move: { by: 'control', action: 'new-round', cause: 'profile', round: 2 },
    });
    expect(after.lab.round).toBe(2);

    // the old round stays in the history, under its own profile
    const old = await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.json?round=1`, {
      token: instructor.token,
    });
    expect(old.status).toBe(200);
    expect(old.body.settings.profile).toBe('rfc');
    expect(old.body.entries.some((entry: { move: { call?: string } }) => entry.move.call === 'connect')).toBe(
      true,
    );

    // the new round plays by the linux rules: an abort in ESTABLISHED sends RST,ACK
    const moves = [
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
      { by: 'network', action: 'deliver', from: 'client' },
      { by: 'network', action: 'deliver', from: 'server' },
      { by: 'network', action: 'deliver', from: 'client' },
    ];
    for (const move of moves) ok(await (move.by === 'server' ? srv : client).move(move));
    const abort = ok(await client.move({ by: 'client', call: 'abort' }));
    expect(abort.entry.emitted.map((segment) => [...segment.flags].sort())).toEqual([['ACK', 'RST']]);
    expect(abort.entry.transitions[0].ruleId).toBe('any--abort-rst-ack--closed');

    // flipping back to rfc is the same call; asking for the profile the lab already has changes nothing
    const again = await client.socket.request('lab:profile', { labId: lab.id, profile: 'linux' });
    expect(again).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((again as { reason: { en: string; zh: string } }).reason.en).toContain(
      'already runs under the Linux',
    );
    expect((again as { reason: { zh: string } }).reason.zh).toContain('已经在 Linux');
    expect((await labRecord(server.prisma, lab.id)).lab.round).toBe(2);
    const back = await client.socket.request('lab:profile', { labId: lab.id, profile: 'rfc' });
    expect(back).toMatchObject({ ok: true, lab: { round: 3, yourRole: 'client' } });
  });

  test('refused: another lab, bad payloads, instructors, a lab not running, and while a quiz runs in the class', async () => {
    const first = await startPairedLab(server.url, ['Cat', 'Dan'], {}, players);
    const second = await startPairedLab(server.url, ['Eve', 'Fay'], {}, players);

    // a student of another class's lab
    const foreign = await first.client.socket.request('lab:profile', {
      labId: second.lab.id,
      profile: 'linux',
    });
    expect(foreign).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // only the profile may be chosen, and only a profile tcp-core knows
    for (const payload of [
      { labId: first.lab.id, profile: 'bsd' },
      { labId: first.lab.id, profile: 'linux', settings: { rcvWnd: 1 } },
      { labId: first.lab.id },
    ]) {
      const refused = await first.client.socket.request('lab:profile', payload);
      expect(refused).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
    // instructors use their controls
    const teacher = await connectSocket(server.url, first.instructor.token);
    const byTeacher = await teacher.request('lab:profile', { labId: first.lab.id, profile: 'linux' });
    teacher.close();
    expect(byTeacher).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    // paused by the instructor: not running
    expect(
      (await control(server.url, first.instructor.token, first.lab.id, { action: 'pause' })).status,
    ).toBe(200);
    const paused = await first.client.socket.request('lab:profile', {
      labId: first.lab.id,
      profile: 'linux',
    });
    expect(paused).toMatchObject({ ok: false, code: 'LAB_NOT_RUNNING' });
    expect(
      (await control(server.url, first.instructor.token, first.lab.id, { action: 'resume' })).status,
    ).toBe(200);

    // a quiz runs in the class: the profile is the teacher's
    const quiz = await server.prisma.quiz.create({
      data: {
        classroomId: first.classroom.id,
        title: 'exam',
        feedback: 'exam',
        timeLimitScope: 'task',
        status: 'running',
      },
    });
    const inQuiz = await first.srv.socket.request('lab:profile', { labId: first.lab.id, profile: 'linux' });
    expect(inQuiz).toMatchObject({ ok: false, code: 'QUIZ_RUNNING' });
    const reason = (inQuiz as { reason: { en: string; zh: string } }).reason;
    expect(reason.en).toContain('A quiz is running');
    expect(reason.zh).toContain('正在进行测验');

    // nothing changed by any refusal: still round 1 under rfc, the log only the start
    const record = await labRecord(server.prisma, first.lab.id);
    expect(record.lab.round).toBe(1);
    expect((record.lab.state as { settings: { profile: string } }).settings.profile).toBe('rfc');
    expect(
      record.log.every((row) => (row.entry as { move: { action?: string } }).move.action !== 'new-round'),
    ).toBe(true);

    // once the quiz has ended the student may again
    await server.prisma.quiz.update({ where: { id: quiz.id }, data: { status: 'ended' } });
    const afterQuiz = await first.srv.socket.request('lab:profile', {
      labId: first.lab.id,
      profile: 'linux',
    });
    expect(afterQuiz).toMatchObject({ ok: true, lab: { round: 2 } });
  });
});
