#!/usr/bin/env node
'use strict';
// Runs the built CLI (dist/cli.js) when libs/tcp-core has been built and the build is newer than every source
// file; otherwise the TypeScript source through ts-node (transpile only). So `npx tcp-lab run FILE` works right
// after `npm ci` with no build step, and a stale build never hides a source change.
// TCP_LAB_FROM_SOURCE=1 forces the source.
const fs = require('fs');
const path = require('path');

const lib = path.join(__dirname, '..');
const built = path.join(lib, 'dist', 'cli.js');

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestSourceTime(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function useBuild() {
  if (process.env.TCP_LAB_FROM_SOURCE === '1' || !fs.existsSync(built)) return false;
  return fs.statSync(built).mtimeMs >= newestSourceTime(path.join(lib, 'src'));
}

// `tcp-lab run FILE | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let cli;
if (useBuild()) {
  cli = require(built);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(lib, 'tsconfig.json') });
  cli = require(path.join(lib, 'src', 'cli.ts'));
}
process.exitCode = cli.main(process.argv.slice(2));
