/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers */
/**
 * Exam feedback: nothing a student receives before the quiz ends tells them whether an answer was right or what
 * the expected answer was; the leaderboard reaches students only while shown; pairs take turns by the script.
 */
import { http, setUpClassroom } from './support';
import { waitFor } from './support-labs/sockets';
import { control, createQuiz, keysDeep, useQuizServer, type Answer } from './quiz-support';

// Simultaneous close from ESTABLISHED, ISNs 1000/5000 (RFC 9293 3.10.4 CLOSE, 3.10.7.4 FIN in FIN-WAIT-1 and CLOSING)
const SIMULTANEOUS_CLOSE: Record<'client' | 'server', Answer[]> = {
  client: [
    { state: 'FIN_WAIT_1', send: [{ flags: ['FIN', 'ACK'], seq: 1001, ack: 5001, len: 0 }] },
    { state: 'CLOSING', send: [{ flags: ['ACK'], seq: 1002, ack: 5002, len: 0 }] },
    { state: 'TIME_WAIT', send: [] },
    { state: 'CLOSED', send: [] },
  ],
  server: [
    { state: 'FIN_WAIT_1', send: [{ flags: ['FIN', 'ACK'], seq: 5001, ack: 1001, len: 0 }] },
    { state: 'CLOSING', send: [{ flags: ['ACK'], seq: 5002, ack: 1002, len: 0 }] },
    { state: 'TIME_WAIT', send: [] },
    { state: 'CLOSED', send: [] },
  ],
};

/** Keys that would tell a student about correctness or the reference answer. */
const REVEALING = [
  'expected',
  'correct',
  'mistake',
  'verdict',
  'points',
  'ruleId',
  'tcb',
  'scene',
  'review',
  'total',
];

describe('quiz integrity: exam feedback, leaderboard visibility, pairs', () => {
  const quiz = useQuizServer();

  it('sends students no verdict, expected answer or points until the exam ends, then shows them all', async () => {
    const url = quiz.url();
    const { instructor, classroom, students: seats } = await setUpClassroom(url, ['Ana', 'Ben']);
    const [ana, ben] = await quiz.connect(seats);
    const quizId = await createQuiz(url, instructor.token, classroom.id, {
      title: 'Exam',
      feedback: 'exam',
      tasks: [{ catalogId: 'simultaneous-close' }, { catalogId: 'refused' }],
    });
    await control(url, instructor.token, quizId, 'start');

    // Pairs by join order: Ana plays the task's role (client), Ben the server.
    const anaView = await ana.view();
    const benView = await ben.view();
    expect(anaView.current).toMatchObject({ role: 'client', partner: 'Ben', turn: 'you' });
    expect(benView.current).toMatchObject({ role: 'server', partner: 'Ana', turn: 'partner', pending: null });
    expect(anaView.current.runId).toBe(benView.current.runId);
    const notYet = await ben.answerOn(
      { quizId, runId: benView.current.runId, role: 'server' },
      SIMULTANEOUS_CLOSE.server[0],
    );
    expect(notYet).toMatchObject({ ok: false, code: 'NOT_YOUR_TURN' });

    // Play the pair task by turns; Ana gets her CLOSING answer wrong.
    const next = { client: 0, server: 0 };
    for (let round = 0; round < 20 && (next.client < 4 || next.server < 4); round++) {
      for (const [student, role] of [
        [ana, 'client'],
        [ben, 'server'],
      ] as const) {
        const view = await student.view();
        if (view.current?.position !== 0 || view.current.turn !== 'you') continue;
        let answer = SIMULTANEOUS_CLOSE[role][next[role]];
        if (role === 'client' && next.client === 1) answer = { ...answer, state: 'TIME_WAIT' };
        const ack = await student.answer(answer);
        expect(ack).toMatchObject({ ok: true, duplicate: false });
        expect(ack.verdict).toBeUndefined();
        next[role] += 1;
      }
    }
    expect(next).toEqual({ client: 4, server: 4 });

    // The leaderboard: hidden, then shown (progress only during an exam), then hidden again.
    expect((await ana.view()).leaderboard).toBeNull();
    await control(url, instructor.token, quizId, 'show-leaderboard');
    const shown = await waitFor(
      () => ana.socket.events('quiz:state').find((e) => e.quiz.leaderboard !== null),
      'leaderboard pushed to Ana',
    );
    expect(shown.quiz.leaderboard.map((l: any) => [l.displayName, l.answered, l.you])).toEqual([
      ['Ana', 4, true],
      ['Ben', 4, false],
    ]);
    await control(url, instructor.token, quizId, 'hide-leaderboard');
    expect((await ben.view()).leaderboard).toBeNull();

    // The instructor sees the truth meanwhile.
    const live = (await http(url, 'GET', `/api/quizzes/${quizId}`, { token: instructor.token })).body;
    expect(live.gradebook.map((row: any) => row.cells[0].points)).toEqual([3, 4]);
    expect(live.mostMissed[0]).toMatchObject({ ruleId: 'fin-wait-1--fin--closing', incorrect: 1 });

    // Everything a student received so far (events and acks) carries nothing revealing.
    for (const student of [ana, ben]) {
      const everything = [...student.socket.received.map((r) => r.payload), await student.view()];
      const keys = keysDeep(everything);
      for (const key of REVEALING)
        expect({ student: student.name, key, present: keys.has(key) }).toEqual({
          student: student.name,
          key,
          present: false,
        });
    }

    await control(url, instructor.token, quizId, 'end');
    const final = await ana.view();
    expect(final.feedbackShown).toBe(true);
    expect(final.total).toEqual({ points: 3, max: 6 });
    expect(final.tasks[0].review[1]).toMatchObject({
      outcome: 'incorrect',
      expected: SIMULTANEOUS_CLOSE.client[1],
      mistake: { code: 'WRONG_STATE' },
    });
    expect(final.tasks[1]).toMatchObject({ status: 'finished', points: 0 });
    expect(final.tasks[1].review.map((d: any) => d.outcome)).toEqual(['missed', 'missed']);
  });
});
