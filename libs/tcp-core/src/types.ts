/**
 * The public vocabulary of tcp-core: what a lab, a move, a verdict and a transcript are.
 * Server and web import these through the package name `@tcp-lab/tcp-core`; nothing here is copied into apps.
 */

/** The 11 states of the seed diagram, spelled as the seed spells them (RFC 9293 3.3.2 uses hyphens). */
export const STATES = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RCVD',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
] as const;
export type State = (typeof STATES)[number];

export type Role = 'client' | 'server';
export const ROLES: readonly Role[] = ['client', 'server'];
export const otherRole = (role: Role): Role => (role === 'client' ? 'server' : 'client');

/** Every text a student reads exists in both languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

export const FLAGS = ['SYN', 'ACK', 'FIN', 'RST'] as const;
export type Flag = (typeof FLAGS)[number];

/** A segment as a script or a student writes it: `ack` only when ACK is set. */
export interface Segment {
  flags: Flag[];
  seq: number;
  ack?: number;
  len: number;
  /**
   * The window field: how many more octets the sender will accept (RFC 9293 3.1, 3.8.6). The lab writes it on
   * every segment it puts on the wire (the sender's receive window then); absent (a script's or an injected
   * segment): 65535. Not graded in stack mode.
   */
  wnd?: number;
  /** options carried on a SYN (RFC 9293 3.2, 3.7.1: MSS; RFC 7323 2: window scale); the lab writes them on SYNs */
  options?: SegmentOptions;
}

/** The options the lab models (SYNs only). */
export interface SegmentOptions {
  /** maximum segment size the sender can receive (RFC 9293 3.7.1) */
  mss?: number;
  /** window scale shift count, 0 ... 14 (RFC 7323 2.2) */
  wscale?: number;
}

/** A segment that was put on the wire inside a lab; ids are unique within one lab. */
export interface WireSegment extends Segment {
  id: number;
  from: Role;
  sentAt: number;
  /** true when a retransmission timer, not a new event, sent it */
  retransmission?: boolean;
  /** set on the copy a `duplicate` action or fault made */
  duplicateOf?: number;
  /** not deliverable before this lab time (a `delay` fault) */
  holdUntil?: number;
  /** the payload, when the `send` move gave it as `data` (otherwise only its length is modelled) */
  data?: string;
}

export type Call = 'listen' | 'connect' | 'send' | 'close' | 'abort' | 'shutdown' | 'read';
/** The socket calls, in the order error messages list them (later additions at the end: tcp-lab/1 adds, never removes). */
export const CALLS: readonly Call[] = ['listen', 'connect', 'send', 'close', 'abort', 'shutdown', 'read'];

/** Settings and the lab's enums are declared once, with zod, in settings.ts. */
export type {
  LabMode,
  NetworkMode,
  FaultKind,
  LabStatus,
  Profile,
  AppReads,
  LabSettings,
  LabSettingsInput,
  LabSettingsChoice,
  TimerSettings,
  Choice,
} from './settings';
import type { FaultKind, LabSettings, LabSettingsInput } from './settings';
import type { RuleId } from './transitions';
export type { RuleId } from './transitions';

/** RFC 9293 3.3.1 send and receive sequence variables, plus the timers this lab models. */
export interface Endpoint {
  role: Role;
  state: State;
  iss: number;
  irs: number | null;
  sndUna: number;
  sndNxt: number;
  rcvNxt: number;
  /** bytes the application asked to send that are not yet acknowledged */
  unackedBytes: number;
  /** a FIN has been sent (its sequence number is sndNxt - 1 until acknowledged) */
  finSent: boolean;
  /** state to return to on RST in SYN_RCVD: LISTEN when the connection came from a passive open (RFC 9293 3.10.7.4) */
  passiveOpen: boolean;
  /**
   * Text (octets) and a FIN that rode on the peer's SYN, queued until ESTABLISHED (RFC 9293 3.10.7.2 and 3.10.7.3:
   * "queue them for processing after the ESTABLISHED state has been reached"). 0 / false when nothing waits.
   */
  queuedText: number;
  queuedFin: boolean;
  /** retransmissions of the segment at the front of the queue since something new was acknowledged (RFC 9293 3.8.3) */
  retries: number;
  /**
   * The receive side (RFC 9293 3.8.6). Octets received in order that the application has not read yet (only with
   * the setting `appReads: 'call'`; with 'auto' the application reads at once and this stays 0). RCV.WND, the
   * window advertised, is `settings.rcvWnd - rcvBuffered`.
   */
  rcvBuffered: number;
  /** RCV.WND, the window this endpoint advertises now: `settings.rcvWnd - rcvBuffered` (kept for the TCB view) */
  rcvWnd: number;
  /** SND.WND: the window the peer advertised last (65535 until it says otherwise) */
  sndWnd: number;
  /** octets a send call gave that the peer's window did not let out yet (sent when it opens) */
  sndQueued: number;
  /** close() was called (not shutdown): under the linux profile, data arriving afterwards is answered with RST */
  rcvClosed: boolean;
  /** options negotiated on the SYNs (RFC 9293 3.7.1, RFC 7323 2.2): the TCB's view; absent before a SYN arrived */
  negotiated?: {
    /** the largest segment this endpoint may send: the peer's MSS option, or 536 without one */
    sndMss: number;
    /** both SYNs carried window scale (RFC 7323 2.2): only then are windows scaled */
    scaling: boolean;
    /** shift applied to windows the peer advertises / that we advertise (0 unless `scaling`) */
    sndWscale: number;
    rcvWscale: number;
  };
  /** lab time at which each running timer fires; absent when not running */
  timers: { retransmit?: number; timeWait?: number; connect?: number; persist?: number };
  /** current retransmission timeout (doubles on each expiry, RFC 6298 5.5) */
  rtoMs: number;
}

/** What the reference machine says the endpoint must do: the answer a stack-mode student is graded against. */
export interface Answer {
  state: State;
  send: Segment[];
}

/** What an endpoint is waiting to answer in stack mode. */
export interface PendingEvent {
  /** a human description of the event, e.g. "SYN seq=1000 arrived" */
  event: Bilingual;
  /** kind of event, for UIs */
  kind: 'call' | 'segment' | 'timer';
  /** the id of the transition-table row the reference answer follows; like `expected`, never sent to a student before they answer */
  ruleId: RuleId | null;
  /** never sent to a student before they answer: see `labView` */
  expected: Answer;
  /** the event itself, for UIs and so the lab can apply the reference result once answered */
  input?: EndpointEvent;
  /** lab time at which the event reached the endpoint */
  at?: number;
}

/** `persist`: the zero-window probe timer (RFC 9293 3.8.6.1, RFC 1122 4.2.2.17) */
export type TimerKind = 'retransmit' | 'timeWait' | 'connect' | 'persist';

/** What can happen to an endpoint: its user calls (RFC 9293 3.10.1-3.10.5), a segment arrives (3.10.7), a timer fires (3.10.8). */
export type EndpointEvent =
  | { kind: 'call'; call: Call; bytes?: number; data?: string }
  | { kind: 'segment'; segment: Segment; id?: number }
  | { kind: 'timer'; timer: TimerKind };

/** A fault the instructor armed for the next segment an endpoint sends (tcp-core extension). */
export interface ArmedFault {
  fault: FaultKind;
  delayMs?: number;
}

export interface Lab {
  settings: LabSettings;
  /** lab time in ms; only `clock` moves advance it */
  clock: number;
  client: Endpoint;
  server: Endpoint;
  /** segments on the wire, oldest first, both directions */
  inFlight: WireSegment[];
  nextSegmentId: number;
  /** number of moves applied so far (rejected moves do not count) */
  step: number;
  /** stack mode: the event each endpoint must answer before anything else can happen to it */
  pending: { client: PendingEvent | null; server: PendingEvent | null };
  /** faults armed by the instructor, consumed by the next segment each endpoint sends */
  faults?: { client?: ArmedFault; server?: ArmedFault };
}

export type NetworkAction = 'deliver' | 'drop' | 'duplicate' | 'deliver-all' | 'inject' | 'fault';

export type Move =
  | { by: Role; call: 'listen' | 'connect' | 'close' | 'abort' | 'shutdown'; expect?: Expectation }
  | { by: Role; call: 'send'; bytes: number; data?: string; expect?: Expectation }
  /** read at most `bytes` (all, when left out) of the data waiting in the receive buffer */
  | { by: Role; call: 'read'; bytes?: number; expect?: Expectation }
  | {
      by: 'network';
      action: 'deliver' | 'drop' | 'duplicate';
      from: Role;
      index?: number;
      expect?: Expectation;
    }
  /** tcp-core extension: the segment named by its `WireSegment.id` (what a click on the ladder or panel means) */
  | { by: 'network'; action: 'deliver' | 'drop' | 'duplicate'; id: number; expect?: Expectation }
  | { by: 'network'; action: 'deliver-all'; expect?: Expectation }
  | { by: 'network'; action: 'inject'; to: Role; segment: Segment; expect?: Expectation }
  /** tcp-core extension: arm a fault for the next segment `from` sends (instructor's fault injection) */
  | { by: 'network'; action: 'fault'; fault: FaultKind; from: Role; delayMs?: number; expect?: Expectation }
  | { by: 'clock'; advance: number; expect?: Expectation }
  | { by: Role; answer: Answer; expect?: Expectation };

export interface Expectation {
  client?: State;
  server?: State;
  ok?: boolean;
}

/** Who is making a move: a seat, the instructor, or a script/CLI/timer (trusted). */
export type Actor = Role | 'instructor' | 'system';

/** Stable codes a rejected move (or an incorrect stack answer) carries. */
export type RejectionCode =
  | 'BAD_MOVE' // not a valid move at all (schema)
  | 'NOT_YOUR_ENDPOINT' // a seat acting for the other endpoint
  | 'NOT_ALLOWED' // this actor may not make this kind of move (e.g. a student injecting)
  | 'NOT_IN_STATE' // the call makes no sense in the endpoint's state
  | 'NOTHING_IN_FLIGHT'
  | 'NO_SUCH_SEGMENT'
  | 'SEGMENT_HELD' // a delayed segment (delay fault) named by id cannot be delivered before its time
  | 'NOT_STACK_MODE'
  | 'NOTHING_TO_ANSWER'
  | 'AWAITING_ANSWER' // stack mode: the endpoint must answer its pending event first
  | 'ADVANCE_TOO_LONG'; // one clock move may advance at most MAX_CLOCK_ADVANCE_MS (lab.ts)

export type MistakeCode =
  'WRONG_STATE' | 'WRONG_FLAGS' | 'WRONG_SEQ' | 'WRONG_ACK' | 'WRONG_LEN' | 'WRONG_SEGMENT_COUNT';

export interface TransitionTaken {
  endpoint: Role;
  from: State;
  to: State;
  /** id of the transition-table row, when one applies */
  ruleId?: RuleId;
}

/** Things the network and clock did during a move, for the ladder diagram. */
export type NetworkEvent =
  | { kind: 'delivered'; id: number; to: Role; at: number; accepted: boolean }
  | {
      kind: 'dropped';
      id: number;
      at: number;
      /** set when the network dropped it, not a move: more than MAX_IN_FLIGHT segments (lab.ts) were in flight */
      cause?: 'overflow';
      /** what the student reads about an overflow drop */
      reason?: Bilingual;
    }
  | { kind: 'duplicated'; id: number; copyId: number; at: number }
  | { kind: 'injected'; id: number; to: Role; at: number; segment?: Segment }
  | { kind: 'fault-armed'; fault: FaultKind; from: Role; at: number }
  | { kind: 'timer'; endpoint: Role; timer: TimerKind; at: number };

export type MoveResult =
  | {
      ok: true;
      lab: Lab;
      transitions: TransitionTaken[];
      emitted: WireSegment[];
      events: NetworkEvent[];
      /** stack-mode answers only */
      correct?: boolean;
      expected?: Answer;
      mistake?: { code: MistakeCode; reason: Bilingual };
      ruleId?: RuleId | null;
    }
  | { ok: false; lab: Lab; code: RejectionCode; reason: Bilingual };

/**
 * A change to a lab that is not a TCP move: the instructor's controls. They are entries of the log like moves
 * (`move` holds the control), so the log is the whole truth: replay starts a new round at `new-round` and leaves
 * the lab as it is at the others; the server derives the lab's status and clock pace from them.
 */
export type ControlMove =
  | { by: 'control'; action: 'start' | 'pause' | 'resume' | 'end' }
  /** the server ended the lab because the student playing `seat` left the class or was removed from it */
  | { by: 'control'; action: 'end'; cause: 'seat-removed'; seat: Role }
  /** lab ms per real ms; null = the server's default pace */
  | { by: 'control'; action: 'set-clock'; clockRate: number | null }
  /**
   * a fresh lab from `settings`: after a reset, a swap of roles or a new scenario (the instructor's), or a student
   * trying the lab under the other profile (`profile`, actor the student's role)
   */
  | {
      by: 'control';
      action: 'new-round';
      cause: 'reset' | 'swap-roles' | 'set-scenario' | 'profile';
      round: number;
      settings: LabSettings;
      scenarioId: string | null;
      seats?: { client: string | null; server: string | null };
    }
  /** the stored lab disagreed with its log and was rebuilt from it (the log wins); `reason` says what differed */
  | { by: 'control'; action: 'rebuilt'; reason: string }
  /**
   * The real Linux kernel plays `role` from here on (the server's Linux peer), or, with `role` null, no longer
   * plays: tcp-core's built-in endpoint takes that side over where it is. `reason` says why Linux stopped when
   * nobody asked (the server restarted). tcp-core's lab is unchanged: Linux's moves are compared beside it.
   */
  | { by: 'control'; action: 'linux-peer'; role: Role | null; reason?: Bilingual };

export interface TranscriptEntry {
  step: number; // position in the lab's log, 1-based, counting rejected moves and controls too
  actor: Actor;
  move: Move | ControlMove | unknown; // unknown when the move was malformed (code BAD_MOVE)
  ok: boolean;
  code?: RejectionCode;
  reason?: Bilingual;
  before: { client: State; server: State };
  after: { client: State; server: State };
  transitions: TransitionTaken[];
  emitted: WireSegment[];
  events: NetworkEvent[];
  clock: number;
  correct?: boolean;
  expected?: Answer;
  mistake?: { code: MistakeCode; reason: Bilingual };
  ruleId?: RuleId | null;
}

export const TRANSCRIPT_FORMAT = 'tcp-lab-transcript/1' as const;
export interface Transcript {
  format: typeof TRANSCRIPT_FORMAT;
  title?: string;
  settings: LabSettings;
  entries: TranscriptEntry[];
}

export type TransitionPath = 'client-normal' | 'server-normal' | 'special';

/**
 * The settings a rule may depend on, and the values under which it holds: a row with `when: { rfc1337: true }`
 * holds only in labs with that setting; a row without `when` holds in every lab (unless a row with a `when`
 * that matches takes its place for the same event).
 */
export type RuleCondition = Partial<Omit<LabSettings, 'isn' | 'seed' | 'timers'>>;

/** A row of the table without its id: what `TRANSITIONS` is checked against (see transitions.ts). */
export interface TransitionRow {
  from: State;
  to: State;
  /** the event in diagram notation, e.g. 'rcv SYN,ACK' or 'appl: connect' or 'timeout 2MSL' */
  event: { kind: 'call' | 'segment' | 'timer'; label: string };
  /** emitted segments in diagram notation, e.g. 'SYN,ACK'; '' for none */
  emits: string;
  path: TransitionPath;
  /** which section of the seed the row comes from (e.g. '服务端正常状态变迁 1', '特殊状态变迁 (2) FIN_WAIT_1→TIME_WAIT') */
  seed: string;
  rfc: string; // e.g. 'RFC 9293 3.10.7.3'
  /** the settings under which the row holds; absent: always */
  when?: RuleCondition;
  explain: Bilingual;
}

/** One row of the diagram, readable beside the seed. */
export interface TransitionRule extends TransitionRow {
  id: RuleId; // e.g. 'syn-sent--syn-ack--established'
}

/** tcp-lab/1 scripts (see the shared design page lab-script.md). */
export interface LabScript {
  format: 'tcp-lab/1';
  title?: string;
  settings?: LabSettingsInput;
  moves: Move[];
}

/** One line of `tcp-lab run` output; keys are printed in this order. */
export interface RunOutputLine {
  step: number;
  by: Move['by'] | ControlMove['by'];
  ok: boolean;
  client: State;
  server: State;
  transitions: { endpoint: Role; from: State; to: State }[];
  emitted: { from: Role; flags: string[]; seq: number; ack?: number; len: number }[];
  code?: RejectionCode;
  reason?: Bilingual;
  correct?: boolean;
  expected?: Answer;
}

/** Scenario catalogue: one per seed path and special transition. */
export interface Scenario {
  id: string;
  title: Bilingual;
  goal: Bilingual;
  /** the goal is reached when both listed states hold (and, if given, the named rule has been taken) */
  goalStates: { client?: State; server?: State };
  goalRuleId?: RuleId;
  script: LabScript;
}
