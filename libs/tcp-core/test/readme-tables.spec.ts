/**
 * The README's generated tables (transition table, scenario catalogue) must match the data: regenerate them with
 * `scripts/transitions-markdown.ts --write` after changing a row or a scenario. This is the check CI runs.
 * Prettier runs as its CLI in a child process (its API loads parsers by dynamic import, which Jest's CommonJS
 * sandbox refuses); the CLI reads the same config as the script's `--write`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { README_PATH, spliceGenerated } from '../scripts/transitions-markdown';

describe('README generated tables', () => {
  it('the committed README.md equals the one rendered from TRANSITIONS and SCENARIOS', () => {
    const committed = readFileSync(README_PATH, 'utf8');
    const rendered = execFileSync(
      process.execPath,
      [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', README_PATH],
      { input: spliceGenerated(committed), encoding: 'utf8' },
    );
    // a failure here means: run the script with --write (see its header) and commit README.md
    expect(committed).toBe(rendered);
  });
});
