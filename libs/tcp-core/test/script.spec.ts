/** tcp-lab/1 scripts run exactly as lab-script.md documents, on the shared examples. */
import { readFileSync } from 'node:fs';
import { parseLabScript, runLabScript } from '../src/api';
import { EXAMPLES } from './fixtures/design-examples';
const load = (name: string) => {
  const parsed = parseLabScript(readFileSync(`${EXAMPLES}/${name}`, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.script;
};

describe('runLabScript on the shared examples', () => {
  it('normal-open-close: every expect holds; step 2 prints exactly the documented line', () => {
    const { lines, failures } = runLabScript(load('normal-open-close.json'));
    expect(failures).toEqual([]);
    expect(JSON.stringify(lines[1])).toBe(
      '{"step":2,"by":"client","ok":true,"client":"SYN_SENT","server":"LISTEN",' +
        '"transitions":[{"endpoint":"client","from":"CLOSED","to":"SYN_SENT"}],' +
        '"emitted":[{"from":"client","flags":["SYN"],"seq":1000,"len":0}]}',
    );
    expect(JSON.stringify(lines[2].emitted)).toBe(
      '[{"from":"server","flags":["SYN","ACK"],"seq":5000,"ack":1001,"len":0}]',
    );
    expect(lines.map((l) => `${l.client}/${l.server}`)).toEqual([
      'CLOSED/LISTEN',
      'SYN_SENT/LISTEN',
      'SYN_SENT/SYN_RCVD',
      'ESTABLISHED/SYN_RCVD',
      'ESTABLISHED/ESTABLISHED',
      'FIN_WAIT_1/ESTABLISHED',
      'FIN_WAIT_1/CLOSE_WAIT',
      'FIN_WAIT_2/CLOSE_WAIT',
      'FIN_WAIT_2/LAST_ACK',
      'TIME_WAIT/LAST_ACK',
      'TIME_WAIT/CLOSED',
      'CLOSED/CLOSED',
    ]);
  });

  it('refused: the SYN is answered by RST,ACK, the client closes, and the last close is a reported rejection', () => {
    const { lines, failures } = runLabScript(load('refused.json'));
    expect(failures).toEqual([]);
    expect(lines[1].emitted).toEqual([{ from: 'server', flags: ['ACK', 'RST'], seq: 0, ack: 1001, len: 0 }]);
    expect(lines[1].transitions).toEqual([]); // the server's refusal is a self-loop, not a state change
    expect(JSON.stringify(lines[3])).toBe(
      '{"step":4,"by":"client","ok":false,"code":"NOT_IN_STATE","reason":{"en":"close in CLOSED: error: connection does not exist (RFC 9293 3.10.4)",' +
        '"zh":"在 CLOSED 状态调用 close：错误：连接不存在（RFC 9293 3.10.4）"},"client":"CLOSED","server":"CLOSED","transitions":[],"emitted":[]}',
    );
  });
});

describe('output lines', () => {
  it('keys come in the documented order; ack only when ACK is set; stack answers add correct/expected', () => {
    const { lines } = runLabScript({
      format: 'tcp-lab/1',
      settings: { isn: { client: 1, server: 2 }, mode: 'stack' },
      moves: [
        { by: 'client', call: 'connect' },
        { by: 'client', answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1, len: 0 }] } },
        { by: 'server', call: 'listen' },
        { by: 'server', answer: { state: 'SYN_RCVD', send: [] } },
      ],
    });
    expect(Object.keys(lines[0])).toEqual(['step', 'by', 'ok', 'client', 'server', 'transitions', 'emitted']);
    expect(Object.keys(lines[1])).toEqual([
      'step',
      'by',
      'ok',
      'client',
      'server',
      'transitions',
      'emitted',
      'correct',
    ]);
    expect(lines[1].correct).toBe(true);
    expect(Object.keys(lines[3])).toEqual([
      'step',
      'by',
      'ok',
      'client',
      'server',
      'transitions',
      'emitted',
      'correct',
      'expected',
    ]);
    expect(lines[3]).toMatchObject({
      correct: false,
      expected: { state: 'LISTEN', send: [] },
      server: 'LISTEN',
    });
  });

  it('emitted lists the answers sent during deliver-all and the retransmissions fired by advance', () => {
    const { lines } = runLabScript({
      format: 'tcp-lab/1',
      settings: { isn: { client: 10, server: 20 } },
      moves: [
        { by: 'server', call: 'listen' },
        { by: 'client', call: 'connect' },
        { by: 'network', action: 'drop', from: 'client' },
        { by: 'clock', advance: 1000 },
        { by: 'network', action: 'deliver-all' },
      ],
    });
    expect(lines[3].emitted).toEqual([{ from: 'client', flags: ['SYN'], seq: 10, len: 0 }]);
    expect(lines[4].emitted.map((s) => s.flags.join(','))).toEqual(['SYN,ACK', 'ACK']);
    expect(lines[4].transitions).toHaveLength(3);
  });

  it('failed expectations are collected with the step, the move and what differed', () => {
    const { failures } = runLabScript({
      format: 'tcp-lab/1',
      moves: [
        { by: 'server', call: 'listen', expect: { server: 'SYN_RCVD', client: 'CLOSED' } },
        { by: 'server', call: 'listen', expect: { ok: true } },
      ],
    });
    expect(failures).toEqual([
      'step 1 (server listen): expected server SYN_RCVD, got LISTEN',
      'step 2 (server listen): expected ok true, got false (NOT_IN_STATE: listen in LISTEN: error: connection already exists (RFC 9293 3.10.1))',
    ]);
  });
});
