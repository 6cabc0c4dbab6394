/** Stack mode: the participant answers for their endpoint's stack and is graded against the reference machine. */
import { applyMove, autoplayMove, labView } from '../src/api';
import { ruleById } from '../src/transitions';
import type { Lab, MoveResult, Segment } from '../src/types';
import { advance, by, deliver, labAfter, play } from './helpers';

const answer = (role: 'client' | 'server', state: string, send: Segment[] = []) => ({
  by: role,
  answer: { state, send },
});
const SYN: Segment = { flags: ['SYN'], seq: 1000, len: 0 };
const SYN_ACK: Segment = { flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, len: 0 };
const graded = (r: MoveResult) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.reason.en}`);
  return r;
};

/** Server listening, client's SYN delivered: the server owes the answer to "SYN seq=1000 arrived". */
const synArrived = (): Lab =>
  labAfter(
    [
      by('server', 'listen'),
      answer('server', 'LISTEN'),
      by('client', 'connect'),
      answer('client', 'SYN_SENT', [SYN]),
      deliver('client'),
    ],
    { mode: 'stack' },
  );

describe('stack mode', () => {
  it('a call becomes a pending event: nothing changes until the participant answers', () => {
    const r = play(labAfter([], { mode: 'stack' }), [by('client', 'connect')]);
    expect(r.lab.client.state).toBe('CLOSED');
    expect(r.emitted).toEqual([]);
    expect(r.lab.pending.client).toMatchObject({
      kind: 'call',
      ruleId: 'closed--connect--syn-sent',
      expected: { state: 'SYN_SENT', send: [SYN] },
      event: { en: 'the application called connect()' },
    });
  });

  it('labView never shows the expected answer (nor its rule) to a student, for either seat; the instructor sees it', () => {
    const lab = synArrived();
    for (const viewer of ['client', 'server'] as const) {
      const view = labView(lab, viewer);
      expect(view.pending.server).not.toBeNull();
      expect(view.pending.server).not.toHaveProperty('expected');
      expect(view.pending.server).not.toHaveProperty('ruleId'); // 'listen--syn--syn-rcvd' would give the answer away
      expect(JSON.stringify(view)).not.toContain('"expected"');
    }
    expect(labView(lab, 'instructor').pending.server?.expected).toEqual({
      state: 'SYN_RCVD',
      send: [SYN_ACK],
    });
    expect(lab.pending.server?.expected).toBeDefined(); // the lab itself is not changed by a view
  });

  it('a correct answer is graded correct and applied', () => {
    const r = graded(
      applyMove(
        synArrived(),
        answer('server', 'SYN_RCVD', [{ flags: ['ACK', 'SYN'], seq: 5000, ack: 1001, len: 0 }]),
        'server',
      ),
    );
    expect(r).toMatchObject({ correct: true, ruleId: 'listen--syn--syn-rcvd' });
    expect(r.expected).toBeUndefined();
    expect(r.lab.server.state).toBe('SYN_RCVD');
    expect(r.lab.pending.server).toBeNull();
    expect(r.emitted).toMatchObject([{ from: 'server', flags: ['SYN', 'ACK'], seq: 5000, ack: 1001 }]);
  });

  it.each([
    ['WRONG_STATE', answer('server', 'ESTABLISHED', [SYN_ACK])],
    ['WRONG_SEGMENT_COUNT', answer('server', 'SYN_RCVD', [])],
    ['WRONG_FLAGS', answer('server', 'SYN_RCVD', [{ flags: ['ACK'], seq: 5000, ack: 1001, len: 0 }])],
    ['WRONG_SEQ', answer('server', 'SYN_RCVD', [{ ...SYN_ACK, seq: 5001 }])],
    ['WRONG_ACK', answer('server', 'SYN_RCVD', [{ ...SYN_ACK, ack: 1000 }])],
    ['WRONG_LEN', answer('server', 'SYN_RCVD', [{ ...SYN_ACK, len: 1 }])],
  ])(
    '%s: graded incorrect with the expected answer; the lab goes on from the correct answer',
    (code, move) => {
      const r = graded(applyMove(synArrived(), move, 'server'));
      expect(r.correct).toBe(false);
      expect(r.mistake?.code).toBe(code);
      expect(r.expected).toEqual({ state: 'SYN_RCVD', send: [SYN_ACK] });
      // the rule's explanation and RFC section, in both languages, never its id
      expect(r.mistake?.reason.en).toContain(ruleById('listen--syn--syn-rcvd')!.explain.en);
      expect(r.mistake?.reason.zh).toContain(ruleById('listen--syn--syn-rcvd')!.explain.zh);
      expect(r.mistake?.reason.en).toContain('RFC 9293 3.10.7.2');
      expect(`${r.mistake?.reason.en} ${r.mistake?.reason.zh}`).not.toMatch(/[a-z]--[a-z]/);
      expect(r.lab.server.state).toBe('SYN_RCVD');
      expect(r.emitted).toMatchObject([{ flags: ['SYN', 'ACK'], seq: 5000, ack: 1001 }]);
    },
  );

  it('a wrong answer to a simultaneous open names the rule: SYN without ACK in SYN_SENT means SYN,ACK and SYN_RCVD', () => {
    const lab = labAfter(
      [
        by('client', 'connect'),
        answer('client', 'SYN_SENT', [SYN]),
        by('server', 'connect'),
        answer('server', 'SYN_SENT', [{ flags: ['SYN'], seq: 5000, len: 0 }]),
        deliver('server'),
      ],
      { mode: 'stack' },
    );
    const r = graded(
      applyMove(
        lab,
        answer('client', 'ESTABLISHED', [{ flags: ['ACK'], seq: 1001, ack: 5001, len: 0 }]),
        'client',
      ),
    );
    expect(r.mistake?.code).toBe('WRONG_STATE');
    expect(r.mistake?.reason.en).toContain(ruleById('syn-sent--syn--syn-rcvd')!.explain.en);
    expect(r.mistake?.reason.en).not.toContain('syn-sent--syn--syn-rcvd');
    expect(r.lab.client.state).toBe('SYN_RCVD');
  });

  it('an event that changes nothing needs no answer (a duplicate ACK is silently taken)', () => {
    const est = labAfter(
      [
        by('server', 'listen'),
        answer('server', 'LISTEN'),
        by('client', 'connect'),
        answer('client', 'SYN_SENT', [SYN]),
        deliver('client'),
        answer('server', 'SYN_RCVD', [SYN_ACK]),
        deliver('server'),
        answer('client', 'ESTABLISHED', [{ flags: ['ACK'], seq: 1001, ack: 5001, len: 0 }]),
        { by: 'network', action: 'duplicate', from: 'client' },
        deliver('client'),
        answer('server', 'ESTABLISHED'),
      ],
      { mode: 'stack' },
    );
    expect(est.server.state).toBe('ESTABLISHED');
    const r = play(est, [deliver('client')]);
    expect(r.lab.pending.server).toBeNull();
    expect(r.events).toMatchObject([{ kind: 'delivered', accepted: true }]);
  });

  it('deliver-all stops at the first event that needs an answer', () => {
    const lab = labAfter(
      [
        by('client', 'connect'),
        answer('client', 'SYN_SENT', [SYN]),
        by('server', 'listen'),
        answer('server', 'LISTEN'),
        { by: 'network', action: 'duplicate', from: 'client' },
      ],
      { mode: 'stack' },
    );
    const r = play(lab, [{ by: 'network', action: 'deliver-all' }]);
    expect(r.lab.inFlight).toHaveLength(1);
    expect(r.lab.pending.server?.ruleId).toBe('listen--syn--syn-rcvd');
  });

  it('a clock advance stops at the first timer that needs an answer, leaving the clock at that time', () => {
    const lab = labAfter(
      [
        by('client', 'connect'),
        answer('client', 'SYN_SENT', [SYN]),
        { by: 'network', action: 'drop', from: 'client' },
      ],
      { mode: 'stack' },
    );
    const r = play(lab, [advance(5000)]);
    expect(r.lab.clock).toBe(1000);
    expect(r.lab.pending.client).toMatchObject({
      kind: 'timer',
      ruleId: 'syn-sent--rto--syn-sent',
      expected: { state: 'SYN_SENT', send: [SYN] },
    });
    const answered = graded(applyMove(r.lab, answer('client', 'SYN_SENT', [SYN]), 'client'));
    expect(answered.correct).toBe(true);
    expect(answered.emitted).toMatchObject([{ retransmission: true, sentAt: 1000 }]);
    expect(answered.lab.client.timers.retransmit).toBe(3000);
  });

  it('with the network on auto, answers drive the handshake to ESTABLISHED', () => {
    let lab = labAfter([], { mode: 'stack', network: 'auto' });
    lab = play(lab, [
      by('server', 'listen'),
      answer('server', 'LISTEN'),
      by('client', 'connect'),
      answer('client', 'SYN_SENT', [SYN]),
    ]).lab;
    expect(lab.pending.server?.ruleId).toBe('listen--syn--syn-rcvd');
    lab = play(lab, [answer('server', 'SYN_RCVD', [SYN_ACK])]).lab;
    lab = play(lab, [
      answer('client', 'ESTABLISHED', [{ flags: ['ACK'], seq: 1001, ack: 5001, len: 0 }]),
    ]).lab;
    lab = play(lab, [answer('server', 'ESTABLISHED')]).lab;
    expect([lab.client.state, lab.server.state]).toEqual(['ESTABLISHED', 'ESTABLISHED']);
  });

  it('autoplay answers with the reference answer', () => {
    const lab = synArrived();
    const move = autoplayMove(lab, 'server');
    expect(move).toEqual({ by: 'server', answer: { state: 'SYN_RCVD', send: [SYN_ACK] } });
    expect(graded(applyMove(lab, move, 'server')).correct).toBe(true);
  });
});

describe('autoplay in calls mode', () => {
  it('the server listens at the start and closes in CLOSE_WAIT; the client connects at the start; otherwise nothing', () => {
    const start = labAfter([]);
    expect(autoplayMove(start, 'server')).toEqual({ by: 'server', call: 'listen' });
    expect(autoplayMove(start, 'client')).toEqual({ by: 'client', call: 'connect' });
    const closeWait = labAfter([
      by('server', 'listen'),
      by('client', 'connect'),
      { by: 'network', action: 'deliver-all' },
      by('client', 'close'),
      { by: 'network', action: 'deliver-all' },
    ]);
    expect(closeWait.server.state).toBe('CLOSE_WAIT');
    expect(autoplayMove(closeWait, 'server')).toEqual({ by: 'server', call: 'close' });
    expect(autoplayMove(closeWait, 'client')).toBeNull();
    const closedAfterwards = play(closeWait, [
      by('server', 'close'),
      { by: 'network', action: 'deliver-all' },
      advance(60000),
    ]).lab;
    expect(autoplayMove(closedAfterwards, 'server')).toBeNull();
    expect(autoplayMove(closedAfterwards, 'client')).toBeNull();
  });
});
