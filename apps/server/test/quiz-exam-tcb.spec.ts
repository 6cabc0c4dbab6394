/** The TCB panel in a quiz: practice always shows it; in an exam the teacher chooses (examTcb). Real HTTP and Postgres. */
import { http, setUpClassroom, startTestServer, type TestServer } from './support';
import { QuizStudent, RIGHT } from './quiz-support';

describe('quiz: the TCB panel is shown as the teacher chose', () => {
  let server: TestServer;
  const students: QuizStudent[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const student of students) student.close();
    await server?.close();
  });

  /** A class of one, a running one-task quiz with these settings, and the student's current task. */
  async function currentTask(body: Record<string, unknown>) {
    const {
      instructor,
      classroom,
      students: [ana],
    } = await setUpClassroom(server.url, ['Ana']);
    const created = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/quizzes`, {
      token: instructor.token,
      body: { title: 'Opening', tasks: [{ catalogId: 'client-normal-open' }], ...body },
    });
    expect(created.status).toBe(201);
    const started = await http(server.url, 'POST', `/api/quizzes/${created.body.quiz.id}/control`, {
      token: instructor.token,
      body: { action: 'start' },
    });
    expect(started.status).toBe(200);
    const student = await QuizStudent.connect(server.url, ana);
    students.push(student);
    return { student, quiz: created.body.quiz, view: await student.view() };
  }

  test('an exam with the TCB off (the default) sends no connection variables, and says so in the summary', async () => {
    const { quiz, view } = await currentTask({ feedback: 'exam' });
    expect(quiz.examTcb).toBe(false);
    expect(view.current.tcb).toBeUndefined();
  });

  test('an exam with the TCB switched on shows the student their own ISS and, after the SYN, SND.NXT', async () => {
    const { student, quiz, view } = await currentTask({ feedback: 'exam', examTcb: true });
    expect(quiz.examTcb).toBe(true);
    expect(view.current.tcb).toMatchObject({ iss: 1000, irs: null, sndNxt: null });
    // the endpoint's state is what an exam asks for: the TCB never carries it
    expect(view.current.tcb.state).toBeUndefined();
    await student.answer(RIGHT.clientOpen[0]);
    expect((await student.view()).current.tcb).toMatchObject({ iss: 1000, sndUna: 1000, sndNxt: 1001 });
  });

  test('practice always shows it, even with examTcb off', async () => {
    const { view } = await currentTask({ feedback: 'practice', examTcb: false });
    expect(view.current.tcb).toMatchObject({ iss: 1000 });
  });
});
