import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';
import type { InstructorPrincipal, Principal, SeatPrincipal } from './principal';
import { SocketAuthService } from './socket-auth.service';

type RequestWithPrincipal = Request & { principal?: Principal };

const ALLOW_QUERY_TOKEN = 'auth:allowQueryToken';
/** Lets a route also take `?token=` (plain browser links such as transcript downloads cannot send headers). */
export const AllowQueryToken = () => SetMetadata(ALLOW_QUERY_TOKEN, true);

function bearerToken(request: Request, allowQuery: boolean): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  if (allowQuery && typeof request.query.token === 'string') return request.query.token;
  return undefined;
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
    const principal = await this.auth.authenticate(bearerToken(request, allowQuery));
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
