/**
 * Linux as the peer across a crash: the server that held Linux's socket is killed (SIGKILL: no shutdown hook
 * runs, its namespace stays behind). The next server deletes that namespace at start, and the lab, whose log says
 * Linux played its server, gets a `linux-peer` control that ends it with a reason in both languages; the student
 * reads it, and tcp-core's built-in server plays on. Needs root (ip netns, /dev/net/tun) and python3; CI runs as
 * root. The servers run as child processes (a crash cannot be had inside this one).
 */
import { execFileSync } from 'node:child_process';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
import type { TranscriptEntry } from '@tcp-lab/tcp-core';
import { NAMESPACE_PREFIX } from '../../src/linux-peer/kernel-peer';
import {
  createTestDatabase,
  freePort,
  http,
  setUpClassroom,
  spawnServer,
  type SpawnedServer,
  type TestDatabase,
} from '../support';
import { control, deliver, ok, playerOf } from '../support-labs/labs';
import { connectSocket, waitFor, type TestSocket } from '../support-labs/sockets';

jest.setTimeout(180_000);

/** The namespaces a server process made (named after its pid). */
const namespacesOf = (pid: number) =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`${NAMESPACE_PREFIX}${pid}-`));

const linuxControls = (entries: TranscriptEntry[]) =>
  entries.filter((e) => (e.move as { action?: string }).action === 'linux-peer');

describe('a restart while Linux plays a side', () => {
  let database: TestDatabase;
  let server: SpawnedServer | undefined;
  const sockets: TestSocket[] = [];

  const start = async () =>
    (server = await spawnServer({
      port: await freePort(),
      databaseUrl: database.url,
      // the lab's clock at 1/100 of real time: no timer fires while the test plays
      env: { LINUX_PEER: '1', LAB_TIME_SCALE: '0.01' },
    }));

  beforeAll(async () => {
    database = await createTestDatabase('tcplab_linux_restart');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.kill();
    await database?.drop();
  });

  test('Linux is let go with a message the student reads, its namespace is gone, the built-in server plays on', async () => {
    const first = await start();
    const { instructor, classroom, students } = await setUpClassroom(first.url, ['Yan']);
    const paired = await http(first.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'auto', settings: { profile: 'linux' } }, // Yan plays the client, nobody the server
    });
    const labId = paired.body.labs[0].id as string;
    const on = await http(first.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: students[0].token,
      body: { role: 'server' },
    });
    expect(on.status).toBe(200);
    expect((await control(first.url, instructor.token, labId, { action: 'start' })).status).toBe(200);
    let socket = await connectSocket(first.url, students[0].token);
    sockets.push(socket);
    let client = playerOf(students[0], socket, labId, 'client');
    await waitFor(
      async () =>
        (await http(first.url, 'GET', `/api/labs/${labId}`, { token: instructor.token })).body.states
          .server === 'LISTEN',
      'Linux to listen',
    );
    ok(await client.move({ by: 'client', call: 'connect' }));
    const synAck = ok(await client.move(deliver('client'))); // the SYN → Linux answers SYN,ACK
    expect((synAck.entry as TranscriptEntry & { kernel?: unknown }).kernel).toBeDefined();
    const pid = first.process.pid!;
    expect(namespacesOf(pid)).toHaveLength(1);

    await first.kill();
    expect(namespacesOf(pid)).toHaveLength(1); // a crash deletes nothing: the next server must

    const second = await start();
    expect(namespacesOf(pid)).toEqual([]);
    socket.close();
    socket = await connectSocket(second.url, students[0].token);
    sockets.push(socket);
    await waitFor(() => socket.events('seat:paired')[0], 'seat:paired after the restart');
    // the start-up check of each open lab runs in the background: the lab's log gets the entry that ends Linux
    await waitFor(async () => {
      const transcript = await http(second.url, 'GET', `/api/labs/${labId}/transcript.json`, {
        token: instructor.token,
      });
      return linuxControls(transcript.body.entries).length === 2;
    }, 'the entry that lets Linux go');
    const joined = ok(await socket.request('lab:join', { labId })).lab as LabSnapshot;
    const controls = linuxControls(joined.transcript);
    expect(controls.map((e) => (e.move as { role: unknown }).role)).toEqual(['server', null]);
    const ended = controls[1];
    expect(ended.actor).toBe('system');
    const reason = (ended.move as { reason: { en: string; zh: string } }).reason;
    expect(reason.en).toMatch(/^The server restarted.*Linux no longer plays the server.*built-in server/);
    expect(reason.zh).toMatch(/服务器重新启动了.*Linux 不再扮演服务器.*内置服务器/);
    expect(
      (await http(second.url, 'GET', `/api/labs/${labId}/linux-peer`, { token: students[0].token })).body,
    ).toEqual({ role: null, family: null, moves: [] });

    // the lab goes on where it was, with tcp-core's server: the SYN,ACK Linux sent is still on the wire
    client = playerOf(students[0], socket, labId, 'client');
    ok(await client.move(deliver('server')));
    const last = ok(await client.move(deliver('client'))); // the ACK → the built-in server: ESTABLISHED
    expect(last.lab.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
    expect((last.entry as TranscriptEntry & { kernel?: unknown }).kernel).toBeUndefined();
    expect(namespacesOf(second.process.pid!)).toEqual([]);

    // a second restart says nothing more: Linux was already let go
    await second.stop();
    const third = await start();
    socket.close();
    socket = await connectSocket(third.url, students[0].token);
    sockets.push(socket);
    await waitFor(() => socket.events('seat:paired')[0], 'seat:paired after the second restart');
    client = playerOf(students[0], socket, labId, 'client');
    ok(await client.move({ by: 'client', call: 'close' })); // a move loads (and checks) the lab
    const again = await http(third.url, 'GET', `/api/labs/${labId}/transcript.json`, {
      token: instructor.token,
    });
    expect(linuxControls(again.body.entries)).toHaveLength(2);
  });
});
