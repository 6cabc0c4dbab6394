/**
 * Stack-mode scenarios. Most scenarios are written in calls mode (tcp-core plays both stacks); `toStackScript` turns
 * one into the stack-mode script a stack task needs by writing in, after each move, the reference answer of every
 * endpoint that now owes one (and repeating a `deliver-all`, or the rest of a clock advance, that stopped at such an
 * event). The scene-setting part is the scenario's moves before `from`.
 */
import { createLab } from './lab';
import { applyMove, nextTimerDue, referenceAnswer } from './moves';
import { scenarioById } from './scenarios';
import type { Lab, LabScript, Move } from './types';

export type StackScript = { ok: true; script: LabScript; setupMoves: number } | { ok: false; error: string };

/** Enough for any scenario: each round answers an event or delivers a segment, and a scenario has few of them. */
const MAX_FOLLOW_UPS = 100;

/** A calls-mode script as a stack-mode script with the reference answers written in; `setupMoves` counts the moves before `from`. */
export function toStackScript(source: LabScript, from = 0): StackScript {
  let lab: Lab = createLab({ ...source.settings, mode: 'stack' });
  const moves: Move[] = [];
  let setupMoves = 0;
  let refused: string | null = null;
  /** Plays `move` and writes it down; a refusal is kept (the first one) and nothing more is played. */
  const play = (move: Move): boolean => {
    if (refused) return false;
    const result = applyMove(lab, move, 'system');
    if (!result.ok) {
      refused = `${result.code} at ${JSON.stringify(move)}: ${result.reason.en}`;
      return false;
    }
    lab = result.lab;
    moves.push(move);
    return true;
  };
  /** The reference answer of every endpoint that owes one, until none does (an answer can raise the peer's event). */
  const answerAll = () => {
    for (let guard = 0; guard < MAX_FOLLOW_UPS; guard++) {
      const role = lab.pending.client ? 'client' : lab.pending.server ? 'server' : null;
      const reference = role && referenceAnswer(lab, role);
      if (!role || !reference || !play({ by: role, answer: reference })) return;
    }
  };
  source.moves.forEach((original, index) => {
    if (refused) return;
    if (index === from) setupMoves = moves.length;
    const { expect, ...move } = original as Move & { expect?: { ok?: boolean } };
    if (expect?.ok === false) return; // a demonstration of a refused move, not part of the play
    if ('answer' in move) {
      answerAll(); // the script's own answer: the reference one stands in its place
      return;
    }
    const target = 'advance' in move ? lab.clock + move.advance : null;
    if (!play(move as Move)) return;
    for (let guard = 0; guard < MAX_FOLLOW_UPS && !refused; guard++) {
      answerAll();
      if (move.by === 'network' && move.action === 'deliver-all') {
        // "deliver all" stops at an event to answer; once answered it goes on, until nothing is deliverable
        // (the lab's own refusal, NOTHING_IN_FLIGHT, says so: the rule of what is deliverable stays in lab.ts)
        const again: Move = { by: 'network', action: 'deliver-all' };
        const result = applyMove(lab, again, 'system');
        if (!result.ok) break;
        lab = result.lab;
        moves.push(again);
      }
      // a clock advance stops at a timer whose endpoint owes an answer; the rest of it (even 0 ms) comes after
      else if (target !== null && (lab.clock < target || (nextTimerDue(lab) ?? Infinity) <= target))
        play({ by: 'clock', advance: target - lab.clock });
      else break;
    }
  });
  if (refused) return { ok: false, error: refused };
  const settings = { ...source.settings, mode: 'stack' as const };
  return { ok: true, script: { format: 'tcp-lab/1', title: source.title, settings, moves }, setupMoves };
}

/** The stack-mode script of a catalogue scenario, the student taking over at the scenario's move `from`. */
export function stackScenario(scenarioId: string, from = 0): StackScript {
  const scenario = scenarioById(scenarioId);
  if (!scenario) return { ok: false, error: `no scenario '${scenarioId}'` };
  return toStackScript(scenario.script, from);
}
