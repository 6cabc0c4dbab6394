import type { Bilingual, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { LabSnapshot, LabSummary, RosterSeat, ServerEventPayloads } from '@tcp-lab/lab-protocol';

export type { LabSnapshot, LabSummary, RosterSeat };

/** What the server sends to clients, by event name (SOCKET_EVENTS.md): the wire contract's. */
export type ServerEvents = ServerEventPayloads;

/** Any ack the server answers with; which fields are set depends on the event and the outcome. */
export interface Ack {
  ok: boolean;
  code?: string;
  reason?: Bilingual;
  duplicate?: boolean;
  entry?: TranscriptEntry;
  /**
   * joins: the whole snapshot; a recorded move: a LabDelta (its `lab` holds only the fields the move changed; the
   * summary fields are all there), typed as a snapshot so that specs read `ack.lab.states` and `ack.lab.lab.x`
   */
  lab?: LabSnapshot;
  classroom?: { id: string; name: string; joinCode: string; seats: RosterSeat[] };
  labs?: LabSummary[];
  /** other areas' events (e.g. the quiz namespace) answer with more fields */
  [field: string]: unknown;
}

/** An ok ack, with the fields a test reads made non-optional (`ok()` checks `ok` before handing it out). */
export type OkAck = Ack & Required<Pick<Ack, 'entry' | 'lab' | 'classroom' | 'labs'>>;
