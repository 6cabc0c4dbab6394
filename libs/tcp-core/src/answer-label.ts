/**
 * The short label a stack-mode answer is shown with (move feedback, a quiz's verdict and review): the state, then
 * each segment as it is drawn in the ladder (`segmentLabel`), e.g. `SYN_RCVD; SYN,ACK seq=5000 ack=1001`.
 */
import { segmentLabel } from './segment';
import type { Answer } from './types';

/** `noSegment` stands for an answer that sends nothing (the caller passes it in the reader's language). */
export function answerLabel(answer: Answer, noSegment = '—'): string {
  const segments = answer.send.length ? answer.send.map(segmentLabel).join(' + ') : noSegment;
  return `${answer.state}; ${segments}`;
}
