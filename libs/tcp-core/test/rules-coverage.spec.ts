/**
 * Both directions between the machine and the table: every transition-table row has a named machine test that
 * asserts it (by its id, in the state specs), and every rule id the machine source can emit is a row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSITIONS, ruleById } from '../src/transitions';
import { ruleState } from '../src/endpoint';
import { STATES } from '../src/types';

const testDir = __dirname;
const specSources = readdirSync(testDir)
  .filter(
    (name) =>
      name.endsWith('.spec.ts') &&
      !['transitions-table.spec.ts', 'scenarios.spec.ts', 'rules-coverage.spec.ts'].includes(name),
  )
  .map((name) => readFileSync(join(testDir, name), 'utf8'))
  .join('\n');
const asserted = new Set([...specSources.matchAll(/rule: '([a-z0-9-]+)'/g)].map((m) => m[1]));

describe('rule coverage', () => {
  it.each(TRANSITIONS.map((r) => r.id))('%s is asserted by a named machine test', (id) => {
    expect(asserted.has(id)).toBe(true);
  });

  it('every rule id written in endpoint.ts names a table row', () => {
    const source = readFileSync(join(__dirname, '..', 'src', 'endpoint.ts'), 'utf8');
    const literal = [...source.matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)*--[a-z0-9-]+--[a-z0-9-]+)'/g)].map(
      (m) => m[1],
    );
    expect(literal.length).toBeGreaterThan(20);
    for (const id of literal) expect(ruleById(id)?.id ?? `missing: ${id}`).toBe(id);
  });

  it('the rule families built from the state (abort, rst) exist for the states the machine uses them in', () => {
    const abortStates = STATES.filter((s) => s !== 'CLOSED');
    for (const s of abortStates) expect(ruleById(`${ruleState(s)}--abort--closed`)).toBeDefined();
    for (const s of [
      'ESTABLISHED',
      'FIN_WAIT_1',
      'FIN_WAIT_2',
      'CLOSE_WAIT',
      'CLOSING',
      'LAST_ACK',
      'TIME_WAIT',
    ] as const) {
      expect(ruleById(`${ruleState(s)}--rst--closed`)).toBeDefined();
    }
  });

  it('every asserted id is a table row (no test asserts a rule the table lacks)', () => {
    for (const id of asserted) expect(ruleById(id)?.id ?? `missing: ${id}`).toBe(id);
  });
});
