import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DOWNLOAD_TOKEN_QUERY_KEY } from '@tcp-lab/lab-protocol';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';
import type { InstructorPrincipal, Principal, SeatPrincipal } from './principal';
import { SocketAuthService } from './socket-auth.service';

type RequestWithPrincipal = Request & { principal?: Principal };

const ALLOW_QUERY_TOKEN = 'auth:allowQueryToken';
/** Lets a route also take `?token=` (plain browser links such as transcript downloads cannot send headers). */
export const AllowQueryToken = () => SetMetadata(ALLOW_QUERY_TOKEN, true);

/**
 * Where a request's token is read, and nowhere else: the `Authorization: Bearer` header, or, on routes marked
 * AllowQueryToken, the one query parameter `token` written exactly so. The key is matched in the raw URL, before
 * any percent-decoding: `?%74oken=` is not `token` here (a decoding parser would read it as one, and a log filter
 * looking for `token=` would not hide it). Two `token` parameters are refused rather than guessed between.
 */
export function requestToken(request: Request, allowQuery: boolean): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined)
    return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (!allowQuery) return undefined;
  const url = request.originalUrl ?? request.url;
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const prefix = `${DOWNLOAD_TOKEN_QUERY_KEY}=`;
  const values = query.split('&').filter((part) => part.startsWith(prefix));
  if (values.length !== 1) return undefined;
  try {
    return decodeURIComponent(values[0].slice(prefix.length));
  } catch {
    return undefined;
  }
}

/** Authenticates any valid token and puts the Principal on the request; subclasses restrict the kind. */
@Injectable()
export class PrincipalGuard implements CanActivate {
  constructor(
    private readonly auth: SocketAuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const allowQuery =
      this.reflector.getAllAndOverride<boolean>(ALLOW_QUERY_TOKEN, [
        context.getHandler(),
        context.getClass(),
      ]) ?? false;
    const principal = await this.auth.authenticate(requestToken(request, allowQuery));
    if (!this.accepts(principal)) throw new ApiError('FORBIDDEN');
    request.principal = principal;
    return true;
  }

  protected accepts(_principal: Principal): boolean {
    return true;
  }
}

/** Only instructors (students get 403 FORBIDDEN). */
@Injectable()
export class InstructorGuard extends PrincipalGuard {
  protected override accepts(principal: Principal): boolean {
    return principal.kind === 'instructor';
  }
}

/** Only students' seats (instructors get 403 FORBIDDEN). */
@Injectable()
export class SeatGuard extends PrincipalGuard {
  protected override accepts(principal: Principal): boolean {
    return principal.kind === 'seat';
  }
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<RequestWithPrincipal>().principal!,
);
export const CurrentInstructor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): InstructorPrincipal =>
    context.switchToHttp().getRequest<RequestWithPrincipal>().principal as InstructorPrincipal,
);
export const CurrentSeat = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SeatPrincipal =>
    context.switchToHttp().getRequest<RequestWithPrincipal>().principal as SeatPrincipal,
);
