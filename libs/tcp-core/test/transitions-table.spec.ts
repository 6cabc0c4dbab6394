/**
 * The transition table read beside the seed: one row per rule id, the seed's blue and red chains,
 * every special transition the seed names, and explanations a student can read in both languages.
 */
import { TRANSITIONS, ruleById, rulesFrom } from '../src/transitions';
import { STATE_INFO } from '../src/states';
import { STATES, type State, type TransitionRule } from '../src/types';

const kebab = (state: State): string => state.toLowerCase().replace(/_/g, '-');
const CJK = /[\u4e00-\u9fff]/;

/** Follow the rows of one path from CLOSED, taking the only row of that path that leaves each state. */
function chainOf(path: TransitionRule['path']): State[] {
  const rows = TRANSITIONS.filter((rule) => rule.path === path && rule.from !== rule.to);
  const chain: State[] = ['CLOSED'];
  for (;;) {
    const next = rows.filter((rule) => rule.from === chain[chain.length - 1]);
    if (next.length !== 1) throw new Error(`${path}: ${next.length} rows leave ${chain[chain.length - 1]}`);
    chain.push(next[0].to);
    if (next[0].to === 'CLOSED' || chain.length > 12) return chain;
  }
}

describe('transition table: one row per rule id', () => {
  it('has no duplicate ids', () => {
    const ids = TRANSITIONS.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every id names its row: ruleById finds it (the set of ids is the RuleId type, see rules-coverage.spec.ts)', () => {
    for (const rule of TRANSITIONS) expect(ruleById(rule.id)).toBe(rule);
  });

  it('ruleById returns undefined for an unknown id', () => {
    expect(ruleById('established--syn--listen')).toBeUndefined();
  });
});

describe('transition table: rows are well formed', () => {
  it.each(TRANSITIONS.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    expect(STATES).toContain(rule.from);
    expect(STATES).toContain(rule.to);
    expect(['call', 'segment', 'timer']).toContain(rule.event.kind);
    expect(rule.event.label.length).toBeGreaterThan(0);
    expect(['client-normal', 'server-normal', 'special']).toContain(rule.path);
    expect(rule.seed.length).toBeGreaterThan(0);
    expect(rule.rfc).toMatch(/^(RFC (9293|5961|6298|1337|1122)|Linux )/);
    expect(rule.explain.en.trim().length).toBeGreaterThan(20);
    expect(rule.explain.zh).toMatch(CJK);
    // the id names the states it joins (the catch-all unacceptable-segment row excepted)
    // ('any--…' rows apply in several states and are written once; unacceptable-segment keeps any state)
    if (!id.startsWith('any--')) expect(id.startsWith(`${kebab(rule.from)}--`)).toBe(true);
    // an 'any--…--any' row keeps whatever state it is taken in
    if (id.endsWith('--any')) expect(rule.from).toBe(rule.to);
    else expect(id.endsWith(`--${kebab(rule.to)}`)).toBe(true);
    // calls are written 'appl: <call>', segments 'rcv …', timers 'timeout …' as in the diagram
    const prefix = { call: 'appl: ', segment: 'rcv ', timer: 'timeout ' }[rule.event.kind];
    expect(rule.event.label.startsWith(prefix)).toBe(true);
    expect(rule.emits).toMatch(/^$|^(SYN|ACK|FIN|RST)(,(SYN|ACK|FIN|RST|len=N))*$/);
  });

  it('rulesFrom lists every row leaving a state, in table order', () => {
    expect(rulesFrom('FIN_WAIT_1').map((rule) => rule.to)).toEqual([
      'FIN_WAIT_2',
      'CLOSING',
      'TIME_WAIT',
      'FIN_WAIT_1',
      'CLOSED',
      'CLOSED',
    ]);
    const total = STATES.reduce((sum, state) => sum + rulesFrom(state).length, 0);
    expect(total).toBe(TRANSITIONS.length);
  });
});

describe('transition table: the seed colours', () => {
  it('the blue rows form the client chain CLOSED→SYN_SENT→ESTABLISHED→FIN_WAIT_1→FIN_WAIT_2→TIME_WAIT→CLOSED', () => {
    expect(chainOf('client-normal')).toEqual([
      'CLOSED',
      'SYN_SENT',
      'ESTABLISHED',
      'FIN_WAIT_1',
      'FIN_WAIT_2',
      'TIME_WAIT',
      'CLOSED',
    ]);
    expect(TRANSITIONS.filter((rule) => rule.path === 'client-normal')).toHaveLength(6);
  });

  it('the red rows form the server chain CLOSED→LISTEN→SYN_RCVD→ESTABLISHED→CLOSE_WAIT→LAST_ACK→CLOSED', () => {
    expect(chainOf('server-normal')).toEqual([
      'CLOSED',
      'LISTEN',
      'SYN_RCVD',
      'ESTABLISHED',
      'CLOSE_WAIT',
      'LAST_ACK',
      'CLOSED',
    ]);
    expect(TRANSITIONS.filter((rule) => rule.path === 'server-normal')).toHaveLength(6);
  });

  it('each normal row cites its numbered step of the seed', () => {
    for (const rule of TRANSITIONS.filter((r) => r.path !== 'special')) {
      const side = rule.path === 'client-normal' ? '客户端正常状态变迁' : '服务端正常状态变迁';
      expect(rule.seed).toMatch(new RegExp(`^${side} [1-6]$`));
    }
  });

  it.each([
    ['SYN_SENT', 'CLOSED'],
    ['FIN_WAIT_1', 'TIME_WAIT'],
    ['LISTEN', 'SYN_SENT'],
    ['SYN_RCVD', 'LISTEN'],
    ['SYN_RCVD', 'FIN_WAIT_1'],
    ['SYN_SENT', 'SYN_RCVD'],
    ['FIN_WAIT_1', 'CLOSING'],
  ] as const)('the seed special transition %s→%s is a special row citing the seed', (from, to) => {
    const rows = TRANSITIONS.filter((rule) => rule.from === from && rule.to === to);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.path).toBe('special');
    expect(
      rows.some((row) => row.seed.startsWith('特殊状态变迁') && row.seed.includes(`${from}→${to}`)),
    ).toBe(true);
  });

  it('CLOSING is left by the ACK of our FIN, not by a late ACK overtaken by the peer FIN (RFC 9293 3.10.7.4)', () => {
    expect(ruleById('closing--ack--time-wait')).toMatchObject({
      from: 'CLOSING',
      to: 'TIME_WAIT',
      emits: '',
    });
    // a FIN that also acknowledges our FIN skips CLOSING
    expect(ruleById('fin-wait-1--fin-ack--time-wait')).toMatchObject({ to: 'TIME_WAIT', emits: 'ACK' });
  });

  it('connection refused closes SYN_SENT at once and emits nothing (RFC 9293 3.10.7.3)', () => {
    expect(ruleById('syn-sent--rst--closed')).toMatchObject({
      to: 'CLOSED',
      emits: '',
      rfc: 'RFC 9293 3.10.7.3',
    });
    expect(ruleById('closed--syn--closed')).toMatchObject({ emits: 'RST,ACK', rfc: 'RFC 9293 3.10.7.1' });
  });

  it('abort sends RST only in the states RFC 9293 3.10.5 lists', () => {
    const withRst = TRANSITIONS.filter(
      (rule) => rule.event.label === 'appl: abort' && rule.emits === 'RST',
    ).map((r) => r.from);
    expect(withRst.sort()).toEqual(
      ['CLOSE_WAIT', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'SYN_RCVD'].sort(),
    );
  });
});

describe('student-facing texts', () => {
  const texts = [
    ...TRANSITIONS.map((rule) => [`row ${rule.id}`, rule.explain] as const),
    ...STATES.map((state) => [`state ${state}`, STATE_INFO[state].explain] as const),
  ];
  it.each(texts)(
    '%s: the explanation names neither "the seed" nor a rule id, in either language',
    (_, text) => {
      expect(text.en).not.toMatch(/\bseed\b/i);
      expect(text.zh).not.toMatch(/种子/);
      for (const t of [text.en, text.zh]) expect(t).not.toMatch(/[a-z0-9]--[a-z]/);
    },
  );
});

describe('state descriptions', () => {
  it.each([...STATES])('%s has a name and an explanation in both languages', (state) => {
    const info = STATE_INFO[state];
    expect(info.name.en.length).toBeGreaterThan(0);
    expect(info.name.zh).toMatch(CJK);
    expect(info.explain.en.length).toBeGreaterThan(20);
    expect(info.explain.zh).toMatch(CJK);
  });

  it('describes exactly the 11 states of the seed', () => {
    expect(Object.keys(STATE_INFO).sort()).toEqual([...STATES].sort());
  });

  it('every state is reached by or left by some row', () => {
    for (const state of STATES) {
      expect(TRANSITIONS.some((rule) => rule.from === state || rule.to === state)).toBe(true);
    }
  });
});
