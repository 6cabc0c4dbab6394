#!/usr/bin/env node
// Runs the Prisma CLI offline: `node prisma/cli.js <command> [args]` (root scripts db:migrate, db:status, prisma).
//
// 1. Prisma 6 checks for a native query-engine library before every command and tries to download it from
//    binaries.prisma.sh, which our machines and CI cannot reach. We never use that library: the client is
//    generated with engineType "client" (TypeScript query compiler + the pg driver adapter) and the CLI runs the
//    WebAssembly schema engine (prisma.config.ts: engine 'js'). Pointing the override at any existing file
//    satisfies the check without downloading anything. See the team's toolchain notes (shared/notes/toolchain.md).
// 2. The WebAssembly schema engine arms a 10 s timer (its advisory-lock timeout) and leaves it armed after the
//    lock is taken, so every `migrate` command lingered 10 s after it had finished. prisma/unref-long-timers.js
//    stops such timers from keeping a finished command alive.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const env = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY || path.join(root, 'package.json'),
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || path.join(root, 'package.json'),
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const prismaBin = require.resolve('prisma/build/index.js', { paths: [root] });
const args = [
  '-r',
  path.join(__dirname, 'unref-long-timers.js'),
  prismaBin,
  ...process.argv.slice(2),
  '--config',
  path.join(root, 'prisma.config.ts'),
];
const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
