/** A student's seat is no longer theirs (removed by the teacher, left, expired): off to the join screen, saying why. */
import type { Bilingual } from '@tcp-lab/tcp-core';
import { ApiError } from '../api/http';
import { joinNotice, seatToken } from '../api/session';
import { navigate } from './router';

export function seatGone(why?: Bilingual): void {
  if (why) joinNotice.set(why);
  seatToken.set(null);
  navigate('/join');
}

/** The server refused the seat's token over HTTP: true when the seat is gone (and the student was sent away). */
export function seatRefused(caught: unknown): boolean {
  if (!(caught instanceof ApiError) || (caught.status !== 401 && caught.status !== 404)) return false;
  seatGone(caught.status === 401 ? caught.reason : undefined);
  return true;
}
