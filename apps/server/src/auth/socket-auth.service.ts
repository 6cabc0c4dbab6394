import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { PrismaService } from '../database/prisma.service';
import type { Principal } from './principal';
import { TokensService } from './tokens.service';

/**
 * Turns a bearer token into the Principal it names, for HTTP guards and socket.io handshakes alike.
 * Rejects with ApiError('UNAUTHORIZED' | 'TOKEN_EXPIRED'): forged, malformed or expired tokens, and tokens of
 * instructors or seats that no longer exist (e.g. after the database was reset).
 */
@Injectable()
export class SocketAuthService {
  constructor(
    private readonly tokens: TokensService,
    private readonly prisma: PrismaService,
  ) {}

  async authenticate(token: string | undefined | null): Promise<Principal> {
    const claims = await this.tokens.verify(token);
    if (claims.kind === 'instructor') {
      const instructor = await this.prisma.instructor.findUnique({
        where: { id: claims.sub },
        select: { id: true, name: true },
      });
      if (!instructor) throw new ApiError('UNAUTHORIZED');
      return { kind: 'instructor', instructorId: instructor.id, name: instructor.name };
    }
    const seat = await this.prisma.seat.findUnique({
      where: { id: claims.sub },
      select: { id: true, classroomId: true, displayName: true },
    });
    if (!seat || seat.classroomId !== claims.cid) throw new ApiError('UNAUTHORIZED');
    return { kind: 'seat', seatId: seat.id, classroomId: seat.classroomId, displayName: seat.displayName };
  }
}
