/** The lab: network moves, the clock, both seats, the special paths played through the network. */
import { applyMove, createLab, nextTimerDue, resolveSettings } from '../src/api';
import type { Lab, MoveResult, WireSegment } from '../src/types';
import { advance, by, deliver, drop, HANDSHAKE, labAfter, play } from './helpers';

const ok = (r: MoveResult) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.reason.en}`);
  return r;
};
const brief = (segments: WireSegment[]) =>
  segments.map(
    (s) =>
      `${s.from} ${s.flags.join(',')} ${s.seq}${s.ack !== undefined ? `/${s.ack}` : ''}${s.len ? ` len=${s.len}` : ''}`,
  );
const states = (lab: Lab) => [lab.client.state, lab.server.state];

describe('settings', () => {
  it('documented defaults; ISNs derived from the seed, the same seed giving the same ISNs', () => {
    const s = resolveSettings();
    expect(s).toMatchObject({
      seed: 1,
      network: 'manual',
      mode: 'calls',
      timers: { rtoMs: 1000, mslMs: 30000, connectTimeoutMs: 75000 },
    });
    expect(resolveSettings({ seed: 7 }).isn).toEqual(resolveSettings({ seed: 7 }).isn);
    expect(resolveSettings({ seed: 7 }).isn).not.toEqual(resolveSettings({ seed: 8 }).isn);
    expect(resolveSettings({ seed: 7, isn: { client: 5 } }).isn.client).toBe(5);
    expect(createLab(s)).toEqual(createLab(s));
  });

  it('a new lab: both endpoints CLOSED, clock 0, nothing in flight, nothing pending', () => {
    const lab = createLab();
    expect(states(lab)).toEqual(['CLOSED', 'CLOSED']);
    expect(lab).toMatchObject({ clock: 0, inFlight: [], step: 0, pending: { client: null, server: null } });
  });
});

describe('network, manual', () => {
  it('deliver acts on the K-th oldest segment from that endpoint', () => {
    const lab = labAfter([
      by('server', 'listen'),
      by('client', 'connect'),
      { by: 'network', action: 'duplicate', from: 'client' },
    ]);
    expect(lab.inFlight.map((s) => [s.id, s.duplicateOf])).toEqual([
      [1, undefined],
      [2, 1],
    ]);
    const r = ok(applyMove(lab, deliver('client', 1)));
    expect(r.events).toEqual([{ kind: 'delivered', id: 2, to: 'server', at: 0, accepted: true }]);
    expect(r.lab.inFlight.map((s) => s.id)).toEqual([1, 3]);
  });

  it('drop takes the segment off the wire and reports it', () => {
    const r = play(labAfter([by('client', 'connect')]), [drop('client')]);
    expect(r.lab.inFlight).toEqual([]);
    expect(r.events).toEqual([{ kind: 'dropped', id: 1, at: 0 }]);
  });

  it('deliver-all delivers oldest first, including the answers, until nothing is left', () => {
    const r = play(labAfter([by('server', 'listen'), by('client', 'connect')]), [
      { by: 'network', action: 'deliver-all' },
    ]);
    expect(states(r.lab)).toEqual(['ESTABLISHED', 'ESTABLISHED']);
    expect(brief(r.emitted)).toEqual(['server SYN,ACK 5000/1001', 'client ACK 1001/5001']);
    expect(r.transitions.map((t) => t.ruleId)).toEqual([
      'listen--syn--syn-rcvd',
      'syn-sent--syn-ack--established',
      'syn-rcvd--ack--established',
    ]);
  });

  it('the whole open and close, with data, through the lab', () => {
    const lab = labAfter([
      ...HANDSHAKE,
      by('client', 'send', 100),
      deliver('client'),
      deliver('server'),
      by('client', 'close'),
      deliver('client'),
      deliver('server'),
      by('server', 'close'),
      deliver('server'),
      deliver('client'),
    ]);
    expect(states(lab)).toEqual(['TIME_WAIT', 'CLOSED']);
    expect(lab.client).toMatchObject({ sndUna: 1102, sndNxt: 1102, rcvNxt: 5002 });
    expect(nextTimerDue(lab)).toBe(60000);
    expect(states(play(lab, [advance(60000)]).lab)).toEqual(['CLOSED', 'CLOSED']);
  });

  it('roles are symmetric: the client may listen and the server connect', () => {
    const lab = labAfter([
      by('client', 'listen'),
      by('server', 'connect'),
      deliver('server'),
      deliver('client'),
      deliver('server'),
    ]);
    expect(states(lab)).toEqual(['ESTABLISHED', 'ESTABLISHED']);
  });
});

describe('payload', () => {
  it('data given with send rides on the data segment to the other side (its length is what the machine models)', () => {
    const r = play(labAfter(HANDSHAKE), [{ by: 'client', call: 'send', bytes: 5, data: 'hello' }]);
    expect(r.emitted).toMatchObject([{ from: 'client', len: 5, data: 'hello' }]);
    expect(r.lab.inFlight[0].data).toBe('hello');
  });
});

describe('network, auto', () => {
  it('after each move everything in flight is delivered, oldest first', () => {
    const lab = labAfter([by('server', 'listen'), by('client', 'connect')], { network: 'auto' });
    expect(states(lab)).toEqual(['ESTABLISHED', 'ESTABLISHED']);
    expect(lab.inFlight).toEqual([]);
    const closed = labAfter(
      [by('server', 'listen'), by('client', 'connect'), by('client', 'close'), by('server', 'close')],
      { network: 'auto' },
    );
    expect(states(closed)).toEqual(['TIME_WAIT', 'CLOSED']);
  });
});

describe('special transitions played through the network', () => {
  it('simultaneous open: both SYN_SENT, the SYNs cross, both SYN_RCVD, the SYN,ACKs cross, both ESTABLISHED', () => {
    const crossed = labAfter([
      by('client', 'connect'),
      by('server', 'connect'),
      deliver('client'),
      deliver('server'),
    ]);
    expect(states(crossed)).toEqual(['SYN_RCVD', 'SYN_RCVD']);
    const r = play(crossed, [{ by: 'network', action: 'deliver-all' }]);
    expect(states(r.lab)).toEqual(['ESTABLISHED', 'ESTABLISHED']);
    expect(r.transitions.map((t) => t.ruleId)).toEqual([
      'syn-rcvd--syn-ack--established',
      'syn-rcvd--syn-ack--established',
    ]);
    // each crossed SYN,ACK is old by its SYN and answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 9293
    // 3.10.7.4 first check); the two ACKs reach endpoints already ESTABLISHED and change nothing
    expect(r.emitted.map((s) => [s.from, s.flags.join(','), s.seq, s.ack])).toEqual([
      ['client', 'ACK', 1001, 5001],
      ['server', 'ACK', 5001, 1001],
    ]);
    expect(r.lab.inFlight).toEqual([]);
  });

  it('simultaneous close: the FINs cross, both CLOSING, the ACKs lead both to TIME_WAIT', () => {
    const crossed = labAfter([
      ...HANDSHAKE,
      by('client', 'close'),
      by('server', 'close'),
      deliver('client'),
      deliver('server'),
    ]);
    expect(states(crossed)).toEqual(['CLOSING', 'CLOSING']);
    const r = play(crossed, [{ by: 'network', action: 'deliver-all' }]);
    expect(states(r.lab)).toEqual(['TIME_WAIT', 'TIME_WAIT']);
  });

  it('FIN_WAIT_1 -> TIME_WAIT: the server ACKs and closes before the client hears anything; its FIN,ACK covers our FIN', () => {
    const lab = labAfter([
      ...HANDSHAKE,
      by('client', 'close'),
      deliver('client'),
      by('server', 'close'),
      drop('server'),
    ]);
    const r = play(lab, [deliver('server')]);
    expect(r.transitions).toEqual([
      { endpoint: 'client', from: 'FIN_WAIT_1', to: 'TIME_WAIT', ruleId: 'fin-wait-1--fin-ack--time-wait' },
    ]);
  });

  it('a lost SYN is retransmitted after RTO, marked as a retransmission, and the handshake completes', () => {
    const lab = labAfter([by('server', 'listen'), by('client', 'connect'), drop('client')]);
    expect(nextTimerDue(lab)).toBe(1000);
    const r = play(lab, [advance(1000)]);
    expect(r.events).toEqual([{ kind: 'timer', endpoint: 'client', timer: 'retransmit', at: 1000 }]);
    expect(r.emitted).toMatchObject([
      { from: 'client', flags: ['SYN'], seq: 1000, retransmission: true, sentAt: 1000 },
    ]);
    expect(r.transitions.map((t) => t.ruleId)).toEqual(['syn-sent--rto--syn-sent']);
    expect(states(play(r.lab, [{ by: 'network', action: 'deliver-all' }]).lab)).toEqual([
      'ESTABLISHED',
      'ESTABLISHED',
    ]);
  });

  it('a lost FIN is retransmitted and the close goes on', () => {
    const lab = labAfter([...HANDSHAKE, by('client', 'close'), drop('client')], {});
    const r = play(lab, [advance(1000), deliver('client')]);
    expect(states(r.lab)).toEqual(['FIN_WAIT_1', 'CLOSE_WAIT']);
  });

  it('TIME_WAIT answers a retransmitted FIN (the last ACK was lost) and restarts 2MSL', () => {
    const lab = labAfter([
      ...HANDSHAKE,
      by('client', 'close'),
      deliver('client'),
      deliver('server'),
      by('server', 'close'),
      deliver('server'),
      drop('client'),
    ]);
    expect(states(lab)).toEqual(['TIME_WAIT', 'LAST_ACK']);
    const resent = play(lab, [advance(1000)]);
    expect(brief(resent.emitted)).toEqual(['server ACK,FIN 5001/1002']);
    const r = play(resent.lab, [deliver('server')]);
    expect(r.transitions.map((t) => t.ruleId)).toEqual(['time-wait--fin--time-wait']);
    expect(r.lab.client.timers.timeWait).toBe(1000 + 60000);
    expect(states(play(r.lab, [deliver('client')]).lab)).toEqual(['TIME_WAIT', 'CLOSED']);
  });

  it('connect timeout: every SYN lost, retransmissions at 1, 3, 7, 15, 31 and 63 s, then CLOSED at 75 s', () => {
    const r = play(labAfter([by('client', 'connect'), drop('client')]), [advance(100000)]);
    expect(r.emitted.map((s) => s.sentAt)).toEqual([1000, 3000, 7000, 15000, 31000, 63000]);
    expect(r.transitions.at(-1)).toEqual({
      endpoint: 'client',
      from: 'SYN_SENT',
      to: 'CLOSED',
      ruleId: 'syn-sent--timeout--closed',
    });
    expect(r.lab.clock).toBe(100000);
  });

  it('SYN_RCVD -> LISTEN: a reset after a passive open returns the server to LISTEN', () => {
    const lab = labAfter([by('server', 'listen'), by('client', 'connect'), deliver('client')]);
    const r = play(lab, [
      { by: 'network', action: 'inject', to: 'server', segment: { flags: ['RST'], seq: 1001, len: 0 } },
    ]);
    expect(r.lab.server.state).toBe('LISTEN');
    expect(r.events).toEqual([
      { kind: 'injected', id: 3, to: 'server', at: 0, segment: { flags: ['RST'], seq: 1001, len: 0 } },
      { kind: 'delivered', id: 3, to: 'server', at: 0, accepted: true },
    ]);
  });

  it('an unacceptable injected segment is answered with an ACK <SEQ=SND.NXT><ACK=RCV.NXT>', () => {
    const r = play(labAfter(HANDSHAKE), [
      {
        by: 'network',
        action: 'inject',
        to: 'server',
        segment: { flags: ['ACK'], seq: 900, ack: 5001, len: 20 },
      },
    ]);
    expect(brief(r.emitted)).toEqual(['server ACK 5001/1001']);
    expect(r.events[1]).toMatchObject({ kind: 'delivered', accepted: false });
  });

  it('blind reset: an in-window RST that is not exact gets a challenge ACK; the exact one resets', () => {
    const inexact = play(labAfter(HANDSHAKE), [
      { by: 'network', action: 'inject', to: 'client', segment: { flags: ['RST'], seq: 5100, len: 0 } },
    ]);
    expect(brief(inexact.emitted)).toEqual(['client ACK 1001/5001']);
    const exact = play(inexact.lab, [
      { by: 'network', action: 'inject', to: 'client', segment: { flags: ['RST'], seq: 5001, len: 0 } },
    ]);
    expect(exact.lab.client.state).toBe('CLOSED');
  });
});

describe('faults (instructor extension)', () => {
  const fault = (kind: string, extra: object = {}) => ({
    by: 'network',
    action: 'fault',
    fault: kind,
    from: 'client',
    ...extra,
  });

  it('drop: the next segment the endpoint sends is lost', () => {
    const r = play(labAfter([fault('drop')]), [by('client', 'connect')]);
    expect(r.lab.inFlight).toEqual([]);
    expect(r.events).toEqual([{ kind: 'dropped', id: 1, at: 0 }]);
    expect(r.lab.faults).toEqual({});
  });

  it('duplicate: the next segment arrives twice', () => {
    const r = play(labAfter([fault('duplicate')]), [by('client', 'connect')]);
    expect(r.lab.inFlight.map((s) => s.duplicateOf)).toEqual([undefined, 1]);
  });

  it('delay: the next segment cannot be delivered before its time; advance makes it deliverable', () => {
    const lab = labAfter([by('server', 'listen'), fault('delay', { delayMs: 500 }), by('client', 'connect')]);
    expect(applyMove(lab, deliver('client'))).toMatchObject({ ok: false, code: 'NOTHING_IN_FLIGHT' });
    expect(states(play(lab, [advance(500), deliver('client')]).lab)).toEqual(['SYN_SENT', 'SYN_RCVD']);
  });

  it('reorder: the next segment overtakes those already on the wire', () => {
    const lab = labAfter([
      ...HANDSHAKE,
      by('client', 'send', 10),
      fault('reorder'),
      by('client', 'send', 20),
    ]);
    expect(lab.inFlight.map((s) => s.len)).toEqual([20, 10]);
    const r = play(lab, [deliver('client')]);
    expect(brief(r.emitted)).toEqual(['server ACK 5001/1001']); // out of order: the ACK asks for the gap
  });

  it('the fault-armed event is reported', () => {
    expect(play(createLab(), [fault('drop')]).events).toEqual([
      { kind: 'fault-armed', fault: 'drop', from: 'client', at: 0 },
    ]);
  });
});

describe('clock', () => {
  it('timers fire in time order across both endpoints', () => {
    const lab = labAfter([
      by('server', 'connect'),
      advance(400),
      by('client', 'connect'),
      drop('server'),
      drop('client'),
    ]);
    // server SYN timer at 1000, client SYN timer at 1400; each backs off by 2000 ms
    const r = play(lab, [advance(3000)]);
    expect(r.events.map((e) => (e.kind === 'timer' ? `${e.endpoint}@${e.at}` : e.kind))).toEqual([
      'server@1000',
      'client@1400',
      'server@3000',
      'client@3400',
    ]);
    expect(r.lab.clock).toBe(3400);
  });

  it('advance with nothing due only moves the clock', () => {
    const r = play(createLab(), [advance(1234)]);
    expect(r.lab.clock).toBe(1234);
    expect(r.events).toEqual([]);
    expect(nextTimerDue(r.lab)).toBeNull();
  });
});
