/**
 * CONTRACT (written before the implementation so server and web can build against it).
 * The tcp-core implementation replaces these stubs module by module; signatures stay as they are.
 */
import type {
  Actor, Answer, Lab, LabSettings, LabSettingsInput, Move, MoveResult, Role, Transcript, TranscriptEntry,
  TransitionRule, Bilingual, State, RejectionCode,
} from './types';

const todo = (name: string): never => {
  throw new Error(`tcp-core: ${name} not implemented yet`);
};

/** Defaults: network 'manual', mode 'calls', rtoMs 1000, mslMs 30000, connectTimeoutMs 75000, seed 1. */
export function resolveSettings(input?: LabSettingsInput): LabSettings { return todo('resolveSettings'); }
/** A new lab: both endpoints CLOSED, clock 0, nothing in flight. */
export function createLab(input?: LabSettingsInput | LabSettings): Lab { return todo('createLab'); }
/** Validates (schema) then applies one move; never throws, never mutates `lab`. */
export function applyMove(lab: Lab, move: unknown, actor?: Actor): MoveResult { return todo('applyMove'); }
/** Schema check only: a clear `path: message` on failure. */
export function parseMove(raw: unknown): { ok: true; move: Move } | { ok: false; code: RejectionCode; reason: Bilingual; path: string } {
  return todo('parseMove');
}
/** The lab as `viewer` may see it: a student never sees `pending.*.expected`. */
export function labView(lab: Lab, viewer: Role | 'instructor'): Lab { return todo('labView'); }
/** The lab time of the next timer that would fire, or null. */
export function nextTimerDue(lab: Lab): number | null { return todo('nextTimerDue'); }
/** A correct endpoint's next move for `role` (calls mode: the socket call a sensible program makes; stack mode: the reference answer), or null. */
export function autoplayMove(lab: Lab, role: Role): Move | null { return todo('autoplayMove'); }
/** Transcript helpers. */
export function newTranscript(settings: LabSettings, title?: string): Transcript { return todo('newTranscript'); }
export function toTranscriptEntry(step: number, actor: Actor, move: unknown, before: Lab, result: MoveResult): TranscriptEntry {
  return todo('toTranscriptEntry');
}
export function replay(transcript: Transcript): Lab { return todo('replay'); }
export function transcriptToCsv(transcript: Transcript): string { return todo('transcriptToCsv'); }
export function transcriptToScript(transcript: Transcript): LabScript { return todo('transcriptToScript'); }
export function parseTranscript(raw: unknown): { ok: true; transcript: Transcript } | { ok: false; error: string } {
  return todo('parseTranscript');
}

/** tcp-lab/1 scripts (see shared design page). */
export interface LabScript {
  format: 'tcp-lab/1';
  title?: string;
  settings?: LabSettingsInput;
  moves: Move[];
}
export function parseLabScript(raw: unknown): { ok: true; script: LabScript } | { ok: false; error: string } {
  return todo('parseLabScript');
}
export interface RunOutputLine {
  step: number;
  by: Move['by'];
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
export function runLabScript(script: LabScript): { lines: RunOutputLine[]; failures: string[]; lab: Lab; transcript: Transcript } {
  return todo('runLabScript');
}

/** Scenario catalogue: one per seed path and special transition. */
export interface Scenario {
  id: string;
  title: Bilingual;
  goal: Bilingual;
  /** the goal is reached when both listed states hold (and, if given, the named rule has been taken) */
  goalStates: { client?: State; server?: State };
  goalRuleId?: string;
  script: LabScript;
}
export const SCENARIOS: readonly Scenario[] = [];
export function goalReached(scenario: Scenario, lab: Lab, transcript?: Transcript): boolean { return todo('goalReached'); }

/** The diagram as data (see transitions.ts). */
export const TRANSITIONS: readonly TransitionRule[] = [];
export const STATE_INFO: Record<State, { name: Bilingual; explain: Bilingual }> = {} as never;
