import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, errorBody } from './api-error';
import { ERROR_CODES, ErrorBody, ErrorCode } from './error-codes';
import { isOverload } from './overload';
import { Refused } from './refused';
import { reasonOf } from './refusals';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Every HTTP error leaves in the contract's shape `{ error: { code, message: {en, zh}, details? } }`.
 * Unexpected errors are logged with their stack and answered as 500 INTERNAL_ERROR without it.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const { status, body } = this.describe(exception);
    if (status === 503) response.setHeader('Retry-After', '1');
    response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof Refused) exception = exception.toApiError();
    if (exception instanceof ApiError) {
      return { status: exception.getStatus(), body: exception.getResponse() as ErrorBody };
    }
    if (isMappedJsonSyntaxError(exception)) return invalidJsonBody();
    // Express could not percent-decode a URL parameter: not UTF-8 (e.g. %ED%A0%80, a lone surrogate). Nest maps
    // that URIError to a bare BadRequestException('Failed to decode param ...') before any filter runs.
    if (/^Failed to decode param\b/.test(bareBadRequestMessage(exception) ?? '')) return invalidUrl();
    if (exception instanceof HttpException) {
      return this.fromStatus(exception.getStatus(), exception);
    }
    // Errors raised by Express' body parser before Nest sees the request (too large, malformed JSON).
    const status = (exception as { status?: unknown })?.status;
    const type = (exception as { type?: unknown })?.type;
    if (typeof status === 'number' && typeof type === 'string' && status >= 400 && status < 500) {
      if (type === 'entity.parse.failed') return invalidJsonBody();
      return this.fromStatus(status, exception);
    }
    if (isOverload(exception)) {
      this.logger.warn(`answered 503: the database is saturated (${String(exception)})`);
      return { status: 503, body: errorBody('SERVICE_UNAVAILABLE', reasonOf('BUSY')) };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return { status: 500, body: errorBody('INTERNAL_ERROR', ERROR_CODES.INTERNAL_ERROR.message) };
  }

  private fromStatus(status: number, exception: unknown): { status: number; body: ErrorBody } {
    const code = CODE_BY_STATUS[status];
    if (code) return { status, body: errorBody(code, ERROR_CODES[code].message) };
    if (status >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
      return { status, body: errorBody('INTERNAL_ERROR', ERROR_CODES.INTERNAL_ERROR.message) };
    }
    return {
      status,
      body: errorBody('BAD_REQUEST', { en: 'The request cannot be served.', zh: '无法处理该请求。' }),
    };
  }
}

const invalidJsonBody = (): { status: number; body: ErrorBody } => ({
  status: 400,
  body: errorBody('VALIDATION_FAILED', {
    en: 'The request body is not valid JSON.',
    zh: '请求内容不是有效的 JSON。',
  }),
});

const invalidUrl = (): { status: number; body: ErrorBody } => ({
  status: 400,
  body: errorBody('VALIDATION_FAILED', {
    en: 'The request is not valid. The URL holds a percent-encoded part that is not UTF-8 text (such as half of a character).',
    zh: '请求内容不符合要求。URL 中有一段百分号编码不是有效的 UTF-8 文字（例如半个字符）。',
  }),
});

/**
 * Nest turns the body parser's SyntaxError into a plain `BadRequestException(err.message)` before any filter runs
 * (RoutesResolver.mapExternalException), so malformed JSON arrives here as a bare 400 whose message is the
 * parser's ("... in JSON at position 19"). Our own code never throws a bare BadRequestException: it throws ApiError.
 */
function isMappedJsonSyntaxError(exception: unknown): boolean {
  return /\bJSON\b/.test(bareBadRequestMessage(exception) ?? '');
}

/** The message of a BadRequestException Nest made from an Express error (never one of our ApiErrors). */
function bareBadRequestMessage(exception: unknown): string | undefined {
  if (!(exception instanceof BadRequestException) || exception instanceof ApiError) return undefined;
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null
      ? (response as { message?: unknown }).message
      : response;
  return typeof message === 'string' ? message : undefined;
}
