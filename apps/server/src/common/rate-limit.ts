import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import {
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModule,
  ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { Response } from 'express';
import { ApiError } from './api-error';
import { AppConfig } from '../config/app-config';

/** Routes with their own, stricter per-IP limit on top of the global one. */
export type RateLimitGroup = 'auth' | 'join';
const RATE_LIMIT_GROUP = 'rateLimit:group';
export const RateLimit = (group: RateLimitGroup) => SetMetadata(RATE_LIMIT_GROUP, group);

const MINUTE_MS = 60_000;

function inGroup(context: ExecutionContext, group: RateLimitGroup): boolean {
  return Reflect.getMetadata(RATE_LIMIT_GROUP, context.getHandler()) === group;
}

/** Per-IP limits from the configuration: everything, plus login/register ('auth') and join ('join'). */
export const RateLimitModule = ThrottlerModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig): ThrottlerModuleOptions => ({
    throttlers: [
      { name: 'default', ttl: MINUTE_MS, limit: config.rateLimitPerMinute },
      {
        name: 'auth',
        ttl: MINUTE_MS,
        limit: config.authRateLimitPerMinute,
        skipIf: (context) => !inGroup(context, 'auth'),
      },
      {
        name: 'join',
        ttl: MINUTE_MS,
        limit: config.joinRateLimitPerMinute,
        skipIf: (context) => !inGroup(context, 'join'),
      },
    ],
  }),
});

/** HTTP only: socket.io events have their own limits in the labs gateway. Answers 429 RATE_LIMITED. */
@Injectable()
export class HttpRateLimitGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return super.canActivate(context);
  }

  /** The standard Retry-After header (seconds), whichever named limit was hit, and our error shape. */
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new ApiError('RATE_LIMITED');
  }
}
