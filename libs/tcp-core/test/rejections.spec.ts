/** Every rejection class: a value with a stable code and a bilingual reason, and the lab exactly as it was. */
import { applyMove, createLab } from '../src/api';
import type { Actor, Lab, RejectionCode } from '../src/types';
import { advance, by, deliver, HANDSHAKE, labAfter } from './helpers';

function expectRejected(lab: Lab, move: unknown, actor: Actor, code: RejectionCode, reason?: RegExp) {
  const before = structuredClone(lab);
  const r = applyMove(lab, move, actor);
  if (r.ok) throw new Error(`expected ${code}, the move was applied`);
  expect(r.code).toBe(code);
  expect(r.lab).toBe(lab); // the very same object
  expect(lab).toEqual(before); // and untouched
  expect(r.reason.en.length).toBeGreaterThan(0);
  expect(r.reason.zh).toMatch(/[\u4e00-\u9fff]/);
  if (reason) expect(r.reason.en).toMatch(reason);
  return r;
}

const stackLab = (moves: unknown[] = []) => labAfter(moves, { mode: 'stack' });

describe('rejected moves', () => {
  it('NOT_IN_STATE: close in CLOSED ("connection does not exist")', () => {
    expectRejected(createLab(), by('client', 'close'), 'client', 'NOT_IN_STATE', /connection does not exist/);
  });

  it('NOT_IN_STATE: connect in ESTABLISHED ("connection already exists")', () => {
    expectRejected(
      labAfter(HANDSHAKE),
      by('client', 'connect'),
      'client',
      'NOT_IN_STATE',
      /connection already exists/,
    );
  });

  it('NOT_IN_STATE: send in FIN_WAIT_1 ("connection closing") and listen when not CLOSED', () => {
    const lab = labAfter([...HANDSHAKE, by('client', 'close')]);
    expectRejected(lab, by('client', 'send', 5), 'client', 'NOT_IN_STATE', /connection closing/);
    expectRejected(lab, by('server', 'listen'), 'server', 'NOT_IN_STATE');
  });

  it('NOT_YOUR_ENDPOINT: a seat acting for the other endpoint', () => {
    expectRejected(createLab(), by('server', 'listen'), 'client', 'NOT_YOUR_ENDPOINT');
    expectRejected(
      stackLab([by('client', 'connect')]),
      { by: 'client', answer: { state: 'SYN_SENT', send: [] } },
      'server',
      'NOT_YOUR_ENDPOINT',
    );
  });

  it.each([
    [
      { by: 'client', call: 'jump' },
      'call: expected one of listen, connect, send, close, abort, shutdown, read',
    ],
    [{ by: 'teacher' }, 'by: expected one of client, server, network, clock'],
    [{ by: 'clock', advance: -1 }, 'advance: at least 0'],
    [{ by: 'client', call: 'send' }, 'bytes: required for send'],
    [{ by: 'client', call: 'listen', extra: 1 }, 'extra: unknown field'],
    ['deliver', '(top level): expected an object'],
    [null, '(top level): expected an object'],
  ])('BAD_MOVE: %j -> "%s"', (move, message) => {
    expectRejected(createLab(), move, 'system', 'BAD_MOVE');
    expect(applyMove(createLab(), move, 'system')).toMatchObject({ reason: { en: message } });
  });

  it('NOTHING_IN_FLIGHT: deliver from an endpoint with nothing on the wire; deliver-all with an empty network', () => {
    expectRejected(createLab(), deliver('client'), 'client', 'NOTHING_IN_FLIGHT');
    expectRejected(createLab(), { by: 'network', action: 'deliver-all' }, 'server', 'NOTHING_IN_FLIGHT');
  });

  it('NO_SUCH_SEGMENT: an index beyond the segments in flight', () => {
    expectRejected(
      labAfter([by('client', 'connect')]),
      deliver('client', 1),
      'client',
      'NO_SUCH_SEGMENT',
      /only 1/,
    );
  });

  it('NOT_STACK_MODE: an answer in calls mode', () => {
    expectRejected(
      labAfter([by('client', 'connect')]),
      { by: 'client', answer: { state: 'SYN_SENT', send: [] } },
      'client',
      'NOT_STACK_MODE',
    );
  });

  it('NOTHING_TO_ANSWER: an answer with no pending event', () => {
    expectRejected(
      stackLab(),
      { by: 'client', answer: { state: 'CLOSED', send: [] } },
      'client',
      'NOTHING_TO_ANSWER',
    );
  });

  it('AWAITING_ANSWER: a call by, or a delivery to, an endpoint that owes an answer', () => {
    const lab = stackLab([by('client', 'connect')]);
    expectRejected(lab, by('client', 'close'), 'client', 'AWAITING_ANSWER', /connect/);
    const waiting = stackLab([
      by('server', 'listen'),
      { by: 'server', answer: { state: 'LISTEN', send: [] } },
      by('client', 'connect'),
      { by: 'client', answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] } },
      deliver('client'),
    ]);
    expect(waiting.pending.server).not.toBeNull();
    expectRejected(
      waiting,
      { by: 'network', action: 'inject', to: 'server', segment: { flags: ['RST'], seq: 1, len: 0 } },
      'instructor',
      'AWAITING_ANSWER',
    );
    expectRejected(waiting, by('server', 'abort'), 'server', 'AWAITING_ANSWER');
  });

  it('AWAITING_ANSWER: deliver-all whose oldest segment is for an endpoint that owes an answer; a clock stuck on its due timer', () => {
    const lab = stackLab([
      by('client', 'connect'),
      { by: 'client', answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] } },
      by('server', 'listen'),
    ]);
    expectRejected(lab, { by: 'network', action: 'deliver-all' }, 'system', 'AWAITING_ANSWER');
    expectRejected(lab, deliver('client'), 'client', 'AWAITING_ANSWER');
    const timerDue = stackLab([
      by('client', 'connect'),
      { by: 'client', answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] } },
      { by: 'network', action: 'drop', from: 'client' },
      advance(1000),
    ]);
    expect(timerDue.pending.client?.kind).toBe('timer');
    expectRejected(timerDue, advance(10), 'system', 'AWAITING_ANSWER');
  });

  it('NOT_ALLOWED: a seat may not inject or arm faults; the instructor does not answer for a seat', () => {
    const inject = {
      by: 'network',
      action: 'inject',
      to: 'server',
      segment: { flags: ['RST'], seq: 1, len: 0 },
    };
    expectRejected(createLab(), inject, 'client', 'NOT_ALLOWED');
    expectRejected(
      createLab(),
      { by: 'network', action: 'fault', fault: 'drop', from: 'client' },
      'server',
      'NOT_ALLOWED',
    );
    expectRejected(
      stackLab([by('client', 'connect')]),
      { by: 'client', answer: { state: 'SYN_SENT', send: [] } },
      'instructor',
      'NOT_ALLOWED',
    );
    expectRejected(createLab(), by('client', 'connect'), 'janitor' as Actor, 'NOT_ALLOWED');
  });

  it('a lab that is not a lab still gives a value, not an exception', () => {
    const broken = {} as Lab;
    const r = applyMove(broken, by('client', 'connect'), 'system');
    expect(r.ok).toBe(false);
  });
});

describe('who may move', () => {
  it('a seat moves its own endpoint and may make network and clock moves', () => {
    let lab = labAfter([by('server', 'listen')]);
    for (const [move, actor] of [
      [by('client', 'connect'), 'client'],
      [deliver('client'), 'server'],
      [advance(10), 'client'],
      [{ by: 'network', action: 'deliver-all' }, 'client'],
    ] as const) {
      const r = applyMove(lab, move, actor);
      expect(r.ok).toBe(true);
      lab = r.lab;
    }
    expect(lab.server.state).toBe('ESTABLISHED');
  });

  it('the instructor and the system may inject, arm faults and make calls', () => {
    for (const actor of ['instructor', 'system'] as const) {
      expect(
        applyMove(
          createLab(),
          { by: 'network', action: 'fault', fault: 'delay', from: 'client', delayMs: 5 },
          actor,
        ).ok,
      ).toBe(true);
      expect(applyMove(createLab(), by('server', 'listen'), actor).ok).toBe(true);
    }
  });
});
