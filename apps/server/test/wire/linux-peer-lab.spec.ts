/**
 * Linux as the peer, in the product: a teacher lets the real Linux kernel play the server of a student's lab
 * (a namespace of the server's own, a TUN device, a real listening socket), the student plays the client over
 * socket.io, and the lab's transcript shows, beside each of Linux's moves, Linux's segments and state, tcp-core's
 * prediction, and "agreed". The namespace goes when the lab ends and when the server shuts down.
 * Needs root (ip netns, /dev/net/tun) and python3; CI runs as root.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { resolveSettings, type TranscriptEntry } from '@tcp-lab/tcp-core';
import { segmentText, type KernelMove } from '../../src/linux-peer/kernel-mirror';
import { NAMESPACE_PREFIX } from '../../src/linux-peer/kernel-peer';
import { Logger } from '@nestjs/common';
import { loadAppConfig } from '../../src/config/app-config';
import { LinuxPeerService } from '../../src/linux-peer/linux-peer.service';
import { LogCapture, http, setUpClassroom, startTestServer, type TestServer } from '../support';
import { connectPlayer, control, deliver, ok, type Player } from '../support-labs/labs';
import { waitFor } from '../support-labs/sockets';
import { control as quizControl, createQuiz } from '../quiz-support';

/** This server's namespaces (another test process may have its own). */
const ourNamespaces = () =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`${NAMESPACE_PREFIX}${process.pid}-`));

type EntryWithKernel = TranscriptEntry & { kernel?: KernelMove };
const loadLabSettings = () => resolveSettings({ profile: 'linux' });

describe('Linux plays the server of a lab', () => {
  let server: TestServer;
  const players: Player[] = [];
  const logs = new LogCapture();

  beforeAll(async () => {
    // the lab's clock at 1/100 of real time: neither tcp-core's timers nor Linux's (whose rto_min follows the
    // lab's pace) fire while the student plays, however loaded the machine
    server = await startTestServer({ config: { linuxPeer: true, labTimeScale: 0.01 }, logs });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
  });

  /** A class of one student, paired with nobody (the server side is free), the lab's profile Linux 6.x. */
  async function soloLab(names: string[]) {
    const { instructor, classroom, students } = await setUpClassroom(server.url, names);
    const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'auto', settings: { profile: 'linux' } },
    });
    expect(paired.status).toBe(201);
    const labId = paired.body.labs[0].id as string;
    return { instructor, classroom, students, labId };
  }

  test('the server says Linux can play, and a teacher turns it on only for a side nobody plays', async () => {
    const { instructor, labId } = await soloLab(['Lin']);
    const availability = await http(server.url, 'GET', '/api/linux-peer', { token: instructor.token });
    expect(availability.body).toEqual({ available: true });
    const seated = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: instructor.token,
      body: { role: 'client' },
    });
    expect(seated.status).toBe(409);
    expect(seated.body.error.message.en).toMatch(/a student plays the client/);
    const bad = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: instructor.token,
      body: { role: 'router' },
    });
    expect(bad.status).toBe(400);
    expect(ourNamespaces()).toEqual([]);
  });

  test('a normal open and close: Linux’s segments, beside tcp-core’s, agreed at every move; the lab’s end deletes the namespace', async () => {
    const { instructor, students, labId } = await soloLab(['Wei']);
    const on = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: instructor.token,
      body: { role: 'server' },
    });
    expect({ status: on.status, body: on.status === 200 ? undefined : on.body }).toEqual({ status: 200 });
    expect(ourNamespaces()).toHaveLength(1);
    expect((await control(server.url, instructor.token, labId, { action: 'start' })).status).toBe(200);
    const client = await connectPlayer(server.url, students[0]);
    players.push(client);

    const lab = async () =>
      (await http(server.url, 'GET', `/api/labs/${labId}`, { token: instructor.token })).body;
    const serverIs = (state: string) =>
      waitFor(async () => (await lab()).states.server === state, `the server in ${state}`);

    await serverIs('LISTEN'); // the built-in program listens; Linux's socket does
    ok(await client.move({ by: 'client', call: 'connect' }));
    ok(await client.move(deliver('client'))); // SYN → Linux: SYN,ACK
    ok(await client.move(deliver('server')));
    ok(await client.move(deliver('client'))); // ACK → Linux: ESTABLISHED
    ok(await client.move({ by: 'client', call: 'close' }));
    ok(await client.move(deliver('client'))); // FIN → Linux: ACK, CLOSE_WAIT; the program closes: FIN
    await serverIs('LAST_ACK');
    ok(await client.move(deliver('server')));
    ok(await client.move(deliver('server')));
    const last = ok(await client.move(deliver('client'))); // the last ACK → Linux: CLOSED
    expect(last.lab.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });

    const transcript = await http(server.url, 'GET', `/api/labs/${labId}/transcript.json`, {
      token: instructor.token,
    });
    const entries = transcript.body.entries as EntryWithKernel[];
    const kernel = entries.flatMap((e) => (e.kernel ? [e.kernel] : []));
    const isn = transcript.body.settings.isn as { client: number; server: number };
    // Linux's own moves, in the lab's numbering, as the transcript shows them
    expect(kernel.flatMap((k) => k.linux.sent.map(segmentText))).toEqual([
      `SYN,ACK seq=${isn.server} ack=${isn.client + 1} len=0`,
      `ACK seq=${isn.server + 1} ack=${isn.client + 2} len=0`,
      `ACK,FIN seq=${isn.server + 1} ack=${isn.client + 2} len=0`,
    ]);
    expect(kernel.map((k) => k.linux.state)).toEqual([
      'LISTEN',
      'SYN_RCVD',
      'ESTABLISHED',
      'CLOSE_WAIT',
      'LAST_ACK',
      'CLOSED',
    ]);
    for (const k of kernel) {
      expect(k.agreed).toBe(true);
      // Linux sizes its window itself (rule window-size); every other field is the prediction's
      expect(k.differences.filter((d) => d.allowedBy !== 'window-size')).toEqual([]);
      expect(k.linux.sent.map(segmentText)).toEqual(k.predicted.sent.map(segmentText));
      expect(k.linux.state).toBe(k.predicted.state);
    }
    // the segments on the lab's wire are the ones Linux sent
    const fromServer = entries.flatMap((e) => e.emitted.filter((s) => s.from === 'server').map(segmentText));
    expect(fromServer).toEqual(kernel.flatMap((k) => k.linux.sent.map(segmentText)));
    const view = await http(server.url, 'GET', `/api/labs/${labId}/linux-peer`, { token: instructor.token });
    expect(view.body.role).toBe('server');
    expect(view.body.moves).toHaveLength(kernel.length);

    expect((await control(server.url, instructor.token, labId, { action: 'end' })).status).toBe(200);
    expect(ourNamespaces()).toEqual([]);
    expect(
      (await http(server.url, 'GET', `/api/labs/${labId}/linux-peer`, { token: instructor.token })).body.role,
    ).toBe(null);
  }, 30_000);

  test('Linux as the client of a student’s server: its SYN, its ACK and its ACK of the FIN, agreed', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Mei']);
    const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: {
        strategy: 'manual',
        pairs: [{ client: null, server: students[0].seat.id }],
        settings: { profile: 'linux' },
      },
    });
    expect(paired.status).toBe(201);
    const labId = paired.body.labs[0].id as string;
    const on = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: students[0].token, // a student playing solo may let Linux play the side nobody plays
      body: { role: 'client' },
    });
    expect(on.status).toBe(200);
    const srv = await connectPlayer(server.url, students[0]);
    players.push(srv);
    expect((await control(server.url, instructor.token, labId, { action: 'start' })).status).toBe(200);
    await waitFor(
      async () =>
        (await http(server.url, 'GET', `/api/labs/${labId}`, { token: instructor.token })).body.states
          .client === 'SYN_SENT',
      'the built-in program to connect',
    );
    ok(await srv.move({ by: 'server', call: 'listen' })); // Linux's SYN waits on the wire meanwhile
    ok(await srv.move(deliver('client'))); // Linux's SYN
    ok(await srv.move(deliver('server'))); // SYN,ACK → Linux: ACK, ESTABLISHED
    ok(await srv.move(deliver('client')));
    ok(await srv.move({ by: 'server', call: 'close' }));
    ok(await srv.move(deliver('server'))); // FIN → Linux: ACK, CLOSE_WAIT (the built-in program never closes)
    const last = ok(await srv.move(deliver('client')));
    expect(last.lab.states).toEqual({ client: 'CLOSE_WAIT', server: 'FIN_WAIT_2' });

    const view = await http(server.url, 'GET', `/api/labs/${labId}/linux-peer`, { token: students[0].token });
    const moves = view.body.moves as KernelMove[];
    const isn = (
      await http(server.url, 'GET', `/api/labs/${labId}/transcript.json`, { token: instructor.token })
    ).body.settings.isn as { client: number; server: number };
    expect(moves.flatMap((m) => m.linux.sent.map(segmentText))).toEqual([
      `SYN seq=${isn.client} len=0`,
      `ACK seq=${isn.client + 1} ack=${isn.server + 1} len=0`,
      `ACK seq=${isn.client + 1} ack=${isn.server + 2} len=0`,
    ]);
    expect(moves.map((m) => m.linux.state)).toEqual(['SYN_SENT', 'ESTABLISHED', 'CLOSE_WAIT']);
    expect(moves.every((m) => m.agreed && m.differences.every((d) => d.allowedBy === 'window-size'))).toBe(
      true,
    );
    expect((await control(server.url, instructor.token, labId, { action: 'end' })).status).toBe(200);
    expect(ourNamespaces()).toEqual([]);
  }, 30_000);

  test('a student alone in a lab hands the other side to Linux: it is logged, and refused with reasons where it may not', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Pei', 'Qiu', 'Rui']);
    const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: {
        strategy: 'manual',
        pairs: [
          { client: students[0].seat.id, server: null }, // Pei alone
          { client: students[1].seat.id, server: students[2].seat.id }, // Qiu with a partner
        ],
        settings: { profile: 'linux' },
      },
    });
    expect(paired.status).toBe(201);
    const [solo, pair] = paired.body.labs.map((lab: { id: string }) => lab.id) as string[];
    const turnOn = (token: string, labId: string, role: string) =>
      http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, { token, body: { role } });

    // a student may ask whether Linux can play here (the page hides the option otherwise)
    expect((await http(server.url, 'GET', '/api/linux-peer', { token: students[0].token })).body).toEqual({
      available: true,
    });
    const own = await turnOn(students[0].token, solo, 'client');
    expect(own.status).toBe(403);
    expect(own.body.error.message.zh).toMatch(/由你自己扮演/);
    const partner = await turnOn(students[1].token, pair, 'server');
    expect(partner.status).toBe(409);
    expect(partner.body.error.message).toEqual({
      en: 'a student plays the server: Linux can only play a side nobody plays',
      zh: '服务器由学生扮演：Linux 只能扮演无人扮演的一方',
    });
    expect((await turnOn(students[1].token, solo, 'server')).status).toBe(403); // not their lab

    // while the class takes a quiz, no student hands a side to Linux
    const quizId = await createQuiz(server.url, instructor.token, classroom.id, {
      title: 'Open',
      feedback: 'practice',
      tasks: [{ catalogId: 'client-normal-open' }],
    });
    await quizControl(server.url, instructor.token, quizId, 'start');
    const inQuiz = await turnOn(students[0].token, solo, 'server');
    expect(inQuiz.status).toBe(409);
    expect(inQuiz.body.error.message.en).toMatch(/taking a quiz/);
    expect(inQuiz.body.error.message.zh).toMatch(/测验/);
    await quizControl(server.url, instructor.token, quizId, 'end');
    expect(ourNamespaces()).toEqual([]);

    const on = await turnOn(students[0].token, solo, 'server');
    expect(on.status).toBe(200);
    expect((await turnOn(students[0].token, solo, 'server')).status).toBe(409); // already on
    const off = await http(server.url, 'DELETE', `/api/labs/${solo}/linux-peer`, {
      token: students[0].token,
    });
    expect(off.body).toEqual({ role: null });
    expect(ourNamespaces()).toEqual([]);
    // both changes are entries of the lab's log, by the student's side
    const transcript = await http(server.url, 'GET', `/api/labs/${solo}/transcript.json`, {
      token: instructor.token,
    });
    const linux = (transcript.body.entries as TranscriptEntry[]).filter(
      (e) => (e.move as { action?: string }).action === 'linux-peer',
    );
    expect(linux.map((e) => ({ actor: e.actor, move: e.move }))).toEqual([
      { actor: 'client', move: { by: 'control', action: 'linux-peer', role: 'server' } },
      { actor: 'client', move: { by: 'control', action: 'linux-peer', role: null } },
    ]);
  }, 30_000);

  test('in a running lab, where the built-in server already listens, a solo student hands it to Linux: it listens too', async () => {
    const { instructor, students, labId } = await soloLab(['Xia']);
    expect((await control(server.url, instructor.token, labId, { action: 'start' })).status).toBe(200);
    const lab = async () =>
      (await http(server.url, 'GET', `/api/labs/${labId}`, { token: instructor.token })).body;
    await waitFor(async () => (await lab()).states.server === 'LISTEN', 'the built-in server to listen');
    const on = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: students[0].token,
      body: { role: 'server' },
    });
    expect({ status: on.status, body: on.body }).toEqual({
      status: 200,
      body: { role: 'server', family: 4 },
    });
    const client = await connectPlayer(server.url, students[0]);
    players.push(client);
    ok(await client.move({ by: 'client', call: 'connect' }));
    const synAck = ok(await client.move(deliver('client')));
    const kernel = (synAck.entry as EntryWithKernel).kernel!;
    expect(kernel.linux.sent.map(segmentText)).toEqual(kernel.predicted.sent.map(segmentText));
    expect(kernel.linux.sent.map((s) => s.flags.join(','))).toEqual(['SYN,ACK']);
    expect(kernel).toMatchObject({ role: 'server', agreed: true, linux: { state: 'SYN_RCVD' } });
    // once it has answered a segment, the side is no longer Linux's to take
    const off = await http(server.url, 'DELETE', `/api/labs/${labId}/linux-peer`, {
      token: students[0].token,
    });
    expect(off.status).toBe(200);
    const again = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: students[0].token,
      body: { role: 'server' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message.en).toMatch(/the server has already moved this round/);
    expect(ourNamespaces()).toEqual([]);
  }, 30_000);

  test('over IPv6 on request: Linux answers the SYN between 2001:db8::1 and 2001:db8::2; a family that is no IP version is refused', async () => {
    const { instructor, students, labId } = await soloLab(['Lu']);
    const bad = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: students[0].token,
      body: { role: 'server', family: 5 },
    });
    expect(bad.status).toBe(400);
    expect(ourNamespaces()).toEqual([]);
    const on = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: students[0].token,
      body: { role: 'server', family: 6 },
    });
    expect(on.body).toEqual({ role: 'server', family: 6 });
    const [namespace] = ourNamespaces();
    expect(
      execFileSync('ip', ['netns', 'exec', namespace, 'ip', '-6', 'addr'], { encoding: 'utf8' }),
    ).toContain('2001:db8::2/64');
    expect((await control(server.url, instructor.token, labId, { action: 'start' })).status).toBe(200);
    const client = await connectPlayer(server.url, students[0]);
    players.push(client);
    await waitFor(
      async () =>
        (await http(server.url, 'GET', `/api/labs/${labId}`, { token: instructor.token })).body.states
          .server === 'LISTEN',
      'Linux to listen',
    );
    ok(await client.move({ by: 'client', call: 'connect' }));
    const synAck = ok(await client.move(deliver('client')));
    expect((synAck.entry as EntryWithKernel).kernel).toMatchObject({
      agreed: true,
      linux: { state: 'SYN_RCVD', sent: [{ flags: ['SYN', 'ACK'] }] },
    });
    const view = await http(server.url, 'GET', `/api/labs/${labId}/linux-peer`, { token: students[0].token });
    expect(view.body).toMatchObject({ role: 'server', family: 6 });
    expect((await control(server.url, instructor.token, labId, { action: 'end' })).status).toBe(200);
    expect(ourNamespaces()).toEqual([]);
  }, 30_000);

  test('a kernel bridge that dies: the move is recorded, the lab goes on with tcp-core’s server, the namespace goes', async () => {
    const { instructor, students, labId } = await soloLab(['Ren']);
    expect(
      (
        await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
          token: instructor.token,
          body: { role: 'server' },
        })
      ).status,
    ).toBe(200);
    expect((await control(server.url, instructor.token, labId, { action: 'start' })).status).toBe(200);
    const client = await connectPlayer(server.url, students[0]);
    players.push(client);
    const linux = server.app.get(LinuxPeerService);
    await waitFor(() => linux.movesOf(labId).length === 1, 'Linux to listen');
    // the bridge is this test's own child process (the peer started it): stop it by its pid
    const bridge = (linux as unknown as { labs: Map<string, { peer: { child: { pid: number } } }> }).labs.get(
      labId,
    )!.peer.child.pid;
    process.kill(bridge, 'SIGKILL');
    ok(await client.move({ by: 'client', call: 'connect' }));
    const delivered = ok(await client.move(deliver('client')));
    expect((delivered.entry as EntryWithKernel).kernel).toBeUndefined();
    expect(delivered.lab.states).toEqual({ client: 'SYN_SENT', server: 'SYN_RCVD' });
    expect(linux.roleIn(labId)).toBeNull();
    await waitFor(() => ourNamespaces().length === 0, 'the namespace to go');
    // the lab's log says so, with the reason the student reads
    const transcript = await http(server.url, 'GET', `/api/labs/${labId}/transcript.json`, {
      token: instructor.token,
    });
    const last = (transcript.body.entries as TranscriptEntry[]).at(-1)!;
    expect(last.step).toBe(delivered.entry.step + 1);
    expect(last.move).toMatchObject({ by: 'control', action: 'linux-peer', role: null });
    expect((last.move as { reason: { en: string; zh: string } }).reason).toEqual({
      en: "The Linux peer stopped working: Linux no longer plays the server. tcp-core's built-in server plays on from where the lab is.",
      zh: 'Linux 对端停止工作了：Linux 不再扮演服务器。从实验现在的位置起，由 tcp-core 的内置服务器接着扮演。',
    });
  }, 30_000);

  test('at shutdown every namespace goes, and the log said once that Linux can play', async () => {
    const { instructor, labId } = await soloLab(['Zhao']);
    const on = await http(server.url, 'POST', `/api/labs/${labId}/linux-peer`, {
      token: instructor.token,
      body: { role: 'server' },
    });
    expect(on.status).toBe(200);
    expect(ourNamespaces()).toHaveLength(1);
    expect(server.app.get(LinuxPeerService).roleIn(labId)).toBe('server');
    await server.close();
    server = undefined as unknown as TestServer;
    expect(ourNamespaces()).toEqual([]);
    expect(logs.lines.filter((l) => /Linux can play a lab endpoint/.test(String(l.msg)))).toHaveLength(1);
  }, 30_000);
});

describe('where Linux may not play', () => {
  test('LINUX_PEER unset: the API says unavailable, with the reason', async () => {
    const server = await startTestServer();
    try {
      const { instructor, classroom, students } = await setUpClassroom(server.url, ['Su']);
      const availability = await http(server.url, 'GET', '/api/linux-peer', { token: instructor.token });
      expect(availability.body.available).toBe(false);
      expect(availability.body.reason.en).toMatch(/LINUX_PEER/);
      expect(availability.body.reason.zh).toMatch(/LINUX_PEER/);
      // a student alone in a lab who asks anyway is refused with the same reason, in both languages
      const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
        token: instructor.token,
        body: { strategy: 'auto', settings: { profile: 'linux' } },
      });
      const refused = await http(server.url, 'POST', `/api/labs/${paired.body.labs[0].id}/linux-peer`, {
        token: students[0].token,
        body: { role: 'server' },
      });
      expect(refused.status).toBe(503);
      expect(refused.body.error.message).toEqual(availability.body.reason);
    } finally {
      await server.close();
    }
  });

  test('LINUX_PEER set where namespaces cannot be made: unavailable with the reason, said once at start', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const reason = {
        en: 'this server may not create network namespaces',
        zh: '本服务器无权创建网络命名空间',
      };
      const service = new LinuxPeerService(loadAppConfig({ LINUX_PEER: '1' }), async () => reason);
      await service.onModuleInit();
      expect(service.availability()).toEqual({ available: false, reason });
      expect(service.availability()).toEqual({ available: false, reason });
      await expect(service.open('lab-1', 'server', loadLabSettings())).rejects.toThrow(reason.en);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain(reason.en);
      expect(ourNamespaces()).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  test('without CAP_SYS_ADMIN (a container that only added NET_ADMIN) the real check says why', () => {
    // the probe in a process whose capability bounding set lacks CAP_SYS_ADMIN, as root in such a container is
    const probe = `require('./src/linux-peer/linux-peer.service').probeKernel().then((r) => console.log(JSON.stringify(r)))`;
    const out = execFileSync(
      'setpriv',
      [
        '--inh-caps=-sys_admin',
        '--bounding-set=-sys_admin',
        process.execPath,
        '-r',
        './test/support/register-source.js',
        '-e',
        probe,
      ],
      { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' },
    );
    const reason = JSON.parse(out.trim().split('\n').at(-1)!) as { en: string; zh: string } | null;
    expect(reason?.en).toMatch(/may not create network namespaces .*CAP_SYS_ADMIN.*Operation not permitted/);
    expect(reason?.zh).toMatch(/CAP_SYS_ADMIN/);
    expect(ourNamespaces()).toEqual([]);
  }, 30_000);
});
