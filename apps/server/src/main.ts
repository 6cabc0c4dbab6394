import 'reflect-metadata';
import { bootstrap } from './create-app';

// `node dist/main.js` (npm start) or `npm run start:dev`. Configuration comes from the environment (README).
bootstrap()
  .then((server) => {
    // Graceful shutdown: stop accepting, close sockets, let Prisma disconnect and the embedded database
    // flush and close its folder, then exit 0 (a container stop or Ctrl-C is not a failure).
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        server.app.getHttpServer().closeIdleConnections?.();
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      });
    }
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
