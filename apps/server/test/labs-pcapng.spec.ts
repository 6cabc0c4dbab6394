import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodePacket,
  packetToSegment,
  readPcapng,
  transcriptPackets,
  type Transcript,
} from '@tcp-lab/tcp-core';
import { http, startTestServer, type TestServer } from './support';
import { deliver, ok, startPairedLab, type Player } from './support-labs/labs';

/** GET /api/labs/:id/transcript.pcapng: any round as a Wireshark capture, with the transcript's access rules. */
describe('a round downloads as pcapng', () => {
  let server: TestServer;
  const players: Player[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tcp-lab-server-pcap-'));

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0.001 } });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function download(path: string, token?: string) {
    const response = await fetch(server.url + path, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      headers: response.headers,
      bytes: new Uint8Array(await response.arrayBuffer()),
    };
  }

  test('the instructor and the lab’s seats get the round; its packets are the transcript’s, duplicate included', async () => {
    const { lab, client, srv, instructor } = await startPairedLab(server.url, ['Pia', 'Quan'], {}, players);
    ok(await srv.move({ by: 'server', call: 'listen' }));
    const fault = await http(server.url, 'POST', `/api/labs/${lab.id}/fault`, {
      token: instructor.token,
      body: { fault: 'duplicate', from: 'client' },
    });
    expect(fault.status).toBe(200);
    ok(await client.move({ by: 'client', call: 'connect' }));
    ok(await srv.move(deliver('client')));

    const asInstructor = await download(`/api/labs/${lab.id}/transcript.pcapng`, instructor.token);
    expect(asInstructor.status).toBe(200);
    expect(asInstructor.headers.get('content-type')).toBe('application/vnd.tcpdump.pcap');
    expect(asInstructor.headers.get('content-disposition')).toBe(
      `attachment; filename="lab-${lab.id}.pcapng"`,
    );
    const read = readPcapng(asInstructor.bytes);
    if (!read.ok) throw new Error(read.reason.en);
    const transcript = (
      await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.json`, { token: instructor.token })
    ).body as Transcript;
    const expected = transcriptPackets(transcript);
    // the SYN twice (the fault's copy), then the SYN,ACK the first copy's delivery caused
    expect(expected.map((p) => `${p.from} ${p.origin} ${p.segment.flags.join(',')}`)).toEqual([
      'client sent SYN',
      'client duplicate SYN',
      'server sent SYN,ACK',
    ]);
    expect(read.capture.frames.map((f) => f.comment)).toEqual(expected.map((p) => p.comment));
    // timestamps: the round's real start plus the lab clock (the clock stood still here), not 1970
    const round = await server.prisma.labRound.findFirstOrThrow({ where: { labId: lab.id, round: 1 } });
    for (const frame of read.capture.frames) expect(frame.timestampUs).toBe(round.startedAt.getTime() * 1000);
    expect(read.capture.frames[0].comment).toContain('server LISTEN → SYN_RCVD');
    expect(
      read.capture.frames.map((f) => {
        const d = decodePacket(f.data);
        if (!d.ok) throw new Error(d.reason.en);
        return packetToSegment(d.value.packet);
      }),
    ).toEqual(expected.map((p) => p.segment));

    // Wireshark's reader agrees, with checksum validation on
    const file = join(dir, 'round.pcapng');
    writeFileSync(file, asInstructor.bytes);
    const rows = execFileSync(
      'tshark',
      [
        '-n',
        '-r',
        file,
        '-o',
        'tcp.check_checksum:TRUE',
        '-o',
        'ip.check_checksum:TRUE',
        '-o',
        'tcp.relative_sequence_numbers:FALSE',
        '-T',
        'fields',
        '-e',
        'tcp.seq',
        '-e',
        'tcp.flags',
        '-e',
        'tcp.checksum.status',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .trim()
      .split('\n');
    const bits = (flags: string[]) => (flags.includes('SYN') ? 2 : 0) | (flags.includes('ACK') ? 16 : 0);
    expect(rows).toEqual(
      expected.map((p) => `${p.segment.seq}\t0x${bits(p.segment.flags).toString(16).padStart(4, '0')}\t1`),
    );

    // a seat of the lab, by query token as a plain link; IPv6 on request; round 1 by number
    const asSeat = await download(
      `/api/labs/${lab.id}/transcript.pcapng?round=1&family=6&token=${client.student.token}`,
    );
    expect(asSeat.status).toBe(200);
    expect(asSeat.headers.get('content-disposition')).toBe(
      `attachment; filename="lab-${lab.id}-round-1-ipv6.pcapng"`,
    );
    const v6 = readPcapng(asSeat.bytes);
    if (!v6.ok) throw new Error(v6.reason.en);
    const first = decodePacket(v6.capture.frames[0].data);
    expect(first.ok && first.value.packet.src.text).toBe('2001:db8::1');
  });

  test('outsiders, anonymous callers, a missing round and a bad family are refused', async () => {
    const { lab, instructor } = await startPairedLab(server.url, ['Rui', 'Sam'], {}, players);
    const other = await startPairedLab(server.url, ['Tao', 'Uma'], {}, players);
    expect((await download(`/api/labs/${lab.id}/transcript.pcapng`)).status).toBe(401);
    expect((await download(`/api/labs/${lab.id}/transcript.pcapng`, other.client.student.token)).status).toBe(
      403,
    );
    expect((await download(`/api/labs/${lab.id}/transcript.pcapng`, other.instructor.token)).status).toBe(
      403,
    );
    expect((await download(`/api/labs/${lab.id}/transcript.pcapng?round=7`, instructor.token)).status).toBe(
      404,
    );
    const bad = await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.pcapng?family=5`, {
      token: other.instructor.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(bad.body.error)).toContain('family：应为 4 或 6');
  });
});
