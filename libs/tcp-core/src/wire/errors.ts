/**
 * Errors of the wire module: values with a stable code and a reason in both languages (never thrown at a
 * caller for bad input), so the server can answer a teacher's bad upload the way it answers a bad move.
 */
import type { Bilingual } from '../types';

export type WireErrorCode =
  | 'MALFORMED' // the bytes do not follow the format they claim
  | 'TRUNCATED' // the file or a packet ends before its headers say it does
  | 'TOO_LARGE' // over MAX_CAPTURE_BYTES or MAX_CAPTURE_PACKETS
  | 'NOT_TCP' // no TCP segment in the capture (or this packet is not one)
  | 'NOT_A_CAPTURE' // neither pcap nor pcapng
  | 'UNSUPPORTED_LINK' // a link layer the reader does not know
  | 'NO_SUCH_CONNECTION'; // the chosen connection is not in the capture

export interface WireError {
  ok: false;
  code: WireErrorCode;
  reason: Bilingual;
}

export const wireError = (code: WireErrorCode, en: string, zh: string): WireError => ({
  ok: false,
  code,
  reason: { en, zh },
});
