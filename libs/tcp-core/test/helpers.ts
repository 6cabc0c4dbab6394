/**
 * Small helpers in the spirit of smoltcp's socket tests: build an endpoint already in a given state, send it one
 * event, expect exactly the reply.
 *
 * Numbers follow RFC 9293's figures: our ISS is 100, the peer's ISS is 300.
 */
import { initialEndpoint, react, type Reaction } from '../src/endpoint';
import { applyMove, createLab } from '../src/api';
import { canonicalFlags } from '../src/segment';
import type {
  Endpoint,
  Flag,
  Lab,
  LabSettingsInput,
  MoveResult,
  Role,
  RuleCondition,
  RuleId,
  Segment,
  State,
  TimerKind,
} from '../src/types';

export const OUR_ISS = 100;
export const PEER_ISS = 300;
export const TIMERS = { rtoMs: 1000, mslMs: 30000, connectTimeoutMs: 75000, synRetries: 6, dataRetries: 15 };

/** seg('SYN,ACK', 300, 101) */
export function seg(flags: string, seq: number, ack?: number, len = 0): Segment {
  const list = (flags ? flags.split(',') : []) as Flag[];
  return list.includes('ACK') ? { flags: list, seq, ack: ack ?? 0, len } : { flags: list, seq, len };
}

export function feed(e: Endpoint, event: Parameters<typeof react>[1], now = 0): Reaction {
  const r = react(e, event, { now, timers: TIMERS });
  if (!r.ok) throw new Error(`expected the event to be taken, got ${r.code}: ${r.reason.en}`);
  return r;
}
/** The same, in a lab with these rule settings (the table's `when` column), e.g. `{ profile: 'linux' }`. */
export function feedUnder(
  settings: RuleCondition,
  e: Endpoint,
  event: Parameters<typeof react>[1],
  now = 0,
): Reaction {
  const r = react(e, event, { now, timers: TIMERS, settings });
  if (!r.ok) throw new Error(`expected the event to be taken, got ${r.code}: ${r.reason.en}`);
  return r;
}
export const LINUX: RuleCondition = { profile: 'linux' };

export const call = (e: Endpoint, name: 'listen' | 'connect' | 'close' | 'abort', now = 0) =>
  feed(e, { kind: 'call', call: name }, now);
export const send = (e: Endpoint, bytes: number, now = 0) =>
  feed(e, { kind: 'call', call: 'send', bytes }, now);
export const arrive = (e: Endpoint, segment: Segment, now = 0) => feed(e, { kind: 'segment', segment }, now);
export const fire = (e: Endpoint, timer: TimerKind, now = 0) => feed(e, { kind: 'timer', timer }, now);

/** A call the machine refuses: its code and English reason. */
export function refused(
  e: Endpoint,
  name: 'listen' | 'connect' | 'send' | 'close' | 'abort',
): { code: string; en: string; zh: string } {
  const r = react(
    e,
    name === 'send' ? { kind: 'call', call: 'send', bytes: 10 } : { kind: 'call', call: name },
    { now: 0, timers: TIMERS },
  );
  if (r.ok) throw new Error(`expected ${name} in ${e.state} to be refused`);
  return { code: r.code, en: r.reason.en, zh: r.reason.zh };
}

/**
 * An endpoint in `state`, reached by real events from CLOSED. SYN_RCVD comes from a passive open unless
 * `active` (simultaneous open); every later state from an active open (our ISS 100, peer ISS 300).
 */
export function endpointIn(
  state: State,
  role: Role = 'client',
  opts: { active?: boolean; settings?: RuleCondition } = {},
): Endpoint {
  let e = initialEndpoint(role, OUR_ISS, TIMERS.rtoMs);
  const step = (r: Reaction) => (e = r.endpoint);
  // the calls and segments on the way, under the given settings (e.g. linux: close() also stops receiving)
  const settings = opts.settings ?? {};
  const call = (at: Endpoint, name: 'listen' | 'connect' | 'close') =>
    feedUnder(settings, at, { kind: 'call', call: name });
  const arrive = (at: Endpoint, segment: Segment) => feedUnder(settings, at, { kind: 'segment', segment });
  const path: Record<State, () => void> = {
    CLOSED: () => undefined,
    LISTEN: () => step(call(e, 'listen')),
    SYN_SENT: () => step(call(e, 'connect')),
    SYN_RCVD: () => {
      if (opts.active) {
        step(call(e, 'connect'));
        step(arrive(e, seg('SYN', PEER_ISS)));
      } else {
        step(call(e, 'listen'));
        step(arrive(e, seg('SYN', PEER_ISS)));
      }
    },
    ESTABLISHED: () => {
      step(call(e, 'connect'));
      step(arrive(e, seg('SYN,ACK', PEER_ISS, OUR_ISS + 1)));
    },
    FIN_WAIT_1: () => {
      path.ESTABLISHED();
      step(call(e, 'close'));
    },
    FIN_WAIT_2: () => {
      path.FIN_WAIT_1();
      step(arrive(e, seg('ACK', PEER_ISS + 1, OUR_ISS + 2)));
    },
    CLOSE_WAIT: () => {
      path.ESTABLISHED();
      step(arrive(e, seg('FIN,ACK', PEER_ISS + 1, OUR_ISS + 1)));
    },
    LAST_ACK: () => {
      path.CLOSE_WAIT();
      step(call(e, 'close'));
    },
    CLOSING: () => {
      path.FIN_WAIT_1();
      step(arrive(e, seg('FIN,ACK', PEER_ISS + 1, OUR_ISS + 1)));
    },
    TIME_WAIT: () => {
      path.FIN_WAIT_2();
      step(arrive(e, seg('FIN,ACK', PEER_ISS + 1, OUR_ISS + 2)));
    },
  };
  path[state]();
  if (e.state !== state) throw new Error(`helper reached ${e.state}, not ${state}`);
  return e;
}

/** Applies moves as 'system', failing loudly on any rejection; returns the last result. */
export function play(lab: Lab, moves: unknown[]): MoveResult & { ok: true } {
  let result: MoveResult | null = null;
  for (const move of moves) {
    result = applyMove(lab, move, 'system');
    if (!result.ok)
      throw new Error(`move ${JSON.stringify(move)} rejected: ${result.code} ${result.reason.en}`);
    lab = result.lab;
  }
  if (!result || !result.ok) throw new Error('no moves');
  return result;
}

export function labAfter(moves: unknown[], settings: LabSettingsInput = {}): Lab {
  const base = createLab({ isn: { client: 1000, server: 5000 }, ...settings });
  return moves.length ? play(base, moves).lab : base;
}

export const deliver = (from: Role, index?: number) =>
  index === undefined
    ? { by: 'network', action: 'deliver', from }
    : { by: 'network', action: 'deliver', from, index };
export const drop = (from: Role) => ({ by: 'network', action: 'drop', from });
export const advance = (ms: number) => ({ by: 'clock', advance: ms });
export const by = (role: Role, name: string, bytes?: number) =>
  bytes === undefined ? { by: role, call: name } : { by: role, call: name, bytes };

/** The handshake on the lab: server listens, client connects, three segments delivered. */
export const HANDSHAKE = [
  by('server', 'listen'),
  by('client', 'connect'),
  deliver('client'),
  deliver('server'),
  deliver('client'),
];

/** The same segments in the shape `emitted` uses, without ids and timing. */
export const wire = (segments: Segment[]) =>
  segments.map((s) => ({ flags: s.flags, seq: s.seq, ack: s.ack, len: s.len }));

/** The reaction is exactly: this state, these segments (flags compared as sets), this rule. */
export function expectReply(
  r: Reaction,
  want: { state: State; send?: Segment[]; rule?: RuleId | null },
): void {
  const norm = (list: Segment[]) => list.map((s) => ({ ...s, flags: canonicalFlags(s.flags) }));
  expect(r.endpoint.state).toBe(want.state);
  expect(norm(r.send)).toEqual(norm(want.send ?? []));
  if (want.rule !== undefined) expect(r.ruleId).toBe(want.rule);
}
