import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';

/** Structured JSON logs (pino); pretty-printed only for a developer at LOG_LEVEL=debug outside CI. */
export function pinoOptions(config: AppConfig): Params {
  return {
    // Express 5 / Nest 11 route syntax (nestjs-pino's default '*' triggers a legacy-route warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      transport: config.prettyLogs ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      // Tokens must never reach the logs.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token'],
      serializers: {
        // The serialized request keeps the raw URL, where transcript download links carry ?token=.
        req: (req: { url?: string }) => ({
          ...req,
          url: req.url?.replace(/([?&]token=)[^&]*/g, '$1[Redacted]'),
        }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
    },
  };
}
