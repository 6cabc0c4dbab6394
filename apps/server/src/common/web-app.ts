import fs from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';

const NOT_FOR_THE_WEB_APP = /^\/(api|socket\.io)(\/|$)/;

/**
 * Serves the built web app (apps/web/dist) at / with a single-page-app fallback: any GET that is not /api or
 * /socket.io and is not a file gets index.html, so /lab/123 reloads work. Returns false when there is no build.
 */
export function serveWebApp(app: NestExpressApplication, webDist: string): boolean {
  const indexHtml = path.join(webDist, 'index.html');
  if (!fs.existsSync(indexHtml)) return false;
  app.use(express.static(webDist, { index: 'index.html', fallthrough: true }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_FOR_THE_WEB_APP.test(req.path)) return next();
    res.sendFile(indexHtml);
  });
  return true;
}
