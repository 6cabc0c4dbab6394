// Runs the server from its TypeScript sources for the browser tests (no server build needed): ts-node in
// transpile-only mode with the server's tsconfig, and the workspace libraries (@tcp-lab/tcp-core,
// @tcp-lab/lab-protocol) resolved to their sources under libs/.
// rootDir is set because TypeScript 6 refuses an implicit common source directory when ts-node emits.
const Module = require('node:module');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const librarySources = {
  '@tcp-lab/tcp-core': path.join(repoRoot, 'libs', 'tcp-core', 'src', 'index.ts'),
  '@tcp-lab/lab-protocol': path.join(repoRoot, 'libs', 'lab-protocol', 'src', 'index.ts'),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (Object.hasOwn(librarySources, request)) return librarySources[request];
  return resolve.call(this, request, ...rest);
};

require('ts-node').register({
  transpileOnly: true,
  project: path.join(repoRoot, 'apps', 'server', 'tsconfig.json'),
  compilerOptions: { rootDir: repoRoot },
});
