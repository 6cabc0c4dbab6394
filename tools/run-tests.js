#!/usr/bin/env node
// `npm test`: every project's tests through Nx, then the browser tests, then one closing line
// "tests: N passed, N failed" for the whole workspace. Exits non-zero if anything failed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcplab-test-results-'));
const env = {
  ...process.env,
  TEST_RESULTS_DIR: resultsDir,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
};
const reporterArgs = [
  '--',
  '--reporters=default',
  `--reporters=${path.join(__dirname, 'jest-results-reporter.js')}`,
];

const steps = [
  [
    'unit and integration tests',
    ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=stream', ...reporterArgs],
  ],
  ['browser tests (headless Chromium)', ['nx', 'run', 'web:e2e', '--outputStyle=stream', ...reporterArgs]],
];

let failedSteps = 0;
for (const [title, args] of steps) {
  console.log(`\n### ${title}: npx ${args.join(' ')}\n`);
  const run = spawnSync('npx', args, { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) {
    failedSteps += 1;
    console.error(`\n### ${title} FAILED (exit ${run.status ?? run.signal})`);
  }
}

const totals = { passed: 0, failed: 0, skipped: 0, suitesFailedToRun: 0 };
for (const file of fs.readdirSync(resultsDir)) {
  const r = JSON.parse(fs.readFileSync(path.join(resultsDir, file), 'utf8'));
  console.log(
    `  ${r.project}: ${r.passed} passed, ${r.failed} failed${r.suitesFailedToRun ? `, ${r.suitesFailedToRun} suites failed to run` : ''}`,
  );
  for (const k of Object.keys(totals)) totals[k] += r[k];
}
fs.rmSync(resultsDir, { recursive: true, force: true });
const failed = totals.failed + totals.suitesFailedToRun;
console.log(
  `tests: ${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(failedSteps > 0 || failed > 0 ? 1 : 0);
