import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiError } from '../common/api-error';
import {
  INSTRUCTOR_TOKEN_TTL_SECONDS,
  InstructorClaims,
  SEAT_TOKEN_TTL_SECONDS,
  SeatClaims,
  TokenClaims,
} from './principal';

/** Signs and checks our JWTs (HS256 with JWT_SECRET). */
@Injectable()
export class TokensService {
  constructor(private readonly jwt: JwtService) {}

  signInstructor(instructorId: string): Promise<string> {
    const claims: InstructorClaims = { kind: 'instructor', sub: instructorId };
    return this.jwt.signAsync(claims, { expiresIn: INSTRUCTOR_TOKEN_TTL_SECONDS });
  }

  signSeat(seatId: string, classroomId: string): Promise<string> {
    const claims: SeatClaims = { kind: 'seat', sub: seatId, cid: classroomId };
    return this.jwt.signAsync(claims, { expiresIn: SEAT_TOKEN_TTL_SECONDS });
  }

  /** The claims of a genuine, unexpired token; otherwise 401 TOKEN_EXPIRED or 401 UNAUTHORIZED. */
  async verify(token: string | undefined | null): Promise<TokenClaims> {
    if (!token) throw new ApiError('UNAUTHORIZED');
    let payload: Record<string, unknown>;
    try {
      payload = await this.jwt.verifyAsync<Record<string, unknown>>(token, { algorithms: ['HS256'] });
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw new ApiError('TOKEN_EXPIRED');
      throw new ApiError('UNAUTHORIZED');
    }
    if (payload.kind === 'instructor' && typeof payload.sub === 'string') {
      return { kind: 'instructor', sub: payload.sub };
    }
    if (payload.kind === 'seat' && typeof payload.sub === 'string' && typeof payload.cid === 'string') {
      return { kind: 'seat', sub: payload.sub, cid: payload.cid };
    }
    throw new ApiError('UNAUTHORIZED');
  }
}
