/**
 * Linux as the peer (apps/server/src/linux-peer): what the server adds to a transcript entry where the real Linux
 * kernel played a side (`entry.kernel`), and its HTTP answers. One shape for the server that makes it and the web
 * that draws it.
 */
import type { Bilingual, Role, Segment, State, TranscriptEntry } from '@tcp-lab/tcp-core';

/** One difference between Linux and tcp-core's prediction; `allowedBy` names the rule that allows it, if one does. */
export interface KernelDifference {
  what: Bilingual;
  /** a rule of the server's ALLOWED_DIFFERENCES (own-isn, window-size, long-clock-move, ...) */
  allowedBy?: string;
}

/** Beside one entry: what Linux did, what tcp-core predicted, and whether they agree. */
export interface KernelMove {
  step: number;
  role: Role;
  linux: { sent: Segment[]; state: State };
  predicted: { sent: Segment[]; state: State };
  /** no difference, or only allowed ones */
  agreed: boolean;
  differences: KernelDifference[];
}

/** A transcript entry with what Linux did beside it. */
export type EntryWithKernel = TranscriptEntry & { kernel?: KernelMove };

/** The entry's kernel move, where the server set one. */
export const kernelOf = (entry: TranscriptEntry): KernelMove | undefined => (entry as EntryWithKernel).kernel;

/** `GET /api/linux-peer`: whether Linux can play a side on this server, and if not why. */
export type LinuxPeerAvailability = { available: true } | { available: false; reason: Bilingual };
