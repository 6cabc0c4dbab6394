import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from './config/app-config';

const REDACTED = '[Redacted]';
/** A JWT (what every token of ours is): three base64url parts, the first one a JSON object's `{"`. */
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A key that names a token in any spelling or encoding (`token`, `%74oken`, `access_token`, `TOKEN`). */
const namesToken = (key: string) => /token|auth|jwt/i.test(decoded(key));
const holdsJwt = (value: string) => new RegExp(JWT.source).test(decoded(value));

/**
 * The URL as it may be logged: the value of every query parameter whose key names a token (after decoding), and
 * every part that holds a JWT in any percent-encoding, are replaced by [Redacted].
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const at = url.indexOf('?');
  const path = (at < 0 ? url : url.slice(0, at))
    .split('/')
    .map((segment) => (holdsJwt(segment) ? REDACTED : segment))
    .join('/');
  if (at < 0) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      if (holdsJwt(key)) return REDACTED;
      if (eq < 0) return part;
      return namesToken(key) || holdsJwt(part.slice(eq + 1)) ? `${key}=${REDACTED}` : part;
    })
    .join('&');
  return `${path}?${query}`;
}

function redactValues(values: unknown, isSecretKey: (key: string) => boolean): unknown {
  if (values === null || typeof values !== 'object') return values;
  return Object.fromEntries(
    Object.entries(values as Record<string, unknown>).map(([key, value]) => [
      key,
      isSecretKey(key) || (typeof value === 'string' && holdsJwt(value)) ? REDACTED : value,
    ]),
  );
}

function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return holdsJwt(value) ? REDACTED : value;
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, redactDeep(inner)]),
  );
}

/** The request as logged: URL, parsed query and headers with tokens redacted, in whatever form they came. */
export function redactRequest<
  T extends { url?: string; query?: unknown; params?: unknown; headers?: unknown },
>(req: T): T {
  return {
    ...req,
    url: redactUrl(req.url),
    ...(req.query === undefined ? {} : { query: redactValues(req.query, namesToken) }),
    // Express' decoded URL parameters (`{path: ['labs', '<id>']}` for Nest's catch-all route).
    ...(req.params === undefined ? {} : { params: redactDeep(req.params) }),
    ...(req.headers === undefined
      ? {}
      : { headers: redactValues(req.headers, (key) => SECRET_HEADERS.has(key.toLowerCase())) }),
  };
}

/**
 * Structured JSON logs (pino); pretty-printed only for a developer at LOG_LEVEL=debug outside CI. `destination`
 * (tests) receives the JSON lines instead of stdout.
 */
export function pinoOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options: Options = {
    level: config.logLevel,
    transport:
      config.prettyLogs && !destination
        ? { target: 'pino-pretty', options: { singleLine: true } }
        : undefined,
    // Tokens must never reach the logs, in any encoding (apps/server/README.md, "Tokens").
    serializers: { req: redactRequest },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
  };
  return {
    // Express 5 / Nest 11 route syntax (nestjs-pino's default '*' triggers a legacy-route warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: destination ? [options, destination] : options,
  };
}
