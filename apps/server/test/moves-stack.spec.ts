import { replay, runLabScript, transcriptToScript, type Transcript } from '@tcp-lab/tcp-core';
import { http, setUpClassroom, startTestServer, type TestServer } from './support';
import { control, deliver, labRecord, ok, playerOf, statesOf, type Player } from './support-labs/labs';
import { connectSocket, waitFor } from './support-labs/sockets';

/**
 * Stack mode: each student answers for their own TCP stack. The instructor's view of the lab (which carries the
 * reference answers a student never sees) is the test's oracle.
 */
describe('stack mode: simultaneous open and simultaneous close answered by both seats', () => {
  let server: TestServer;
  const players: Player[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0.001 } });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
  });

  test('answers are graded, a wrong one is corrected, and the exported transcript replays', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Wen', 'Kai']);
    // By hand, and the other way round from join order: Kai plays the client, Wen the server.
    const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: {
        strategy: 'manual',
        pairs: [{ client: students[1].seat.id, server: students[0].seat.id }],
        scenarioId: 'simultaneous-open',
        mode: 'stack',
        start: true,
      },
    });
    expect(paired.status).toBe(201);
    const [lab] = paired.body.labs;
    expect(lab).toMatchObject({
      mode: 'stack',
      network: 'manual',
      scenarioId: 'simultaneous-open',
      status: 'running',
    });
    expect(lab.seats.client.displayName).toBe('Kai');
    // created running: its start is in the log as step 1, by the instructor, like a start afterwards
    const log = await server.prisma.labMove.findMany({ where: { labId: lab.id }, orderBy: { step: 'asc' } });
    expect(log.map((row) => [row.step, row.actor, row.entry])).toEqual([
      [1, 'instructor', expect.objectContaining({ move: { by: 'control', action: 'start' } })],
    ]);
    expect(lab.step).toBe(1);

    const client = playerOf(
      students[1],
      await connectSocket(server.url, students[1].token),
      lab.id,
      'client',
    );
    const srv = playerOf(students[0], await connectSocket(server.url, students[0].token), lab.id, 'server');
    players.push(client, srv);
    const playerFor = { client, server: srv };

    const instructorView = async () =>
      (await http(server.url, 'GET', `/api/labs/${lab.id}`, { token: instructor.token })).body;

    /** Both seats answer whatever their stack is waiting on, correctly, until nothing is pending. */
    const answerEverything = async () => {
      for (let round = 0; round < 6; round++) {
        const view = await instructorView();
        const waiting = (['client', 'server'] as const).filter((role) => view.lab.pending[role]);
        if (waiting.length === 0) return;
        for (const role of waiting) {
          const answered = ok(
            await playerFor[role].move({ by: role, answer: view.lab.pending[role].expected }),
          );
          expect(answered.entry.correct).toBe(true);
          // a student's own view never carries a reference answer
          expect(answered.lab.lab.pending.client?.expected).toBeUndefined();
          expect(answered.lab.lab.pending.server?.expected).toBeUndefined();
        }
      }
      throw new Error('answers did not settle');
    };

    // Simultaneous open: both connect, the SYNs cross.
    ok(await client.move({ by: 'client', call: 'connect' }));
    ok(await srv.move({ by: 'server', call: 'connect' }));
    await answerEverything();
    expect((await instructorView()).states).toEqual({ client: 'SYN_SENT', server: 'SYN_SENT' });

    // The client's SYN reaches the server in SYN_SENT. Wen answers wrongly (ESTABLISHED, nothing sent).
    ok(await client.move(deliver('client')));
    const oracle = (await instructorView()).lab.pending.server;
    expect(oracle.expected.state).toBe('SYN_RCVD');
    const wrong = ok(await srv.move({ by: 'server', answer: { state: 'ESTABLISHED', send: [] } }));
    expect(wrong.entry.correct).toBe(false);
    expect(wrong.entry.expected).toEqual(oracle.expected);
    expect(wrong.entry.mistake?.code).toEqual(expect.any(String));
    // ... and the lab goes on from the correct answer
    expect(wrong.lab.states.server).toBe('SYN_RCVD');
    expect(wrong.lab.mistakes).toBe(1);

    ok(await srv.move(deliver('server')));
    await answerEverything();
    ok(await srv.move(deliver('server')));
    await answerEverything();
    ok(await client.move(deliver('client')));
    await answerEverything();
    expect((await instructorView()).states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
    // Each crossed SYN,ACK was answered with an ACK (RFC 9293 3.10.7.4 first check); both reach endpoints already
    // ESTABLISHED and change nothing, and the network is empty again.
    ok(await srv.move(deliver('client')));
    await answerEverything();
    ok(await client.move(deliver('server')));
    await answerEverything();
    expect((await instructorView()).lab.inFlight).toEqual([]);

    // Simultaneous close: both close, the FINs cross.
    ok(await client.move({ by: 'client', call: 'close' }));
    ok(await srv.move({ by: 'server', call: 'close' }));
    await answerEverything();
    expect((await instructorView()).states).toEqual({ client: 'FIN_WAIT_1', server: 'FIN_WAIT_1' });
    ok(await srv.move(deliver('client')));
    await answerEverything();
    ok(await client.move(deliver('server')));
    await answerEverything();
    expect((await instructorView()).states).toEqual({ client: 'CLOSING', server: 'CLOSING' });
    ok(await client.move(deliver('server')));
    await answerEverything();
    ok(await srv.move(deliver('client')));
    await answerEverything();
    expect((await instructorView()).states).toEqual({ client: 'TIME_WAIT', server: 'TIME_WAIT' });
    // 2×MSL later both TIME_WAIT timers expire; in stack mode each student answers their own expiry. The client's
    // fires in the instructor's clock move; the server's, due at the same lab time, right after (advance 0, by 'system').
    expect(
      (await control(server.url, instructor.token, lab.id, { action: 'advance-clock', ms: 60_000 })).status,
    ).toBe(200);
    await waitFor(async () => {
      await answerEverything();
      const view = await instructorView();
      return view.states.client === 'CLOSED' && view.states.server === 'CLOSED';
    }, 'both TIME_WAIT timers answered');

    // The database agrees: one mistake, every answer graded.
    const { lab: row, moves, log: fullLog } = await labRecord(server.prisma, lab.id);
    expect(statesOf(row)).toEqual({ client: 'CLOSED', server: 'CLOSED' });
    expect(row.mistakes).toBe(1);
    const answers = moves.filter((move) => move.correct !== null);
    expect(answers.filter((move) => move.correct === false)).toHaveLength(1);
    expect(answers.length).toBeGreaterThanOrEqual(12);

    // The class view of mistakes counts the wrong answer under its rule.
    const mistakes = await http(server.url, 'GET', `/api/classrooms/${classroom.id}/mistakes`, {
      token: instructor.token,
    });
    expect(mistakes.status).toBe(200);
    expect(mistakes.body.total).toBe(1);
    expect(mistakes.body.attempts).toBe(answers.length);
    // both seats met this rule (the SYNs crossed); one of them got it wrong
    expect(mistakes.body.byRule[oracle.ruleId]).toEqual({ attempts: 2, mistakes: 1 });

    // Exports: the JSON transcript replays to the stored lab and runs as a tcp-lab/1 script; the CSV has a row per entry.
    const exported = await http(
      server.url,
      'GET',
      `/api/labs/${lab.id}/transcript.json?token=${encodeURIComponent(students[1].token)}`,
    );
    expect(exported.status).toBe(200);
    const transcript = exported.body as Transcript;
    // the moves and the instructor's start (step 1): the whole log of the round
    expect(transcript.entries).toHaveLength(fullLog.length);
    expect(fullLog.length).toBe(moves.length + 1);
    expect(replay(transcript)).toEqual(row.state);
    const run = runLabScript(transcriptToScript(transcript));
    expect(run.failures).toEqual([]);
    expect(run.lab).toEqual(row.state);
    const csv = await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.csv`, {
      token: instructor.token,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((csv.body as string).trim().split('\n')).toHaveLength(fullLog.length + 1); // a header, a row per entry

    // Both seats were told about every entry after they connected (the start came before), in the same order.
    await waitFor(
      () => client.socket.updates().length === moves.length && srv.socket.updates().length === moves.length,
      'all updates (and own acks)',
    );
    const order = (player: Player) => player.socket.updates().map((update) => update.entry.step);
    expect(order(client)).toEqual(moves.map((move) => move.step));
    expect(order(srv)).toEqual(order(client));
  });
});
