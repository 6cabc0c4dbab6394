/**
 * A lab: two endpoints, the network between them (segments in flight), the lab clock and the settings.
 *
 * The functions here apply one already-validated move (moves.ts checks the schema and who may act). Labs are
 * plain data and never mutated: each move returns a new lab that shares every part it did not change
 * (copy-on-write), so keeping every lab of a transcript costs little and replay is cheap.
 *
 * Stack mode: when an event reaches an endpoint, the reference machine's answer is stored as `pending` instead of
 * being applied; the endpoint's participant answers, is graded, and the lab goes on from the correct answer.
 */
import { describeEvent, initialEndpoint, react, receiveWindow, type Reaction } from './endpoint';
import { canonicalFlags, describeSegment, has, makeSegment, sameSegment, toSegment } from './segment';
import { resolveSettings } from './settings';
import { ruleById } from './transitions';
import {
  otherRole,
  type Answer,
  type ArmedFault,
  type Bilingual,
  type Call,
  type EndpointEvent,
  type FaultKind,
  type Lab,
  type LabSettings,
  type LabSettingsInput,
  type MistakeCode,
  type MoveResult,
  type NetworkEvent,
  type PendingEvent,
  type RejectionCode,
  type Role,
  type Segment,
  type TimerKind,
  type TransitionTaken,
  type WireSegment,
} from './types';

/** Bound on deliveries in one move: two correct endpoints settle in a handful; this only stops a runaway. */
export const MAX_DELIVERIES_PER_MOVE = 1000;
/** Bound on timer firings in one clock move (a day of lab time with RTO capped at 60 s fits comfortably). */
export const MAX_TIMER_FIRINGS_PER_MOVE = 10000;

/**
 * The longest one clock move may advance: one day, the longest timer any setting allows (`connectTimeoutMs`, a
 * `delay` fault), so the server's clock, which advances exactly to the next timer, is never refused. A longer
 * advance is refused (ADVANCE_TOO_LONG) and changes nothing. Within it, retransmissions stay few: each endpoint
 * gives up after `timers.synRetries` / `timers.dataRetries` retransmissions of the same segment (RFC 9293 3.8.3
 * R2), so one advance sends at most synRetries + dataRetries segments per endpoint, whatever its length.
 */
export const MAX_CLOCK_ADVANCE_MS = 86_400_000;

/**
 * The most segments the network holds at once (both directions). A segment put on a full network makes the oldest
 * one (the smallest id) lost, as a full router queue loses packets: a `dropped` event with `cause: 'overflow'` and
 * its reason in both languages, recorded in the move's entry. TCP recovers as from any loss (retransmission).
 */
export const MAX_IN_FLIGHT = 64;

/** The reason a student reads for an overflow drop. */
export const OVERFLOW_REASON: Bilingual = {
  en: `the network holds at most ${MAX_IN_FLIGHT} segments, so the oldest one in flight was lost (as a full router queue drops packets); TCP recovers by retransmitting`,
  zh: `网络中最多同时容纳 ${MAX_IN_FLIGHT} 个报文段，因此最早的一个在途报文段丢失了（就像路由器队列满时丢包一样）；TCP 会通过重传恢复`,
};

/**
 * A bound on a lab's JSON text (property-tested): the settings, two endpoints and pending events take well under
 * 8,000 characters; each segment in flight at most ~6,400 (its fields plus a `send` payload of up to 1,000
 * characters, each at most 6 when escaped).
 */
export const MAX_LAB_JSON_CHARS = 8_000 + MAX_IN_FLIGHT * 6_400;

/** A new lab: both endpoints CLOSED, clock 0, nothing in flight. */
export function createLab(input?: LabSettingsInput | LabSettings): Lab {
  const settings = resolveSettings(input);
  return {
    settings,
    clock: 0,
    client: initialEndpoint('client', settings.isn.client, settings.timers.rtoMs, settings.rcvWnd),
    server: initialEndpoint('server', settings.isn.server, settings.timers.rtoMs, settings.rcvWnd),
    inFlight: [],
    nextSegmentId: 1,
    step: 0,
    pending: { client: null, server: null },
    faults: {},
  };
}

export function reject(lab: Lab, code: RejectionCode, en: string, zh: string): MoveResult {
  return { ok: false, lab, code, reason: { en, zh } };
}

const roleZh = (role: Role) => (role === 'client' ? '客户端' : '服务器');

/**
 * One move being applied: a shallow copy of the lab plus what happened so far. Parts of the lab are replaced,
 * never changed in place, so the lab the move started from stays as it was.
 */
export class Turn {
  readonly lab: Lab;
  readonly transitions: TransitionTaken[] = [];
  readonly emitted: WireSegment[] = [];
  readonly events: NetworkEvent[] = [];
  private ownInFlight = false;
  private deliveries = 0;

  constructor(lab: Lab) {
    // field by field: faster than a spread and keeps one Lab shape
    this.lab = {
      settings: lab.settings,
      clock: lab.clock,
      client: lab.client,
      server: lab.server,
      inFlight: lab.inFlight,
      nextSegmentId: lab.nextSegmentId,
      step: lab.step,
      pending: lab.pending,
      faults: lab.faults,
    };
  }

  result(extra?: Partial<Extract<MoveResult, { ok: true }>>): MoveResult {
    this.lab.step += 1;
    const result: MoveResult = {
      ok: true,
      lab: this.lab,
      transitions: this.transitions,
      emitted: this.emitted,
      events: this.events,
    };
    return extra ? Object.assign(result, extra) : result;
  }

  private inFlight(): WireSegment[] {
    if (!this.ownInFlight) {
      this.lab.inFlight = this.lab.inFlight.slice();
      this.ownInFlight = true;
    }
    return this.lab.inFlight;
  }

  setPending(role: Role, pending: PendingEvent | null): void {
    this.lab.pending =
      role === 'client'
        ? { client: pending, server: this.lab.pending.server }
        : { client: this.lab.pending.client, server: pending };
  }

  private takeFault(from: Role): ArmedFault | undefined {
    const faults = this.lab.faults;
    const fault = faults?.[from];
    if (!fault) return undefined;
    const rest = { ...faults };
    delete rest[from];
    this.lab.faults = rest;
    return fault;
  }

  /** Puts a segment on the wire (applying an armed fault) and records it as emitted. */
  put(from: Role, segment: Segment, retransmission: boolean, data?: string): void {
    // the header's window field and SYN options, as the sender's TCB has them now (RFC 9293 3.1, 3.8.6, 3.7.1);
    // a SYN's window is never scaled (RFC 7323 2.2)
    const sender = this.lab[from];
    const settings = this.lab.settings;
    const syn = segment.flags.includes('SYN');
    const window = receiveWindow(sender, settings);
    const wire: WireSegment = {
      id: this.lab.nextSegmentId,
      from,
      flags: segment.flags,
      seq: segment.seq,
      ack: segment.ack,
      len: segment.len,
      sentAt: this.lab.clock,
      wnd: syn ? window : window >> (sender.negotiated?.rcvWscale ?? 0),
    };
    if (syn) {
      // a SYN,ACK carries window scale only if the peer's SYN did (RFC 7323 2.2)
      const scale =
        settings.windowScale !== null && (!has(segment, 'ACK') || sender.negotiated?.scaling === true)
          ? settings.windowScale
          : undefined;
      wire.options = scale === undefined ? { mss: settings.mss } : { mss: settings.mss, wscale: scale };
    }
    if (retransmission) wire.retransmission = true;
    if (data !== undefined) wire.data = data;
    this.lab.nextSegmentId += 1;
    this.emitted.push(wire);
    const fault = this.takeFault(from);
    if (!fault) {
      this.inFlight().push(wire);
      this.overflow();
      return;
    }
    const at = this.lab.clock;
    switch (fault.fault) {
      case 'drop':
        this.events.push({ kind: 'dropped', id: wire.id, at });
        return;
      case 'duplicate': {
        const copy: WireSegment = { ...wire, id: this.lab.nextSegmentId, duplicateOf: wire.id };
        this.lab.nextSegmentId += 1;
        this.inFlight().push(wire, copy);
        this.events.push({ kind: 'duplicated', id: wire.id, copyId: copy.id, at });
        this.overflow();
        return;
      }
      case 'delay':
        this.inFlight().push({ ...wire, holdUntil: at + (fault.delayMs ?? this.lab.settings.timers.rtoMs) });
        this.overflow();
        return;
      case 'reorder':
        // the segment overtakes everything already on the wire
        this.inFlight().unshift(wire);
        this.overflow();
        return;
    }
  }

  /** More than MAX_IN_FLIGHT segments on the wire: the oldest (smallest id) are lost, each a recorded event. */
  private overflow(): void {
    const inFlight = this.lab.inFlight;
    while (inFlight.length > MAX_IN_FLIGHT) {
      let oldest = 0;
      for (let i = 1; i < inFlight.length; i++) if (inFlight[i].id < inFlight[oldest].id) oldest = i;
      const [lost] = this.inFlight().splice(oldest, 1);
      this.events.push({
        kind: 'dropped',
        id: lost.id,
        at: this.lab.clock,
        cause: 'overflow',
        reason: OVERFLOW_REASON,
      });
    }
  }

  /**
   * An event reaches `role`. Calls mode, or an event that changes nothing: the reference result is applied.
   * Stack mode, when the reference result changes the state or sends something: it becomes `pending`.
   * A refused call comes back as `refused` and changes nothing.
   */
  hand(role: Role, event: EndpointEvent): { refused?: MoveResult; pending: boolean; reaction?: Reaction } {
    const endpoint = this.lab[role];
    const reaction = react(endpoint, event, {
      now: this.lab.clock,
      timers: this.lab.settings.timers,
      settings: this.lab.settings,
    });
    if (!reaction.ok)
      return {
        refused: { ok: false, lab: this.lab, code: reaction.code, reason: reaction.reason },
        pending: false,
      };
    const needsAnswer = reaction.send.length > 0 || reaction.endpoint.state !== endpoint.state;
    if (this.lab.settings.mode === 'stack' && needsAnswer) {
      this.setPending(role, {
        event: describeEvent(event),
        kind: event.kind,
        ruleId: reaction.ruleId,
        expected: { state: reaction.endpoint.state, send: reaction.send },
        input: event,
        at: this.lab.clock,
      });
      return { pending: true, reaction };
    }
    this.applyReaction(role, reaction, event);
    return { pending: false, reaction };
  }

  applyReaction(role: Role, reaction: Reaction, event: EndpointEvent): void {
    this.lab[role] = reaction.endpoint;
    for (const t of reaction.transitions) this.transitions.push(t);
    const retransmission = event.kind === 'timer' && event.timer === 'retransmit';
    // the payload of a send rides along for display only; the machine models its length
    const data = event.kind === 'call' ? event.data : undefined;
    for (const segment of reaction.send)
      this.put(role, segment, retransmission, segment.len > 0 ? data : undefined);
  }

  /** Index in inFlight of the k-th oldest deliverable segment from `from`, or a rejection code. */
  find(
    from: Role,
    k: number,
  ): { index: number } | { code: 'NOTHING_IN_FLIGHT' | 'NO_SUCH_SEGMENT'; count: number } {
    let seen = 0;
    const inFlight = this.lab.inFlight;
    for (let i = 0; i < inFlight.length; i++) {
      const s = inFlight[i];
      if (s.from !== from || (s.holdUntil !== undefined && s.holdUntil > this.lab.clock)) continue;
      if (seen === k) return { index: i };
      seen++;
    }
    return { code: seen === 0 ? 'NOTHING_IN_FLIGHT' : 'NO_SUCH_SEGMENT', count: seen };
  }

  /** Takes inFlight[index] off the wire and delivers it to the other endpoint. */
  deliverAt(index: number): { pending: boolean } {
    const wire = this.lab.inFlight[index];
    this.inFlight().splice(index, 1);
    this.deliveries++;
    const to = otherRole(wire.from);
    const event: EndpointEvent = { kind: 'segment', segment: toSegment(wire), id: wire.id };
    const delivered: NetworkEvent = {
      kind: 'delivered',
      id: wire.id,
      to,
      at: this.lab.clock,
      accepted: true,
    };
    this.events.push(delivered);
    const outcome = this.hand(to, event);
    delivered.accepted = outcome.reaction?.accepted ?? false;
    return { pending: outcome.pending };
  }

  removeAt(index: number): WireSegment {
    const wire = this.lab.inFlight[index];
    this.inFlight().splice(index, 1);
    return wire;
  }

  duplicateAt(index: number): void {
    const wire = this.lab.inFlight[index];
    const copy: WireSegment = { ...wire, id: this.lab.nextSegmentId, duplicateOf: wire.id };
    this.lab.nextSegmentId += 1;
    this.inFlight().push(copy);
    this.events.push({ kind: 'duplicated', id: wire.id, copyId: copy.id, at: this.lab.clock });
    this.overflow();
  }

  /** Index of the oldest segment that may be delivered now, or -1. */
  oldestDeliverable(): number {
    const inFlight = this.lab.inFlight;
    const clock = this.lab.clock;
    for (let i = 0; i < inFlight.length; i++) {
      const h = inFlight[i].holdUntil;
      if (h === undefined || h <= clock) return i;
    }
    return -1;
  }

  /**
   * Delivers oldest first until nothing deliverable is left, an event needs an answer (stack mode), the oldest
   * segment is for an endpoint still owing an answer, or the bound is reached.
   */
  deliverAll(): 'done' | 'stopped' {
    for (;;) {
      if (this.deliveries >= MAX_DELIVERIES_PER_MOVE) return 'stopped';
      const i = this.oldestDeliverable();
      if (i < 0) return 'done';
      if (this.lab.pending[otherRole(this.lab.inFlight[i].from)]) return 'stopped';
      if (this.deliverAt(i).pending) return 'stopped';
    }
  }

  autoNetwork(): 'done' | 'stopped' {
    return this.lab.settings.network === 'auto' ? this.deliverAll() : 'done';
  }
}

// ───────────────────────── moves, once validated ─────────────────────────

export function applyCall(lab: Lab, role: Role, call: Call, bytes?: number, data?: string): MoveResult {
  if (lab.pending[role]) return awaitingAnswer(lab, role);
  const turn = new Turn(lab);
  let event: EndpointEvent = { kind: 'call', call };
  if (call === 'send')
    event = data === undefined ? { kind: 'call', call, bytes } : { kind: 'call', call, bytes, data };
  else if (call === 'read' && bytes !== undefined) event = { kind: 'call', call, bytes };
  const outcome = turn.hand(role, event);
  if (outcome.refused) return { ...outcome.refused, lab } as MoveResult;
  turn.autoNetwork();
  return turn.result(outcome.pending ? {} : { ruleId: outcome.reaction?.ruleId ?? null });
}

export function awaitingAnswer(lab: Lab, role: Role): MoveResult {
  const p = lab.pending[role];
  return reject(
    lab,
    'AWAITING_ANSWER',
    `the ${role} must first answer the event it is waiting on (${p?.event.en ?? 'an event'})`,
    `${roleZh(role)}必须先回答它正在等待处理的事件（${p?.event.zh ?? '一个事件'}）`,
  );
}

export function applyNetworkOnSegment(
  lab: Lab,
  action: 'deliver' | 'drop' | 'duplicate',
  from: Role,
  index: number,
): MoveResult {
  const turn = new Turn(lab);
  const found = turn.find(from, index);
  if ('code' in found) {
    if (found.code === 'NOTHING_IN_FLIGHT') {
      return reject(
        lab,
        'NOTHING_IN_FLIGHT',
        `no segment from the ${from} is in flight`,
        `没有来自${roleZh(from)}的报文段在网络中传输`,
      );
    }
    return reject(
      lab,
      'NO_SUCH_SEGMENT',
      `there is no segment #${index} from the ${from} in flight (only ${found.count}, numbered from 0)`,
      `没有来自${roleZh(from)}的第 ${index} 号报文段（只有 ${found.count} 个，编号从 0 开始）`,
    );
  }
  return actOnSegment(lab, turn, action, found.index);
}

/**
 * A network move on the segment with this id (tcp-core extension of tcp-lab/1): what a click on one segment means,
 * whatever else was sent, retransmitted or delayed since the view it was made from.
 */
export function applyNetworkOnSegmentId(
  lab: Lab,
  action: 'deliver' | 'drop' | 'duplicate',
  id: number,
): MoveResult {
  const index = lab.inFlight.findIndex((s) => s.id === id);
  if (index < 0)
    return reject(
      lab,
      'NO_SUCH_SEGMENT',
      `segment #${id} is not in flight (it was delivered or dropped, or never sent)`,
      `报文段 #${id} 不在网络中（它已被递交或丢弃，或者从未发送过）`,
    );
  const held = lab.inFlight[index].holdUntil;
  if (action === 'deliver' && held !== undefined && held > lab.clock)
    return reject(
      lab,
      'SEGMENT_HELD',
      `segment #${id} is delayed until lab time ${held} ms (now ${lab.clock} ms); it cannot be delivered before then`,
      `报文段 #${id} 被延迟到实验时间 ${held} 毫秒（现在是 ${lab.clock} 毫秒），在此之前不能递交`,
    );
  return actOnSegment(lab, new Turn(lab), action, index);
}

function actOnSegment(
  lab: Lab,
  turn: Turn,
  action: 'deliver' | 'drop' | 'duplicate',
  index: number,
): MoveResult {
  const to = otherRole(lab.inFlight[index].from);
  switch (action) {
    case 'deliver':
      if (lab.pending[to]) return awaitingAnswer(lab, to);
      turn.deliverAt(index);
      break;
    case 'drop': {
      const wire = turn.removeAt(index);
      turn.events.push({ kind: 'dropped', id: wire.id, at: lab.clock });
      break;
    }
    case 'duplicate':
      turn.duplicateAt(index);
      break;
  }
  turn.autoNetwork();
  return turn.result();
}

export function applyDeliverAll(lab: Lab): MoveResult {
  const turn = new Turn(lab);
  const first = turn.oldestDeliverable();
  if (first < 0) return reject(lab, 'NOTHING_IN_FLIGHT', 'no segment is in flight', '网络中没有报文段');
  const to = otherRole(lab.inFlight[first].from);
  if (lab.pending[to]) return awaitingAnswer(lab, to);
  turn.deliverAll();
  return turn.result();
}

export function applyInject(lab: Lab, to: Role, segment: Segment): MoveResult {
  if (lab.pending[to]) return awaitingAnswer(lab, to);
  const turn = new Turn(lab);
  const clean = makeSegment(canonicalFlags(segment.flags), segment.seq, segment.ack, segment.len);
  if (segment.wnd !== undefined) clean.wnd = segment.wnd;
  if (segment.options !== undefined) clean.options = segment.options;
  const id = turn.lab.nextSegmentId;
  turn.lab.nextSegmentId += 1;
  turn.events.push({ kind: 'injected', id, to, at: lab.clock, segment: clean });
  const delivered: NetworkEvent = { kind: 'delivered', id, to, at: lab.clock, accepted: true };
  turn.events.push(delivered);
  const outcome = turn.hand(to, { kind: 'segment', segment: clean, id });
  delivered.accepted = outcome.reaction?.accepted ?? false;
  turn.autoNetwork();
  return turn.result();
}

export function applyFault(lab: Lab, fault: FaultKind, from: Role, delayMs?: number): MoveResult {
  const turn = new Turn(lab);
  const armed: ArmedFault = delayMs === undefined ? { fault } : { fault, delayMs };
  turn.lab.faults = { ...lab.faults, [from]: armed };
  turn.events.push({ kind: 'fault-armed', fault, from, at: lab.clock });
  return turn.result();
}

interface DueTimer {
  role: Role;
  timer: TimerKind;
  at: number;
}

/** Tie order for timers due at the same instant: a connection that is over closes before it retransmits. */
const TIMER_ORDER: readonly TimerKind[] = ['timeWait', 'connect', 'retransmit', 'persist'];

/** The earliest running timer of either endpoint (ties: TIMER_ORDER, then client before server). */
export function earliestTimer(lab: Lab, skipPending: boolean): DueTimer | null {
  let best: DueTimer | null = null;
  for (const role of ['client', 'server'] as const) {
    if (skipPending && lab.pending[role]) continue;
    const timers = lab[role].timers;
    for (const timer of TIMER_ORDER) {
      const at = timers[timer];
      if (at !== undefined && (best === null || at < best.at)) best = { role, timer, at };
    }
  }
  return best;
}

export function applyAdvance(lab: Lab, ms: number): MoveResult {
  if (ms > MAX_CLOCK_ADVANCE_MS)
    return reject(
      lab,
      'ADVANCE_TOO_LONG',
      `one clock move may advance at most ${MAX_CLOCK_ADVANCE_MS} ms (one day), not ${ms} ms; advance in several steps`,
      `一次时钟操作最多推进 ${MAX_CLOCK_ADVANCE_MS} 毫秒（一天），不能推进 ${ms} 毫秒；请分几次推进`,
    );
  const target = lab.clock + ms;
  const turn = new Turn(lab);
  for (let fired = 0; fired < MAX_TIMER_FIRINGS_PER_MOVE; fired++) {
    const due = earliestTimer(turn.lab, false);
    if (!due || due.at > target) break;
    if (turn.lab.pending[due.role]) {
      // an endpoint that still owes an answer cannot take another event: time stops at its timer
      if (due.at <= lab.clock && fired === 0) return awaitingAnswer(lab, due.role);
      turn.lab.clock = Math.max(turn.lab.clock, due.at);
      return turn.result();
    }
    turn.lab.clock = Math.max(turn.lab.clock, due.at);
    turn.events.push({ kind: 'timer', endpoint: due.role, timer: due.timer, at: turn.lab.clock });
    const outcome = turn.hand(due.role, { kind: 'timer', timer: due.timer });
    if (outcome.pending) return turn.result();
    if (turn.autoNetwork() === 'stopped' && hasPending(turn.lab)) return turn.result();
  }
  turn.lab.clock = Math.max(turn.lab.clock, target);
  turn.autoNetwork();
  return turn.result();
}

const hasPending = (lab: Lab) => lab.pending.client !== null || lab.pending.server !== null;

// ───────────────────────── stack mode answers ─────────────────────────

export function applyAnswer(lab: Lab, role: Role, answer: Answer): MoveResult {
  if (lab.settings.mode !== 'stack') {
    return reject(
      lab,
      'NOT_STACK_MODE',
      'answers are only made in stack mode; in calls mode tcp-core plays both stacks',
      '只有在协议栈模式下才需要作答；在调用模式下由 tcp-core 扮演双方的协议栈',
    );
  }
  const pending = lab.pending[role];
  if (!pending || !pending.input) {
    return reject(
      lab,
      'NOTHING_TO_ANSWER',
      `the ${role} has no event waiting for an answer`,
      `${roleZh(role)}没有等待回答的事件`,
    );
  }
  const reaction = react(lab[role], pending.input, {
    now: pending.at ?? lab.clock,
    timers: lab.settings.timers,
    settings: lab.settings,
  });
  if (!reaction.ok)
    return reject(lab, 'NOTHING_TO_ANSWER', 'the pending event no longer applies', '待处理的事件已不再适用');
  const verdict = gradeAnswer(pending.expected, answer, pending.ruleId);
  const turn = new Turn(lab);
  turn.setPending(role, null);
  turn.applyReaction(role, reaction, pending.input);
  turn.autoNetwork();
  return verdict.correct
    ? turn.result({ correct: true, ruleId: pending.ruleId })
    : turn.result({
        correct: false,
        expected: pending.expected,
        mistake: verdict.mistake,
        ruleId: pending.ruleId,
      });
}

type Verdict = { correct: true } | { correct: false; mistake: { code: MistakeCode; reason: Bilingual } };

const flagsText = (s: Segment) => canonicalFlags(s.flags).join(',') || '(none)';

/**
 * Grades a stack-mode answer against the reference answer: the state, the number of segments, then each
 * segment's flags (as a set), seq, ack (when ACK is set) and len. The reason explains the rule that applies (its
 * RFC section and explanation; never its id, which is for logs).
 */
export function gradeAnswer(expected: Answer, given: Answer, ruleId: string | null): Verdict {
  const wrong = (code: MistakeCode, en: string, zh: string): Verdict => {
    const rule = ruleId ? ruleById(ruleId) : undefined;
    const plan = answerText(expected);
    return {
      correct: false,
      mistake: {
        code,
        reason: rule
          ? {
              // the rule's RFC section and explanation, never its id: ids are for logs and exports
              en: `${en}. ${rule.rfc}: ${rule.explain.en}`,
              zh: `${zh}。${rule.rfc}：${rule.explain.zh}`,
            }
          : { en: `${en}. The reference stack ${plan.en}`, zh: `${zh}。参考协议栈${plan.zh}` },
      },
    };
  };
  if (given.state !== expected.state) {
    return wrong(
      'WRONG_STATE',
      `the endpoint should now be in ${expected.state}, not ${given.state}`,
      `端点此时应处于 ${expected.state} 状态，而不是 ${given.state}`,
    );
  }
  if (given.send.length !== expected.send.length) {
    return wrong(
      'WRONG_SEGMENT_COUNT',
      `${expected.send.length} segment(s) should be sent here, not ${given.send.length}`,
      `此时应发送 ${expected.send.length} 个报文段，而不是 ${given.send.length} 个`,
    );
  }
  for (let i = 0; i < expected.send.length; i++) {
    const e = expected.send[i];
    const g = given.send[i];
    if (sameSegment(e, g)) continue;
    const n = expected.send.length > 1 ? ` ${i + 1}` : '';
    if (flagsText(e) !== flagsText(g)) {
      return wrong(
        'WRONG_FLAGS',
        `segment${n} should carry ${flagsText(e)}, not ${flagsText(g)}`,
        `报文段${n}的标志位应为 ${flagsText(e)}，而不是 ${flagsText(g)}`,
      );
    }
    if (e.seq !== g.seq) {
      return wrong(
        'WRONG_SEQ',
        `segment${n} should have seq=${e.seq}, not ${g.seq}`,
        `报文段${n}的序号应为 ${e.seq}，而不是 ${g.seq}`,
      );
    }
    if (has(e, 'ACK') && e.ack !== g.ack) {
      return wrong(
        'WRONG_ACK',
        `segment${n} should have ack=${e.ack}, not ${g.ack}`,
        `报文段${n}的确认号应为 ${e.ack}，而不是 ${g.ack}`,
      );
    }
    return wrong(
      'WRONG_LEN',
      `segment${n} should have len=${e.len}, not ${g.len}`,
      `报文段${n}的长度应为 ${e.len}，而不是 ${g.len}`,
    );
  }
  return { correct: true };
}

function answerText(answer: Answer): Bilingual {
  if (answer.send.length === 0)
    return {
      en: `sends nothing and is in ${answer.state}`,
      zh: `不发送任何报文段，处于 ${answer.state} 状态`,
    };
  const segs = answer.send.map(describeSegment).join('; ');
  return { en: `sends ${segs} and is in ${answer.state}`, zh: `发送 ${segs}，并处于 ${answer.state} 状态` };
}
