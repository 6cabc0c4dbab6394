/**
 * The scenario catalogue, run through the real lab: every script is valid tcp-lab/1, every `expect` in it holds,
 * its goal is reached at the end (and not at the start), and together the scenarios walk both normal paths of
 * the seed and every special transition the seed names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLabScript, runLabScript } from '../src/index';
import { SCENARIOS, goalReached, scenarioById } from '../src/scenarios';
import { TRANSITIONS, ruleById } from '../src/transitions';
import type { Scenario } from '../src/api';
import type { State } from '../src/types';

const SCENARIO_DIR = join(__dirname, '..', 'src', 'scenarios');
const jsonFiles = readdirSync(SCENARIO_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();
const byId = SCENARIOS.map((scenario) => [scenario.id, scenario] as const);

/** Run each scenario once; the specs below read the results. */
const runs = new Map(SCENARIOS.map((scenario) => [scenario.id, runLabScript(scenario.script)]));
const run = (scenario: Scenario) => runs.get(scenario.id)!;
const rulesTaken = (scenario: Scenario): Set<string> =>
  new Set(run(scenario).transcript.entries.flatMap((entry) => entry.transitions.map((t) => t.ruleId ?? '')));

describe('scenario files', () => {
  it('every JSON file in src/scenarios is a scenario, and every scenario has its JSON file', () => {
    expect(jsonFiles).toEqual(SCENARIOS.map((scenario) => `${scenario.id}.json`).sort());
  });

  it('scenario ids are unique', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
  });

  it.each(byId)(
    '%s: the script is the JSON file the CLI runs, and it parses as tcp-lab/1',
    (id, scenario) => {
      const raw: unknown = JSON.parse(readFileSync(join(SCENARIO_DIR, `${id}.json`), 'utf8'));
      expect(scenario.script).toEqual(raw);
      const parsed = parseLabScript(raw);
      expect(parsed.ok ? 'ok' : parsed.error).toBe('ok');
    },
  );

  it.each(byId)('%s: every move is self-checking (expects both states)', (_id, scenario) => {
    for (const move of scenario.script.moves) {
      expect(move.expect?.client).toBeDefined();
      expect(move.expect?.server).toBeDefined();
    }
  });

  it.each(byId)('%s: title and goal are written in both languages; the goal rule exists', (_id, scenario) => {
    for (const text of [scenario.title, scenario.goal]) {
      expect(text.en.length).toBeGreaterThan(0);
      expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    if (scenario.goalRuleId !== undefined) expect(ruleById(scenario.goalRuleId)).toBeDefined();
    expect(Object.keys(scenario.goalStates).length).toBeGreaterThan(0);
  });
});

describe('scenarios run through the lab', () => {
  it.each(byId)('%s: runs with no expect failures', (_id, scenario) => {
    const result = run(scenario);
    expect(result.failures).toEqual([]);
    expect(result.lines).toHaveLength(scenario.script.moves.length);
  });

  it.each(byId)('%s: reaches its goal at the end', (_id, scenario) => {
    const { lab, transcript } = run(scenario);
    expect(goalReached(scenario, lab, transcript)).toBe(true);
  });

  it.each(byId)('%s: has not reached its goal before the first move', (_id, scenario) => {
    const start = runLabScript({ ...scenario.script, moves: [] });
    expect(goalReached(scenario, start.lab, start.transcript)).toBe(false);
  });

  it('the stack-mode scenario answers every event correctly', () => {
    const scenario = scenarioById('stack-normal-open')!;
    expect(scenario.script.settings?.mode).toBe('stack');
    const answers = run(scenario).lines.filter((_line, i) => 'answer' in scenario.script.moves[i]);
    expect(answers.length).toBeGreaterThanOrEqual(5);
    for (const line of answers) expect(line.correct).toBe(true);
  });
});

describe('goalReached', () => {
  const scenario = scenarioById('normal-open-close')!;

  it('needs the goal rule in the transcript when the scenario names one', () => {
    const { lab, transcript } = run(scenario);
    expect(goalReached(scenario, lab, transcript)).toBe(true);
    expect(goalReached(scenario, lab, { ...transcript, entries: [] })).toBe(false);
    expect(goalReached(scenario, lab)).toBe(false);
  });

  it('needs every listed state to hold', () => {
    const { lab, transcript } = run(scenario);
    const elsewhere = { ...lab, client: { ...lab.client, state: 'TIME_WAIT' as State } };
    expect(goalReached(scenario, elsewhere, transcript)).toBe(false);
  });

  it('without a goal rule, the states alone decide', () => {
    const statesOnly: Scenario = { ...scenario, goalRuleId: undefined };
    const start = runLabScript({ ...scenario.script, moves: [] });
    expect(goalReached(statesOnly, start.lab)).toBe(true);
  });
});

describe('the catalogue covers the seed', () => {
  const allTaken = new Set(SCENARIOS.flatMap((scenario) => [...rulesTaken(scenario)]));

  it.each(TRANSITIONS.filter((rule) => rule.path !== 'special').map((rule) => [rule.id]))(
    'the normal-path rule %s is taken by some scenario',
    (id) => {
      expect(allTaken.has(id)).toBe(true);
    },
  );

  it.each([
    ['SYN_SENT', 'CLOSED'],
    ['FIN_WAIT_1', 'TIME_WAIT'],
    ['LISTEN', 'SYN_SENT'],
    ['SYN_RCVD', 'LISTEN'],
    ['SYN_RCVD', 'FIN_WAIT_1'],
    ['SYN_SENT', 'SYN_RCVD'],
    ['FIN_WAIT_1', 'CLOSING'],
  ] as const)(
    'the seed special transition %s→%s is the goal of some scenario, and taken there',
    (from, to) => {
      const goals = SCENARIOS.filter((scenario) => {
        const rule = scenario.goalRuleId ? ruleById(scenario.goalRuleId) : undefined;
        return rule?.from === from && rule.to === to;
      });
      expect(goals.map((s) => s.id)).not.toEqual([]);
      for (const scenario of goals) expect(rulesTaken(scenario).has(scenario.goalRuleId!)).toBe(true);
    },
  );

  it('both ways out of SYN_SENT into CLOSED are shown: refused by RST and timed out', () => {
    expect(rulesTaken(scenarioById('refused')!).has('syn-sent--rst--closed')).toBe(true);
    expect(rulesTaken(scenarioById('connect-timeout')!).has('syn-sent--timeout--closed')).toBe(true);
  });

  it('the simultaneous close also leaves CLOSING by the ACK of its FIN', () => {
    expect(rulesTaken(scenarioById('simultaneous-close')!).has('closing--ack--time-wait')).toBe(true);
  });
});
