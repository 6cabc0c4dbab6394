/** The move schema: what is a move, and how a bad one is explained (`path: message`, both languages). */
import fc from 'fast-check';
import { isValidMoveFast, MoveSchema, parseMove } from '../src/moves';
import { parseLabScript } from '../src/api';

const reasonOf = (raw: unknown) => {
  const r = parseMove(raw);
  if (r.ok) throw new Error('expected BAD_MOVE');
  return r;
};

describe('move schema', () => {
  it.each([
    { by: 'server', call: 'listen' },
    { by: 'client', call: 'send', bytes: 10, data: 'hello' },
    { by: 'network', action: 'deliver', from: 'client', index: 3 },
    { by: 'network', action: 'deliver-all', expect: { client: 'ESTABLISHED', ok: true } },
    {
      by: 'network',
      action: 'inject',
      to: 'server',
      segment: { flags: ['RST', 'ACK'], seq: 1, ack: 2, len: 0 },
    },
    { by: 'network', action: 'fault', fault: 'delay', from: 'server', delayMs: 200 },
    { by: 'clock', advance: 0 },
    { by: 'client', answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 4294967295, len: 0 }] } },
  ])('accepts %j', (move) => {
    expect(parseMove(move)).toEqual({ ok: true, move });
  });

  it.each([
    [{ by: 'client', call: 'send', bytes: 70000 }, 'bytes: at most 65535', 'bytes：不得大于 65535'],
    [{ by: 'client', call: 'send', bytes: 1.5 }, 'bytes: expected an integer', 'bytes：应为整数'],
    [
      { by: 'network', action: 'deliver' },
      'from: expected one of client, server',
      'from：应为 client、server 之一',
    ],
    [
      { by: 'network', action: 'teleport' },
      'action: expected one of deliver, drop, duplicate, deliver-all, inject, fault',
      undefined,
    ],
    [{ by: 'network', action: 'deliver', from: 'client', index: 1001 }, 'index: at most 1000', undefined],
    [{ by: 'clock', advance: -1 }, 'advance: at least 0', 'advance：不得小于 0'],
    [{ by: 'clock' }, 'advance: required (expected a number)', 'advance：缺少此字段（应为数字）'],
    [
      { by: 'network', action: 'inject', to: 'server', segment: { flags: ['SYN'], seq: -1, len: 0 } },
      'segment.seq: at least 0',
      undefined,
    ],
    [
      { by: 'network', action: 'inject', to: 'server', segment: { flags: ['ACK'], seq: 1, len: 0 } },
      'segment.ack: required when ACK is set',
      undefined,
    ],
    [
      { by: 'network', action: 'inject', to: 'server', segment: { flags: ['SYN'], seq: 1, ack: 2, len: 0 } },
      'segment.ack: only allowed when ACK is set',
      undefined,
    ],
    [
      { by: 'network', action: 'inject', to: 'server', segment: { flags: ['PSH'], seq: 1, len: 0 } },
      'segment.flags[0]: expected one of SYN, ACK, FIN, RST',
      undefined,
    ],
    [
      { by: 'client', answer: { state: 'OPEN', send: [] } },
      'answer.state: expected one of CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT',
      undefined,
    ],
    [
      { by: 'client', answer: { state: 'CLOSED', send: Array(9).fill({ flags: [], seq: 0, len: 0 }) } },
      'answer.send: at most 8 items',
      undefined,
    ],
    [
      { by: 'client', call: 'connect', answer: { state: 'CLOSED', send: [] } },
      'call: a move is either a call or an answer, not both',
      undefined,
    ],
    [
      { by: 'client' },
      'call: required: expected one of listen, connect, send, close, abort, shutdown, read (or an answer)',
      undefined,
    ],
    [{ by: 'client', call: 'close', bytes: 3 }, 'bytes: only allowed with send or read', undefined],
    [
      { by: 'client', call: 'send', bytes: 3, data: 'x'.repeat(1001) },
      'data: at most 1000 characters',
      undefined,
    ],
    [
      { by: 'client', call: 'listen', expect: { client: 'NOWHERE' } },
      'expect.client: expected one of CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT',
      undefined,
    ],
  ])('%j -> "%s"', (move, en, zh) => {
    const r = reasonOf(move);
    expect(r.code).toBe('BAD_MOVE');
    expect(r.reason.en).toBe(en);
    if (zh) expect(r.reason.zh).toBe(zh);
    expect(r.path).toBe(en.split(':')[0]);
  });

  it('scripts: the error names the move by its place, e.g. moves[3].call', () => {
    const moves = [
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
      { by: 'clock', advance: 1 },
      { by: 'client', call: 'dance' },
    ];
    const r = parseLabScript({ format: 'tcp-lab/1', moves });
    expect(r).toEqual({
      ok: false,
      error: 'moves[3].call: expected one of listen, connect, send, close, abort, shutdown, read',
    });
  });

  it('scripts: bad JSON, wrong format, unknown settings are errors naming the place', () => {
    expect(parseLabScript('{"format": ')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not valid JSON/),
    });
    expect(parseLabScript({ format: 'tcp-lab/2', moves: [] })).toEqual({
      ok: false,
      error: 'format: expected tcp-lab/1',
    });
    expect(parseLabScript({ format: 'tcp-lab/1', settings: { network: 'wifi' }, moves: [] })).toEqual({
      ok: false,
      error: 'settings.network: expected one of manual, auto',
    });
    expect(parseLabScript({ format: 'tcp-lab/1', settings: { colour: 'red' }, moves: [] })).toEqual({
      ok: false,
      error: 'settings.colour: unknown field',
    });
    expect(parseLabScript({ format: 'tcp-lab/1' })).toEqual({
      ok: false,
      error: 'moves: required (expected an array)',
    });
  });
});

describe('send data is text that can be stored', () => {
  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', '\uDC00'],
  ])('refuses data with %s, in both languages, and the fast path does not accept it', (_what, data) => {
    const move = { by: 'client', call: 'send', bytes: 3, data };
    expect(isValidMoveFast(move)).toBe(false);
    const refused = reasonOf(move);
    expect(refused.path).toBe('data');
    expect(refused.reason.en).toMatch(/NUL character .* lone UTF-16 surrogate/);
    expect(refused.reason.zh).toMatch(/空字符.*代理项/);
  });

  it('accepts a whole surrogate pair (an emoji) and Chinese text', () => {
    const move = { by: 'client', call: 'send', bytes: 4, data: '你好😀' };
    expect(isValidMoveFast(move)).toBe(true);
    expect(parseMove(move)).toEqual({ ok: true, move });
  });
});

describe('the fast path agrees with the schema', () => {
  const role = fc.constantFrom('client', 'server', 'nobody');
  const anyValue = fc.oneof(
    fc.integer({ min: -5, max: 70000 }),
    fc.constantFrom(1.5, 4294967295, 4294967296, undefined, null, 'x', true),
  );
  const segment = fc.record(
    {
      flags: fc.oneof(
        fc.subarray(['SYN', 'ACK', 'FIN', 'RST']),
        fc.constant(['ACK', 'ACK']),
        fc.constant(['URG']),
      ),
      seq: anyValue,
      ack: anyValue,
      len: anyValue,
    },
    { requiredKeys: ['flags', 'seq', 'len'] },
  );
  const move = fc.oneof(
    fc.record(
      {
        by: role,
        call: fc.constantFrom('listen', 'connect', 'send', 'close', 'abort', 'x'),
        bytes: anyValue,
        data: fc.string(),
      },
      { requiredKeys: ['by', 'call'] },
    ),
    fc.record(
      {
        by: fc.constant('network'),
        action: fc.constantFrom('deliver', 'drop', 'duplicate', 'deliver-all', 'inject', 'fault', 'x'),
        from: role,
        to: role,
        index: anyValue,
        segment,
      },
      { requiredKeys: ['by', 'action'] },
    ),
    fc.record(
      { by: fc.constant('clock'), advance: anyValue, extra: fc.constant(1) },
      { requiredKeys: ['by'] },
    ),
    fc.record({
      by: role,
      answer: fc.record({
        state: fc.constantFrom('CLOSED', 'ESTABLISHED', 'NOPE'),
        send: fc.array(segment, { maxLength: 9 }),
      }),
    }),
    fc.anything(),
  );

  it('whatever the fast check accepts, zod accepts too (and gives the same move)', () => {
    fc.assert(
      fc.property(move, (raw) => {
        if (isValidMoveFast(raw)) expect(MoveSchema.safeParse(raw)).toEqual({ success: true, data: raw });
      }),
      { numRuns: 3000 },
    );
  });

  it('the fast check recognises the common valid moves (so the hot path skips zod)', () => {
    for (const raw of [
      { by: 'client', call: 'connect' },
      { by: 'network', action: 'deliver', from: 'server' },
      { by: 'clock', advance: 5 },
      { by: 'server', answer: { state: 'LISTEN', send: [] } },
      { by: 'network', action: 'deliver-all' },
    ]) {
      expect(isValidMoveFast(raw)).toBe(true);
    }
  });
});
