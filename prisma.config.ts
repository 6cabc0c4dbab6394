// Prisma CLI configuration. The CLI runs the WebAssembly schema engine (`engine: 'js'`) through the pg driver
// adapter, because no machine here can download Prisma's native schema-engine binary
// (see /work/shared/notes/toolchain.md and apps/server/README.md).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  engine: 'js',
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error('DATABASE_URL must be set for Prisma migrate commands');
    }
    // allowExitOnIdle: without it the idle pool keeps the CLI process alive for 10 s after it is done.
    return new PrismaPg({ connectionString, allowExitOnIdle: true, idleTimeoutMillis: 200 });
  },
});
