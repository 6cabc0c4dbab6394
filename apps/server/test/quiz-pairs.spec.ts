/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers */
/**
 * A pairs task's clock: it starts when both students can act (both on the task and on the quiz screen), so the
 * faster student loses no time to a partner still on the task before; a partner who leaves before the task began
 * does not hold the other up (they play on solo). Real server, real Postgres, real socket.io clients.
 */
import { setUpClassroom } from './support';
import { QuizClock } from '../src/quiz/quiz-clock';
import { waitFor } from './support-labs/sockets';
import { control, createQuiz, RIGHT, useQuizServer, type Answer } from './quiz-support';

/** The client's first decision in a simultaneous open: connect, so SYN_SENT with a SYN carrying its ISS (1000). */
const CLIENT_CONNECTS: Answer = { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] };

describe('quiz: a pairs task starts when both students can act', () => {
  const quiz = useQuizServer();

  /** A class of two on the quiz screen, a quiz of a solo task then a pairs task, 60 s per task, started. */
  async function pairQuiz(names: [string, string]) {
    const url = quiz.url();
    const { instructor, classroom, students: seats } = await setUpClassroom(url, names);
    const [first, second] = await quiz.connect(seats);
    const quizId = await createQuiz(url, instructor.token, classroom.id, {
      title: 'Pairs on time',
      feedback: 'practice',
      timeLimit: { scope: 'task', seconds: 60 },
      tasks: [{ catalogId: 'client-normal-open' }, { catalogId: 'simultaneous-open', pairing: 'pairs' }],
    });
    await control(url, instructor.token, quizId, 'start');
    return { quizId, first, second, instructor };
  }

  it("does not run the faster student's clock while the partner is still on the task before", async () => {
    const { quizId, first: ivy, second: jon } = await pairQuiz(['Ivy', 'Jon']);
    const clock = quiz.server().app.get(QuizClock);

    // Ivy finishes the solo task at once and reaches the pairs task; Jon is connected but still on the first task
    for (const answer of RIGHT.clientOpen) expect(await ivy.answer(answer)).toMatchObject({ ok: true });
    const waiting = await ivy.view();
    const arrivedAt = Date.parse(waiting.serverNow);
    expect(waiting.current).toMatchObject({
      position: 1,
      partner: 'Jon',
      waitingForPartner: true,
      deadlineAt: null,
      turn: 'partner',
      pending: null,
    });
    // nobody may answer before the task begins
    const early = await ivy.answerOn(
      { quizId, runId: waiting.current.runId, role: 'client' },
      CLIENT_CONNECTS,
    );
    expect(early).toMatchObject({ ok: false, code: 'NOT_YOUR_TURN' });
    expect(early.reason.en).toContain('partner is not here yet');

    // 45 s pass while Jon works on the first task: Ivy's pairs task is not timed out, its clock has not started
    clock.advance(45_000);
    expect((await ivy.view()).current).toMatchObject({
      position: 1,
      waitingForPartner: true,
      deadlineAt: null,
    });
    expect((await jon.view()).current).toMatchObject({ position: 0 });

    // Jon arrives: now both can act, and the task's 60 s count from here, for both of them
    for (const answer of RIGHT.clientOpen) expect(await jon.answer(answer)).toMatchObject({ ok: true });
    const started = await waitFor(
      () =>
        ivy.socket
          .events('quiz:state')
          .find((e: any) => e.quiz.current?.position === 1 && !e.quiz.current.waitingForPartner),
      'quiz:state: the pairs task has begun',
    );
    expect(started.quiz.current).toMatchObject({ partner: 'Jon', turn: 'you', waitingForPartner: false });
    const deadline = Date.parse(started.quiz.current.deadlineAt);
    expect(deadline - arrivedAt).toBeGreaterThanOrEqual(45_000 + 60_000);
    const jonView = await jon.view();
    expect(jonView.current).toMatchObject({ position: 1, partner: 'Ivy', role: 'server' });
    expect(jonView.current.deadlineAt).toBe(started.quiz.current.deadlineAt);

    // 75 s after Ivy reached the task (more than its limit, had the clock started then): her answer still counts
    clock.advance(30_000);
    const ack = await ivy.answer(CLIENT_CONNECTS);
    expect(ack).toMatchObject({ ok: true, verdict: { correct: true } });
  });

  it('lets the waiting student play on solo when the partner leaves before the task began', async () => {
    const { first: kim, second: lee } = await pairQuiz(['Kim', 'Lee']);
    for (const answer of RIGHT.clientOpen) expect(await kim.answer(answer)).toMatchObject({ ok: true });
    expect((await kim.view()).current).toMatchObject({
      position: 1,
      partner: 'Lee',
      waitingForPartner: true,
    });

    lee.close(); // Lee has no other tab, on the quiz or in a lab
    const solo = await waitFor(
      () =>
        kim.socket
          .events('quiz:state')
          .find((e: any) => e.quiz.current?.position === 1 && e.quiz.current.partner === null),
      'quiz:state: Kim plays the pairs task solo',
    );
    expect(solo.quiz.current).toMatchObject({ waitingForPartner: false, turn: 'you' });
    expect(solo.quiz.current.deadlineAt).not.toBeNull();
    expect(await kim.answer(CLIENT_CONNECTS)).toMatchObject({ ok: true, verdict: { correct: true } });
  });
});
