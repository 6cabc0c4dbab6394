/**
 * The README's two tables (scenario catalogue, transition table) are generated from the data, not typed twice.
 *
 *   cd libs/tcp-core
 *   TS_NODE_COMPILER_OPTIONS='{"rootDir":"."}' node -r ts-node/register/transpile-only scripts/transitions-markdown.ts          # print
 *   TS_NODE_COMPILER_OPTIONS='{"rootDir":"."}' node -r ts-node/register/transpile-only scripts/transitions-markdown.ts --write  # update README.md
 *
 * With --write the text between `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED: name -->` is replaced
 * and the README is formatted with the project's Prettier config (so `npm run format:check` stays clean).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { TRANSITIONS } from '../src/transitions';
import { SCENARIOS } from '../src/scenarios';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function transitionsTable(): string {
  const lines = [
    '| id | from | event | to | emits | path | seed | RFC |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const rule of TRANSITIONS) {
    lines.push(
      `| \`${rule.id}\` | ${rule.from} | ${cell(rule.event.label)} | ${rule.to} | ${cell(rule.emits) || '—'} | ${rule.path} | ${cell(rule.seed)} | ${cell(rule.rfc)} |`,
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

async function writeReadme(): Promise<void> {
  const readmePath = join(__dirname, '..', 'README.md');
  let readme = readFileSync(readmePath, 'utf8');
  for (const [name, render] of Object.entries(sections)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const from = readme.indexOf(begin);
    const to = readme.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${begin} ... ${end} block`);
    readme = `${readme.slice(0, from + begin.length)}\n${render()}\n${readme.slice(to)}`;
  }
  const options = (await prettier.resolveConfig(readmePath)) ?? {};
  writeFileSync(readmePath, await prettier.format(readme, { ...options, filepath: readmePath }));
}

if (process.argv.includes('--write')) {
  writeReadme().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  console.log(`${scenariosTable()}\n\n${transitionsTable()}`);
}
