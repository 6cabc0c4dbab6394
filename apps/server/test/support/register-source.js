// Lets `node -r ./test/support/register-source.js src/main.ts` run the server from TypeScript sources:
// ts-node (transpile only) plus the workspace libraries (@tcp-lab/tcp-core, @tcp-lab/lab-protocol) resolved to
// their sources under libs/, so no build is needed.
const Module = require('node:module');
const path = require('node:path');

const libs = path.resolve(__dirname, '..', '..', '..', '..', 'libs');
const librarySources = {
  '@tcp-lab/tcp-core': path.join(libs, 'tcp-core', 'src', 'index.ts'),
  '@tcp-lab/lab-protocol': path.join(libs, 'lab-protocol', 'src', 'index.ts'),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (Object.hasOwn(librarySources, request)) return librarySources[request];
  return resolve.call(this, request, ...rest);
};

require('ts-node').register({
  transpileOnly: true,
  project: path.resolve(__dirname, '..', '..', 'tsconfig.json'),
  // TypeScript 6 wants an explicit rootDir once sources span apps/server and libs/.
  compilerOptions: { rootDir: path.resolve(__dirname, '..', '..', '..', '..') },
});
