/**
 * Stack-mode answers are graded with the ISN the lab chose, the one the student is shown (the TCB's ISS), never a
 * number written somewhere else: a task whose ISNs come from a seed (as in free play) and whose script's own answer
 * guessed seq=1000.
 */
import { driveTask, startTask, type LabScript } from '@tcp-lab/tcp-core';
import { studentView, type QuizAggregate } from '../src/quiz/quiz-views';
import { setUpClassroom } from './support';
import { control, createQuiz, useQuizServer } from './quiz-support';

const SEEDED_CONNECT = {
  format: 'tcp-lab/1',
  title: 'Connect with the ISN the lab chose',
  settings: { mode: 'stack', network: 'manual', seed: 4242 },
  moves: [
    { by: 'client', call: 'connect' },
    { by: 'client', answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] } },
  ],
};

describe('quiz: grading uses the ISN the student sees', () => {
  const quiz = useQuizServer();

  it("grades a SYN against the endpoint's ISS as the view shows it, not the script's guess of 1000", async () => {
    const url = quiz.url();
    const { instructor, classroom, students: seats } = await setUpClassroom(url, ['Mia', 'Ned']);
    const [mia, ned] = await quiz.connect(seats);
    const quizId = await createQuiz(url, instructor.token, classroom.id, {
      title: 'Seeded ISN',
      feedback: 'practice',
      tasks: [
        {
          title: { en: 'Connect', zh: '发起连接' },
          script: SEEDED_CONNECT,
          role: 'client',
          pairing: 'solo',
          setupMoves: 0,
        },
      ],
    });
    await control(url, instructor.token, quizId, 'start');

    const view = (await mia.view()).current;
    const iss = view.isn;
    expect(iss).not.toBe(1000);
    expect(view.tcb).toMatchObject({ iss, irs: null });
    expect(view.tcb).not.toHaveProperty('state');
    const right = await mia.answer({ state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: iss, len: 0 }] });
    expect(right).toMatchObject({ ok: true, verdict: { correct: true } });

    const wrong = await ned.answer({ state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] });
    expect(wrong).toMatchObject({ ok: true, verdict: { correct: false, mistake: { code: 'WRONG_SEQ' } } });
    expect(wrong.verdict.mistake.reason.en).toContain(`should have seq=${iss}, not 1000`);
    expect(wrong.verdict.expected.send[0].seq).toBe(iss);
  });

  it('shows the TCB in an exam only when the teacher chose it, and nothing that grades', async () => {
    const url = quiz.url();
    const { instructor, classroom, students: seats } = await setUpClassroom(url, ['Oda', 'Pia']);
    const [oda, pia] = await quiz.connect(seats);
    const exam = (examTcb: boolean) =>
      createQuiz(url, instructor.token, classroom.id, {
        title: examTcb ? 'Exam with TCB' : 'Exam',
        feedback: 'exam',
        examTcb,
        tasks: [{ catalogId: 'client-normal-open' }],
      });
    const withTcb = await exam(true);
    await control(url, instructor.token, withTcb, 'start');
    const shown = (await oda.view()).current;
    expect(shown.tcb).toEqual(expect.objectContaining({ iss: shown.isn }));
    expect(shown.clock).toBe(0);
    expect(shown.scene).toBeUndefined();
    const ack = await oda.answer({ state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: shown.isn, len: 0 }] });
    expect(ack.verdict).toBeUndefined();
    await control(url, instructor.token, withTcb, 'end');

    const without = await exam(false);
    await control(url, instructor.token, without, 'start');
    const hidden = (await pia.view()).current;
    expect(hidden).not.toHaveProperty('tcb');
    expect(hidden.isn).toBe(shown.isn);
  });
});

describe("the student's view names the ISS the lab is using", () => {
  // A lab's endpoint can take a new ISS after it started (the linux profile reopens from TIME_WAIT with
  // SND.NXT + 65537): the view must follow the endpoint, not the settings the run started from.
  it('shows the endpoint ISS, also when it is no longer the ISN setting', () => {
    const script = SEEDED_CONNECT as LabScript;
    const waiting = driveTask({ script, setupMoves: 0 }, startTask(script), ['client']).progress;
    const lab = { ...waiting.lab, client: { ...waiting.lab.client, iss: 777, sndUna: 777, sndNxt: 777 } };
    const now = new Date();
    const task = {
      id: 't',
      quizId: 'q',
      position: 0,
      catalogId: null,
      title: { en: 'Connect', zh: '发起连接' },
      script,
      setupMoves: 0,
      role: 'client',
      pairing: 'solo',
      plan: {
        client: [{ index: 1, ruleId: 'closed--connect--syn-sent', event: { en: 'e', zh: 'e' } }],
        server: [],
      },
    };
    const run = {
      id: 'r',
      quizId: 'q',
      taskId: 't',
      clientSeatId: 's',
      serverSeatId: null,
      status: 'running',
      settings: lab.settings,
      state: lab,
      cursor: 1,
      moveCount: 1,
      startedAt: now,
      clockStartedAt: now,
      deadlineAt: null,
      finishedAt: null,
    };
    const grade = {
      id: 'g',
      quizId: 'q',
      taskId: 't',
      seatId: 's',
      runId: 'r',
      role: 'client',
      status: 'running',
      expected: 1,
      answered: 0,
      correct: 0,
      decisions: [],
      startedAt: now,
      finishedAt: null,
    };
    const agg = {
      quiz: {
        id: 'q',
        classroomId: 'c',
        title: 'Q',
        feedback: 'practice',
        timeLimitScope: 'task',
        timeLimitSeconds: null,
        status: 'running',
        leaderboardVisible: false,
        examTcb: false,
        createdAt: now,
        startedAt: now,
        endedAt: null,
        tasks: [task],
      },
      seats: [{ id: 's', displayName: 'Mia', createdAt: now }],
      grades: [grade],
      runs: [run],
      now,
    } as unknown as QuizAggregate;
    const current = studentView(agg, 's').current!;
    expect(lab.settings.isn.client).not.toBe(777);
    expect(current.isn).toBe(777);
    expect(current.tcb?.iss).toBe(777);
    // the TCB carries the variables, never the endpoint's state (what an exam asks for)
    expect(current.tcb).not.toHaveProperty('state');
  });
});
