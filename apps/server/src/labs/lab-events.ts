import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { TranscriptEntry } from '@tcp-lab/tcp-core';
import type { ServerEvent, ServerEventPayloads } from '@tcp-lab/lab-protocol';
import { AppConfig } from '../config/app-config';

/**
 * What one process tells the others after it changed a lab (several processes, REDIS_URL set): the entry it wrote,
 * or none when the change is not one entry to follow (a new round, a new lab), so their copy is let go.
 */
export interface PeerEntry {
  labId: string;
  round: number;
  entry?: TranscriptEntry;
}
const PEER_ENTRY_EVENT = 'lab:entry';

/**
 * Rooms the labs area sends to. A seat's sockets (every tab of that student) share `seat:<id>`, so each seat
 * gets its own redacted view of a lab; instructors who opened a lab are in `lab:<id>`; instructors watching a
 * class dashboard are in `class:<id>`.
 */
export const rooms = {
  seat: (seatId: string) => `seat:${seatId}`,
  lab: (labId: string) => `lab:${labId}`,
  classroom: (classroomId: string) => `class:${classroomId}`,
};

/** The one place the labs service reaches sockets; the gateway hands it the socket.io server at init. */
@Injectable()
export class LabEvents {
  private server: Server | null = null;
  private readonly peerHandlers: ((message: PeerEntry) => void)[] = [];
  /** several processes share rooms through the Redis adapter (REDIS_URL) */
  readonly shared: boolean;

  constructor(config: AppConfig) {
    this.shared = config.redisUrl !== undefined;
  }

  attach(server: Server): void {
    this.server = server;
    if (this.shared)
      server.on(PEER_ENTRY_EVENT, (message: PeerEntry) =>
        this.peerHandlers.forEach((handle) => handle(message)),
      );
  }

  /** Tells the other processes (none when alone: the in-memory adapter has no peers) about an entry just written. */
  toPeers(message: PeerEntry): void {
    if (this.shared) this.server?.serverSideEmit(PEER_ENTRY_EVENT, message);
  }

  onPeerEntry(handle: (message: PeerEntry) => void): void {
    this.peerHandlers.push(handle);
  }

  /**
   * Whether anyone may be in `room`: alone, socket.io's own room table says (an instructor's `lab:<id>` room is
   * empty unless someone opened that lab's page, and a message for nobody still costs its encoding); with several
   * processes another one may hold members, so the answer is yes.
   */
  hasListeners(room: string): boolean {
    if (this.shared || !this.server) return true;
    return (this.server.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  /** Only the contract's server → client events, each with its payload type; `except` leaves one socket out. */
  emit<E extends ServerEvent>(
    room: string,
    event: E,
    payload: ServerEventPayloads[E],
    except?: string,
  ): void {
    if (!this.server) return;
    (except === undefined ? this.server.to(room) : this.server.to(room).except(except)).emit(event, payload);
  }
}
