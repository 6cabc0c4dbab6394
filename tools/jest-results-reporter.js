// A Jest reporter that leaves each run's totals in a file, so tools/run-tests.js can print one closing line for
// the whole workspace (Jest prints a summary per project, not per workspace).
const fs = require('node:fs');
const path = require('node:path');

class ResultsFileReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = process.env.TEST_RESULTS_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const name = path.relative(path.resolve(__dirname, '..'), this.rootDir).replace(/[\\/]/g, '_') || 'root';
    const file = path.join(dir, `${name}-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        project: path.relative(path.resolve(__dirname, '..'), this.rootDir),
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        skipped: results.numPendingTests + results.numTodoTests,
        suitesFailedToRun: results.numRuntimeErrorTestSuites,
      }),
    );
  }
}
module.exports = ResultsFileReporter;
