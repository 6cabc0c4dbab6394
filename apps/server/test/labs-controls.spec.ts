import { replay, type Transcript } from '@tcp-lab/tcp-core';
import { LabsService } from '../src/labs/labs.service';
import { LabsRepository } from '../src/labs/labs.repository';
import { http, joinStudent, setUpClassroom, startTestServer, type TestServer } from './support';
import { connectPlayer, control, deliver, labRecord, ok, pairAndStart, statesOf } from './support-labs/labs';
import type { LabSummary, RosterSeat } from './support-labs/events';
import { connectSocket, waitFor, type TestSocket } from './support-labs/sockets';

/** The instructor's side over HTTP: scenarios, pairing, controls between rounds, faults, exports, the dashboard feed. */
describe('instructor controls and the dashboard feed', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0.001 } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  const track = <T extends TestSocket>(socket: T): T => {
    sockets.push(socket);
    return socket;
  };

  test('GET /api/scenarios lists the catalogue with bilingual titles and goals; the OpenAPI document lists the lab routes', async () => {
    const scenarios = await http(server.url, 'GET', '/api/scenarios');
    expect(scenarios.status).toBe(200);
    expect(scenarios.body.length).toBeGreaterThanOrEqual(10);
    expect(scenarios.body.find((scenario: { id: string }) => scenario.id === 'normal-open-close')).toEqual({
      id: 'normal-open-close',
      title: { en: expect.any(String), zh: expect.any(String) },
      goal: { en: expect.any(String), zh: expect.any(String) },
      mode: 'calls',
      network: expect.stringMatching(/^(manual|auto)$/),
    });
    const docs = await http(server.url, 'GET', '/api/docs-json');
    for (const route of [
      '/api/scenarios',
      '/api/classrooms/{id}/pairings',
      '/api/labs/{id}/control',
      '/api/classrooms/{id}/labs/control',
      '/api/labs/{id}/fault',
      '/api/labs/{id}',
      '/api/labs/{id}/transcript.json',
      '/api/labs/{id}/transcript.csv',
      '/api/classrooms/{id}/mistakes',
    ]) {
      expect(Object.keys(docs.body.paths)).toContain(route);
    }
    expect(
      docs.body.paths['/api/labs/{id}/control'].post.requestBody.content['application/json'].schema.properties
        .action.enum,
    ).toContain('swap-roles');
    // the lab settings in the bodies are tcp-core's LabSettingsSchema, defaults included
    const pairingSchema = JSON.stringify(
      docs.body.paths['/api/classrooms/{id}/pairings'].post.requestBody.content['application/json'].schema,
    );
    expect(pairingSchema).toContain('connectTimeoutMs');
    expect(pairingSchema).toContain('"default":"manual"');
  });

  test('pairing with settings: every chosen setting reaches the lab, its round and its transcript', async () => {
    const { instructor, classroom } = await setUpClassroom(server.url, ['S1', 'S2']);
    const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'auto', settings: { timers: { rtoMs: 250 }, network: 'auto' }, mode: 'stack' },
    });
    expect(paired.status).toBe(201);
    const labId = paired.body.labs[0].id as string;
    const snapshot = await http(server.url, 'GET', `/api/labs/${labId}`, { token: instructor.token });
    expect(snapshot.body.lab.settings).toMatchObject({
      mode: 'stack',
      network: 'auto',
      timers: { rtoMs: 250, mslMs: 30000, connectTimeoutMs: 75000 },
    });
    const transcript = await http(server.url, 'GET', `/api/labs/${labId}/transcript.json`, {
      token: instructor.token,
    });
    expect(transcript.body.settings.timers.rtoMs).toBe(250);
    const refused = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'auto', settings: { timers: { rtoMs: 0 } } },
    });
    expect(refused.status).toBe(400);
  });

  test('pairing: validation, conflicts, and late joiners paired later', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['A1', 'A2', 'A3']);
    const pairings = (body: unknown, token = instructor.token) =>
      http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, { token, body });

    expect((await pairings({ strategy: 'sideways' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await pairings({ strategy: 'manual', pairs: [{ client: null, server: null }] })).status).toBe(
      400,
    );
    expect(
      (
        await pairings({
          strategy: 'manual',
          pairs: [{ client: students[0].seat.id, server: students[0].seat.id }],
        })
      ).status,
    ).toBe(400);
    expect((await pairings({ strategy: 'auto', scenarioId: 'no-such-scenario' })).status).toBe(400);
    const stranger = await setUpClassroom(server.url, ['Z']);
    expect(
      (
        await pairings({
          strategy: 'manual',
          pairs: [{ client: stranger.students[0].seat.id, server: null }],
        })
      ).status,
    ).toBe(400);
    expect((await pairings({ strategy: 'auto' }, stranger.instructor.token)).status).toBe(403);
    expect(await labCount(classroom.id)).toBe(0);

    // by hand: A2 plays the server against the built-in client
    const manual = await pairings({
      strategy: 'manual',
      pairs: [{ client: null, server: students[1].seat.id }],
      scenarioId: 'normal-open-close',
    });
    expect(manual.status).toBe(201);
    expect(manual.body.labs[0]).toMatchObject({
      status: 'waiting',
      scenarioId: 'normal-open-close',
      seats: { client: null, server: { displayName: 'A2' } },
    });
    expect(
      (await pairings({ strategy: 'manual', pairs: [{ client: students[1].seat.id, server: null }] })).body
        .error.code,
    ).toBe('CONFLICT');

    // auto pairs only the seats not already in an open lab, in join order; a late joiner is paired by the next call
    const auto = await pairings({ strategy: 'auto' });
    expect(
      auto.body.labs.map((lab: LabSummary) => [
        lab.seats.client?.displayName,
        lab.seats.server?.displayName ?? null,
      ]),
    ).toEqual([['A1', 'A3']]);
    // a double click: two pairings at once still put each seat in one lab
    await joinStudent(server.url, classroom.joinCode, 'A4');
    await joinStudent(server.url, classroom.joinCode, 'A5');
    const [first, second] = await Promise.all([
      pairings({ strategy: 'auto' }),
      pairings({ strategy: 'auto' }),
    ]);
    expect(
      [...first.body.labs, ...second.body.labs].map((lab: LabSummary) => [
        lab.seats.client?.displayName,
        lab.seats.server?.displayName,
      ]),
    ).toEqual([['A4', 'A5']]);
    await joinStudent(server.url, classroom.joinCode, 'A6');
    const late = await pairings({ strategy: 'auto' });
    expect(
      late.body.labs.map((lab: LabSummary) => [lab.seats.client?.displayName, lab.seats.server]),
    ).toEqual([['A6', null]]);
    expect((await pairings({ strategy: 'auto' })).body.labs).toEqual([]);

    // the classroom detail (platform route) shows each seat's lab and role
    const detail = await http(server.url, 'GET', `/api/classrooms/${classroom.id}`, {
      token: instructor.token,
    });
    expect(detail.body.seats.map((seat: RosterSeat) => [seat.displayName, seat.role])).toEqual([
      ['A1', 'client'],
      ['A2', 'server'],
      ['A3', 'server'],
      ['A4', 'client'],
      ['A5', 'server'],
      ['A6', 'client'],
    ]);

    // the built-in client connects as soon as its lab starts
    const manualLab = manual.body.labs[0].id;
    expect((await control(server.url, instructor.token, manualLab, { action: 'start' })).status).toBe(200);
    await waitFor(
      async () => statesOf((await labRecord(server.prisma, manualLab)).lab).client === 'SYN_SENT',
      'built-in connect',
    );
  });

  test('controls: conflicts, swap-roles starts a new round with roles swapped, reset and set-scenario too; exports per round', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Bea', 'Cai']);
    const dashboard = track(await connectSocket(server.url, instructor.token));
    ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    const [lab] = await pairAndStart(server.url, instructor.token, classroom.id, { strategy: 'auto' });
    const bea = await connectPlayer(server.url, students[0]);
    track(bea.socket);
    const cai = await connectPlayer(server.url, students[1]);
    track(cai.socket);
    expect([bea.role, cai.role]).toEqual(['client', 'server']);

    expect((await control(server.url, instructor.token, lab.id, { action: 'resume' })).body.error.code).toBe(
      'CONFLICT',
    );
    expect((await control(server.url, instructor.token, lab.id, { action: 'advance-clock' })).status).toBe(
      400,
    );
    expect((await control(server.url, students[0].token, lab.id, { action: 'end' })).status).toBe(403);

    ok(await cai.move({ by: 'server', call: 'listen' }));
    ok(await bea.move({ by: 'client', call: 'connect' }));

    // swap: round 2, Cai is the client now, fresh lab, the transcript goes on
    const swapped = await control(server.url, instructor.token, lab.id, { action: 'swap-roles' });
    expect(swapped.status).toBe(200);
    expect(swapped.body.lab).toMatchObject({
      round: 2,
      status: 'running',
      states: { client: 'CLOSED', server: 'CLOSED' },
      // the round's log starts with the control that started it
      transcript: [
        {
          actor: 'instructor',
          ok: true,
          move: { by: 'control', action: 'new-round', cause: 'swap-roles', round: 2 },
        },
      ],
    });
    expect(swapped.body.lab.seats.client.displayName).toBe('Cai');
    await waitFor(
      () => cai.socket.events('seat:paired').some((event) => event.role === 'client'),
      'seat:paired for the new client',
    );
    await waitFor(
      () =>
        bea.socket
          .events('lab:status')
          .some((event) => event.lab.round === 2 && event.lab.yourRole === 'server'),
      'lab:status to the new server',
    );
    const caiAsClient = { ...cai, role: 'client' as const };
    const wrongSide = await cai.move({ by: 'server', call: 'listen' });
    expect(wrongSide.code).toBe('NOT_YOUR_ENDPOINT');
    ok(await bea.move({ by: 'server', call: 'listen' }));
    ok(await caiAsClient.move({ by: 'client', call: 'connect' }));

    // an instructor's fault: drop the next segment the server sends (recorded in the transcript)
    const fault = await http(server.url, 'POST', `/api/labs/${lab.id}/fault`, {
      token: instructor.token,
      body: { fault: 'drop', from: 'server' },
    });
    expect(fault.status).toBe(200);
    expect(fault.body.lab.transcript.at(-1)).toMatchObject({
      actor: 'instructor',
      ok: true,
      move: { by: 'network', action: 'fault', fault: 'drop', from: 'server' },
    });
    const delivered = ok(await bea.move(deliver('client')));
    expect(delivered.lab.states.server).toBe('SYN_RCVD');
    expect(delivered.lab.lab.inFlight).toEqual([]); // its SYN,ACK was dropped by the fault

    const { moves, log } = await labRecord(server.prisma, lab.id);
    expect(moves.map((move) => move.round)).toEqual([1, 1, 2, 2, 2, 2, 2]);
    // one numbering: every entry of the log, controls included, has the next step
    expect(log.map((entry) => entry.step)).toEqual(log.map((_, index) => index + 1));
    expect(log.map((entry) => (entry.entry as { move: { action?: string } }).move.action)).toContain(
      'new-round',
    );

    // exports: the current round by default, any round by number, each replayable from its own settings
    const round2 = (
      await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.json`, { token: students[0].token })
    ).body as Transcript;
    // the round's entries keep the log's steps; the first is the control that started the round
    const round2Log = log.filter((entry) => entry.round === 2);
    expect(round2.entries.map((entry) => entry.step)).toEqual(round2Log.map((entry) => entry.step));
    expect(round2.entries[0].move).toMatchObject({ by: 'control', action: 'new-round' });
    expect(replay(round2)).toEqual((await labRecord(server.prisma, lab.id)).lab.state);
    const round1 = (
      await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.json?round=1`, {
        token: instructor.token,
      })
    ).body as Transcript;
    expect(replay(round1).client.state).toBe('SYN_SENT');
    expect(
      (
        await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.json?round=9`, {
          token: instructor.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.json?round=x`, {
          token: instructor.token,
        })
      ).status,
    ).toBe(400);
    const outsider = await setUpClassroom(server.url, ['Eve']);
    expect(
      (
        await http(
          server.url,
          'GET',
          `/api/labs/${lab.id}/transcript.csv?token=${outsider.students[0].token}`,
        )
      ).status,
    ).toBe(403);
    expect(
      (await http(server.url, 'GET', `/api/labs/${lab.id}`, { token: outsider.instructor.token })).status,
    ).toBe(403);
    expect((await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.csv`)).status).toBe(401);

    // set-scenario: stack mode with the scenario's settings, round 3
    const stack = await control(server.url, instructor.token, lab.id, {
      action: 'set-scenario',
      scenarioId: 'stack-normal-open',
      mode: 'stack',
    });
    expect(stack.body.lab).toMatchObject({
      round: 3,
      mode: 'stack',
      scenarioId: 'stack-normal-open',
      scenario: { id: 'stack-normal-open' },
      goalReached: false,
    });
    // reset: round 4, same settings
    const reset = await control(server.url, instructor.token, lab.id, { action: 'reset' });
    expect(reset.body.lab).toMatchObject({ round: 4, mode: 'stack', scenarioId: 'stack-normal-open' });

    // pause/resume/end over the whole class
    const paused = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/labs/control`, {
      token: instructor.token,
      body: { action: 'pause' },
    });
    expect(paused.body.labs.map((summary: LabSummary) => summary.status)).toEqual(['paused']);
    expect((await bea.move({ by: 'server', call: 'listen' })).code).toBe('LAB_NOT_RUNNING');
    const ended = await control(server.url, instructor.token, lab.id, { action: 'end' });
    expect(ended.body.lab.status).toBe('ended');

    // the dashboard saw every change of this lab as a class:lab summary
    await waitFor(
      () =>
        dashboard
          .events('class:lab')
          .some((event) => event.lab.id === lab.id && event.lab.status === 'ended'),
      'class:lab ended',
    );
    const summaries = dashboard.events('class:lab').filter((event) => event.lab.id === lab.id);
    expect(summaries.map((event) => event.lab.round)).toEqual(
      [...summaries.map((event) => event.lab.round)].sort((a, b) => a - b),
    );
    expect(summaries[0].lab).not.toHaveProperty('transcript');
  });

  test('a lab whose states have not changed for 20 entries is shown stuck on the dashboard, until a move changes them', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Hal', 'Ida']);
    const dashboard = track(await connectSocket(server.url, instructor.token));
    ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    const [lab] = await pairAndStart(server.url, instructor.token, classroom.id, { strategy: 'auto' });
    const hal = await connectPlayer(server.url, students[0]);
    track(hal.socket);
    const latest = () =>
      dashboard
        .events('class:lab')
        .filter((event) => event.lab.id === lab.id)
        .at(-1)?.lab;
    for (let i = 0; i < 19; i++)
      expect((await hal.move({ by: 'client', call: 'close' })).code).toBe('NOT_IN_STATE');
    // a seat's event budget is 20 at once, then 10 a second (the socket edge): let it refill before the next ones
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // moveCount counts the log's steps: the instructor's start is step 1, the 19 moves steps 2 to 20
    await waitFor(() => latest()?.moveCount === 20, '19 moves on the dashboard');
    expect(latest()?.stuck).toBe(false);
    expect((await hal.move({ by: 'client', call: 'close' })).code).toBe('NOT_IN_STATE');
    await waitFor(() => latest()?.moveCount === 21 && latest(), '20 moves on the dashboard');
    expect(latest()?.stuck).toBe(true);
    ok(await hal.move({ by: 'client', call: 'connect' }));
    await waitFor(() => latest()?.moveCount === 22, 'the move that changes a state');
    expect(latest()?.stuck).toBe(false);
  });

  test('a stored lab that its log does not replay to is rebuilt from the log, and the log says so (the boot check)', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Jas', 'Kim']);
    const [lab] = await pairAndStart(server.url, instructor.token, classroom.id, { strategy: 'auto' });
    const kim = await connectPlayer(server.url, students[1]);
    track(kim.socket);
    ok(await kim.move({ by: 'server', call: 'listen' }));
    const labs = server.app.get(LabsService);
    const stored = () =>
      server.app
        .get(LabsRepository)
        .findLab(lab.id)
        .then((found) => found!);
    const { lab: row } = await labRecord(server.prisma, lab.id);
    expect(await labs.verifyAgainstTranscript(await stored())).toBe(true);
    // someone writes a state no move produced
    const tampered = { ...(row.state as object), clock: 12345 };
    await server.prisma.lab.update({ where: { id: lab.id }, data: { state: tampered } });
    expect(await labs.verifyAgainstTranscript(await stored())).toBe(false);
    // the log wins: the lab is the replay again, and a 'rebuilt' entry records that it was rebuilt
    const rebuilt = await labRecord(server.prisma, lab.id);
    expect(rebuilt.lab.state).toEqual(row.state);
    expect(rebuilt.log.at(-1)?.entry).toMatchObject({
      actor: 'system',
      step: row.moveCount + 1,
      move: { by: 'control', action: 'rebuilt', reason: expect.stringContaining('differed from the replay') },
    });
    expect(rebuilt.lab.moveCount).toBe(row.moveCount + 1);
    expect(await labs.verifyAgainstTranscript(await stored())).toBe(true);
  });

  test('class:roster tells the watching instructor who joins and who comes online or goes offline', async () => {
    const { instructor, classroom } = await setUpClassroom(server.url, []);
    const dashboard = track(await connectSocket(server.url, instructor.token));
    const watched = ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    expect(watched.classroom).toMatchObject({ id: classroom.id, joinCode: classroom.joinCode, seats: [] });
    const other = await setUpClassroom(server.url, []);
    expect(await dashboard.request('class:watch', { classroomId: other.classroom.id })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });

    const dee = await joinStudent(server.url, classroom.joinCode, 'Dee');
    await waitFor(
      () =>
        dashboard
          .events('class:roster')
          .some((event) => event.seats.some((seat) => seat.displayName === 'Dee' && !seat.online)),
      'roster: joined',
    );
    const socket = track(await connectSocket(server.url, dee.token));
    await waitFor(
      () =>
        dashboard
          .events('class:roster')
          .some((event) => event.seats.some((seat) => seat.id === dee.seat.id && seat.online)),
      'roster: online',
    );
    socket.close();
    await waitFor(
      () =>
        dashboard
          .events('class:roster')
          .at(-1)
          ?.seats.every((seat) => !seat.online),
      'roster: offline',
    );
  });

  async function labCount(classroomId: string) {
    return server.prisma.lab.count({ where: { classroomId } });
  }
});
