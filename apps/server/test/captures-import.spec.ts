import {
  LINKTYPE,
  MAX_CAPTURE_BYTES,
  SCENARIOS,
  encodePacket,
  runLabScript,
  segmentToPacket,
  transcriptToPcapng,
  writePcap,
} from '@tcp-lab/tcp-core';
import { setUpClassroom, startTestServer, type TestServer } from './support';

/** POST /api/captures/import: a teacher's capture becomes a lab script and quiz questions; bad files change nothing. */
describe('capture import', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function upload(bytes: Uint8Array, token?: string, query = '') {
    const response = await fetch(`${server.url}/api/captures/import${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/vnd.tcpdump.pcap',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: bytes,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
    return { status: response.status, body: (await response.json()) as any };
  }

  const normal = () => {
    const run = runLabScript(SCENARIOS.find((s) => s.id === 'normal-open-close')!.script);
    return transcriptToPcapng(run.transcript, { family: 6 });
  };

  test('an exported round imports back: packets explained, states per packet, a script and a quiz script', async () => {
    const { instructor } = await setUpClassroom(server.url, []);
    const r = await upload(normal(), instructor.token);
    expect(r.status).toBe(200);
    expect(r.body.connections).toEqual([
      expect.objectContaining({ id: '[2001:db8::1]:49152-[2001:db8::2]:80', packets: 7, opening: true }),
    ]);
    expect(r.body.import.flagged).toBe(0);
    expect(
      r.body.import.packets.map((p: { after: { client: string; server: string } }) => p.after.client),
    ).toEqual([
      'SYN_SENT',
      'ESTABLISHED',
      'ESTABLISHED',
      'FIN_WAIT_1',
      'FIN_WAIT_2',
      'TIME_WAIT',
      'TIME_WAIT',
    ]);
    expect(r.body.import.script).toMatchObject({
      format: 'tcp-lab/1',
      settings: { isn: { client: 1000, server: 5000 } },
    });
    expect(r.body.quizScript).toMatchObject({ format: 'tcp-lab/1', settings: { mode: 'stack' } });
    expect(r.body.import.questions[0]).toEqual({
      frame: 1,
      packet: { en: 'client → server: SYN seq=1000 len=0', zh: '客户端 → 服务器：SYN seq=1000 len=0' },
      answer: { client: 'SYN_SENT', server: 'SYN_RCVD' },
    });
  });

  test('two connections: the list comes back to pick from, then the chosen one imports', async () => {
    const { instructor } = await setUpClassroom(server.url, []);
    const frame = (port: number, seq: number) => {
      const data = encodePacket(
        segmentToPacket({ flags: ['SYN'], seq, len: 0 }, 'client', {
          client: { address: { family: 4, text: '192.0.2.1' }, port },
          server: { address: { family: 4, text: '192.0.2.2' }, port: 80 },
        }),
      );
      return { timestampUs: 0, linkType: LINKTYPE.RAW, data, originalLength: data.length };
    };
    const pcap = writePcap([frame(40000, 1), frame(40001, 2)]);
    const listed = await upload(pcap, instructor.token);
    expect(listed.status).toBe(200);
    expect(listed.body.import).toBeNull();
    expect(listed.body.error.message.zh).toMatch(/请选择其中一个/);
    const chosen = await upload(
      pcap,
      instructor.token,
      `?connection=${encodeURIComponent(listed.body.connections[1].id)}`,
    );
    expect(chosen.body.import.packets[0].segment.seq).toBe(2);
    const missing = await upload(pcap, instructor.token, '?connection=nope');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ wireCode: 'NO_SUCH_CONNECTION' }]);
  });

  test('malformed, truncated, oversized and non-TCP files are refused in both languages', async () => {
    const { instructor } = await setUpClassroom(server.url, []);
    const text = await upload(new TextEncoder().encode('not a capture at all'), instructor.token);
    expect(text.status).toBe(400);
    expect(text.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ wireCode: 'NOT_A_CAPTURE' }],
    });
    expect(text.body.error.message.zh).toMatch(/既不是 pcap 也不是 pcapng/);
    const good = normal();
    const cut = await upload(good.subarray(0, good.length - 7), instructor.token);
    expect(cut.body.error.details).toEqual([{ wireCode: 'TRUNCATED' }]);
    const udp = encodePacket(segmentToPacket({ flags: ['SYN'], seq: 1, len: 0 }, 'client'));
    udp[9] = 17;
    const notTcp = await upload(
      writePcap([{ timestampUs: 0, linkType: LINKTYPE.RAW, data: udp, originalLength: udp.length }]),
      instructor.token,
    );
    expect(notTcp.body.error.details).toEqual([{ wireCode: 'NOT_TCP' }]);
    const big = await upload(new Uint8Array(MAX_CAPTURE_BYTES + 1), instructor.token);
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ wireCode: 'TOO_LARGE' }] });
    expect(big.body.error.message.en).toMatch(/8 MiB/);
    const empty = await fetch(`${server.url}/api/captures/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${instructor.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(empty.status).toBe(400);
  });

  test('only an instructor may import', async () => {
    const { students } = await setUpClassroom(server.url, ['Wen']);
    expect((await upload(normal())).status).toBe(401);
    expect((await upload(normal(), students[0].token)).status).toBe(403);
  });
});
