import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { Socket } from 'socket.io';
import type { ClassroomDetail, LabSummary, SeatPairedMessage } from '@tcp-lab/lab-protocol';
import { ClassroomsService } from '../classrooms/classrooms.service';
import { PresenceService } from '../classrooms/presence.service';
import { LabEvents, rooms } from './lab-events';
import type { InstructorPrincipal, SeatPrincipal } from './lab-principal';
import { isStuck, roleOfSeat, summarize } from './lab-views';
import { LabsRepository } from './labs.repository';
import { LabsService } from './labs.service';

/** How often the dashboard's `stuck` flags are re-checked: idleness appears with no event to announce it. */
const STUCK_SWEEP_MS = 10_000;

/**
 * The instructor dashboard's live feed and students' presence: the roster (from ClassroomsService and
 * PresenceService) and every lab's summary.
 */
@Injectable()
export class ClassroomFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ClassroomFeed');
  private subscription?: Subscription;
  private sweep?: NodeJS.Timeout;
  private readonly stuckSent = new Map<string, boolean>();

  constructor(
    private readonly repository: LabsRepository,
    private readonly labs: LabsService,
    private readonly classrooms: ClassroomsService,
    private readonly presence: PresenceService,
    private readonly events: LabEvents,
  ) {}

  onModuleInit(): void {
    this.subscription = this.presence.rosterChanged.subscribe(
      (change) => void this.publishRoster(change.classroomId),
    );
    this.sweep = setInterval(() => void this.sweepStuck(), STUCK_SWEEP_MS);
    this.sweep.unref();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    if (this.sweep) clearInterval(this.sweep);
  }

  async watch(
    instructor: InstructorPrincipal,
    classroomId: string,
  ): Promise<{ classroom: ClassroomDetail; labs: LabSummary[] }> {
    const classroom = await this.classrooms.detail(classroomId, instructor.instructorId);
    return { classroom, labs: await this.summaries(classroomId) };
  }

  /** Presence, and 'seat:paired' so a student who (re)connects finds their lab at once. */
  async seatConnected(seat: SeatPrincipal, socket: Socket): Promise<void> {
    this.presence.setOnline(seat.seatId, true, seat.classroomId);
    const lab = await this.repository.activeLabOfSeat(seat.seatId);
    const role = lab && roleOfSeat(lab, seat.seatId);
    if (lab && role) socket.emit('seat:paired', { labId: lab.id, role } satisfies SeatPairedMessage);
  }

  seatDisconnected(seat: SeatPrincipal): void {
    this.presence.setOnline(seat.seatId, false, seat.classroomId);
  }

  private async summaries(classroomId: string): Promise<LabSummary[]> {
    const labs = await this.repository.labsOfClassroom(classroomId);
    const names = await this.repository.seatNames(
      labs.flatMap((lab) => [lab.clientSeatId, lab.serverSeatId]),
    );
    // an open lab's card comes from the master's copy (current, and with a rule goal's "reached")
    return Promise.all(
      labs.map((lab) =>
        lab.status === 'ended' ? summarize(lab, names, this.labs.timeScale) : this.labs.summaryOf(lab),
      ),
    );
  }

  private async publishRoster(classroomId: string): Promise<void> {
    try {
      const seats = await this.classrooms.roster(classroomId);
      this.events.emit(rooms.classroom(classroomId), 'class:roster', { classroomId, seats });
    } catch (error) {
      this.logger.error(`classroom ${classroomId}: roster update failed: ${String(error)}`);
    }
  }

  /** Announces labs whose `stuck` flag changed since last said (only time passed, no move did it). */
  private async sweepStuck(): Promise<void> {
    try {
      const now = new Date();
      for (const lab of this.labs.openLabs()) {
        const stuck = isStuck(lab, now);
        if ((this.stuckSent.get(lab.id) ?? false) === stuck) continue;
        this.stuckSent.set(lab.id, stuck);
        this.events.emit(rooms.classroom(lab.classroomId), 'class:lab', {
          classroomId: lab.classroomId,
          lab: await this.labs.summaryOf(lab),
        });
      }
    } catch (error) {
      this.logger.error(`stuck sweep failed: ${String(error)}`);
    }
  }
}
