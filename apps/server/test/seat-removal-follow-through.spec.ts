/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers */
/**
 * What happens around a seat that leaves the class or is removed by the teacher: its lab ends (an entry in the log
 * says why, the partner and the dashboard are told, the partner can be paired again), and a quiz partner waiting
 * for it is let go at once, even when the removed student only had the lab page open. Real server, real Postgres,
 * real socket.io clients.
 */
import { http, joinStudent, setUpClassroom } from './support';
import { QuizClock } from '../src/quiz/quiz-clock';
import { connectPlayer, labRecord, ok, pairAndStart, type Player } from './support-labs/labs';
import { connectSocket, waitFor, type TestSocket } from './support-labs/sockets';
import { control, createQuiz, RIGHT, useQuizServer, type Answer } from './quiz-support';

const removeSeat = (url: string, token: string, classroomId: string, seatId: string) =>
  http(url, 'DELETE', `/api/classrooms/${classroomId}/seats/${seatId}`, { token });

/** The client's first decision in a simultaneous open: connect, so SYN_SENT with a SYN carrying its ISS (1000). */
const CLIENT_CONNECTS: Answer = { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] };

const isSeatRemovedEnd = (move: any) =>
  move?.by === 'control' && move.action === 'end' && move.cause === 'seat-removed';

describe('seat removal follow-through (real server, real Postgres)', () => {
  const quiz = useQuizServer();
  const sockets: TestSocket[] = [];
  const players: Player[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.close();
    for (const player of players) player.socket.close();
  });

  /** A class of two, paired and started, both at their lab, and the teacher's dashboard feed. */
  async function pairedClass(names: [string, string]) {
    const url = quiz.url();
    const { instructor, classroom, students } = await setUpClassroom(url, names);
    const [lab] = await pairAndStart(url, instructor.token, classroom.id, { strategy: 'auto', clockRate: 0 });
    const client = await connectPlayer(url, students[0]);
    const server = await connectPlayer(url, students[1]);
    players.push(client, server);
    for (const player of [client, server]) ok(await player.socket.request('lab:join', { labId: lab.id }));
    const dashboard = await connectSocket(url, instructor.token);
    sockets.push(dashboard);
    ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    return { url, instructor, classroom, students, lab, client, server, dashboard };
  }

  it('ends the lab of a removed seat: the log says why, the partner and the dashboard are told, the partner is paired again', async () => {
    const { url, instructor, classroom, students, lab, client, dashboard } = await pairedClass([
      'Ana',
      'Ben',
    ]);
    ok(await client.move({ by: 'client', call: 'connect' }));

    expect((await removeSeat(url, instructor.token, classroom.id, students[1].seat.id)).status).toBe(204);

    // the partner (Ana, the client) hears it as an entry of the lab's log, with the lab ended
    const told = await waitFor(
      () => client.socket.events('lab:update').find((u: any) => isSeatRemovedEnd(u.entry?.move)),
      "lab:update: the lab ended because Ben's seat was removed",
    );
    expect((told as any).entry).toMatchObject({ actor: 'system', ok: true, move: { seat: 'server' } });
    expect((told as any).lab.status).toBe('ended');
    // the dashboard's card says ended
    await waitFor(
      () => dashboard.events('class:lab').find((e: any) => e.lab.id === lab.id && e.lab.status === 'ended'),
      'class:lab: the lab is ended on the dashboard',
    );
    // the log, in Postgres, keeps what happened before and the reason it ended
    const { lab: row, log } = await labRecord(quiz.server().prisma, lab.id);
    expect(row.status).toBe('ended');
    expect(isSeatRemovedEnd((log.at(-1)!.entry as any).move)).toBe(true);
    const transcript = await http(url, 'GET', `/api/labs/${lab.id}/transcript.json`, {
      token: instructor.token,
    });
    expect(transcript.body.entries.some((entry: any) => isSeatRemovedEnd(entry.move))).toBe(true);
    // a move in the ended lab is refused and changes nothing
    const late = await client.move({ by: 'network', action: 'deliver', from: 'client' });
    expect(late).toMatchObject({ ok: false });
    expect((await labRecord(quiz.server().prisma, lab.id)).log.length).toBe(log.length);

    // Ana's seat is free: she waits for a partner, and the teacher's next pairing gives her one
    expect((await http(url, 'GET', '/api/seats/me', { token: students[0].token })).body.labId).toBeNull();
    const eve = await joinStudent(url, classroom.joinCode, 'Eve');
    const paired = await http(url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'auto' },
    });
    expect(paired.status).toBe(201);
    expect(
      paired.body.labs.map((l: any) => [l.seats.client?.displayName, l.seats.server?.displayName ?? null]),
    ).toEqual([['Ana', 'Eve']]);
    await waitFor(
      () => client.socket.events('seat:paired').find((p: any) => p.labId === paired.body.labs[0].id),
      'seat:paired: Ana is in her new lab',
    );
    expect(eve.seat.displayName).toBe('Eve');
  });

  it('ends the lab when a student leaves the seat, and another lab of the class goes on', async () => {
    const url = quiz.url();
    const { instructor, classroom, students } = await setUpClassroom(url, ['Cai', 'Dan', 'Fay', 'Gus']);
    const labs = await pairAndStart(url, instructor.token, classroom.id, { strategy: 'auto', clockRate: 0 });
    const [cai, dan, fay] = [
      await connectPlayer(url, students[0]),
      await connectPlayer(url, students[1]),
      await connectPlayer(url, students[2]),
    ];
    players.push(cai, dan, fay);
    ok(await dan.socket.request('lab:join', { labId: dan.labId }));

    expect((await http(url, 'DELETE', '/api/seats/me', { token: students[0].token })).status).toBe(204);
    const told = await waitFor(
      () => dan.socket.events('lab:update').find((u: any) => isSeatRemovedEnd(u.entry?.move)),
      'lab:update: the lab ended because Cai left',
    );
    expect((told as any).entry.move.seat).toBe(cai.role);
    const other = labs.find((l) => l.id !== cai.labId)!;
    expect((await labRecord(quiz.server().prisma, other.id)).lab.status).toBe('running');
    ok(await fay.move({ by: fay.role, call: fay.role === 'client' ? 'connect' : 'listen' }));
  });

  /** A class of two, a quiz of a solo task then a pairs task (60 s a task), started; only `onQuiz` opens /quiz. */
  async function pairsQuiz(names: [string, string]) {
    const url = quiz.url();
    const { instructor, classroom, students } = await setUpClassroom(url, names);
    const quizId = await createQuiz(url, instructor.token, classroom.id, {
      title: 'Pairs and removals',
      feedback: 'practice',
      timeLimit: { scope: 'task', seconds: 60 },
      tasks: [{ catalogId: 'client-normal-open' }, { catalogId: 'simultaneous-open', pairing: 'pairs' }],
    });
    return { url, instructor, classroom, students, quizId };
  }

  it('lets a quiz partner go at once when the waited-for student, who had only the lab page open, is removed', async () => {
    const { url, instructor, classroom, students, quizId } = await pairsQuiz(['Ivy', 'Jon']);
    const [ivy] = await quiz.connect([students[0]]);
    // Jon sits on the lab page: a labs socket, no quiz screen
    const jonLab = await connectSocket(url, students[1].token);
    sockets.push(jonLab);
    await control(url, instructor.token, quizId, 'start');

    for (const answer of RIGHT.clientOpen) expect(await ivy.answer(answer)).toMatchObject({ ok: true });
    expect((await ivy.view()).current).toMatchObject({
      position: 1,
      partner: 'Jon',
      waitingForPartner: true,
    });

    expect((await removeSeat(url, instructor.token, classroom.id, students[1].seat.id)).status).toBe(204);
    const solo = await waitFor(
      () =>
        ivy.socket
          .events('quiz:state')
          .find((e: any) => e.quiz.current?.position === 1 && e.quiz.current.partner === null),
      'quiz:state: Ivy plays the pairs task solo',
    );
    expect(solo.quiz.current).toMatchObject({ waitingForPartner: false, turn: 'you' });
    expect(solo.quiz.current.deadlineAt).not.toBeNull();
    expect(await ivy.answer(CLIENT_CONNECTS)).toMatchObject({ ok: true, verdict: { correct: true } });
    await waitFor(() => !jonLab.socket.connected, "Jon's lab socket closed");
  });

  it("closes the removed student's quiz socket too, even when it has a connection of its own", async () => {
    const { url, instructor, classroom, students } = await pairsQuiz(['Max', 'Nia']);
    const [max, nia] = await quiz.connect(students);
    expect(max.socket.socket.connected).toBe(true);
    expect((await removeSeat(url, instructor.token, classroom.id, students[0].seat.id)).status).toBe(204);
    await waitFor(() => !max.socket.socket.connected, "Max's quiz socket closed");
    expect(nia.socket.socket.connected).toBe(true);
  });

  it('lets the partner finish a pairs task whose clock runs when the other student is removed mid-task', async () => {
    const { url, instructor, classroom, students, quizId } = await pairsQuiz(['Kim', 'Lee']);
    const [kim, lee] = await quiz.connect(students);
    await control(url, instructor.token, quizId, 'start');
    for (const student of [kim, lee])
      for (const answer of RIGHT.clientOpen) expect(await student.answer(answer)).toMatchObject({ ok: true });
    const started = await waitFor(async () => {
      const current = (await kim.view()).current;
      return current?.position === 1 && !current.waitingForPartner && current;
    }, 'the pairs task has begun');
    expect(started).toMatchObject({ partner: 'Lee', turn: 'you' });

    expect((await removeSeat(url, instructor.token, classroom.id, students[1].seat.id)).status).toBe(204);
    await waitFor(
      () =>
        kim.socket
          .events('quiz:state')
          .find((e: any) => e.quiz.current?.position === 1 && e.quiz.current.partner === null),
      'quiz:state: Kim goes on without Lee',
    );
    // the same run goes on (Kim keeps the clock she had), against the built-in endpoint
    const current = (await kim.view()).current;
    expect(current).toMatchObject({ runId: started.runId, deadlineAt: started.deadlineAt });
    expect(await kim.answer(CLIENT_CONNECTS)).toMatchObject({ ok: true, verdict: { correct: true } });
    // time passes beyond the limit: the run is closed for Kim like any run (nothing waits for Lee)
    quiz.server().app.get(QuizClock).advance(61_000);
    await waitFor(async () => (await kim.view()).current?.position !== 1, 'the pairs task is over for Kim');
  });
});
