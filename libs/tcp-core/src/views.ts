/**
 * Stale views (boardgame.io's `_stateID`): a seat's move carries the step of the lab view it was made from. When
 * entries were recorded since, the master asks `staleView` whether that matters for this move; if it does, the
 * move is refused (STALE_VIEW) and nothing is recorded, so a click never acts on something its author did not see.
 */
import type { Bilingual, Lab, Move } from './types';

/**
 * Why a move made from an older view of `lab` must not be applied, or null when the view's age is harmless.
 *
 * Harmless: socket calls (an application's call is never "stale": the stack decides what it means now), stack
 * answers (an endpoint owing an answer takes no other event, so the pending event is still the one seen), fault
 * arming and injection (the instructor's), and a network move naming a segment by `id` that is still in flight
 * (the id says exactly which segment). It matters for moves whose meaning depends on what was on screen: a network
 * move by `from`/`index` (positions shift), an `id` no longer in flight (someone else delivered or dropped it),
 * `deliver-all` (it would deliver segments not yet seen) and a clock advance (it was measured to a timer seen).
 */
export function staleView(lab: Lab, move: Move, viewStep: number, currentStep: number): Bilingual | null {
  if (viewStep >= currentStep) return null;
  const changed = `the lab changed since your view (step ${viewStep}, now ${currentStep})`;
  const changedZh = `实验在你看到的画面之后已经变化（第 ${viewStep} 步，现在是第 ${currentStep} 步）`;
  if (move.by === 'clock')
    return {
      en: `${changed}: the timers may not be where you saw them; look again and retry`,
      zh: `${changedZh}：计时器可能已不在你看到的位置；请重新查看后再试`,
    };
  if (move.by !== 'network') return null;
  switch (move.action) {
    case 'deliver':
    case 'drop':
    case 'duplicate':
      if ('id' in move) {
        if (lab.inFlight.some((s) => s.id === move.id)) return null;
        return {
          en: `${changed}: segment #${move.id} is no longer in flight`,
          zh: `${changedZh}：报文段 #${move.id} 已不在网络中`,
        };
      }
      return {
        en: `${changed}: the segments in flight may have moved; name the segment by its id or look again`,
        zh: `${changedZh}：网络中报文段的位置可能已改变；请用报文段的 id 指定，或重新查看`,
      };
    case 'deliver-all':
      return {
        en: `${changed}: new segments may be in flight; look again before delivering all`,
        zh: `${changedZh}：网络中可能有新的报文段；请重新查看后再全部递交`,
      };
    default:
      return null;
  }
}
