/**
 * Prints the transition table (src/transitions.ts) and the scenario catalogue as markdown tables, for the README.
 * Run from libs/tcp-core:  node -r ts-node/register/transpile-only scripts/transitions-markdown.ts
 * and paste the output between the GENERATED markers of README.md.
 */
import { TRANSITIONS } from '../src/transitions';
import { SCENARIOS } from '../src/scenarios';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const lines: string[] = [];
lines.push('| id | from | event | to | emits | path | seed | RFC |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const rule of TRANSITIONS) {
  lines.push(
    `| \`${rule.id}\` | ${rule.from} | ${cell(rule.event.label)} | ${rule.to} | ${cell(rule.emits) || '—'} | ${rule.path} | ${cell(rule.seed)} | ${cell(rule.rfc)} |`,
  );
}
lines.push('');
lines.push('| id | what it teaches | goal states | goal rule |');
lines.push('|---|---|---|---|');
for (const scenario of SCENARIOS) {
  const states = Object.entries(scenario.goalStates).map(([role, state]) => `${role} ${state}`).join(', ');
  lines.push(
    `| [\`${scenario.id}\`](src/scenarios/${scenario.id}.json) | ${cell(scenario.goal.en)}<br>${cell(scenario.goal.zh)} | ${states} | \`${scenario.goalRuleId ?? '—'}\` |`,
  );
}
console.log(lines.join('\n'));
