/**
 * A server crash between two tasks (SIGKILL, no shutdown hook) loses no grade: the student reconnects with the
 * same seat token, finds the first task's score and goes on with the second; the gradebook comes out exactly.
 */
import {
  createTestDatabase,
  freePort,
  http,
  setUpClassroom,
  spawnServer,
  type SpawnedServer,
  type TestDatabase,
} from './support';
import { control, gradebookCsv, QuizStudent, RIGHT, wrongSeq } from './quiz-support';

jest.setTimeout(180_000);

describe('quiz: restart after SIGKILL between tasks', () => {
  let database: TestDatabase;
  let server: SpawnedServer | undefined;
  const students: QuizStudent[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    students.forEach((s) => s.close());
    await server?.kill();
    await database?.drop();
  });

  it('keeps grades and the student continues where they were', async () => {
    server = await spawnServer({ port: await freePort(), databaseUrl: database.url });
    const { instructor, classroom, students: seats } = await setUpClassroom(server.url, ['Dai']);
    const created = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/quizzes`, {
      token: instructor.token,
      body: {
        title: 'Restart',
        feedback: 'practice',
        timeLimit: { scope: 'task', seconds: 600 },
        tasks: [{ catalogId: 'client-normal-open' }, { catalogId: 'fin-wait-1-fin-ack' }],
      },
    });
    expect(created.status).toBe(201);
    const quizId = created.body.quiz.id;
    await control(server.url, instructor.token, quizId, 'start');

    const dai = await QuizStudent.connect(server.url, seats[0]);
    students.push(dai);
    await dai.answer(RIGHT.clientOpen[0]);
    await dai.answer(wrongSeq(RIGHT.clientOpen[1]));
    const before = await dai.view();
    expect(before.current.position).toBe(1);
    expect(before.tasks[0].points).toBe(1);

    await server.kill();
    server = await spawnServer({ port: await freePort(), databaseUrl: database.url });

    const again = await QuizStudent.connect(server.url, seats[0]);
    students.push(again);
    const after = await again.view();
    expect(after.current.runId).toBe(before.current.runId);
    expect(after.current.pending).toEqual(before.current.pending);
    expect(after.tasks[0]).toMatchObject({ status: 'finished', points: 1, answered: 2 });
    for (const answer of RIGHT.finWait1FinAck)
      expect((await again.answer(answer)).verdict.correct).toBe(true);
    await control(server.url, instructor.token, quizId, 'end');

    const csv = await gradebookCsv(server.url, instructor.token, quizId);
    expect(csv.slice(1)).toEqual([['Dai', seats[0].seat.id, '1', '2', '3', '4', '75']]);
    const regraded = await http(server.url, 'POST', `/api/quizzes/${quizId}/regrade`, {
      token: instructor.token,
    });
    expect(regraded.body).toMatchObject({ changed: 0, replayMatchesState: true });
  });
});
