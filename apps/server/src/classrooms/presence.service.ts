import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/** Tells watchers (the labs gateway forwards it as 'class:roster') that a classroom's roster changed. */
export interface RosterChange {
  classroomId: string;
  seatId: string;
  reason: 'joined' | 'online' | 'offline' | 'removed';
}

/**
 * Which seats have a live socket right now. Memory only: presence is about this process's sockets, and a
 * restarted server starts with everyone offline until their browsers reconnect.
 * The labs gateway calls setOnline on connect/disconnect and forwards `rosterChanged`.
 */
@Injectable()
export class PresenceService {
  /** seatId -> number of open sockets (a student may have two tabs open) */
  private readonly sockets = new Map<string, number>();
  private readonly classroomOf = new Map<string, string>();
  readonly rosterChanged = new Subject<RosterChange>();

  setOnline(seatId: string, online: boolean, classroomId?: string): void {
    if (classroomId) this.classroomOf.set(seatId, classroomId);
    const before = this.sockets.get(seatId) ?? 0;
    const after = Math.max(0, before + (online ? 1 : -1));
    if (after === 0) this.sockets.delete(seatId);
    else this.sockets.set(seatId, after);
    const cid = classroomId ?? this.classroomOf.get(seatId);
    if ((before === 0) !== (after === 0) && cid) {
      this.rosterChanged.next({ classroomId: cid, seatId, reason: after > 0 ? 'online' : 'offline' });
    }
  }

  isOnline(seatId: string): boolean {
    return (this.sockets.get(seatId) ?? 0) > 0;
  }

  seatJoined(classroomId: string, seatId: string): void {
    this.classroomOf.set(seatId, classroomId);
    this.rosterChanged.next({ classroomId, seatId, reason: 'joined' });
  }

  /** The seat was left or removed: it leaves the roster (its sockets are being closed). */
  seatRemoved(classroomId: string, seatId: string): void {
    this.rosterChanged.next({ classroomId, seatId, reason: 'removed' });
  }
}
