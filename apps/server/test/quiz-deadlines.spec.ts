/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers */
/** One time limit for the whole quiz, and a student who joins the class after the quiz started. */
import { http, joinStudent, setUpClassroom } from './support';
import { QuizClock } from '../src/quiz/quiz-clock';
import { waitFor } from './support-labs/sockets';
import { control, createQuiz, gradebookCsv, RIGHT, useQuizServer } from './quiz-support';

describe('quiz: a time limit for the whole quiz', () => {
  const quiz = useQuizServer();

  it('closes every task at the one deadline; a latecomer starts solo and is held to the same deadline', async () => {
    const url = quiz.url();
    const { instructor, classroom, students: seats } = await setUpClassroom(url, ['Eve']);
    const quizId = await createQuiz(url, instructor.token, classroom.id, {
      title: 'Timed',
      feedback: 'practice',
      timeLimit: { scope: 'quiz', seconds: 300 },
      tasks: [{ catalogId: 'client-normal-open' }, { catalogId: 'refused' }],
    });
    await control(url, instructor.token, quizId, 'start');
    const [eve] = await quiz.connect(seats);
    const first = await eve.view();
    const startedAt = Date.parse(first.quiz.startedAt);
    expect(Date.parse(first.current.deadlineAt) - startedAt).toBe(300_000);
    await eve.answer(RIGHT.clientOpen[0]);
    await eve.answer(RIGHT.clientOpen[1]);
    // the second task shares the quiz's deadline
    expect(Date.parse((await eve.view()).current.deadlineAt) - startedAt).toBe(300_000);

    const late = await joinStudent(url, classroom.joinCode, 'Fay');
    const [fay] = await quiz.connect([late]);
    const fayView = await fay.view();
    expect(fayView.current).toMatchObject({ position: 0, partner: null, role: 'client' });
    await fay.answer(RIGHT.clientOpen[0]);

    quiz.server().app.get(QuizClock).advance(301_000);
    // the server's own deadline timer closes the tasks and pushes the new view, with nobody asking
    const pushed = await waitFor(
      () => eve.socket.events('quiz:state').find((e: any) => e.quiz.done),
      'quiz:state after the deadline',
    );
    expect(pushed.quiz.tasks.map((t: any) => t.status)).toEqual(['finished', 'timed-out']);
    const eveAfter = await eve.view();
    expect(eveAfter.done).toBe(true);
    expect(eveAfter.tasks.map((t: any) => t.status)).toEqual(['finished', 'timed-out']);
    const fayAfter = await fay.view();
    expect(fayAfter.tasks.map((t: any) => [t.status, t.points])).toEqual([
      ['timed-out', 1],
      ['timed-out', 0],
    ]);

    const docs = await http(url, 'GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/classrooms/{id}/quizzes',
        '/api/quizzes/{id}/regrade',
        '/api/quizzes/{id}/gradebook.csv',
      ]),
    );
    // the bodies are described from the schemas that check them (@tcp-lab/lab-protocol's quiz-requests)
    const bodySchema = (path: string) =>
      docs.body.paths[path].post.requestBody.content['application/json'].schema;
    expect(bodySchema('/api/classrooms/{id}/quizzes').required).toEqual(
      expect.arrayContaining(['title', 'feedback', 'tasks']),
    );
    expect(bodySchema('/api/quizzes/{id}/control').properties.action.enum).toEqual([
      'start',
      'end',
      'show-leaderboard',
      'hide-leaderboard',
    ]);

    const csv = await gradebookCsv(url, instructor.token, quizId);
    expect(csv.slice(1).map((row) => [row[0], ...row.slice(2)])).toEqual([
      ['Eve', '2', '0', '2', '4', '50'],
      ['Fay', '1', '0', '1', '4', '25'],
    ]);
  });
});

describe('quiz: an absent partner never blocks anyone', () => {
  const quiz = useQuizServer();

  it('plays a pairs task solo when the partner is not connected, and the partner later plays it solo too', async () => {
    const url = quiz.url();
    const { instructor, classroom, students: seats } = await setUpClassroom(url, ['Gus', 'Hana']);
    const quizId = await createQuiz(url, instructor.token, classroom.id, {
      title: 'Pairs',
      feedback: 'practice',
      tasks: [{ catalogId: 'simultaneous-open' }],
    });
    const [gus] = await quiz.connect([seats[0]]);
    await control(url, instructor.token, quizId, 'start');
    // Hana has no socket open: Gus plays against the built-in server and is never held up
    const view = await gus.view();
    expect(view.current).toMatchObject({ role: 'client', partner: null, turn: 'you' });
    const results = (await http(url, 'GET', `/api/quizzes/${quizId}`, { token: instructor.token })).body;
    expect(results.gradebook.map((row: any) => row.cells[0].status)).toEqual(['running', 'not-started']);

    const [hana] = await quiz.connect([seats[1]]);
    const hanaView = await hana.view();
    expect(hanaView.current).toMatchObject({ role: 'client', partner: null, turn: 'you' });
    expect(hanaView.current.runId).not.toBe(view.current.runId);
  });
});
