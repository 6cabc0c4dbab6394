import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { reasonOf } from '../common/refusals';
import { PrismaService } from '../database/prisma.service';
import type { Principal, TokenClaims } from './principal';
import { TokensService } from './tokens.service';

/**
 * Turns a bearer token into the Principal it names, for HTTP guards and socket.io handshakes alike.
 * Rejects with ApiError('UNAUTHORIZED' | 'TOKEN_EXPIRED'): forged, malformed or expired tokens, and tokens of
 * instructors or seats that no longer exist (e.g. after the database was reset), and of seats that were left or
 * removed (details name SEAT_REMOVED).
 */
@Injectable()
export class SocketAuthService {
  constructor(
    private readonly tokens: TokensService,
    private readonly prisma: PrismaService,
  ) {}

  /** The claims of a genuine, unexpired token (its signature alone, no database); else 401 as `authenticate`. */
  claimsOf(token: string | undefined | null): Promise<TokenClaims> {
    return this.tokens.verify(token);
  }

  /**
   * Who checked claims name, as a key (`instructor:<id>`, `seat:<id>`): the socket edge refuses a seat over its
   * socket cap or in its flood cooldown with this, before `principalOf` reads anything.
   */
  keyOf(claims: TokenClaims): string {
    return claims.kind === 'instructor' ? `instructor:${claims.sub}` : `seat:${claims.sub}`;
  }

  async authenticate(token: string | undefined | null): Promise<Principal> {
    return this.principalOf(await this.tokens.verify(token));
  }

  /** The principal that checked claims name, if it still exists (the database says). */
  async principalOf(claims: TokenClaims): Promise<Principal> {
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
      select: { id: true, classroomId: true, displayName: true, removedAt: true },
    });
    if (!seat || seat.classroomId !== claims.cid) throw new ApiError('UNAUTHORIZED');
    // A left or removed seat's token stops working at once, with a reason the student's page can show.
    if (seat.removedAt)
      throw new ApiError('UNAUTHORIZED', reasonOf('SEAT_REMOVED'), [{ code: 'SEAT_REMOVED' }]);
    return { kind: 'seat', seatId: seat.id, classroomId: seat.classroomId, displayName: seat.displayName };
  }
}
