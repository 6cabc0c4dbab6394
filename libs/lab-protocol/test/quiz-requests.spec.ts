import {
  CreateQuizBody,
  QUIZ_ACTIONS,
  QuizAnswerPayload,
  QuizControlBody,
  QuizJoinPayload,
  QuizWatchPayload,
} from '../src';

const refusedPaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.') || '(body)');
};

describe('creating a quiz', () => {
  const catalogueTask = { catalogId: 'three-way-handshake', role: 'server' as const };
  const ownTask = {
    title: { en: 'Close from FIN_WAIT_1', zh: '从 FIN_WAIT_1 关闭' },
    script: { format: 'tcp-lab/1', settings: { mode: 'stack' }, moves: [] },
    role: 'client' as const,
  };

  it("fills in an own task's pairing and setup, and no time limit", () => {
    const body = CreateQuizBody.parse({
      title: '  Handshakes ',
      feedback: 'practice',
      tasks: [catalogueTask, ownTask],
    });
    expect(body.title).toBe('Handshakes');
    expect(body.timeLimit).toBeNull();
    expect(body.tasks).toEqual([catalogueTask, { ...ownTask, pairing: 'solo', setupMoves: 0 }]);
  });

  it('takes a script as JSON text too (tcp-core parses it)', () => {
    const body = CreateQuizBody.parse({
      title: 'Q',
      feedback: 'exam',
      tasks: [{ ...ownTask, script: '{"format":"tcp-lab/1"}' }],
    });
    expect(body.tasks[0]).toMatchObject({ script: '{"format":"tcp-lab/1"}' });
  });

  it('refuses a quiz without tasks, an unknown feedback mode and a time limit under ten seconds', () => {
    expect(refusedPaths(CreateQuizBody.safeParse({ title: 'Q', feedback: 'practice', tasks: [] }))).toEqual([
      'tasks',
    ]);
    expect(
      refusedPaths(CreateQuizBody.safeParse({ title: 'Q', feedback: 'graded', tasks: [catalogueTask] })),
    ).toEqual(['feedback']);
    const short = {
      title: 'Q',
      feedback: 'exam',
      timeLimit: { scope: 'task', seconds: 5 },
      tasks: [catalogueTask],
    };
    expect(refusedPaths(CreateQuizBody.safeParse(short))).toEqual(['timeLimit.seconds']);
  });

  it('refuses a task that mixes a catalogue id with a script of its own', () => {
    expect(
      CreateQuizBody.safeParse({ title: 'Q', feedback: 'practice', tasks: [{ ...ownTask, catalogId: 'x' }] })
        .success,
    ).toBe(false);
  });
});

describe('steering a quiz', () => {
  it('knows exactly the four actions', () => {
    for (const action of QUIZ_ACTIONS) expect(QuizControlBody.safeParse({ action }).success).toBe(true);
    expect(refusedPaths(QuizControlBody.safeParse({ action: 'pause' }))).toEqual(['action']);
  });
});

describe('the /quiz payloads', () => {
  it('joins without a quiz id (the running quiz of the class) and watches with one', () => {
    expect(QuizJoinPayload.safeParse({}).success).toBe(true);
    expect(QuizWatchPayload.safeParse({}).success).toBe(false);
  });

  it('refuses an answer without a move id, so a retry can always be recognised', () => {
    const answer = {
      quizId: 'q1',
      runId: 'r1',
      moveId: 'm1',
      move: { by: 'client', answer: { state: 'SYN_SENT', send: [] } },
    };
    expect(QuizAnswerPayload.safeParse(answer).success).toBe(true);
    expect(refusedPaths(QuizAnswerPayload.safeParse({ ...answer, moveId: '' }))).toEqual(['moveId']);
    expect(refusedPaths(QuizAnswerPayload.safeParse({ ...answer, seatId: 's2' }))).toEqual(['(body)']);
  });
});
