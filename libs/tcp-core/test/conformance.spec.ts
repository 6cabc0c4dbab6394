/**
 * Conformance suite, derived from RFC 9293 3.10.7 ("SEGMENT ARRIVES") and RFC 5961: every state × every kind of
 * arriving segment × where its sequence number falls (exact = RCV.NXT, in the window, left of it, right of it).
 * Each case is a named test citing the step that decides it. `expected()` below is written from the RFC text,
 * step by step, not from the machine, and from Linux's code where the `linux` profile departs from the RFC (each
 * such expectation names the Linux function and is marked "linux:"); the machine must agree in both profiles.
 *
 * The endpoint under test reaches its state by real events under the profile tested, so under `linux` the
 * FIN_WAIT states come from close() (which also stops receiving). Besides the 11 states, two starting points where
 * the answers depend on how the connection was opened: SYN_RCVD from a simultaneous open (active) and TIME_WAIT
 * on the side that listened (passive), where Linux reopens on a new SYN.
 *
 * Segments carrying ACK acknowledge everything we sent (SEG.ACK = SND.NXT), so the ACK check passes and the case
 * tests the sequence number and the flags. "data" is an ACK carrying 5 octets. A retransmitted SYN (SEG.SEQ = IRS)
 * in SYN_RCVD is a fifth position there ("IRS"), where Linux answers with the SYN,ACK again.
 *
 * Linux behaviours in TIME_WAIT that the machine does not model (so they are not expected here; README "Two
 * profiles"): Linux also ACKs data and other out-of-order segments in TIME_WAIT (TCP_TW_ACK, rate-limited) where
 * RFC 9293 ignores the text, and drops an inexact in-window RST there without RFC 5961's challenge ACK.
 */
import { react } from '../src/endpoint';
import { canonicalFlags, RCV_WND, seqAdd, seqDiff, seqGt } from '../src/segment';
import { STATES, type Endpoint, type Flag, type State } from '../src/types';
import type { Profile } from '../src/settings';
import { endpointIn, feedUnder, OUR_ISS, PEER_ISS, seg, TIMERS } from './helpers';

const KINDS = ['SYN', 'SYN,ACK', 'SYN,FIN', 'ACK', 'FIN', 'FIN,ACK', 'RST', 'RST,ACK', 'data'] as const;
type Kind = (typeof KINDS)[number];
const POSITIONS = ['exact', 'in window', 'left of window', 'right of window'] as const;
/** 'IRS': the peer's first SYN sent again (only asked of SYN_RCVD, where it is one below RCV.NXT) */
type Position = (typeof POSITIONS)[number] | 'IRS';

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

/** Where the endpoint under test starts: a state, and for two states how the connection was opened. */
interface Start {
  name: string;
  build: (profile: Profile) => Endpoint;
}
const START: Start[] = [
  ...STATES.map((state) => ({
    name: state === 'SYN_RCVD' ? 'SYN_RCVD (passive open)' : state,
    build: (profile: Profile) => endpointIn(state, 'server', { settings: { profile } }),
  })),
  {
    name: 'SYN_RCVD (simultaneous open)',
    build: (profile: Profile) => endpointIn('SYN_RCVD', 'server', { active: true, settings: { profile } }),
  },
  { name: 'TIME_WAIT (the side that listened)', build: (profile: Profile) => passiveTimeWait(profile) },
];

/** TIME_WAIT on the side that listened: listen, handshake, close first, the peer's FIN. */
function passiveTimeWait(profile: Profile): Endpoint {
  let e = endpointIn('LISTEN', 'server', { settings: { profile } });
  const events = [
    { kind: 'segment', segment: seg('SYN', PEER_ISS) },
    { kind: 'segment', segment: seg('ACK', PEER_ISS + 1, OUR_ISS + 1) },
    { kind: 'call', call: 'close' },
    { kind: 'segment', segment: seg('ACK', PEER_ISS + 1, OUR_ISS + 2) },
    { kind: 'segment', segment: seg('FIN,ACK', PEER_ISS + 1, OUR_ISS + 2) },
  ] as const;
  for (const event of events) e = feedUnder({ profile }, e, event).endpoint;
  if (e.state !== 'TIME_WAIT' || !e.passiveOpen)
    throw new Error(`passive TIME_WAIT helper reached ${e.state}`);
  return e;
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
    case 'IRS':
      return e.irs ?? PEER_ISS;
  }
}

/** What RFC 9293 3.10.7 says, step by step; under `linux`, what Linux does where the profile departs from it. */
function expected(e: Endpoint, kind: Kind, position: Position, seq: number, profile: Profile): Expected {
  const s = e.state;
  const linux = profile === 'linux';
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
  const bareSyn = has(kind, 'SYN') && !has(kind, 'ACK') && !has(kind, 'RST');
  // (tcp_check_req masks the flags to SYN, ACK and RST: a FIN beside the SYN does not change the answer)
  if (linux && s === 'SYN_RCVD' && e.passiveOpen && bareSyn && seq === e.irs)
    return {
      state: s,
      reply: ['SYN', 'ACK'],
      ack: rcvNxt,
      step: 'linux: tcp_check_req: the SYN again (SEG.SEQ = IRS): send the SYN,ACK again',
    };
  if (linux && s === 'TIME_WAIT' && e.passiveOpen && bareSyn && seqGt(seq, rcvNxt))
    return {
      state: 'SYN_RCVD',
      reply: ['SYN', 'ACK'],
      ack: seqAdd(seq, 1),
      step: 'linux: tcp_timewait_state_process TCP_TW_SYN (RFC 1122 4.2.2.13): a SYN after RCV.NXT opens a new incarnation',
    };
  // Figure 7, simultaneous open: the peer's SYN,ACK crossed ours; its SYN is the one already received (SEG.SEQ =
  // IRS, below RCV.NXT) but its ACK covers our SYN. As Figure 7 (and Linux) the endpoint is established, and the
  // first check's <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> goes out
  if (s === 'SYN_RCVD' && kind === 'SYN,ACK' && position === 'IRS')
    return {
      state: 'ESTABLISHED',
      reply: ['ACK'],
      ack: rcvNxt,
      step: '3.10.7.4 first (Figure 7): the crossed SYN,ACK acknowledges our SYN: ESTABLISHED, <CTL=ACK>',
    };
  // the first check's four cases (3.10.7.4, with RCV.WND > 0): a segment is acceptable if it begins in the window,
  // or if it has length and its last octet is in the window
  const inWindow = (n: number) => seqDiff(n, rcvNxt) >= 0 && seqDiff(n, rcvNxt) < RCV_WND;
  const acceptable = inWindow(seq) || (segLen > 0 && inWindow(seqAdd(seq, segLen - 1)));
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
    if (seq !== rcvNxt)
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
  const fresh = seqDiff(seqAdd(seq, len), rcvNxt) > 0; // the text reaches beyond RCV.NXT
  if (linux && e.rcvClosed && len > 0 && fresh)
    return {
      state: 'CLOSED',
      reply: ['RST'],
      step: 'linux: tcp_rcv_state_process after close() (RFC 1122 4.2.2.13): new data nobody will read: <SEQ=SEG.ACK><CTL=RST>, connection deleted',
    };
  // seventh and eighth: text and FIN are taken only in order (at RCV.NXT); beyond a gap the ACK asks for the gap
  const inOrder = seqDiff(seq, rcvNxt) <= 0; // begins at or before RCV.NXT: the text is taken from RCV.NXT on
  if (seq === rcvNxt && has(kind, 'FIN'))
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
      ack: inOrder && fresh ? seqAdd(seq, len) : rcvNxt,
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
  describe.each(START.map((start) => [start.name, start]))('%s', (_name, start) => {
    const e0 = start.build(profile);
    const positions: Position[] = e0.state === 'SYN_RCVD' ? [...POSITIONS, 'IRS'] : [...POSITIONS];
    const cases = KINDS.flatMap((kind) => positions.map((position) => [kind, position] as const));
    it.each(cases)('%s segment, %s', (kind, position) => {
      const e = start.build(profile);
      const seq = seqFor(e, position);
      const want = expected(e, kind, position, seq, profile);
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

/** The cases the two profiles answer differently, side by side: the suite must see each difference in both. */
describe('where the profiles differ, the suite expects different answers', () => {
  it.each(START.map((start) => [start.name, start]))('%s', (_name, start) => {
    const differences: string[] = [];
    for (const kind of KINDS)
      for (const position of start.build('rfc').state === 'SYN_RCVD'
        ? [...POSITIONS, 'IRS' as const]
        : POSITIONS) {
        const [rfc, linux] = PROFILES.map((profile) => {
          const e = start.build(profile);
          return expected(e, kind, position, seqFor(e, position), profile);
        });
        if (rfc.state !== linux.state || JSON.stringify(rfc.reply) !== JSON.stringify(linux.reply))
          differences.push(`${kind} ${position}`);
      }
    const wanted: Record<string, string[]> = {
      'SYN_RCVD (passive open)': ['SYN IRS', 'SYN,FIN IRS'],
      FIN_WAIT_1: ['data exact', 'data in window'],
      FIN_WAIT_2: ['data exact', 'data in window'],
      'TIME_WAIT (the side that listened)': [
        'SYN in window',
        'SYN right of window',
        'SYN,FIN in window',
        'SYN,FIN right of window',
      ],
    };
    expect(differences).toEqual(wanted[start.name] ?? []);
  });
});
