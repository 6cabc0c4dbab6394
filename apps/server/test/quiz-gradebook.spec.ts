/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers */
/**
 * A quiz played by scripted socket.io students against the real server and a fresh Postgres database, with known
 * right and wrong answers, a late answer, a reconnect and refused answers: the gradebook must come out exactly.
 */
import { http, setUpClassroom } from './support';
import { QuizClock } from '../src/quiz/quiz-clock';
import {
  control,
  gradebookCsv,
  RIGHT,
  SERVER_OPEN_SCRIPT,
  useQuizServer,
  wrongSeq,
  wrongState,
} from './quiz-support';

describe('quiz: three students, three tasks, practice feedback, 60 s per task', () => {
  const quiz = useQuizServer();

  it('grades every decision on the server and produces exactly the expected gradebook', async () => {
    const url = quiz.url();
    const { instructor, classroom, students: seats } = await setUpClassroom(url, ['Ana', 'Ben', 'Cai']);
    const [ana, ben, cai] = await quiz.connect(seats);

    // A pasted script with a mistake is refused with the place named; then the real quiz is created.
    const bad = await http(url, 'POST', `/api/classrooms/${classroom.id}/quizzes`, {
      token: instructor.token,
      body: {
        title: 'bad',
        feedback: 'practice',
        tasks: [
          {
            title: { en: 'x', zh: '题' },
            role: 'server',
            script: { ...SERVER_OPEN_SCRIPT, moves: [{ by: 'server', call: 'lisen' }] },
          },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message.en).toContain('tasks[0].script: moves[0].call');

    const created = await http(url, 'POST', `/api/classrooms/${classroom.id}/quizzes`, {
      token: instructor.token,
      body: {
        title: 'Handshakes and closes',
        feedback: 'practice',
        timeLimit: { scope: 'task', seconds: 60 },
        tasks: [
          { catalogId: 'client-normal-open' },
          { catalogId: 'fin-wait-1-fin-ack' },
          { title: { en: 'Server handshake', zh: '服务器握手' }, role: 'server', script: SERVER_OPEN_SCRIPT },
        ],
      },
    });
    expect(created.status).toBe(201);
    const quizId = created.body.quiz.id;
    expect(created.body.tasks.map((t: any) => t.decisions)).toEqual([
      { client: 2, server: 3 },
      { client: 2, server: 1 },
      { client: 2, server: 3 },
    ]);

    // Before the start nobody has a quiz; answers are refused.
    expect(await ana.view()).toBeNull();
    await control(url, instructor.token, quizId, 'start');

    // ---- Ana: everything right -------------------------------------------------------------------------------
    let view = await ana.view();
    expect(view.current).toMatchObject({
      position: 0,
      role: 'client',
      turn: 'you',
      partner: null,
      isn: 1000,
    });
    expect(view.current.pending.event.en).toBeTruthy();
    expect(JSON.stringify(view)).not.toContain('"expected"');
    let ack = await ana.answer(RIGHT.clientOpen[0]);
    expect(ack).toMatchObject({
      ok: true,
      duplicate: false,
      verdict: { correct: true, ruleId: 'closed--connect--syn-sent' },
    });
    await ana.answer(RIGHT.clientOpen[1]);
    for (const answer of RIGHT.finWait1FinAck) expect((await ana.answer(answer)).verdict.correct).toBe(true);
    for (const answer of RIGHT.serverOpen) expect((await ana.answer(answer)).verdict.correct).toBe(true);
    view = await ana.view();
    expect(view.done).toBe(true);
    expect(view.total).toEqual({ points: 7, max: 7 });

    // ---- Ben: a wrong state, then a retry of the same move id, a reconnect mid-task, a wrong seq --------------
    ack = await ben.answer(wrongState(RIGHT.clientOpen[0]), { moveId: 'ben-1' });
    expect(ack.ok).toBe(true);
    expect(ack.verdict).toMatchObject({
      correct: false,
      ruleId: 'closed--connect--syn-sent',
      expected: RIGHT.clientOpen[0],
      mistake: { code: 'WRONG_STATE' },
    });
    // the lab went on from the correct state: the next event is the SYN,ACK, shown with the scene
    expect(ack.quiz.current.scene.states.client).toBe('SYN_SENT');
    const retry = await ben.answer(RIGHT.clientOpen[0], { moveId: 'ben-1' });
    expect(retry).toMatchObject({ ok: true, duplicate: true, verdict: { correct: false } });
    await ben.answer(RIGHT.clientOpen[1]);
    await ben.answer(RIGHT.finWait1FinAck[0]);
    const before = await ben.view();
    ben.close();
    const [benAgain] = await quiz.connect([seats[1]]);
    const after = await benAgain.view();
    expect(after.current.runId).toBe(before.current.runId);
    expect(after.current.history).toHaveLength(1);
    expect(after.tasks[0].points).toBe(1);
    await benAgain.answer(RIGHT.finWait1FinAck[1]);
    await benAgain.answer(RIGHT.serverOpen[0]);
    expect((await benAgain.answer(wrongSeq(RIGHT.serverOpen[1]))).verdict.mistake.code).toBe('WRONG_SEQ');
    await benAgain.answer(RIGHT.serverOpen[2]);
    expect((await benAgain.view()).total).toEqual({ points: 5, max: 7 });

    // ---- Cai: first task right; refused answers change nothing; a late answer ---------------------------------
    const caiFirstRun = (await cai.view()).current.runId;
    for (const answer of RIGHT.clientOpen) await cai.answer(answer);
    const caiView = await cai.view();
    expect(caiView.current.position).toBe(1);
    const gradebookBefore = await gradebookCsv(url, instructor.token, quizId);

    expect(await cai.answer(RIGHT.finWait1FinAck[0], { by: 'server' })).toMatchObject({
      ok: false,
      code: 'NOT_YOUR_ENDPOINT',
    });
    expect(await cai.answer(RIGHT.clientOpen[0], { runId: caiFirstRun })).toMatchObject({
      ok: false,
      code: 'TASK_FINISHED',
    });
    const anaRun = (await http(url, 'GET', `/api/quizzes/${quizId}`, { token: instructor.token })).body;
    expect(anaRun.gradebook).toHaveLength(3);
    const benRunId = after.current.runId;
    const forbidden = await cai.answer(RIGHT.finWait1FinAck[0], { runId: benRunId });
    expect(forbidden).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(forbidden.reason.zh).toBeTruthy();
    expect(await gradebookCsv(url, instructor.token, quizId)).toEqual(gradebookBefore);

    quiz.server().app.get(QuizClock).advance(61_000);
    const late = await cai.answerOn(
      { quizId, runId: caiView.current.runId, role: 'client' },
      RIGHT.finWait1FinAck[0],
    );
    expect(late).toMatchObject({ ok: false, code: 'TIME_UP' });
    expect(late.reason.en).toContain('Time is up');
    expect(late.reason.zh).toContain('时间已到');
    // moved on to the last task, with a fresh 60 s
    view = await cai.view();
    expect(view.current).toMatchObject({ position: 2, role: 'server' });
    expect(view.tasks[1]).toMatchObject({ status: 'timed-out', points: 0, answered: 0 });
    expect(view.tasks[1].review.map((d: any) => d.outcome)).toEqual(['missed', 'missed']);
    await cai.answer(RIGHT.serverOpen[0]);

    await control(url, instructor.token, quizId, 'end');
    expect(
      await cai.answerOn({ quizId, runId: view.current.runId, role: 'server' }, RIGHT.serverOpen[1]),
    ).toMatchObject({ ok: false, code: 'TASK_FINISHED' });

    // ---- the gradebook, cell by cell ----------------------------------------------------------------------------
    const csv = await gradebookCsv(url, instructor.token, quizId);
    expect(csv[0]).toEqual([
      'student',
      'seat_id',
      'T1 Play the client through a normal open',
      'T2 You are the client in FIN_WAIT_1 and a FIN+ACK arrives',
      'T3 Server handshake',
      'total',
      'max',
      'percent',
    ]);
    const bySeat = new Map(csv.slice(1).map((row) => [row[1], row]));
    expect(csv).toHaveLength(4);
    expect(bySeat.get(seats[0].seat.id)).toEqual(['Ana', seats[0].seat.id, '2', '2', '3', '7', '7', '100']);
    expect(bySeat.get(seats[1].seat.id)).toEqual(['Ben', seats[1].seat.id, '1', '2', '2', '5', '7', '71.4']);
    expect(bySeat.get(seats[2].seat.id)).toEqual(['Cai', seats[2].seat.id, '2', '0', '1', '3', '7', '42.9']);

    const results = (await http(url, 'GET', `/api/quizzes/${quizId}`, { token: instructor.token })).body;
    // listen--syn--syn-rcvd: Ben answered it wrong, Cai never reached it
    expect(results.mostMissed[0]).toEqual({
      ruleId: 'listen--syn--syn-rcvd',
      decisions: 3,
      correct: 1,
      incorrect: 1,
      missed: 1,
    });
    // per transition: Ben's first task, decision by decision
    const benRow = results.gradebook.find((row: any) => row.seatId === seats[1].seat.id);
    expect(benRow.cells[0].outcomes).toEqual([
      { ruleId: 'closed--connect--syn-sent', outcome: 'incorrect' },
      { ruleId: 'syn-sent--syn-ack--established', outcome: 'correct' },
    ]);
    expect(results.leaderboard.map((l: any) => [l.rank, l.displayName, l.points])).toEqual([
      [1, 'Ana', 7],
      [2, 'Ben', 5],
      [3, 'Cai', 3],
    ]);

    // ---- regrade: same transcripts, same scores; a tampered grade is put right ----------------------------------
    const regraded = await http(url, 'POST', `/api/quizzes/${quizId}/regrade`, { token: instructor.token });
    expect(regraded.body).toMatchObject({ changed: 0, replayMatchesState: true });
    expect(await gradebookCsv(url, instructor.token, quizId)).toEqual(csv);
    await quiz.server().prisma.quizGrade.updateMany({
      where: { quizId, seatId: seats[1].seat.id },
      data: { correct: 0 },
    });
    const repaired = await http(url, 'POST', `/api/quizzes/${quizId}/regrade`, { token: instructor.token });
    expect(repaired.body.changed).toBe(3);
    expect(await gradebookCsv(url, instructor.token, quizId)).toEqual(csv);

    // grades live in Postgres: one row per seat and task reached
    expect(await quiz.server().prisma.quizGrade.count({ where: { quizId } })).toBe(9);
  });
});
