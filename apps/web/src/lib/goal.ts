/**
 * "Goal reached" on a lab page. A scenario whose goal names a rule (goalRuleId: e.g. SYN_RCVD → LISTEN, then on to
 * ESTABLISHED) is reached only if the round's transcript took that rule; the server's summaries do not read the
 * transcript (a move's cost stays flat), but the lab page holds the round's transcript, so it decides with
 * tcp-core's own goalReached, the same function the server uses.
 */
import { TRANSCRIPT_FORMAT, goalReached, scenarioById } from '@tcp-lab/tcp-core';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';

export function labGoalReached(snapshot: LabSnapshot): boolean {
  const scenario = snapshot.scenario ? scenarioById(snapshot.scenario.id) : undefined;
  if (!scenario) return false;
  if (snapshot.goalReached) return true;
  return goalReached(scenario, snapshot.lab, {
    format: TRANSCRIPT_FORMAT,
    settings: snapshot.lab.settings,
    entries: snapshot.transcript ?? [],
  });
}
