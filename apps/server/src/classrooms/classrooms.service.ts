import { Injectable } from '@nestjs/common';
import type { Role } from '@tcp-lab/tcp-core';
import type { Classroom, ClassroomDetail, JoinResponse, RosterSeat, SeatMe } from '@tcp-lab/lab-protocol';
import { Prisma } from '../generated/prisma';
import { TokensService } from '../auth/tokens.service';
import { ApiError } from '../common/api-error';
import { PrismaService } from '../database/prisma.service';
import { newJoinCode, normalizeJoinCode } from './join-code';
import { PresenceService } from './presence.service';
import { SeatRemovals } from './seat-removals';
import { SeatSocketsGateway } from './seat-sockets.gateway';

const NO_SUCH_CLASSROOM = { en: 'This classroom does not exist.', zh: '该班级不存在。' };
const NOT_YOUR_CLASSROOM = {
  en: 'This classroom belongs to another instructor.',
  zh: '该班级属于其他教师。',
};
const NO_SUCH_SEAT = { en: 'This class has no such seat.', zh: '本班没有这个座位。' };
const UNKNOWN_JOIN_CODE = {
  en: 'No classroom has this join code. Check it with your teacher.',
  zh: '没有班级使用这个加入码，请向老师核对。',
};

// A fresh code collides with an existing one rarely (31^6 ≈ 887 million codes); a few retries are plenty.
const JOIN_CODE_ATTEMPTS = 10;

const view = (c: { id: string; name: string; joinCode: string; createdAt: Date }): Classroom => ({
  id: c.id,
  name: c.name,
  joinCode: c.joinCode,
  createdAt: c.createdAt.toISOString(),
});

@Injectable()
export class ClassroomsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly tokens: TokensService,
    private readonly presence: PresenceService,
    private readonly seatSockets: SeatSocketsGateway,
    private readonly removals: SeatRemovals,
  ) {}

  async create(instructorId: string, name: string): Promise<Classroom> {
    for (let attempt = 1; ; attempt++) {
      try {
        return view(
          await this.prisma.classroom.create({ data: { name, instructorId, joinCode: newJoinCode() } }),
        );
      } catch (error) {
        const joinCodeTaken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
        if (!joinCodeTaken || attempt >= JOIN_CODE_ATTEMPTS) throw error;
      }
    }
  }

  async list(instructorId: string): Promise<Array<Classroom & { seatCount: number }>> {
    const classrooms = await this.prisma.classroom.findMany({
      where: { instructorId },
      orderBy: { createdAt: 'desc' },
      include: { _count: { select: { seats: { where: { removedAt: null } } } } },
    });
    return classrooms.map((c) => ({ ...view(c), seatCount: c._count.seats }));
  }

  /**
   * The classroom, if this instructor owns it: 404 NOT_FOUND when it does not exist, 403 FORBIDDEN when it
   * belongs to someone else. The labs module uses it for every owner-only route.
   */
  async requireOwned(
    classroomId: string,
    instructorId: string,
  ): Promise<Classroom & { instructorId: string }> {
    const classroom = await this.prisma.classroom.findUnique({ where: { id: classroomId } });
    if (!classroom) throw new ApiError('NOT_FOUND', NO_SUCH_CLASSROOM);
    if (classroom.instructorId !== instructorId) throw new ApiError('FORBIDDEN', NOT_YOUR_CLASSROOM);
    return { ...view(classroom), instructorId: classroom.instructorId };
  }

  async detail(classroomId: string, instructorId: string): Promise<ClassroomDetail> {
    const classroom = await this.requireOwned(classroomId, instructorId);
    return {
      id: classroom.id,
      name: classroom.name,
      joinCode: classroom.joinCode,
      createdAt: classroom.createdAt,
      seats: await this.roster(classroomId),
    };
  }

  /** Seats in join order (not the left or removed ones), each with presence and its current (latest not ended) lab and role. */
  async roster(classroomId: string): Promise<RosterSeat[]> {
    const [seats, labs] = await Promise.all([
      this.prisma.seat.findMany({
        where: { classroomId, removedAt: null },
        orderBy: { joinOrder: 'asc' },
      }),
      this.prisma.lab.findMany({
        where: { classroomId, status: { not: 'ended' } },
        orderBy: { createdAt: 'desc' },
        select: { id: true, clientSeatId: true, serverSeatId: true },
      }),
    ]);
    const placeOf = new Map<string, { labId: string; role: Role }>();
    for (const lab of labs) {
      if (lab.clientSeatId && !placeOf.has(lab.clientSeatId))
        placeOf.set(lab.clientSeatId, { labId: lab.id, role: 'client' });
      if (lab.serverSeatId && !placeOf.has(lab.serverSeatId))
        placeOf.set(lab.serverSeatId, { labId: lab.id, role: 'server' });
    }
    return seats.map((seat) => ({
      id: seat.id,
      displayName: seat.displayName,
      online: this.presence.isOnline(seat.id),
      labId: placeOf.get(seat.id)?.labId ?? null,
      role: placeOf.get(seat.id)?.role ?? null,
    }));
  }

  async join(joinCode: string, displayName: string): Promise<JoinResponse> {
    const classroom = await this.prisma.classroom.findUnique({
      where: { joinCode: normalizeJoinCode(joinCode) },
    });
    if (!classroom) throw new ApiError('NOT_FOUND', UNKNOWN_JOIN_CODE);
    // Two "Alice"s cannot be told apart on the roster or in pairing: a name is taken once per class.
    const sameName = await this.prisma.seat.findFirst({
      where: {
        classroomId: classroom.id,
        removedAt: null,
        displayName: { equals: displayName, mode: 'insensitive' },
      },
      select: { id: true },
    });
    if (sameName)
      throw new ApiError('CONFLICT', {
        en: `Somebody in this class is already called "${displayName}": add your family name's initial, e.g. "${displayName} L."`,
        zh: `本班已经有人叫“${displayName}”：请加上姓氏首字母，例如“${displayName} L.”。`,
      });
    const seat = await this.prisma.seat.create({ data: { classroomId: classroom.id, displayName } });
    this.presence.seatJoined(classroom.id, seat.id);
    return {
      token: await this.tokens.signSeat(seat.id, classroom.id),
      seat: { id: seat.id, displayName: seat.displayName },
      classroom: { id: classroom.id, name: classroom.name },
    };
  }

  /**
   * The instructor takes a seat off the roster (a student who left the room, a duplicate): the seat is kept for
   * the class's history but never paired again, and its open tabs are closed and told why (SEAT_REMOVED).
   * A seat already removed answers 404 NOT_FOUND, like one that never existed.
   */
  async removeSeat(classroomId: string, seatId: string, instructorId: string): Promise<void> {
    await this.requireOwned(classroomId, instructorId);
    const { count } = await this.prisma.seat.updateMany({
      where: { id: seatId, classroomId, removedAt: null },
      data: { removedAt: new Date() },
    });
    if (count === 0) throw new ApiError('NOT_FOUND', NO_SUCH_SEAT);
    await this.seatRemoved(classroomId, seatId);
  }

  /** "Leave this seat": the student gives the seat up; the name is free again and pairing no longer uses it. */
  async leaveSeat(seatId: string, classroomId: string): Promise<void> {
    await this.prisma.seat.updateMany({
      where: { id: seatId, removedAt: null },
      data: { removedAt: new Date() },
    });
    await this.seatRemoved(classroomId, seatId);
  }

  /**
   * The seat's lab ends and a quiz partner waiting for it goes on (SeatRemovals) before its tabs are closed, so the
   * partner and the dashboard are told before the removal is answered.
   */
  private async seatRemoved(classroomId: string, seatId: string): Promise<void> {
    this.presence.seatRemoved(classroomId, seatId);
    await this.removals.removed({ classroomId, seatId });
    await this.seatSockets.disconnectSeat(seatId);
  }

  /** A returning student's seat (the seat token came back from their browser's storage). */
  async seatMe(seatId: string): Promise<SeatMe> {
    const seat = await this.prisma.seat.update({
      where: { id: seatId },
      data: { lastSeenAt: new Date() },
      include: { classroom: { select: { id: true, name: true } } },
    });
    const lab = await this.prisma.lab.findFirst({
      where: {
        classroomId: seat.classroomId,
        status: { not: 'ended' },
        OR: [{ clientSeatId: seatId }, { serverSeatId: seatId }],
      },
      orderBy: { createdAt: 'desc' },
      select: { id: true, clientSeatId: true },
    });
    return {
      seat: { id: seat.id, displayName: seat.displayName },
      classroom: seat.classroom,
      labId: lab?.id ?? null,
      role: lab ? (lab.clientSeatId === seatId ? 'client' : 'server') : null,
    };
  }
}
