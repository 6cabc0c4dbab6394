#!/usr/bin/env node
// Runs the Prisma CLI offline. Prisma 6 checks for a native query-engine library before every command and tries
// to download it from binaries.prisma.sh, which our machines and CI cannot reach. We never use that library:
// the client is generated with engineType "client" (TypeScript query compiler + the pg driver adapter) and the
// CLI runs the WebAssembly schema engine (prisma.config.ts: engine 'js'). Pointing the override at any existing
// file satisfies the check without downloading anything. See /work/shared/notes/toolchain.md.
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
const args = [prismaBin, ...process.argv.slice(2), '--config', path.join(root, 'prisma.config.ts')];
const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
