import { scenarioById, type Move } from '@tcp-lab/tcp-core';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
import { labGoalReached } from '../src/lib/goal';
import { play } from './labs';

/** What the lab page holds after these moves, with the server's `goalReached` as given. */
function snapshotAfter(scenarioId: string, moves: Move[], serverSays: boolean): LabSnapshot {
  const { lab, transcript } = play(moves);
  const scenario = scenarioById(scenarioId)!;
  return {
    scenario: { id: scenario.id, title: scenario.title, goal: scenario.goal },
    lab,
    transcript: transcript.entries,
    states: { client: lab.client.state, server: lab.server.state },
    goalReached: serverSays,
  } as unknown as LabSnapshot;
}

const handshake: Move[] = [
  { by: 'server', call: 'listen' },
  { by: 'client', call: 'connect' },
  { by: 'network', action: 'deliver', from: 'client' },
  { by: 'network', action: 'deliver', from: 'server' },
  { by: 'network', action: 'deliver', from: 'client' },
];
const throughListenAgain: Move[] = [
  { by: 'server', call: 'listen' },
  { by: 'client', call: 'connect' },
  { by: 'network', action: 'deliver', from: 'client' },
  { by: 'client', call: 'abort' },
  { by: 'network', action: 'deliver', from: 'server' },
  { by: 'network', action: 'deliver', from: 'client' },
  ...handshake.slice(1),
];

describe('goal reached on the lab page, for a goal that names a rule', () => {
  test('SYN_RCVD back to LISTEN: reached once the transcript took the rule, though the summary did not say so', () => {
    expect(labGoalReached(snapshotAfter('syn-rcvd-reset', throughListenAgain, false))).toBe(true);
  });

  test('SYN_RCVD back to LISTEN: ESTABLISHED on both sides without the reset is not the goal', () => {
    expect(labGoalReached(snapshotAfter('syn-rcvd-reset', handshake, false))).toBe(false);
  });

  test('the rule was taken but the goal states do not hold yet: not reached', () => {
    expect(labGoalReached(snapshotAfter('syn-rcvd-reset', throughListenAgain.slice(0, 6), false))).toBe(
      false,
    );
  });

  test('free play never reaches a goal', () => {
    const snapshot = { ...snapshotAfter('syn-rcvd-reset', throughListenAgain, false), scenario: undefined };
    expect(labGoalReached(snapshot)).toBe(false);
  });
});
