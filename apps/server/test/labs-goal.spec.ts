import { startTestServer, setUpClassroom, type TestServer } from './support';
import { connectPlayer, deliver, ok, pairAndStart, type Player } from './support-labs/labs';
import { connectSocket, waitFor, type TestSocket } from './support-labs/sockets';

/**
 * A scenario whose goal names a rule (LISTEN→SYN_SENT) is "reached" only once the rule was taken: the master keeps
 * that entry for the lab, so the dashboard card says it without reading the transcript.
 */
describe('goal reached on the dashboard for a goal that names a rule', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];
  const players: Player[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    [...sockets, ...players.map((player) => player.socket)].forEach((socket) => socket.close());
    await server?.close();
  });

  test('listen-then-connect: not reached by the states alone (the same as a normal open), reached after listen→connect', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Ida', 'Jo']);
    const [lab] = await pairAndStart(server.url, instructor.token, classroom.id, {
      strategy: 'auto',
      scenarioId: 'listen-then-connect',
    });
    const dashboard = await connectSocket(server.url, instructor.token);
    sockets.push(dashboard);
    const watched = ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    expect(watched.labs.find((summary) => summary.id === lab.id)?.goalReached).toBe(false);
    const card = () =>
      dashboard
        .events('class:lab')
        .filter((event) => event.lab.id === lab.id)
        .at(-1)?.lab;

    // first a normal open (client connects to a listening server): ESTABLISHED on both sides, but not the goal
    const client = await connectPlayer(server.url, students[0]);
    const srv = await connectPlayer(server.url, students[1]);
    players.push(client, srv);
    ok(await srv.move({ by: 'server', call: 'listen' }));
    ok(await client.move({ by: 'client', call: 'connect' }));
    ok(await srv.move(deliver('client')));
    ok(await client.move(deliver('server')));
    ok(await srv.move(deliver('client')));
    await waitFor(() => card()?.states.server === 'ESTABLISHED' && card(), 'both established');
    expect(card()).toMatchObject({
      states: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
      goalReached: false,
    });

    // the scenario's way: a new round, the client listens, the listening server connects
    const reset = await fetch(`${server.url}/api/labs/${lab.id}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${instructor.token}` },
      body: JSON.stringify({ action: 'reset' }),
    });
    expect(reset.status).toBe(200);
    await waitFor(() => card()?.round === 2, 'round 2');
    ok(await client.move({ by: 'client', call: 'listen' }));
    ok(await srv.move({ by: 'server', call: 'listen' }));
    ok(await srv.move({ by: 'server', call: 'connect' }));
    ok(await client.move(deliver('server')));
    ok(await srv.move(deliver('client')));
    ok(await client.move(deliver('server')));
    await waitFor(() => card()?.goalReached === true && card(), 'the goal on the card');
    expect(card()).toMatchObject({ round: 2, states: { client: 'ESTABLISHED', server: 'ESTABLISHED' } });
    // and a dashboard opened now says the same
    const again = ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    expect(again.labs.find((summary) => summary.id === lab.id)?.goalReached).toBe(true);
  });
});
