/**
 * The HTTP/socket contract as the web consumes it (see the API brief). tcp-core types come from the package;
 * only the server's envelopes (summaries, snapshots, acks) are described here.
 */
import type { Bilingual, Lab, LabMode, NetworkMode, Role, State, TranscriptEntry, RejectionCode } from '@tcp-lab/tcp-core';

export type LabStatus = 'waiting' | 'running' | 'paused' | 'ended';

export interface SeatRef {
  seatId: string;
  displayName: string;
}

export interface LabSummary {
  id: string;
  status: LabStatus;
  mode: LabMode;
  network: NetworkMode;
  scenarioId: string | null;
  round: number;
  seats: { client: SeatRef | null; server: SeatRef | null };
  states: { client: State; server: State };
  moveCount: number;
  mistakes: number;
  lastMoveAt: string | null;
  stuck: boolean;
}

export interface ScenarioSummary {
  id: string;
  title: Bilingual;
  goal: Bilingual;
  mode?: LabMode;
}

export interface LabSnapshot extends LabSummary {
  lab: Lab;
  transcript: TranscriptEntry[];
  yourRole?: Role;
  scenario?: { id: string; title: Bilingual; goal: Bilingual };
  goalReached: boolean;
  timeScale: number;
}

export interface Seat {
  id: string;
  displayName: string;
  online: boolean;
  labId: string | null;
  role: Role | null;
}

export interface Classroom {
  id: string;
  name: string;
  joinCode: string;
  createdAt?: string;
  seatCount?: number;
}

export interface ClassroomDetail extends Classroom {
  seats: Seat[];
}

export interface Instructor {
  id: string;
  email: string;
  name: string;
}

/** Every socket ack is one of these; a rejection always carries a stable code and a reason in both languages. */
export type Rejection = { ok: false; code: RejectionCode | string; reason: Bilingual; entry?: TranscriptEntry };

export type MoveAck = { ok: true; duplicate: boolean; entry: TranscriptEntry; lab: LabSnapshot } | Rejection;
export type JoinAck = { ok: true; lab: LabSnapshot } | Rejection;
export type WatchAck = { ok: true; classroom: ClassroomDetail; labs: LabSummary[] } | Rejection;

export interface MistakeStats {
  byRule: Record<string, { attempts: number; mistakes: number }>;
  total: number;
}

export type LabAction = 'start' | 'pause' | 'resume' | 'reset' | 'end' | 'swap-roles' | 'set-scenario' | 'advance-clock';
export type FaultKind = 'drop' | 'duplicate' | 'delay' | 'reorder';
