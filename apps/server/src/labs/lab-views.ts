import {
  SCENARIOS,
  goalReached,
  labView,
  type Lab,
  type Role,
  type Scenario,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import type { LabStatus } from '@tcp-lab/tcp-core';
import type { LabFrameHead, LabSnapshot, LabSummary, SeatRef } from '@tcp-lab/lab-protocol';
import type { LabRow } from './labs.repository';

/** The views' shapes are the wire contract's (@tcp-lab/lab-protocol); re-exported for the labs specs' helpers. */
export type { LabSnapshot, LabSummary };

export type Viewer = { kind: 'instructor' } | { kind: 'seat'; role: Role };

/**
 * A lab is "stuck" when it is running and either nobody has moved for 90 s of real time (the pair may be lost)
 * or the two endpoints' states have not changed for 20 transcript entries in a row (the pair is trying moves that
 * lead nowhere). The dashboard highlights such labs so the instructor can walk over.
 */
export const STUCK_IDLE_MS = 90_000;
export const STUCK_SAME_STATE_ENTRIES = 20;

export function isStuck(row: LabRow, now: Date): boolean {
  if (row.status !== 'running') return false;
  const lastActivity =
    row.lastMoveAt && row.lastMoveAt > row.roundStartedAt ? row.lastMoveAt : row.roundStartedAt;
  return (
    now.getTime() - lastActivity.getTime() > STUCK_IDLE_MS || row.sameStateMoves >= STUCK_SAME_STATE_ENTRIES
  );
}

export function labState(row: LabRow): Lab {
  return row.state;
}

export function scenarioById(scenarioId: string | null | undefined): Scenario | undefined {
  return scenarioId ? SCENARIOS.find((scenario) => scenario.id === scenarioId) : undefined;
}

/** The seat playing `role`, or null when the built-in endpoint plays it. */
export function seatOf(row: Pick<LabRow, 'clientSeatId' | 'serverSeatId'>, role: Role): string | null {
  return role === 'client' ? row.clientSeatId : row.serverSeatId;
}

export function roleOfSeat(row: Pick<LabRow, 'clientSeatId' | 'serverSeatId'>, seatId: string): Role | null {
  if (row.clientSeatId === seatId) return 'client';
  if (row.serverSeatId === seatId) return 'server';
  return null;
}

/** The lab's clock pace in lab ms per real ms: its own, else the server's LAB_TIME_SCALE (`defaultRate`). */
export function clockRateOf(row: Pick<LabRow, 'clockRate'>, defaultRate: number): number {
  return row.clockRate ?? defaultRate;
}

/**
 * One lab as the dashboard shows it (LabSummary); seat names come from `names` (seat id → display name),
 * `defaultRate` is LAB_TIME_SCALE.
 */
export function summarize(
  row: LabRow,
  names: ReadonlyMap<string, string>,
  defaultRate: number,
  now = new Date(),
  /** the round's entries a rule goal needs (the master holds them for open labs: LiveLab.goalEntries) */
  goalEntries?: readonly TranscriptEntry[],
): LabSummary {
  const lab = labState(row);
  const seat = (seatId: string | null): SeatRef | null =>
    seatId === null ? null : { seatId, displayName: names.get(seatId) ?? '' };
  return {
    id: row.id,
    classroomId: row.classroomId,
    status: row.status as LabStatus,
    mode: lab.settings.mode,
    network: lab.settings.network,
    scenarioId: row.scenarioId,
    round: row.round,
    seats: { client: seat(row.clientSeatId), server: seat(row.serverSeatId) },
    states: { client: lab.client.state, server: lab.server.state },
    moveCount: row.moveCount,
    step: row.moveCount,
    mistakes: row.mistakes,
    lastMoveAt: row.lastMoveAt ? row.lastMoveAt.toISOString() : null,
    stuck: isStuck(row, now),
    clockRate: clockRateOf(row, defaultRate),
    ...summaryGoal(row, lab, goalEntries),
  };
}

/**
 * The dashboard card's "goal reached". The lab's states decide it, and for a goal that names a rule the round's
 * entry that took it: the master keeps that one entry for every open lab, so a summary reads no transcript (cost
 * per move stays flat). Without it (a lab read straight from its row) a rule goal is left out.
 */
function summaryGoal(
  row: LabRow,
  lab: Lab,
  goalEntries?: readonly TranscriptEntry[],
): { goalReached?: boolean } {
  const scenario = scenarioById(row.scenarioId);
  if (!scenario) return {};
  if (scenario.goalRuleId === undefined) return { goalReached: goalReached(scenario, lab) };
  if (goalEntries === undefined) return {};
  return {
    goalReached: goalReached(scenario, lab, {
      format: 'tcp-lab-transcript/1',
      settings: lab.settings,
      entries: [...goalEntries],
    }),
  };
}

/**
 * Everything `viewer` may see of the lab besides the Lab itself and the transcript (lab-protocol's LabFrameHead):
 * bounded, sent whole in every delta. `goalEntries` are the round's entries that a rule goal needs (the one that
 * took the goal's rule, if any): the whole transcript is not needed to say whether the goal is reached.
 */
export function frameHead(
  row: LabRow,
  names: ReadonlyMap<string, string>,
  goalEntries: readonly TranscriptEntry[],
  viewer: Viewer,
  defaultRate: number,
): LabFrameHead {
  const lab = labState(row);
  const scenario = scenarioById(row.scenarioId);
  const summary = summarize(row, names, defaultRate, new Date(), goalEntries);
  return {
    ...summary,
    ...(viewer.kind === 'seat' ? { yourRole: viewer.role } : {}),
    ...(scenario ? { scenario: { id: scenario.id, title: scenario.title, goal: scenario.goal } } : {}),
    goalReached: scenario
      ? goalReached(scenario, lab, {
          format: 'tcp-lab-transcript/1',
          settings: lab.settings,
          entries: [...goalEntries],
        })
      : false,
    timeScale: summary.clockRate,
  };
}

/** The entries of `entries` that a rule goal of the lab's scenario needs (at most the first that took the rule). */
export function goalEntriesOf(
  scenarioId: string | null,
  entries: readonly TranscriptEntry[],
): TranscriptEntry[] {
  const ruleId = scenarioById(scenarioId)?.goalRuleId;
  if (ruleId === undefined) return [];
  const taken = entries.find((entry) => entry.transitions.some((transition) => transition.ruleId === ruleId));
  return taken ? [taken] : [];
}

/** Everything `viewer` may see of the lab (LabSnapshot): students get tcp-core's redacted labView. */
export function snapshot(
  row: LabRow,
  names: ReadonlyMap<string, string>,
  transcript: TranscriptEntry[],
  viewer: Viewer,
  defaultRate: number,
): LabSnapshot {
  return {
    ...frameHead(row, names, goalEntriesOf(row.scenarioId, transcript), viewer, defaultRate),
    lab: viewOf(row, viewer),
    transcript,
  };
}

/** tcp-core's labView of the lab for `viewer`. */
export function viewOf(row: LabRow, viewer: Viewer): Lab {
  return labView(labState(row), viewer.kind === 'seat' ? viewer.role : 'instructor');
}
