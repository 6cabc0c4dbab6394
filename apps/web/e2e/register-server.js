// Runs the server from its TypeScript sources for the browser tests (no server build needed): ts-node in
// transpile-only mode with the server's tsconfig, and @tcp-lab/tcp-core resolved to libs/tcp-core/src.
// rootDir is set because TypeScript 6 refuses an implicit common source directory when ts-node emits.
const Module = require('node:module');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const tcpCoreSource = path.join(repoRoot, 'libs', 'tcp-core', 'src', 'index.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@tcp-lab/tcp-core') return tcpCoreSource;
  return resolve.call(this, request, ...rest);
};

require('ts-node').register({
  transpileOnly: true,
  project: path.join(repoRoot, 'apps', 'server', 'tsconfig.json'),
  compilerOptions: { rootDir: repoRoot },
});
