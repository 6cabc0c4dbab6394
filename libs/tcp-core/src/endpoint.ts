/**
 * The reference machine: one TCP endpoint, RFC 9293 section 3.10 ("Event Processing") as a pure function
 *   (endpoint, event) -> (endpoint, segments to send, transitions taken).
 *
 * Every branch cites the RFC text it follows. Every transition carries the id of its row in transitions.ts.
 * The lab (lab.ts) owns the clock and the network; this file never sees either, it is told the time.
 * No delayed ACK, no data unless a `send` call put it there. Windows (RFC 9293 3.8.6): RCV.WND is the setting
 * `rcvWnd` minus data waiting unread (`appReads: 'call'`); a send waits for SND.WND; a zero window is probed.
 */
import {
  describeSegment,
  has,
  isAcceptable,
  makeSegment,
  RCV_WND,
  seqAdd,
  seqDiff,
  seqGt,
  seqLe,
  sequenceLength,
} from './segment';
import type { RuleId } from './transitions';
import type {
  Bilingual,
  Call,
  Endpoint,
  EndpointEvent,
  Flag,
  Role,
  RuleCondition,
  Segment,
  State,
  TimerKind,
  TimerSettings,
  TransitionTaken,
} from './types';

export type { EndpointEvent, TimerKind } from './types';

/**
 * The machine is told the time and the settings; it owns neither. `settings` holds the lab's settings that decide
 * rules (the table's `when` column); a field left out takes its default.
 */
export interface MachineContext {
  now: number;
  timers: TimerSettings;
  settings?: RuleCondition;
}

export interface Reaction {
  ok: true;
  endpoint: Endpoint;
  send: Segment[];
  /** state changes, plus self-loops that follow a named rule */
  transitions: TransitionTaken[];
  /** the rule the event followed (the last one when a segment causes two transitions) */
  ruleId: RuleId | null;
  /** segment events: false when the segment was discarded or refused rather than processed */
  accepted: boolean;
}

export interface CallRefused {
  ok: false;
  code: 'NOT_IN_STATE';
  reason: Bilingual;
}

/** TIME_WAIT's length: 2 MSL (RFC 9293 3.10.7.4), unless the setting `timers.timeWaitMs` cuts it short. */
export const timeWaitLength = (ctx: MachineContext): number => ctx.timers.timeWaitMs ?? 2 * ctx.timers.mslMs;

/** RFC 6298 2.5: a maximum may be placed on RTO provided it is at least 60 seconds. */
export const MAX_RTO_MS = 60_000;

export function initialEndpoint(role: Role, iss: number, rtoMs: number, rcvWnd = RCV_WND): Endpoint {
  return {
    role,
    state: 'CLOSED',
    iss: iss >>> 0,
    irs: null,
    sndUna: iss >>> 0,
    sndNxt: iss >>> 0,
    rcvNxt: 0,
    unackedBytes: 0,
    finSent: false,
    passiveOpen: false,
    queuedText: 0,
    queuedFin: false,
    retries: 0,
    rcvBuffered: 0,
    rcvWnd,
    sndWnd: RCV_WND,
    sndQueued: 0,
    rcvClosed: false,
    negotiated: undefined,
    timers: timers(),
    rtoMs,
  };
}

/**
 * The timers object always has its three keys (a stopped timer is `undefined`): one object shape keeps the hot
 * path fast, and JSON and deep equality treat an undefined key as absent.
 */
export function timers(
  retransmit?: number,
  timeWait?: number,
  connect?: number,
  persist?: number,
): Endpoint['timers'] {
  return { retransmit, timeWait, connect, persist };
}

/** A field-by-field copy (faster than a spread, and the copy keeps the one Endpoint shape). */
export function copyEndpoint(e: Endpoint): Endpoint {
  return {
    role: e.role,
    state: e.state,
    iss: e.iss,
    irs: e.irs,
    sndUna: e.sndUna,
    sndNxt: e.sndNxt,
    rcvNxt: e.rcvNxt,
    unackedBytes: e.unackedBytes,
    finSent: e.finSent,
    passiveOpen: e.passiveOpen,
    queuedText: e.queuedText ?? 0,
    queuedFin: e.queuedFin ?? false,
    retries: e.retries ?? 0,
    rcvBuffered: e.rcvBuffered ?? 0,
    rcvWnd: e.rcvWnd ?? RCV_WND,
    sndWnd: e.sndWnd ?? RCV_WND,
    sndQueued: e.sndQueued ?? 0,
    rcvClosed: e.rcvClosed ?? false,
    negotiated: e.negotiated,
    timers: timers(e.timers.retransmit, e.timers.timeWait, e.timers.connect, e.timers.persist),
    rtoMs: e.rtoMs,
  };
}

/** RCV.WND: the receive buffer (setting `rcvWnd`) minus what waits unread (RFC 9293 3.8.6). */
export function receiveWindow(e: Endpoint, settings?: RuleCondition): number {
  return Math.max(0, (settings?.rcvWnd ?? RCV_WND) - (e.rcvBuffered ?? 0));
}

/** The application has read it (appReads 'auto') or it waits in the receive buffer ('call'). */
function receive(d: Draft, octets: number): void {
  // never more than the buffer holds (text on a SYN is not trimmed to the window first: RFC 9293 3.10.7.2 queues it)
  if (octets > 0 && d.ctx.settings?.appReads === 'call')
    d.e.rcvBuffered = Math.min(d.e.rcvBuffered + octets, d.ctx.settings.rcvWnd ?? RCV_WND);
}

/** What a SYN tells the TCB (RFC 9293 3.7.1: no MSS option means 536; RFC 7323 2.2: scaling only if both sent it). */
function learnSyn(d: Draft, seg: Segment): void {
  const ours = d.ctx.settings?.windowScale ?? null;
  const theirs = seg.options?.wscale;
  const both = ours !== null && theirs !== undefined;
  d.e.negotiated = {
    sndMss: seg.options?.mss ?? 536,
    scaling: both,
    sndWscale: both ? theirs : 0,
    rcvWscale: both ? ours : 0,
  };
  d.e.sndWnd = seg.wnd ?? RCV_WND; // a SYN's window is never scaled (RFC 7323 2.2)
}

/**
 * 'SYN_SENT' -> 'syn-sent', the spelling of states inside rule ids (brief-rules.md). The machine never builds an
 * id from it: every id below is a literal `RuleId`, so it can be searched for.
 */
export const ruleState = (state: State): string => state.toLowerCase().replace(/_/g, '-');

/** The synchronized states of RFC 9293 3.10.7.4 (everything after the handshake began on both sides). */
export const SYNCHRONIZED: readonly State[] = [
  'SYN_RCVD',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
];

export function react(endpoint: Endpoint, event: EndpointEvent, ctx: MachineContext): Reaction | CallRefused {
  switch (event.kind) {
    case 'call':
      return onCall(
        new Draft(endpoint, ctx),
        event.call,
        event.bytes ?? (event.call === 'read' ? Infinity : 0),
      );
    case 'segment':
      return onSegment(new Draft(endpoint, ctx), event.segment);
    case 'timer':
      return onTimer(new Draft(endpoint, ctx), event.timer);
  }
}

/** A copy of the endpoint being changed by one event, with what the event made it send and do. */
class Draft {
  readonly e: Endpoint;
  readonly send: Segment[] = [];
  readonly transitions: TransitionTaken[] = [];
  ruleId: RuleId | null = null;
  accepted = true;

  constructor(
    endpoint: Endpoint,
    readonly ctx: MachineContext,
  ) {
    this.e = copyEndpoint(endpoint);
  }

  enter(to: State, ruleId: RuleId | null): void {
    const from = this.e.state;
    this.transitions.push(
      ruleId ? { endpoint: this.e.role, from, to, ruleId } : { endpoint: this.e.role, from, to },
    );
    this.ruleId = ruleId;
    this.e.state = to;
    if (to === 'CLOSED') {
      // the TCB is deleted (RFC 9293 3.10.4, 3.10.7.4, 3.10.8): no timer, nothing waiting to be sent or read
      this.e.timers = timers();
      this.e.sndQueued = 0;
      this.e.rcvBuffered = 0;
    }
    // RFC 9293 3.10.7.4: entering TIME-WAIT starts the time-wait timer and turns off the other timers.
    if (to === 'TIME_WAIT') this.e.timers = timers(undefined, this.ctx.now + timeWaitLength(this.ctx));
    // The connect (user) timeout only guards SYN-SENT (RFC 9293 3.10.8).
    if (from === 'SYN_SENT') this.e.timers.connect = undefined;
  }

  /** A rule that keeps the state (the diagram hides these, the grader uses them). */
  loop(ruleId: RuleId): void {
    this.transitions.push({ endpoint: this.e.role, from: this.e.state, to: this.e.state, ruleId });
    this.ruleId = ruleId;
  }

  emit(flags: Flag[], seq: number, ack?: number, len = 0): void {
    this.send.push(makeSegment(flags, seq, ack, len));
  }

  /** <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: the ACK of 3.10.7.4 (and RFC 5961's challenge ACK). */
  emitAck(): void {
    this.emit(['ACK'], this.e.sndNxt, this.e.rcvNxt);
  }

  /** RFC 6298 5.1: start the retransmission timer when sending and it is not running. */
  armRetransmit(): void {
    if (this.e.timers.retransmit === undefined) this.e.timers.retransmit = this.ctx.now + this.e.rtoMs;
  }

  discard(): Reaction {
    this.accepted = false;
    return this.done();
  }

  done(): Reaction {
    this.e.rcvWnd = receiveWindow(this.e, this.ctx.settings); // RCV.WND as the TCB shows it
    return {
      ok: true,
      endpoint: this.e,
      send: this.send,
      transitions: this.transitions,
      ruleId: this.ruleId,
      accepted: this.accepted,
    };
  }
}

function refuse(call: Call, state: State, en: string, zh: string, section: string): CallRefused {
  return {
    ok: false,
    code: 'NOT_IN_STATE',
    reason: {
      en: `${call} in ${state}: error: ${en} (RFC 9293 ${section})`,
      zh: `在 ${state} 状态调用 ${call}：错误：${zh}（RFC 9293 ${section}）`,
    },
  };
}

const doesNotExist = (call: Call, state: State, section: string) =>
  refuse(call, state, 'connection does not exist', '连接不存在', section);
const alreadyExists = (call: Call, state: State, section: string) =>
  refuse(call, state, 'connection already exists', '连接已存在', section);
const closing = (call: Call, state: State, section: string) =>
  refuse(call, state, 'connection closing', '连接正在关闭', section);

/** Fresh sequence variables for a new open: SND.UNA = SND.NXT = ISS, nothing received yet (3.10.1). */
function resetConnection(e: Endpoint, rtoMs: number): void {
  e.irs = null;
  e.sndUna = e.iss;
  e.sndNxt = e.iss;
  e.rcvNxt = 0;
  e.unackedBytes = 0;
  e.finSent = false;
  e.queuedText = 0;
  e.queuedFin = false;
  e.retries = 0;
  e.rcvBuffered = 0;
  e.sndWnd = RCV_WND;
  e.sndQueued = 0;
  e.rcvClosed = false;
  e.negotiated = undefined; // not `delete`: one Endpoint shape keeps the hot path fast
  e.timers = timers();
  e.rtoMs = rtoMs;
}

// ───────────────────────── user calls: RFC 9293 3.10.1 - 3.10.5 ─────────────────────────

function onCall(d: Draft, call: Call, bytes: number): Reaction | CallRefused {
  const e = d.e;
  const state = e.state;
  switch (call) {
    case 'listen':
      // 3.10.1 OPEN (passive) in CLOSED: enter LISTEN. In any other state: "connection already exists".
      if (state !== 'CLOSED') return alreadyExists(call, state, '3.10.1');
      resetConnection(e, d.ctx.timers.rtoMs);
      e.passiveOpen = true;
      d.enter('LISTEN', 'closed--listen--listen');
      return d.done();

    case 'connect':
      // 3.10.1 OPEN (active) in CLOSED, and 3.10.2 SEND in LISTEN with a remote socket ("change the connection
      // from passive to active"): send <SEQ=ISS><CTL=SYN>, SND.UNA=ISS, SND.NXT=ISS+1, enter SYN-SENT.
      if (state !== 'CLOSED' && state !== 'LISTEN') return alreadyExists(call, state, '3.10.1');
      resetConnection(e, d.ctx.timers.rtoMs);
      e.passiveOpen = false;
      e.sndNxt = seqAdd(e.iss, 1);
      d.emit(['SYN'], e.iss);
      // The connect (user) timeout of 3.10.8 guards SYN-SENT in the rfc profile; Linux has none and gives up after
      // tcp_syn_retries retransmissions instead (syn-sent--give-up--closed).
      e.timers = timers(
        d.ctx.now + e.rtoMs,
        undefined,
        d.ctx.settings?.profile === 'linux' ? undefined : d.ctx.now + d.ctx.timers.connectTimeoutMs,
      );
      d.enter('SYN_SENT', state === 'CLOSED' ? 'closed--connect--syn-sent' : 'listen--connect--syn-sent');
      return d.done();

    case 'send':
      // 3.10.2 SEND. ESTABLISHED and CLOSE-WAIT: segmentize and send. The lab sends at once (no Nagle, no queue).
      if (state === 'ESTABLISHED' || state === 'CLOSE_WAIT') {
        // 3.8.6: no more may be outstanding than the peer's window (SND.WND) allows; what does not fit waits in
        // the send queue (sndQueued), sent when an ACK opens the window, probed for by the persist timer.
        const now = e.sndQueued > 0 ? 0 : Math.min(bytes, usableWindow(e));
        e.sndQueued += bytes - now;
        if (now > 0) {
          d.emit(['ACK'], e.sndNxt, e.rcvNxt, now);
          e.sndNxt = seqAdd(e.sndNxt, now);
          e.unackedBytes += now;
          d.armRetransmit();
          d.loop(state === 'ESTABLISHED' ? 'established--send--established' : 'close-wait--send--close-wait');
        }
        armPersist(d);
        return d.done();
      }
      if (state === 'CLOSED') return doesNotExist(call, state, '3.10.2');
      if (state === 'LISTEN') {
        return refuse(
          call,
          state,
          'remote socket unspecified (call connect first)',
          '未指定远端套接字（请先调用 connect）',
          '3.10.2',
        );
      }
      if (state === 'SYN_SENT' || state === 'SYN_RCVD') {
        // The RFC would queue the data until ESTABLISHED; the lab keeps one segment per call and refuses instead.
        return refuse(
          call,
          state,
          'connection not yet established (this lab sends data only once ESTABLISHED)',
          '连接尚未建立（本实验只在 ESTABLISHED 之后发送数据）',
          '3.10.2',
        );
      }
      return closing(call, state, '3.10.2');

    case 'read':
      return onRead(d, bytes);

    case 'close':
    case 'shutdown':
      // 3.10.4 CLOSE. `shutdown` is exactly the RFC's CLOSE (send FIN, keep receiving: shutdown(SHUT_WR));
      // `close` is the same under the rfc profile, and under linux also stops receiving (rcvClosed). Both take the
      // close rows of the table (the arrow is the same; the rows' explanations name both calls).
      if (e.sndQueued > 0 && (state === 'ESTABLISHED' || state === 'CLOSE_WAIT'))
        return refuse(
          call,
          state,
          `${e.sndQueued} bytes still wait for the peer's window to open (this lab sends the FIN after them only once they are out)`,
          `还有 ${e.sndQueued} 字节在等待对方的窗口打开（本实验要等它们发出之后才发送 FIN）`,
          '3.10.4',
        );
      if (call === 'close' && e.rcvBuffered > 0 && (state === 'ESTABLISHED' || state === 'CLOSE_WAIT')) {
        // RFC 1122 4.2.2.13: "If such a host issues a CLOSE call while received data is still pending in TCP ...
        // its TCP SHOULD send a RST to show that data was lost" (Linux tcp_close: RST,ACK).
        if (d.ctx.settings?.profile === 'linux') d.emit(['ACK', 'RST'], e.sndNxt, e.rcvNxt);
        else d.emit(['RST'], e.sndNxt);
        e.rcvBuffered = 0;
        d.enter('CLOSED', 'any--close-unread--closed');
        return d.done();
      }
      if (call === 'close' && d.ctx.settings?.profile === 'linux') e.rcvClosed = true;
      switch (state) {
        case 'CLOSED':
          return doesNotExist(call, state, '3.10.4');
        case 'LISTEN':
          // "Any outstanding RECEIVEs are returned ... delete TCB, enter CLOSED state".
          d.enter('CLOSED', 'listen--close--closed');
          return d.done();
        case 'SYN_SENT':
          // "Delete the TCB and return 'error: closing' responses to any queued SENDs": no segment is sent.
          d.enter('CLOSED', 'syn-sent--close--closed');
          return d.done();
        case 'SYN_RCVD':
          // "If no SENDs have been issued ... form a FIN segment and send it, and enter FIN-WAIT-1 state".
          sendFin(d);
          d.enter('FIN_WAIT_1', 'syn-rcvd--close--fin-wait-1');
          return d.done();
        case 'ESTABLISHED':
          // "Queue this until all preceding SENDs have been segmentized, then form a FIN segment and send it.
          // In any case, enter FIN-WAIT-1 state."
          sendFin(d);
          d.enter('FIN_WAIT_1', 'established--close--fin-wait-1');
          return d.done();
        case 'CLOSE_WAIT':
          // "Queue this request until all preceding SENDs have been segmentized; then send a FIN segment, enter LAST-ACK."
          sendFin(d);
          d.enter('LAST_ACK', 'close-wait--close--last-ack');
          return d.done();
        default:
          // FIN-WAIT-1/2: "Strictly speaking, this is an error and should receive an 'error: connection closing'
          // response"; CLOSING, LAST-ACK, TIME-WAIT: "Respond with 'error: connection closing'".
          return closing(call, state, '3.10.4');
      }

    case 'abort':
      // 3.10.5 ABORT.
      switch (state) {
        case 'CLOSED':
          return doesNotExist(call, state, '3.10.5');
        case 'SYN_RCVD':
        case 'ESTABLISHED':
        case 'FIN_WAIT_1':
        case 'FIN_WAIT_2':
        case 'CLOSE_WAIT':
          if (d.ctx.settings?.profile === 'linux') {
            // Linux (tcp_disconnect -> tcp_send_active_reset) sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>.
            d.emit(['ACK', 'RST'], e.sndNxt, e.rcvNxt);
            d.enter('CLOSED', 'any--abort-rst-ack--closed');
            return d.done();
          }
          // "Send a reset segment: <SEQ=SND.NXT><CTL=RST>" ... "enter CLOSED state".
          d.emit(['RST'], e.sndNxt);
          d.enter('CLOSED', ABORT_RULES[state]);
          return d.done();
        default:
          // LISTEN, SYN-SENT: delete the TCB; CLOSING, LAST-ACK, TIME-WAIT: "Respond with 'ok' and delete the TCB".
          d.enter('CLOSED', ABORT_RULES[state]);
          return d.done();
      }
  }
}

/** ABORT (3.10.5) in each state that has a TCB: one row per state. */
const ABORT_RULES: Record<Exclude<State, 'CLOSED'>, RuleId> = {
  LISTEN: 'listen--abort--closed',
  SYN_SENT: 'syn-sent--abort--closed',
  SYN_RCVD: 'syn-rcvd--abort--closed',
  ESTABLISHED: 'established--abort--closed',
  FIN_WAIT_1: 'fin-wait-1--abort--closed',
  FIN_WAIT_2: 'fin-wait-2--abort--closed',
  CLOSE_WAIT: 'close-wait--abort--closed',
  CLOSING: 'closing--abort--closed',
  LAST_ACK: 'last-ack--abort--closed',
  TIME_WAIT: 'time-wait--abort--closed',
};

/** An exact RST in a synchronized state after SYN-RECEIVED (3.10.7.4 second check): one row per state. */
const RST_RULES: Record<Exclude<State, 'CLOSED' | 'LISTEN' | 'SYN_SENT' | 'SYN_RCVD'>, RuleId> = {
  ESTABLISHED: 'established--rst--closed',
  FIN_WAIT_1: 'fin-wait-1--rst--closed',
  FIN_WAIT_2: 'fin-wait-2--rst--closed',
  CLOSE_WAIT: 'close-wait--rst--closed',
  CLOSING: 'closing--rst--closed',
  LAST_ACK: 'last-ack--rst--closed',
  TIME_WAIT: 'time-wait--rst--closed',
};

/** Octets the peer's window still has room for: SND.UNA + SND.WND - SND.NXT (RFC 9293 3.8.6). */
function usableWindow(e: Endpoint): number {
  return Math.max(0, e.sndWnd - seqDiff(e.sndNxt, e.sndUna));
}

/**
 * RFC 9293 3.8.6.1 / RFC 1122 4.2.2.17: data waits, the window is zero and nothing is outstanding (no ACK will come
 * by itself): run the persist timer so a probe asks for the window. Stopped when nothing waits.
 */
function armPersist(d: Draft): void {
  const e = d.e;
  if (e.sndQueued === 0) e.timers.persist = undefined;
  else if (e.timers.persist === undefined && e.sndUna === e.sndNxt && usableWindow(e) === 0)
    e.timers.persist = d.ctx.now + e.rtoMs;
}

/** An ACK opened the window: as much of the waiting data as fits goes out (3.8.6), and the persist timer stops. */
function sendQueued(d: Draft): void {
  const e = d.e;
  if (e.sndQueued === 0 || (e.state !== 'ESTABLISHED' && e.state !== 'CLOSE_WAIT')) return;
  const n = Math.min(e.sndQueued, usableWindow(e));
  if (n > 0) {
    d.emit(['ACK'], e.sndNxt, e.rcvNxt, n);
    e.sndNxt = seqAdd(e.sndNxt, n);
    e.unackedBytes += n;
    e.sndQueued -= n;
    e.timers.persist = undefined;
    e.retries = 0;
    e.rtoMs = d.ctx.timers.rtoMs;
    d.armRetransmit();
    d.loop('any--window-open--any');
  }
  armPersist(d);
}

/**
 * 3.10.3 RECEIVE: the application takes up to `bytes` octets from the receive buffer. The window grows; if it had
 * shrunk below min(buffer/2, MSS) and now reaches it, a window update is sent at once (RFC 1122 4.2.3.3, the
 * receiver's side of silly window avoidance), so a peer stopped by a small window learns that it may go on.
 */
function onRead(d: Draft, bytes: number): Reaction | CallRefused {
  const e = d.e;
  if (e.state === 'CLOSED') return doesNotExist('read', e.state, '3.10.3');
  if (e.rcvBuffered === 0) {
    return d.ctx.settings?.appReads === 'call'
      ? refuse(
          'read',
          e.state,
          'nothing to read: the receive buffer is empty',
          '没有可读的数据：接收缓冲区是空的',
          '3.10.3',
        )
      : refuse(
          'read',
          e.state,
          'nothing to read: in this lab the application reads data as soon as it arrives (setting appReads: auto)',
          '没有可读的数据：本实验中应用程序在数据到达时立即读取（设置 appReads: auto）',
          '3.10.3',
        );
  }
  const buffer = d.ctx.settings?.rcvWnd ?? RCV_WND;
  const before = receiveWindow(e, d.ctx.settings);
  e.rcvBuffered -= Math.min(bytes, e.rcvBuffered);
  const after = receiveWindow(e, d.ctx.settings);
  const threshold = Math.min(Math.floor(buffer / 2), d.ctx.settings?.mss ?? 1460);
  const peerMaySend = e.state === 'ESTABLISHED' || e.state === 'FIN_WAIT_1' || e.state === 'FIN_WAIT_2';
  if (peerMaySend && before < threshold && after >= threshold) d.emitAck();
  d.loop('any--read--any');
  return d.done();
}

/** <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>; the FIN takes one sequence number (3.4). */
function sendFin(d: Draft): void {
  const e = d.e;
  d.emit(['ACK', 'FIN'], e.sndNxt, e.rcvNxt);
  e.sndNxt = seqAdd(e.sndNxt, 1);
  e.finSent = true;
  d.armRetransmit();
}

// ───────────────────────── segment arrivals: RFC 9293 3.10.7 ─────────────────────────

function onSegment(d: Draft, seg: Segment): Reaction {
  switch (d.e.state) {
    case 'CLOSED':
      return closedSegment(d, seg);
    case 'LISTEN':
      return listenSegment(d, seg);
    case 'SYN_SENT':
      return synSentSegment(d, seg);
    default:
      return synchronizedSegment(d, seg);
  }
}

/** 3.10.7.1 CLOSED: "all data in the incoming segment is discarded ... An incoming segment not containing a RST causes a RST to be sent". */
function closedSegment(d: Draft, seg: Segment): Reaction {
  if (has(seg, 'RST')) return d.discard(); // "An incoming segment containing a RST is discarded."
  if (has(seg, 'ACK')) {
    d.emit(['RST'], seg.ack ?? 0); // "If the ACK bit is on: <SEQ=SEG.ACK><CTL=RST>"
  } else {
    // "If the ACK bit is off, sequence number zero is used: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"
    d.emit(['ACK', 'RST'], 0, seqAdd(seg.seq, sequenceLength(seg)));
    if (has(seg, 'SYN')) d.loop('closed--syn--closed'); // nobody listens: connection refused
  }
  return d.discard();
}

/** 3.10.7.2 LISTEN. */
function listenSegment(d: Draft, seg: Segment): Reaction {
  const e = d.e;
  // "First, check for a RST: An incoming RST segment could not be valid ... It should be ignored."
  if (has(seg, 'RST')) return d.discard();
  // "Second, check for an ACK: Any acknowledgment is bad if it arrives on a connection still in the LISTEN state.
  // An acceptable reset segment should be formed for any arriving ACK-bearing segment: <SEQ=SEG.ACK><CTL=RST>".
  if (has(seg, 'ACK')) {
    d.emit(['RST'], seg.ack ?? 0);
    return d.discard();
  }
  // "Third, check for a SYN: ... Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ ... ISS should be selected and a
  // SYN segment sent of the form <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. SND.NXT is set to ISS+1 and SND.UNA to ISS.
  // The connection state should be changed to SYN-RECEIVED. Note that any other incoming control or data
  // (combined with SYN) will be processed in the SYN-RECEIVED state" and "any other control or text should be
  // queued for processing later": text and a FIN on the SYN wait in the TCB until ESTABLISHED (releaseQueued).
  if (has(seg, 'SYN')) {
    e.irs = seg.seq;
    e.rcvNxt = seqAdd(seg.seq, 1);
    e.sndUna = e.iss;
    e.sndNxt = seqAdd(e.iss, 1);
    e.passiveOpen = true;
    e.queuedText = seg.len;
    e.queuedFin = has(seg, 'FIN');
    learnSyn(d, seg);
    d.emit(['SYN', 'ACK'], e.iss, e.rcvNxt);
    d.armRetransmit();
    d.enter('SYN_RCVD', 'listen--syn--syn-rcvd');
    return d.done();
  }
  // "Fourth, other data or control: ... drop the segment and return."
  return d.discard();
}

/** 3.10.7.3 SYN-SENT. */
function synSentSegment(d: Draft, seg: Segment): Reaction {
  const e = d.e;
  let ackAcceptable = false;
  if (has(seg, 'ACK')) {
    const ack = seg.ack ?? 0;
    // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set, if so drop the segment
    // and return) <SEQ=SEG.ACK><CTL=RST> and discard the segment."
    if (seqLe(ack, e.iss) || seqGt(ack, e.sndNxt)) {
      if (!has(seg, 'RST')) d.emit(['RST'], ack);
      return d.discard();
    }
    // "If SND.UNA < SEG.ACK =< SND.NXT, then the ACK is acceptable."
    ackAcceptable = seqGt(ack, e.sndUna) && seqLe(ack, e.sndNxt);
  }
  if (has(seg, 'RST')) {
    // "If the ACK was acceptable, then signal to the user 'error: connection reset', drop the segment, enter
    // CLOSED state ... Otherwise (no ACK), drop the segment and return." (RFC 5961 3.2 keeps this check.)
    if (!ackAcceptable) return d.discard();
    d.enter('CLOSED', 'syn-sent--rst--closed');
    return d.done();
  }
  if (has(seg, 'SYN')) {
    // "RCV.NXT is set to SEG.SEQ+1, IRS is set to SEG.SEQ. SND.UNA should be advanced to equal SEG.ACK (if there
    // is an ACK)".
    e.irs = seg.seq;
    e.rcvNxt = seqAdd(seg.seq, 1);
    learnSyn(d, seg);
    if (ackAcceptable) acknowledge(d, seg.ack ?? 0);
    if (seqGt(e.sndUna, e.iss)) {
      // "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to ESTABLISHED, form an ACK
      // segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it. ... If there are other controls or text in the
      // segment, then continue processing at the sixth step below": the text is accepted (seventh step) and a FIN
      // is processed (eighth step), so the one ACK sent covers the SYN, the text and the FIN.
      d.enter('ESTABLISHED', 'syn-sent--syn-ack--established');
      e.rcvNxt = seqAdd(e.rcvNxt, seg.len);
      receive(d, seg.len);
      if (has(seg, 'FIN')) {
        e.rcvNxt = seqAdd(e.rcvNxt, 1);
        d.enter('CLOSE_WAIT', 'established--fin--close-wait');
      }
      d.emitAck();
    } else {
      // "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send it.
      // ... If there are other controls or text in the segment, queue them for processing after the ESTABLISHED
      // state has been reached". This is the simultaneous open of Figure 7.
      e.queuedText = seg.len;
      e.queuedFin = has(seg, 'FIN');
      d.emit(['SYN', 'ACK'], e.iss, e.rcvNxt);
      d.enter('SYN_RCVD', 'syn-sent--syn--syn-rcvd');
    }
    return d.done();
  }
  // "Fifth, if neither of the SYN or RST bits is set, then drop the segment and return."
  return d.discard();
}

/** 3.10.7.4 "Otherwise": SYN-RECEIVED and every later state. */
function synchronizedSegment(d: Draft, seg: Segment): Reaction {
  const e = d.e;
  const state = e.state as Exclude<State, 'CLOSED' | 'LISTEN' | 'SYN_SENT'>; // onSegment sent the others elsewhere

  // Simultaneous open (Figure 7): in SYN-RECEIVED the peer's SYN,ACK crossed ours. Its SYN sits just below
  // RCV.NXT, so the first check finds it not acceptable and answers <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. Its ACK
  // covers our SYN, and like Figure 7 (and Linux, whose tcp_validate_incoming lets it through) the endpoint
  // becomes ESTABLISHED as it sends that ACK.
  if (
    state === 'SYN_RCVD' &&
    has(seg, 'SYN') &&
    has(seg, 'ACK') &&
    !has(seg, 'RST') &&
    seqAdd(seg.seq, 1) === e.rcvNxt &&
    seqGt(seg.ack ?? 0, e.sndUna) &&
    seqLe(seg.ack ?? 0, e.sndNxt)
  ) {
    acknowledge(d, seg.ack ?? 0);
    d.enter('ESTABLISHED', 'syn-rcvd--syn-ack--established');
    // a FIN that rode on the peer's first SYN is acknowledged by releaseQueued; otherwise the first check's ACK
    if (!(releaseQueued(d) && d.e.state === 'CLOSE_WAIT')) d.emitAck();
    return d.done();
  }

  // Linux (tcp_check_req, inet_rtx_syn_ack): a retransmission of the SYN that opened this half-open connection
  // (SEG.SEQ = IRS, no ACK) means the peer has not seen our SYN,ACK: send it again now and restart its timer
  // (the retransmission count is left alone). RFC 9293's first check would find the SYN below RCV.NXT and only ACK.
  if (
    state === 'SYN_RCVD' &&
    d.ctx.settings?.profile === 'linux' &&
    e.passiveOpen &&
    has(seg, 'SYN') &&
    !has(seg, 'ACK') &&
    !has(seg, 'RST') &&
    seg.seq === e.irs
  ) {
    d.emit(['SYN', 'ACK'], e.iss, e.rcvNxt);
    e.timers.retransmit = d.ctx.now + e.rtoMs;
    d.loop('syn-rcvd--syn-again--syn-rcvd');
    return d.done();
  }

  // Linux (tcp_timewait_state_process, TCP_TW_SYN): a SYN after RCV.NXT reaching TIME-WAIT on the listening side
  // opens a new incarnation at once, with an ISS above anything the old one used (SND.NXT + 65535 + 2). Linux
  // compares the sequence number with RCV.NXT only, before any window check, so a SYN far beyond the window reopens
  // too. RFC 1122 4.2.2.13 allows this ("MAY accept a new SYN ... to reopen the connection directly from TIME-WAIT").
  if (
    state === 'TIME_WAIT' &&
    d.ctx.settings?.profile === 'linux' &&
    e.passiveOpen &&
    has(seg, 'SYN') &&
    !has(seg, 'ACK') &&
    !has(seg, 'RST') &&
    seqGt(seg.seq, e.rcvNxt)
  ) {
    const iss = seqAdd(e.sndNxt, 65537);
    resetConnection(e, d.ctx.timers.rtoMs);
    e.iss = iss;
    e.irs = seg.seq;
    e.rcvNxt = seqAdd(seg.seq, 1);
    e.sndUna = iss;
    e.sndNxt = seqAdd(iss, 1);
    e.passiveOpen = true;
    e.queuedText = 0; // Linux drops data on a SYN without TCP Fast Open
    e.queuedFin = false;
    learnSyn(d, seg);
    d.emit(['SYN', 'ACK'], e.iss, e.rcvNxt);
    d.armRetransmit();
    d.enter('SYN_RCVD', 'time-wait--syn--syn-rcvd');
    return d.done();
  }

  // TIME-WAIT, fifth step: "The only thing that can arrive in this state is a retransmission of the remote FIN.
  // Acknowledge it, and restart the 2 MSL timeout." A retransmitted FIN sits just below RCV.NXT, so the first
  // check would only ACK it; the restart is what this state adds.
  if (
    state === 'TIME_WAIT' &&
    has(seg, 'FIN') &&
    !has(seg, 'RST') &&
    seqAdd(seg.seq, seg.len + 1) === e.rcvNxt
  ) {
    restartTimeWait(d);
    return d.done();
  }

  // First, check sequence number: "If an incoming segment is not acceptable, an acknowledgment should be sent in
  // reply (unless the RST bit is set, if so drop the segment and return): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
  if (!isAcceptable(seg, e.rcvNxt, receiveWindow(e, d.ctx.settings))) {
    if (has(seg, 'RST')) return d.discard();
    d.emitAck();
    d.loop('any--unacceptable--any');
    return d.discard();
  }

  // Second, check the RST bit (RFC 5961 3.2 as adopted by 3.10.7.4): only an exact RST resets; an in-window one
  // that is not exact gets a challenge ACK.
  if (has(seg, 'RST')) {
    if (state === 'TIME_WAIT' && d.ctx.settings?.rfc1337) {
      // RFC 1337 section 3 (setting `rfc1337`): "Fix: Ignore RST segments in TIME-WAIT state." A RST must not
      // cut TIME_WAIT short ("TIME-WAIT assassination"): no reply, the 2 MSL timer keeps running.
      d.loop('time-wait--rst--time-wait');
      return d.discard();
    }
    if (seg.seq !== e.rcvNxt) {
      d.emitAck();
      d.loop('any--unacceptable--any');
      return d.discard();
    }
    if (state === 'SYN_RCVD') {
      // "If this connection was initiated with a passive OPEN (i.e., came from the LISTEN state), then return this
      // connection to LISTEN state ... If this connection was initiated with an active OPEN (i.e., came from
      // SYN-SENT state), then the connection was refused".
      if (e.passiveOpen) {
        resetConnection(e, d.ctx.timers.rtoMs);
        d.enter('LISTEN', 'syn-rcvd--rst--listen');
      } else {
        d.enter('CLOSED', 'syn-rcvd--rst--closed');
      }
      return d.done();
    }
    // ESTABLISHED, FIN-WAIT-1/2, CLOSE-WAIT: "connection reset"; CLOSING, LAST-ACK, TIME-WAIT: "enter the CLOSED state".
    d.enter('CLOSED', RST_RULES[state]);
    return d.done();
  }

  // Fourth, check the SYN bit.
  if (has(seg, 'SYN')) {
    // "SYN-RECEIVED STATE: If the connection was initiated with a passive OPEN, then return this connection to the
    // LISTEN state and return."
    if (state === 'SYN_RCVD' && e.passiveOpen) {
      resetConnection(e, d.ctx.timers.rtoMs);
      d.enter('LISTEN', 'syn-rcvd--syn--listen');
      return d.discard();
    }
    // Otherwise, RFC 5961 4.2: "TCP endpoints MUST send a 'challenge ACK' to the remote peer".
    d.emitAck();
    d.loop('any--unacceptable--any');
    return d.discard();
  }

  // Fifth, check the ACK field: "if the ACK bit is off, drop the segment and return".
  if (!has(seg, 'ACK')) return d.discard();
  const ack = seg.ack ?? 0;
  let queuedAck = false; // text that rode on the SYN was just accepted and needs its ACK

  if (state === 'SYN_RCVD') {
    // "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and continue processing ... If the segment
    // acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST> and send it."
    if (!(seqGt(ack, e.sndUna) && seqLe(ack, e.sndNxt))) {
      d.emit(['RST'], ack);
      return d.discard();
    }
    acknowledge(d, ack);
    updateWindow(d, seg);
    d.enter('ESTABLISHED', 'syn-rcvd--ack--established');
    if (releaseQueued(d)) {
      if (e.state === 'CLOSE_WAIT') return d.done();
      queuedAck = true;
    }
  } else {
    // ESTABLISHED processing (shared by the later states): "If the ACK acks something not yet sent
    // (SEG.ACK > SND.NXT), then send an ACK, drop the segment, and return." A duplicate (SEG.ACK =< SND.UNA)
    // "can be ignored"; a new one advances SND.UNA.
    if (seqGt(ack, e.sndNxt)) {
      d.emitAck();
      d.loop('any--unacceptable--any');
      return d.discard();
    }
    if (seqGt(ack, e.sndUna)) acknowledge(d, ack);
    updateWindow(d, seg);
  }

  const finAcked = e.finSent && e.sndUna === e.sndNxt;
  if (e.state === 'CLOSING') {
    // "In addition to the processing for the ESTABLISHED state, if the ACK acknowledges our FIN, then enter the
    // TIME-WAIT state; otherwise, ignore the segment."
    if (finAcked) d.enter('TIME_WAIT', 'closing--ack--time-wait');
    return d.done();
  }
  if (e.state === 'LAST_ACK') {
    // "The only thing that can arrive in this state is an acknowledgment of our FIN. If our FIN is now
    // acknowledged, delete the TCB, enter the CLOSED state, and return."
    if (finAcked) d.enter('CLOSED', 'last-ack--ack--closed');
    return d.done();
  }
  if (e.state === 'TIME_WAIT') {
    // Seventh: text "should not occur since a FIN has been received from the remote side. Ignore the segment
    // text." Eighth: any acceptable segment carrying a FIN, not only an exact retransmission, is acknowledged:
    // "TIME-WAIT STATE: Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout."
    if (has(seg, 'FIN')) restartTimeWait(d);
    else if (d.ctx.settings?.profile === 'linux' && seg.seq === e.rcvNxt && seg.len === 0) {
      // Linux (tcp_timewait_state_process): a bare ACK at RCV.NXT re-arms the TIME-WAIT timer, without a reply.
      e.timers = timers(undefined, d.ctx.now + timeWaitLength(d.ctx));
      d.loop('time-wait--ack--time-wait');
    }
    return d.done();
  }

  // Seventh, process the segment text (ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2): accept in-order data, advance
  // RCV.NXT and send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. Out-of-order data is not queued (the lab keeps no
  // reassembly queue): it is answered with the same ACK, asking for what is missing. CLOSE-WAIT, CLOSING,
  // LAST-ACK: "This should not occur ... Ignore the segment text."
  let ackNeeded = queuedAck;
  let dataRule: RuleId | null = null;
  if (
    seg.len > 0 &&
    e.rcvClosed &&
    d.ctx.settings?.profile === 'linux' &&
    (e.state === 'FIN_WAIT_1' || e.state === 'FIN_WAIT_2') &&
    seqGt(seqAdd(seg.seq, seg.len), e.rcvNxt)
  ) {
    // Linux (tcp_rcv_state_process, RCV_SHUTDOWN after close()): new data nobody will read is answered by a reset
    // <SEQ=SEG.ACK><CTL=RST> (tcp_v4_send_reset) and the socket is gone; RFC 1122 4.2.2.13 "SHOULD send a RST".
    d.emit(['RST'], ack);
    d.enter('CLOSED', 'any--data-after-close--closed');
    return d.done();
  }
  if (seg.len > 0 && (e.state === 'ESTABLISHED' || e.state === 'FIN_WAIT_1' || e.state === 'FIN_WAIT_2')) {
    const end = seqAdd(seg.seq, seg.len);
    if (seqLe(seg.seq, e.rcvNxt) && seqGt(end, e.rcvNxt)) {
      // only what the window has room for is taken (3.10.7.4 first check: "trimmed ... to the window")
      const fresh = Math.min(seqDiff(end, e.rcvNxt), receiveWindow(e, d.ctx.settings));
      e.rcvNxt = seqAdd(e.rcvNxt, fresh);
      receive(d, fresh);
    }
    ackNeeded = true;
    if (e.state === 'ESTABLISHED') dataRule = 'established--data--established';
  }

  // Eighth, check the FIN bit (only when everything before it has arrived: its sequence number is RCV.NXT).
  if (
    has(seg, 'FIN') &&
    seqAdd(seg.seq, seg.len) === e.rcvNxt &&
    (e.state === 'ESTABLISHED' || e.state === 'FIN_WAIT_1' || e.state === 'FIN_WAIT_2')
  ) {
    // "advance RCV.NXT over the FIN, and send an acknowledgment for the FIN."
    e.rcvNxt = seqAdd(e.rcvNxt, 1);
    d.emitAck();
    if (e.state === 'ESTABLISHED') {
      // "Enter the CLOSE-WAIT state."
      d.enter('CLOSE_WAIT', 'established--fin--close-wait');
    } else if (e.state === 'FIN_WAIT_1') {
      // "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT, start the time-wait timer, turn
      // off the other timers; otherwise, enter the CLOSING state."
      if (finAcked) d.enter('TIME_WAIT', 'fin-wait-1--fin-ack--time-wait');
      else d.enter('CLOSING', 'fin-wait-1--fin--closing');
    } else {
      // FIN-WAIT-2: "Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers."
      d.enter('TIME_WAIT', 'fin-wait-2--fin--time-wait');
    }
    return d.done();
  }
  if (has(seg, 'FIN') && !ackNeeded) ackNeeded = e.state !== 'CLOSE_WAIT'; // a FIN beyond a gap: ask for the gap

  // FIN-WAIT-1: "In addition to the processing for the ESTABLISHED state, if the FIN segment is now acknowledged,
  // then enter FIN-WAIT-2 and continue processing in that state."
  if (e.state === 'FIN_WAIT_1' && finAcked) d.enter('FIN_WAIT_2', 'fin-wait-1--ack--fin-wait-2');

  if (ackNeeded) {
    d.emitAck();
    if (dataRule && d.transitions.length === 0) d.loop(dataRule);
  }
  sendQueued(d);
  return d.done();
}

/**
 * Fifth step: "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated" (SND.WND = SEG.WND, scaled by
 * the peer's window scale, RFC 7323 2.3). A segment without a window field (a script's) advertises 65535.
 */
function updateWindow(d: Draft, seg: Segment): void {
  const e = d.e;
  if (!seqLe(e.sndUna, seg.ack ?? 0)) return;
  e.sndWnd = (seg.wnd ?? RCV_WND) * 2 ** (e.negotiated?.sndWscale ?? 0);
}

/**
 * Once ESTABLISHED, the text and FIN that rode on the peer's SYN are processed (3.10.7.2, 3.10.7.3: "queue them
 * for processing after the ESTABLISHED state has been reached"). The text moves RCV.NXT on; a FIN is the eighth
 * step (ACK it, enter CLOSE-WAIT). Returns whether anything was waiting.
 */
function releaseQueued(d: Draft): boolean {
  const e = d.e;
  if (e.queuedText === 0 && !e.queuedFin) return false;
  e.rcvNxt = seqAdd(e.rcvNxt, e.queuedText);
  receive(d, e.queuedText);
  const fin = e.queuedFin;
  e.queuedText = 0;
  e.queuedFin = false;
  if (fin) {
    e.rcvNxt = seqAdd(e.rcvNxt, 1);
    d.emitAck();
    d.enter('CLOSE_WAIT', 'established--fin--close-wait');
  }
  return true;
}

/** TIME-WAIT: ACK <SEQ=SND.NXT><ACK=RCV.NXT> and run the 2 MSL timeout again from now (3.10.7.4). */
function restartTimeWait(d: Draft): void {
  d.emitAck();
  d.e.timers = timers(undefined, d.ctx.now + timeWaitLength(d.ctx));
  d.loop('time-wait--fin--time-wait');
}

/**
 * SND.UNA := SEG.ACK (3.10.7.4 fifth). RFC 6298 5.2: all outstanding data acknowledged -> turn off the
 * retransmission timer; 5.3: new data acknowledged -> restart it. The backed-off RTO is forgotten once all is
 * acknowledged (the lab takes no RTT samples).
 */
function acknowledge(d: Draft, ack: number): void {
  const e = d.e;
  e.sndUna = ack;
  e.retries = 0; // something new was acknowledged: the path works (RFC 9293 3.8.3 counts per segment)
  const outstanding = seqDiff(e.sndNxt, ack);
  e.unackedBytes = Math.max(0, outstanding - (e.finSent && outstanding > 0 ? 1 : 0));
  if (outstanding === 0) {
    e.timers.retransmit = undefined;
    e.rtoMs = d.ctx.timers.rtoMs;
  } else {
    e.timers.retransmit = d.ctx.now + e.rtoMs;
  }
}

// ───────────────────────── timers: RFC 9293 3.10.8, RFC 6298 ─────────────────────────

const RTO_RULES: Partial<Record<State, RuleId>> = {
  SYN_SENT: 'syn-sent--rto--syn-sent',
  SYN_RCVD: 'syn-rcvd--rto--syn-rcvd',
  FIN_WAIT_1: 'fin-wait-1--rto--fin-wait-1',
  CLOSING: 'closing--rto--closing',
  LAST_ACK: 'last-ack--rto--last-ack',
};

function onTimer(d: Draft, timer: TimerKind): Reaction {
  const e = d.e;
  switch (timer) {
    case 'retransmit': {
      // "USER TIMEOUT ... RETRANSMISSION TIMEOUT: For any state if the retransmission timeout expires on a segment
      // in the retransmission queue, send the segment at the front of the retransmission queue again, reinitialize
      // the retransmission timer, and return." RFC 6298 5.5: back off the timer (RTO = RTO * 2).
      const again = frontOfRetransmissionQueue(e);
      if (!again) {
        e.timers.retransmit = undefined;
        return d.done();
      }
      // RFC 9293 3.8.3: "When the number of transmissions of the same segment reaches a threshold R2 ... close the
      // connection" (R2 for a SYN at least 3 minutes; Linux counts tcp_syn_retries = 6 and tcp_retries2 = 15).
      const limit =
        has(again, 'SYN') && !has(again, 'ACK') ? d.ctx.timers.synRetries : d.ctx.timers.dataRetries;
      if (e.retries >= (limit ?? Infinity)) return giveUp(d);
      e.retries += 1;
      d.send.push(again);
      e.rtoMs = Math.min(e.rtoMs * 2, Math.max(MAX_RTO_MS, d.ctx.timers.rtoMs));
      e.timers.retransmit = d.ctx.now + e.rtoMs;
      const rule = RTO_RULES[e.state];
      if (rule) d.loop(rule);
      return d.done();
    }
    case 'persist': {
      // RFC 9293 3.8.6.1 / RFC 1122 4.2.2.17: probe a zero window. The probe is an ACK with an old sequence number
      // <SEQ=SND.UNA-1><ACK=RCV.NXT> (Linux's tcp_xmit_probe_skb), which the peer finds unacceptable and answers with
      // an ACK carrying its window. It backs off like the RTO and never gives up while the peer answers (4.2.2.17:
      // "MUST NOT close the connection" while probing). `retries` counts the probes (nothing is outstanding).
      if (e.sndQueued === 0 || (e.state !== 'ESTABLISHED' && e.state !== 'CLOSE_WAIT')) {
        e.timers.persist = undefined;
        return d.done();
      }
      d.emit(['ACK'], seqAdd(e.sndUna, -1), e.rcvNxt);
      e.retries += 1;
      const interval = Math.min(
        d.ctx.timers.rtoMs * 2 ** Math.min(e.retries, 30),
        Math.max(MAX_RTO_MS, d.ctx.timers.rtoMs),
      );
      e.timers.persist = d.ctx.now + interval;
      d.loop('any--persist--any');
      return d.done();
    }
    case 'timeWait':
      // "TIME-WAIT TIMEOUT: If the time-wait timeout expires on a connection, delete the TCB, enter the CLOSED state".
      if (e.state !== 'TIME_WAIT') {
        e.timers.timeWait = undefined;
        return d.done();
      }
      d.enter('CLOSED', 'time-wait--timeout--closed');
      return d.done();
    case 'connect':
      // "USER TIMEOUT: For any state if a user timeout occurs, flush all queues ... delete the TCB, enter the CLOSED
      // state". The lab runs the user timeout on an unanswered connect only.
      if (e.state !== 'SYN_SENT') {
        e.timers.connect = undefined;
        return d.done();
      }
      d.enter('CLOSED', 'syn-sent--timeout--closed');
      return d.done();
  }
}

/**
 * Giving up after R2 retransmissions (RFC 9293 3.8.3; RFC 1122 4.2.3.5 "close the connection"): the user is told
 * "connection timed out" and the TCB is deleted without a segment (Linux's tcp_write_err does the same). A
 * half-open connection that came from a passive open goes back to LISTEN, as Linux's listener keeps listening.
 */
function giveUp(d: Draft): Reaction {
  const e = d.e;
  if (e.state === 'SYN_SENT') d.enter('CLOSED', 'syn-sent--give-up--closed');
  else if (e.state === 'SYN_RCVD' && e.passiveOpen) {
    resetConnection(e, d.ctx.timers.rtoMs);
    d.enter('LISTEN', 'syn-rcvd--give-up--listen');
  } else d.enter('CLOSED', 'any--give-up--closed');
  return d.done();
}

/**
 * The first unacknowledged thing, sent again: our SYN (SYN,ACK once the peer's SYN is known), else the
 * unacknowledged data (with the FIN if it follows), else the FIN.
 */
export function frontOfRetransmissionQueue(e: Endpoint): Segment | null {
  if (e.sndUna === e.sndNxt) return null;
  if (
    e.sndUna === e.iss &&
    (e.state === 'SYN_SENT' || e.state === 'SYN_RCVD' || e.state === 'FIN_WAIT_1' || e.state === 'CLOSING')
  ) {
    if (e.state === 'SYN_SENT') return makeSegment(['SYN'], e.iss, undefined);
    if (e.irs !== null) return makeSegment(['SYN', 'ACK'], e.iss, e.rcvNxt);
  }
  if (e.unackedBytes > 0) {
    return makeSegment(e.finSent ? ['ACK', 'FIN'] : ['ACK'], e.sndUna, e.rcvNxt, e.unackedBytes);
  }
  if (e.finSent) return makeSegment(['ACK', 'FIN'], seqAdd(e.sndNxt, -1), e.rcvNxt);
  return null;
}

/** "SYN seq=1000 arrived", "you called connect", "the retransmission timer expired": what a student answers. */
export function describeEvent(event: EndpointEvent): Bilingual {
  switch (event.kind) {
    case 'call': {
      const counted = event.call === 'send' || (event.call === 'read' && event.bytes !== undefined);
      const arg = counted ? `(${event.bytes ?? 0} bytes)` : '()';
      const argZh = counted ? `（${event.bytes ?? 0} 字节）` : '()';
      return { en: `the application called ${event.call}${arg}`, zh: `应用程序调用了 ${event.call}${argZh}` };
    }
    case 'segment': {
      const text = describeSegment(event.segment);
      return { en: `${text} arrived`, zh: `收到报文段 ${text}` };
    }
    case 'timer':
      switch (event.timer) {
        case 'retransmit':
          return { en: 'the retransmission timer expired', zh: '重传计时器超时' };
        case 'timeWait':
          return { en: 'the 2MSL (TIME_WAIT) timer expired', zh: '2MSL（TIME_WAIT）计时器超时' };
        case 'connect':
          return { en: 'the connect timeout expired', zh: '连接建立超时' };
        case 'persist':
          return { en: 'the persist (zero-window probe) timer expired', zh: '坚持计时器（零窗口探测）超时' };
      }
  }
}
