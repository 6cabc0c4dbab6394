import type { Bilingual, Role, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { RosterSeat } from '../../src/classrooms/classrooms.service';
import type { LabSnapshot, LabSummary } from '../../src/labs/lab-views';

export type { LabSnapshot, LabSummary, RosterSeat };

/** What the server sends to clients, by event name (SOCKET_EVENTS.md). */
export interface ServerEvents {
  'lab:update': { labId: string; entry: TranscriptEntry; lab: LabSnapshot };
  'lab:status': { lab: LabSnapshot };
  'seat:paired': { labId: string; role: Role };
  'class:roster': { classroomId: string; seats: RosterSeat[] };
  'class:lab': { classroomId: string; lab: LabSummary };
}

/** Any ack the server answers with; which fields are set depends on the event and the outcome. */
export interface Ack {
  ok: boolean;
  code?: string;
  reason?: Bilingual;
  duplicate?: boolean;
  entry?: TranscriptEntry;
  lab?: LabSnapshot;
  classroom?: { id: string; name: string; joinCode: string; seats: RosterSeat[] };
  labs?: LabSummary[];
  /** other areas' events (e.g. the quiz namespace) answer with more fields */
  [field: string]: unknown;
}

/** An ok ack, with the fields a test reads made non-optional (`ok()` checks `ok` before handing it out). */
export type OkAck = Ack & Required<Pick<Ack, 'entry' | 'lab' | 'classroom' | 'labs'>>;
