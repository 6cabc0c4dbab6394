#!/usr/bin/env node
'use strict';
// Runs the built CLI when libs/tcp-core has been built, otherwise the TypeScript source through ts-node
// (transpile only), so `npx tcp-lab run FILE` works right after `npm ci` with no build step.
const fs = require('fs');
const path = require('path');

const lib = path.join(__dirname, '..');
const built = path.join(lib, 'dist', 'cli.js');
// `tcp-lab run FILE | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let cli;
if (fs.existsSync(built)) {
  cli = require(built);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(lib, 'tsconfig.json') });
  cli = require(path.join(lib, 'src', 'cli.ts'));
}
process.exitCode = cli.main(process.argv.slice(2));
