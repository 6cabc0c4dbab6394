import 'reflect-metadata';
import { bootstrap } from './create-app';

// `node dist/main.js` (npm start) or `npm run start:dev`. Configuration comes from the environment (README).
bootstrap({ shutdownHooks: true }).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
