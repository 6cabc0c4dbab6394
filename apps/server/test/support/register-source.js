// Lets `node -r ./test/support/register-source.js src/main.ts` run the server from TypeScript sources:
// ts-node (transpile only) plus @tcp-lab/tcp-core resolved to libs/tcp-core/src, so no build is needed.
const Module = require('node:module');
const path = require('node:path');

const tcpCoreSource = path.resolve(__dirname, '..', '..', '..', '..', 'libs', 'tcp-core', 'src', 'index.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@tcp-lab/tcp-core') return tcpCoreSource;
  return resolve.call(this, request, ...rest);
};

require('ts-node').register({
  transpileOnly: true,
  project: path.resolve(__dirname, '..', '..', 'tsconfig.json'),
  // TypeScript 6 wants an explicit rootDir once sources span apps/server and libs/tcp-core.
  compilerOptions: { rootDir: path.resolve(__dirname, '..', '..', '..', '..') },
});
