/**
 * The table against the machine, both ways, from the types alone:
 *  - the machine can only name rules that are rows: `enter`/`loop` take a `RuleId`, the union of the table's ids,
 *    so a misspelt or removed id does not compile (no search over source text is needed);
 *  - every row is taken by the machine: `EXAMPLES` is a `Record<RuleId, …>`, so adding a row without an example
 *    does not compile either, and each example is played through the real machine here and must take its row
 *    (same from, same to, and the segments the row's `emits` column names).
 * The named tests per state (syn-sent.spec.ts, …) check each reply exactly; this file checks the vocabulary.
 */
import type { EndpointEvent } from '../src/endpoint';
import { react } from '../src/endpoint';
import { canonicalFlags } from '../src/segment';
import { RULE_IDS, TRANSITIONS, holdsUnder, ruleById, type RuleId } from '../src/transitions';
import type { Endpoint, RuleCondition } from '../src/types';
import { endpointIn, OUR_ISS, PEER_ISS, seg, TIMERS } from './helpers';

interface Example {
  start: () => Endpoint;
  event: EndpointEvent;
  now?: number;
}

const segment = (flags: string, seq: number, ack?: number, len = 0): EndpointEvent => ({
  kind: 'segment',
  segment: seg(flags, seq, ack, len),
});
const callOf = (call: 'listen' | 'connect' | 'close' | 'abort' | 'shutdown' | 'read'): EndpointEvent => ({
  kind: 'call',
  call,
});
const sendOf = (bytes: number): EndpointEvent => ({ kind: 'call', call: 'send', bytes });
const rto: EndpointEvent = { kind: 'timer', timer: 'retransmit' };
const at =
  (state: Parameters<typeof endpointIn>[0], active = false) =>
  () =>
    endpointIn(state, 'client', { active });

/** Our ISS 100, the peer's 300: after the handshake we expect 301 and the peer expects 101. */
const US = OUR_ISS + 1;
const THEM = PEER_ISS + 1;

const EXAMPLES: Record<RuleId, Example> = {
  'closed--listen--listen': { start: at('CLOSED'), event: callOf('listen') },
  'closed--connect--syn-sent': { start: at('CLOSED'), event: callOf('connect') },
  'closed--syn--closed': { start: at('CLOSED'), event: segment('SYN', PEER_ISS) },
  'listen--syn--syn-rcvd': { start: at('LISTEN'), event: segment('SYN', PEER_ISS) },
  'listen--connect--syn-sent': { start: at('LISTEN'), event: callOf('connect') },
  'listen--close--closed': { start: at('LISTEN'), event: callOf('close') },
  'listen--abort--closed': { start: at('LISTEN'), event: callOf('abort') },
  'syn-sent--syn-ack--established': { start: at('SYN_SENT'), event: segment('SYN,ACK', PEER_ISS, US) },
  'syn-sent--syn--syn-rcvd': { start: at('SYN_SENT'), event: segment('SYN', PEER_ISS) },
  'syn-sent--rst--closed': { start: at('SYN_SENT'), event: segment('RST,ACK', 0, US) },
  'syn-sent--rto--syn-sent': { start: at('SYN_SENT'), event: rto, now: 1000 },
  'syn-sent--timeout--closed': { start: at('SYN_SENT'), event: { kind: 'timer', timer: 'connect' } },
  'syn-sent--give-up--closed': { start: () => ({ ...endpointIn('SYN_SENT'), retries: 6 }), event: rto },
  'syn-sent--close--closed': { start: at('SYN_SENT'), event: callOf('close') },
  'syn-sent--abort--closed': { start: at('SYN_SENT'), event: callOf('abort') },
  'syn-rcvd--ack--established': { start: at('SYN_RCVD'), event: segment('ACK', THEM, US) },
  'syn-rcvd--syn-ack--established': { start: at('SYN_RCVD', true), event: segment('SYN,ACK', PEER_ISS, US) },
  'syn-rcvd--rst--listen': { start: at('SYN_RCVD'), event: segment('RST', THEM) },
  'syn-rcvd--syn--listen': { start: at('SYN_RCVD'), event: segment('SYN', THEM + 5) },
  'syn-rcvd--rst--closed': { start: at('SYN_RCVD', true), event: segment('RST', THEM) },
  'syn-rcvd--rto--syn-rcvd': { start: at('SYN_RCVD'), event: rto, now: 1000 },
  'syn-rcvd--syn-again--syn-rcvd': { start: at('SYN_RCVD'), event: segment('SYN', PEER_ISS) },
  'syn-rcvd--give-up--listen': { start: () => ({ ...endpointIn('SYN_RCVD'), retries: 15 }), event: rto },
  'syn-rcvd--close--fin-wait-1': { start: at('SYN_RCVD'), event: callOf('close') },
  'syn-rcvd--abort--closed': { start: at('SYN_RCVD'), event: callOf('abort') },
  // the receive side: a full receive buffer is read; the peer's zero window is probed, then opens
  'any--read--any': {
    start: () => ({ ...endpointIn('ESTABLISHED'), rcvBuffered: 65535 }),
    event: callOf('read'),
  },
  'any--persist--any': {
    start: () => ({ ...endpointIn('ESTABLISHED'), sndWnd: 0, sndQueued: 10 }),
    event: { kind: 'timer', timer: 'persist' },
  },
  'any--window-open--any': {
    start: () => ({ ...endpointIn('ESTABLISHED'), sndWnd: 0, sndQueued: 10 }),
    event: segment('ACK', THEM, US),
  },
  'any--close-unread--closed': {
    start: () => ({ ...endpointIn('ESTABLISHED'), rcvBuffered: 10 }),
    event: callOf('close'),
  },
  'any--data-after-close--closed': {
    start: () => ({ ...endpointIn('FIN_WAIT_2'), rcvClosed: true }),
    event: segment('ACK', THEM, US + 1, 5),
  },
  'established--close--fin-wait-1': { start: at('ESTABLISHED'), event: callOf('close') },
  'established--fin--close-wait': { start: at('ESTABLISHED'), event: segment('FIN,ACK', THEM, US) },
  'established--send--established': { start: at('ESTABLISHED'), event: sendOf(10) },
  'established--data--established': { start: at('ESTABLISHED'), event: segment('ACK', THEM, US, 5) },
  'established--rst--closed': { start: at('ESTABLISHED'), event: segment('RST', THEM) },
  'established--abort--closed': { start: at('ESTABLISHED'), event: callOf('abort') },
  'any--unacceptable--any': { start: at('ESTABLISHED'), event: segment('ACK', THEM - 50, US, 5) },
  'any--give-up--closed': {
    start: () => ({ ...endpointIn('FIN_WAIT_1'), retries: 15 }),
    event: rto,
  },
  'any--abort-rst-ack--closed': { start: at('ESTABLISHED'), event: callOf('abort') },
  'fin-wait-1--ack--fin-wait-2': { start: at('FIN_WAIT_1'), event: segment('ACK', THEM, US + 1) },
  'fin-wait-1--fin--closing': { start: at('FIN_WAIT_1'), event: segment('FIN,ACK', THEM, US) },
  'fin-wait-1--fin-ack--time-wait': { start: at('FIN_WAIT_1'), event: segment('FIN,ACK', THEM, US + 1) },
  'fin-wait-1--rto--fin-wait-1': { start: at('FIN_WAIT_1'), event: rto, now: 1000 },
  'fin-wait-1--rst--closed': { start: at('FIN_WAIT_1'), event: segment('RST', THEM) },
  'fin-wait-1--abort--closed': { start: at('FIN_WAIT_1'), event: callOf('abort') },
  'fin-wait-2--fin--time-wait': { start: at('FIN_WAIT_2'), event: segment('FIN,ACK', THEM, US + 1) },
  'fin-wait-2--rst--closed': { start: at('FIN_WAIT_2'), event: segment('RST', THEM) },
  'fin-wait-2--abort--closed': { start: at('FIN_WAIT_2'), event: callOf('abort') },
  'close-wait--close--last-ack': { start: at('CLOSE_WAIT'), event: callOf('close') },
  'close-wait--send--close-wait': { start: at('CLOSE_WAIT'), event: sendOf(10) },
  'close-wait--rst--closed': { start: at('CLOSE_WAIT'), event: segment('RST', THEM + 1) },
  'close-wait--abort--closed': { start: at('CLOSE_WAIT'), event: callOf('abort') },
  'closing--ack--time-wait': { start: at('CLOSING'), event: segment('ACK', THEM + 1, US + 1) },
  'closing--rto--closing': { start: at('CLOSING'), event: rto, now: 1000 },
  'closing--rst--closed': { start: at('CLOSING'), event: segment('RST', THEM + 1) },
  'closing--abort--closed': { start: at('CLOSING'), event: callOf('abort') },
  'last-ack--ack--closed': { start: at('LAST_ACK'), event: segment('ACK', THEM + 1, US + 1) },
  'last-ack--rto--last-ack': { start: at('LAST_ACK'), event: rto, now: 1000 },
  'last-ack--rst--closed': { start: at('LAST_ACK'), event: segment('RST', THEM + 1) },
  'last-ack--abort--closed': { start: at('LAST_ACK'), event: callOf('abort') },
  'time-wait--timeout--closed': { start: at('TIME_WAIT'), event: { kind: 'timer', timer: 'timeWait' } },
  'time-wait--fin--time-wait': { start: at('TIME_WAIT'), event: segment('FIN,ACK', THEM, US + 1) },
  'time-wait--rst--closed': { start: at('TIME_WAIT'), event: segment('RST', THEM + 1) },
  'time-wait--rst--time-wait': { start: at('TIME_WAIT'), event: segment('RST', THEM + 1) },
  'time-wait--syn--syn-rcvd': {
    start: () => ({ ...endpointIn('TIME_WAIT'), passiveOpen: true }),
    event: segment('SYN', THEM + 1000),
  },
  'time-wait--ack--time-wait': { start: at('TIME_WAIT'), event: segment('ACK', THEM + 1, US + 1) },
  'time-wait--abort--closed': { start: at('TIME_WAIT'), event: callOf('abort') },
};

/** 'SYN,ACK' -> ['SYN','ACK']; 'ACK,len=N' -> ['ACK'] (the diagram's notation for a data segment). */
const flagsOf = (emits: string): string[] =>
  canonicalFlags(emits.split(',').filter((part) => part && !part.startsWith('len=')) as never);

/** The settings a row's `when` column asks for (a row without one holds under the defaults). */
const settingsFor = (when: RuleCondition | undefined) => ({ ...when });

describe('the table is the machine vocabulary', () => {
  it('RULE_IDS enumerates the table in order, each id once', () => {
    expect(RULE_IDS).toEqual(TRANSITIONS.map((row) => row.id));
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    expect(Object.keys(EXAMPLES).sort()).toEqual([...RULE_IDS].sort());
  });

  it.each(RULE_IDS.map((id) => [id]))('%s is taken by the machine as the row says', (id) => {
    const row = ruleById(id);
    const example = EXAMPLES[id];
    const reaction = react(example.start(), example.event, {
      now: example.now ?? 0,
      timers: TIMERS,
      settings: settingsFor(row.when),
    });
    if (!reaction.ok) throw new Error(`${id}: the machine refused the example: ${reaction.reason.en}`);
    const taken = reaction.transitions.find((t) => t.ruleId === id);
    expect(taken).toBeDefined();
    // an 'any--…' row is written on one state and taken in several
    if (!id.startsWith('any--')) expect(taken).toMatchObject({ from: row.from, to: row.to });
    else if (id !== 'any--unacceptable--any') expect(taken?.to).toBe(row.to);
    expect(holdsUnder(row, settingsFor(row.when))).toBe(true);
    const want = flagsOf(row.emits);
    if (want.length === 0) expect(reaction.send).toEqual([]);
    else expect(reaction.send.map((s) => canonicalFlags(s.flags))).toContainEqual(want);
  });
});
