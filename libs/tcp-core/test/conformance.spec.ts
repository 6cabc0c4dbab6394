/**
 * Conformance suite, derived from RFC 9293 3.10.7 ("SEGMENT ARRIVES") and RFC 5961: every state × every kind of
 * arriving segment × where its sequence number falls (exact = RCV.NXT, in the window, left of it, right of it).
 * Each case is a named test citing the step that decides it. `expected()` below is written from the RFC text,
 * step by step, not from the machine; the machine must agree with it in both profiles (the profiles differ only
 * in cases the named per-state specs cover: see README "Two profiles").
 *
 * Segments carrying ACK acknowledge everything we sent (SEG.ACK = SND.NXT), so the ACK check passes and the case
 * tests the sequence number and the flags. "data" is an ACK carrying 5 octets.
 */
import { react } from '../src/endpoint';
import { canonicalFlags, RCV_WND, seqAdd } from '../src/segment';
import { STATES, type Endpoint, type Flag, type State } from '../src/types';
import type { Profile } from '../src/settings';
import { endpointIn, PEER_ISS, TIMERS } from './helpers';

const KINDS = ['SYN', 'SYN,ACK', 'SYN,FIN', 'ACK', 'FIN', 'FIN,ACK', 'RST', 'RST,ACK', 'data'] as const;
type Kind = (typeof KINDS)[number];
const POSITIONS = ['exact', 'in window', 'left of window', 'right of window'] as const;
type Position = (typeof POSITIONS)[number];

interface Expected {
  state: State;
  /** the reply's flags, or null for no reply */
  reply: Flag[] | null;
  /** the reply's ACK number, when it is an ACK */
  ack?: number;
  step: string;
}

const flagsOf = (kind: Kind): Flag[] => (kind === 'data' ? ['ACK'] : (kind.split(',') as Flag[]));
const has = (kind: Kind, flag: Flag) => flagsOf(kind).includes(flag);

/** Where an endpoint in each state comes from; SYN_RCVD is the passive one unless `active`. */
function start(state: State): Endpoint {
  return endpointIn(state, 'server');
}

/** The sequence number for a position relative to RCV.NXT (the peer's ISS + 1 before anything is received). */
function seqFor(e: Endpoint, position: Position): number {
  const rcvNxt = e.state === 'CLOSED' || e.state === 'LISTEN' || e.state === 'SYN_SENT' ? PEER_ISS : e.rcvNxt;
  switch (position) {
    case 'exact':
      return rcvNxt;
    case 'in window':
      return seqAdd(rcvNxt, 10);
    case 'left of window':
      return seqAdd(rcvNxt, -20);
    case 'right of window':
      return seqAdd(rcvNxt, RCV_WND + 10);
  }
}

/** What RFC 9293 3.10.7 says, step by step. */
function expected(e: Endpoint, kind: Kind, position: Position, seq: number): Expected {
  const s = e.state;
  const len = kind === 'data' ? 5 : 0;
  const segLen = len + (has(kind, 'SYN') ? 1 : 0) + (has(kind, 'FIN') ? 1 : 0);
  if (s === 'CLOSED') {
    if (has(kind, 'RST')) return { state: s, reply: null, step: '3.10.7.1: a RST is discarded' };
    if (has(kind, 'ACK'))
      return { state: s, reply: ['RST'], step: '3.10.7.1: ACK on: <SEQ=SEG.ACK><CTL=RST>' };
    return {
      state: s,
      reply: ['ACK', 'RST'],
      ack: seqAdd(seq, segLen),
      step: '3.10.7.1: ACK off: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>',
    };
  }
  if (s === 'LISTEN') {
    if (has(kind, 'RST')) return { state: s, reply: null, step: '3.10.7.2 first: a RST is ignored' };
    if (has(kind, 'ACK'))
      return { state: s, reply: ['RST'], step: '3.10.7.2 second: any ACK: <SEQ=SEG.ACK><CTL=RST>' };
    if (has(kind, 'SYN'))
      return {
        state: 'SYN_RCVD',
        reply: ['SYN', 'ACK'],
        ack: seqAdd(seq, 1),
        step: '3.10.7.2 third: SYN: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, other control or text queued',
      };
    return { state: s, reply: null, step: '3.10.7.2 fourth: other text or control: drop' };
  }
  if (s === 'SYN_SENT') {
    // SEG.ACK = SND.NXT = ISS+1 is acceptable
    if (has(kind, 'RST'))
      return has(kind, 'ACK')
        ? { state: 'CLOSED', reply: null, step: '3.10.7.3 second: RST with acceptable ACK: connection reset' }
        : { state: s, reply: null, step: '3.10.7.3 second: RST without ACK: drop' };
    if (has(kind, 'SYN'))
      return has(kind, 'ACK')
        ? {
            state: 'ESTABLISHED',
            reply: ['ACK'],
            ack: seqAdd(seq, 1),
            step: '3.10.7.3 fourth: SYN,ACK: ESTABLISHED, <CTL=ACK>',
          }
        : {
            state: 'SYN_RCVD',
            reply: ['SYN', 'ACK'],
            ack: seqAdd(seq, 1),
            step: '3.10.7.3 fourth: SYN: SYN-RECEIVED, <CTL=SYN,ACK>',
          };
    return { state: s, reply: null, step: '3.10.7.3 fifth: neither SYN nor RST: drop' };
  }

  // 3.10.7.4, synchronized states
  const rcvNxt = e.rcvNxt;
  const acceptable = position === 'exact' || position === 'in window';
  if (!acceptable) {
    return has(kind, 'RST')
      ? { state: s, reply: null, step: '3.10.7.4 first: not acceptable, RST: drop' }
      : {
          state: s,
          reply: ['ACK'],
          ack: rcvNxt,
          step: '3.10.7.4 first: not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
        };
  }
  if (has(kind, 'RST')) {
    if (position !== 'exact')
      return {
        state: s,
        reply: ['ACK'],
        ack: rcvNxt,
        step: '3.10.7.4 second (RFC 5961 3.2): in window, not exact: challenge ACK',
      };
    return {
      state: s === 'SYN_RCVD' ? (e.passiveOpen ? 'LISTEN' : 'CLOSED') : 'CLOSED',
      reply: null,
      step: '3.10.7.4 second: exact RST: reset (SYN-RECEIVED from a passive open: back to LISTEN)',
    };
  }
  if (has(kind, 'SYN')) {
    if (s === 'SYN_RCVD' && e.passiveOpen)
      return {
        state: 'LISTEN',
        reply: null,
        step: '3.10.7.4 fourth: SYN in SYN-RECEIVED (passive): back to LISTEN',
      };
    return {
      state: s,
      reply: ['ACK'],
      ack: rcvNxt,
      step: '3.10.7.4 fourth (RFC 5961 4.2): SYN: challenge ACK',
    };
  }
  if (!has(kind, 'ACK')) return { state: s, reply: null, step: '3.10.7.4 fifth: ACK bit off: drop' };

  // fifth: SEG.ACK = SND.NXT acknowledges everything, our FIN included
  let state: State = s;
  if (s === 'SYN_RCVD') state = 'ESTABLISHED';
  if (s === 'FIN_WAIT_1') state = 'FIN_WAIT_2';
  if (s === 'CLOSING') state = 'TIME_WAIT';
  if (s === 'LAST_ACK')
    return { state: 'CLOSED', reply: null, step: '3.10.7.4 fifth: LAST-ACK, our FIN acknowledged: CLOSED' };
  if (s === 'CLOSING')
    // deviation: the eighth step would ACK a second FIN here; a FIN at or after RCV.NXT cannot follow the peer's
    // own FIN, so the machine, like the fifth step's "otherwise ignore", sends nothing
    return { state, reply: null, step: '3.10.7.4 fifth: CLOSING, our FIN acknowledged: TIME-WAIT' };
  const receives = state === 'ESTABLISHED' || state === 'FIN_WAIT_2';
  if (state === 'TIME_WAIT')
    return has(kind, 'FIN')
      ? { state, reply: ['ACK'], ack: rcvNxt, step: '3.10.7.4 eighth: TIME-WAIT: ACK the FIN, restart 2 MSL' }
      : { state, reply: null, step: '3.10.7.4 seventh: TIME-WAIT: text ignored' };
  if (state === 'CLOSE_WAIT')
    // deviation: as in CLOSING, a second FIN in CLOSE-WAIT is not acknowledged
    return { state, reply: null, step: '3.10.7.4 seventh: CLOSE-WAIT: text ignored' };
  if (!receives) throw new Error(`no expectation for ${s}`);
  // seventh and eighth: text and FIN are taken only in order (at RCV.NXT); beyond a gap the ACK asks for the gap
  if (position === 'exact' && has(kind, 'FIN'))
    return {
      state: state === 'ESTABLISHED' ? 'CLOSE_WAIT' : 'TIME_WAIT',
      reply: ['ACK'],
      ack: seqAdd(rcvNxt, len + 1),
      step: '3.10.7.4 eighth: FIN: advance RCV.NXT over it and ACK (ESTABLISHED: CLOSE-WAIT, FIN-WAIT-2: TIME-WAIT)',
    };
  if (len > 0 || has(kind, 'FIN'))
    return {
      state,
      reply: ['ACK'],
      ack: position === 'exact' ? seqAdd(rcvNxt, len) : rcvNxt,
      step: '3.10.7.4 seventh: text: accept in order and ACK <SEQ=SND.NXT><ACK=RCV.NXT>',
    };
  return { state, reply: null, step: '3.10.7.4 fifth: an acceptable ACK: nothing to send' };
}

function segmentFor(e: Endpoint, kind: Kind, seq: number) {
  const flags = flagsOf(kind);
  const len = kind === 'data' ? 5 : 0;
  return flags.includes('ACK') ? { flags, seq, ack: e.sndNxt, len } : { flags, seq, len };
}

const PROFILES: Profile[] = ['rfc', 'linux'];

describe.each(PROFILES)('conformance (RFC 9293 3.10.7, RFC 5961), profile %s', (profile) => {
  describe.each(STATES.map((s) => [s]))('%s', (state) => {
    const cases = KINDS.flatMap((kind) => POSITIONS.map((position) => [kind, position] as const));
    it.each(cases)('%s segment, %s', (kind, position) => {
      const e = start(state);
      const seq = seqFor(e, position);
      const want = expected(e, kind, position, seq);
      const r = react(
        e,
        { kind: 'segment', segment: segmentFor(e, kind, seq) },
        {
          now: 0,
          timers: TIMERS,
          settings: { profile },
        },
      );
      if (!r.ok) throw new Error('a segment is never refused');
      const got = {
        state: r.endpoint.state,
        reply: r.send.length ? canonicalFlags(r.send[0].flags) : null,
        ...(want.ack !== undefined && r.send.length ? { ack: r.send[0].ack } : {}),
        step: want.step,
      };
      expect(r.send.length).toBeLessThanOrEqual(1);
      expect(got).toEqual({ ...want, reply: want.reply ? canonicalFlags(want.reply) : null });
    });
  });
});
