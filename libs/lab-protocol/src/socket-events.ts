import type { Role, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { RosterSeat } from './classrooms';
import type { LabDelta } from './lab-delta';
import type { LabSnapshot, LabSummary } from './labs';

/**
 * The labs' socket.io event names (apps/server/SOCKET_EVENTS.md). The client → server ones (CLIENT_EVENTS) and
 * always take an ack; the rest are server → client.
 */
export const SOCKET_EVENTS = {
  labJoin: 'lab:join',
  labMove: 'lab:move',
  classWatch: 'class:watch',
  labProfile: 'lab:profile',
  labUpdate: 'lab:update',
  labStatus: 'lab:status',
  seatPaired: 'seat:paired',
  classLab: 'class:lab',
  classRoster: 'class:roster',
} as const;

export const CLIENT_EVENTS = [
  SOCKET_EVENTS.labJoin,
  SOCKET_EVENTS.labMove,
  SOCKET_EVENTS.classWatch,
  SOCKET_EVENTS.labProfile,
] as const;
export type ClientEvent = (typeof CLIENT_EVENTS)[number];

/**
 * After every recorded entry of the lab's log that stays in the round (moves, also rejected ones; built-in moves;
 * timers; faults; start, pause, resume, end, set-clock): the entry and the viewer's delta (lab-delta.ts), whose
 * size does not grow with the round.
 */
export interface LabUpdateMessage {
  labId: string;
  entry: TranscriptEntry;
  lab: LabDelta;
}

/** The whole snapshot: after pairing and when a new round begins (reset, swap roles, set scenario). */
export interface LabStatusMessage {
  lab: LabSnapshot;
}

/** The seat's lab was created, its role changed, or it connected while having a lab. */
export interface SeatPairedMessage {
  labId: string;
  role: Role;
}

/** To watching instructors on every change of a lab of the class, and when its `stuck` flag flips. */
export interface ClassLabMessage {
  classroomId: string;
  lab: LabSummary;
}

/** To watching instructors when a student joins, comes online or goes offline. */
export interface ClassRosterMessage {
  classroomId: string;
  seats: RosterSeat[];
}

/** What each server → client event carries. */
export interface ServerEventPayloads {
  'lab:update': LabUpdateMessage;
  'lab:status': LabStatusMessage;
  'seat:paired': SeatPairedMessage;
  'class:lab': ClassLabMessage;
  'class:roster': ClassRosterMessage;
}
export type ServerEvent = keyof ServerEventPayloads;
