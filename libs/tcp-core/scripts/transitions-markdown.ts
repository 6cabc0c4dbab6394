/**
 * The README's two tables (scenario catalogue, transition table) are generated from the data, not typed twice.
 *
 *   cd libs/tcp-core
 *   TS_NODE_COMPILER_OPTIONS='{"rootDir":"."}' node -r ts-node/register/transpile-only scripts/transitions-markdown.ts          # print
 *   TS_NODE_COMPILER_OPTIONS='{"rootDir":"."}' node -r ts-node/register/transpile-only scripts/transitions-markdown.ts --write  # update README.md
 *
 * With --write the text between `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED: name -->` is replaced
 * and the README is formatted with the project's Prettier config (so `npm run format:check` stays clean).
 * test/readme-tables.spec.ts renders the README the same way and fails when the committed one differs, so CI
 * catches a table that drifted from the data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSITIONS } from '../src/transitions';
import { SCENARIOS } from '../src/scenarios';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function transitionsTable(): string {
  const lines = [
    '| id | from | event | to | emits | holds when | path | seed | RFC |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const rule of TRANSITIONS) {
    const when = rule.when
      ? Object.entries(rule.when)
          .map(([key, value]) => `\`${key}: ${JSON.stringify(value)}\``)
          .join(', ')
      : 'always';
    lines.push(
      `| \`${rule.id}\` | ${rule.from} | ${cell(rule.event.label)} | ${rule.to} | ${cell(rule.emits) || '—'} | ${when} | ${rule.path} | ${cell(rule.seed)} | ${cell(rule.rfc)} |`,
    );
  }
  return lines.join('\n');
}

export function scenariosTable(): string {
  const lines = ['| id | what it teaches | goal states | goal rule |', '|---|---|---|---|'];
  for (const scenario of SCENARIOS) {
    const states = Object.entries(scenario.goalStates)
      .map(([role, state]) => `${role} ${state}`)
      .join(', ');
    lines.push(
      `| [\`${scenario.id}\`](src/scenarios/${scenario.id}.json) | ${cell(scenario.goal.en)}<br>${cell(scenario.goal.zh)} | ${states} | \`${scenario.goalRuleId ?? '—'}\` |`,
    );
  }
  return lines.join('\n');
}

const sections: Record<string, () => string> = { transitions: transitionsTable, scenarios: scenariosTable };

export const README_PATH = join(__dirname, '..', 'README.md');

/** The README with every generated block rendered from the data (not yet formatted). */
export function spliceGenerated(readme: string): string {
  for (const [name, render] of Object.entries(sections)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const from = readme.indexOf(begin);
    const to = readme.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${begin} ... ${end} block`);
    readme = `${readme.slice(0, from + begin.length)}\n${render()}\n${readme.slice(to)}`;
  }
  return readme;
}

/** The README as `--write` leaves it: generated blocks rendered, formatted with the project's Prettier config. */
export async function renderReadme(readme: string): Promise<string> {
  const prettier = await import('prettier'); // loaded only here, so the README test can import this file
  const options = (await prettier.resolveConfig(README_PATH)) ?? {};
  return prettier.format(spliceGenerated(readme), { ...options, filepath: README_PATH });
}

async function writeReadme(): Promise<void> {
  writeFileSync(README_PATH, await renderReadme(readFileSync(README_PATH, 'utf8')));
}

if (require.main !== module) {
  // imported (by the README test): render only
} else if (process.argv.includes('--write')) {
  writeReadme().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  console.log(`${scenariosTable()}\n\n${transitionsTable()}`);
}
