/** Tests for the TIME_WAIT state (RFC 9293 3.10.7.4 eighth check, 3.10.8). */
import { ROLES } from '../src/types';
import { react } from '../src/endpoint';
import { applyMove, runLabScript, SCENARIOS } from '../src/api';
import {
  arrive,
  call,
  endpointIn,
  expectReply,
  fire,
  HANDSHAKE,
  labAfter,
  OUR_ISS,
  PEER_ISS,
  refused,
  seg,
  TIMERS,
  by,
  deliver,
  feedUnder,
  LINUX,
} from './helpers';

const US = OUR_ISS + 2;
const THEM = PEER_ISS + 2;

describe('TIME_WAIT', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const timeWait = () => endpointIn('TIME_WAIT', role);

    it('time_wait_timeout: when 2MSL expires the connection is CLOSED', () => {
      expectReply(fire(timeWait(), 'timeWait', 60000), {
        state: 'CLOSED',
        send: [],
        rule: 'time-wait--timeout--closed',
      });
    });

    it('time_wait_fin: a retransmitted FIN is ACKed again and the 2MSL timer restarts', () => {
      const r = arrive(timeWait(), seg('FIN,ACK', THEM - 1, US), 25000);
      expectReply(r, { state: 'TIME_WAIT', send: [seg('ACK', US, THEM)], rule: 'time-wait--fin--time-wait' });
      expect(r.endpoint.timers).toEqual({ timeWait: 25000 + 60000 });
    });

    it('time_wait_fin_in_window: any acceptable segment carrying a FIN is ACKed and restarts 2MSL (RFC 9293 3.10.7.4 eighth step)', () => {
      const r = arrive(timeWait(), seg('FIN,ACK', THEM, US), 10000);
      expectReply(r, { state: 'TIME_WAIT', send: [seg('ACK', US, THEM)], rule: 'time-wait--fin--time-wait' });
      expect(r.endpoint.timers).toEqual({ timeWait: 10000 + 60000 });
      expect(r.endpoint.rcvNxt).toBe(THEM);
      const later = arrive(timeWait(), seg('FIN,ACK', THEM + 40, US, 3), 5000);
      expectReply(later, {
        state: 'TIME_WAIT',
        send: [seg('ACK', US, THEM)],
        rule: 'time-wait--fin--time-wait',
      });
      expect(later.endpoint.timers).toEqual({ timeWait: 5000 + 60000 });
    });

    it('time_wait_fin_without_ack: a FIN without ACK stops at the fifth step ("if the ACK bit is off drop the segment")', () => {
      const r = arrive(timeWait(), seg('FIN', THEM), 10000);
      expectReply(r, { state: 'TIME_WAIT', send: [] });
      expect(r.endpoint.timers).toEqual({ timeWait: 60000 });
    });

    it('time_wait_old_segment: a segment left of the window is answered with ACK (first check), the timer is not restarted', () => {
      const r = arrive(timeWait(), seg('ACK', THEM - 5, US, 3), 10000);
      expectReply(r, { state: 'TIME_WAIT', send: [seg('ACK', US, THEM)], rule: 'any--unacceptable--any' });
      expect(r.endpoint.timers).toEqual({ timeWait: 60000 });
    });

    it('time_wait_data: text in the window is ignored ("This should not occur"), no reply (seventh step)', () => {
      expectReply(arrive(timeWait(), seg('ACK', THEM, US, 4)), { state: 'TIME_WAIT', send: [] });
    });

    it('time_wait_syn: a SYN is answered with a challenge ACK (RFC 5961 4.2, fourth step)', () => {
      expectReply(arrive(timeWait(), seg('SYN', THEM + 100)), {
        state: 'TIME_WAIT',
        send: [seg('ACK', US, THEM)],
        rule: 'any--unacceptable--any',
      });
    });

    it('time_wait_rst_in_window: a RST in the window but not exact gets a challenge ACK (RFC 5961 3.2, second step)', () => {
      expectReply(arrive(timeWait(), seg('RST', THEM + 3)), {
        state: 'TIME_WAIT',
        send: [seg('ACK', US, THEM)],
        rule: 'any--unacceptable--any',
      });
    });

    it('time_wait_rst: an exact RST closes (RFC 9293 3.10.7.4)', () => {
      expectReply(arrive(timeWait(), seg('RST', THEM)), {
        state: 'CLOSED',
        send: [],
        rule: 'time-wait--rst--closed',
      });
    });

    it('time_wait_rst_rfc1337: with rfc1337 on, an exact RST is ignored: no reply, TIME_WAIT and its timer stay (RFC 1337 section 3)', () => {
      const e = timeWait();
      const r = react(
        e,
        { kind: 'segment', segment: seg('RST', THEM) },
        {
          now: 5000,
          timers: TIMERS,
          settings: { rfc1337: true },
        },
      );
      if (!r.ok) throw new Error('refused');
      expectReply(r, { state: 'TIME_WAIT', send: [], rule: 'time-wait--rst--time-wait' });
      expect(r.accepted).toBe(false);
      expect(r.endpoint.timers).toEqual(e.timers);
    });

    it('time_wait_rst_rfc1337_in_window: with rfc1337 on, an inexact RST gets no challenge ACK either', () => {
      const r = react(
        timeWait(),
        { kind: 'segment', segment: seg('RST', THEM + 3) },
        {
          now: 0,
          timers: TIMERS,
          settings: { rfc1337: true },
        },
      );
      if (!r.ok) throw new Error('refused');
      expectReply(r, { state: 'TIME_WAIT', send: [], rule: 'time-wait--rst--time-wait' });
    });

    it('time_wait_syn_linux: on the listening side a SYN above RCV.NXT opens a new incarnation, ISS = SND.NXT + 65537 (Linux TCP_TW_SYN)', () => {
      const e = { ...timeWait(), passiveOpen: true };
      const r = feedUnder(LINUX, e, { kind: 'segment', segment: seg('SYN', THEM + 1000) }, 7000);
      expectReply(r, {
        state: 'SYN_RCVD',
        send: [seg('SYN,ACK', US + 65537, THEM + 1001)],
        rule: 'time-wait--syn--syn-rcvd',
      });
      expect(r.endpoint).toMatchObject({ iss: US + 65537, irs: THEM + 1000, passiveOpen: true });
      expect(r.endpoint.timers).toEqual({ retransmit: 8000 });
    });

    it('time_wait_syn_linux_far: a SYN far beyond the window reopens too (Linux compares SEG.SEQ with RCV.NXT only, before any window check)', () => {
      const e = { ...timeWait(), passiveOpen: true };
      const r = feedUnder(LINUX, e, { kind: 'segment', segment: seg('SYN', THEM + 1_000_000) });
      expectReply(r, {
        state: 'SYN_RCVD',
        send: [seg('SYN,ACK', US + 65537, THEM + 1_000_001)],
        rule: 'time-wait--syn--syn-rcvd',
      });
    });

    it('time_wait_syn_linux_active_side: the side that did not listen answers the same SYN with an ACK (Linux finds no listener: TCP_TW_ACK)', () => {
      expectReply(feedUnder(LINUX, timeWait(), { kind: 'segment', segment: seg('SYN', THEM + 1000) }), {
        state: 'TIME_WAIT',
        send: [seg('ACK', US, THEM)],
        rule: 'any--unacceptable--any',
      });
    });

    it('time_wait_syn_linux_old: a SYN not above RCV.NXT is still only answered with an ACK', () => {
      const e = { ...timeWait(), passiveOpen: true };
      expectReply(feedUnder(LINUX, e, { kind: 'segment', segment: seg('SYN', THEM - 1) }), {
        state: 'TIME_WAIT',
        send: [seg('ACK', US, THEM)],
        rule: 'any--unacceptable--any',
      });
    });

    it('time_wait_syn_rfc: in the rfc profile the same SYN earns a challenge ACK (RFC 5961 4.2)', () => {
      expectReply(arrive({ ...timeWait(), passiveOpen: true }, seg('SYN', THEM + 1000)), {
        state: 'TIME_WAIT',
        send: [seg('ACK', US, THEM)],
        rule: 'any--unacceptable--any',
      });
    });

    it('time_wait_ack_linux: a bare ACK at RCV.NXT restarts 2MSL without a reply (Linux); the rfc profile ignores it', () => {
      const linux = feedUnder(LINUX, timeWait(), { kind: 'segment', segment: seg('ACK', THEM, US) }, 9000);
      expectReply(linux, { state: 'TIME_WAIT', send: [], rule: 'time-wait--ack--time-wait' });
      expect(linux.endpoint.timers).toEqual({ timeWait: 9000 + 60000 });
      const rfc = arrive(timeWait(), seg('ACK', THEM, US), 9000);
      expectReply(rfc, { state: 'TIME_WAIT', send: [], rule: null });
      expect(rfc.endpoint.timers).toEqual({ timeWait: 60000 });
    });

    it('time_wait_abort: abort closes without a RST', () => {
      expectReply(call(timeWait(), 'abort'), { state: 'CLOSED', send: [], rule: 'time-wait--abort--closed' });
    });

    it('time_wait_ack: a stray ACK changes nothing', () => {
      expectReply(arrive(timeWait(), seg('ACK', THEM, US)), { state: 'TIME_WAIT', send: [] });
    });

    it('time_wait_close: refused with "connection closing"', () => {
      expect(refused(timeWait(), 'close').en).toContain('connection closing');
    });
  });
});

describe('TIME_WAIT in a lab with the rfc1337 setting', () => {
  const toTimeWait = [
    ...HANDSHAKE,
    by('client', 'close'),
    deliver('client'),
    deliver('server'),
    by('server', 'close'),
    deliver('server'),
  ];
  const rst = {
    by: 'network',
    action: 'inject',
    to: 'client',
    segment: { flags: ['RST'], seq: 5002, len: 0 },
  };

  it('lab_time_wait_rst: the setting decides whether an injected exact RST ends TIME_WAIT', () => {
    for (const [rfc1337, client] of [
      [false, 'CLOSED'],
      [true, 'TIME_WAIT'],
    ] as const) {
      const lab = labAfter(toTimeWait, { rfc1337 });
      expect(lab.client.state).toBe('TIME_WAIT');
      expect(lab.settings.rfc1337).toBe(rfc1337);
      const r = applyMove(lab, rst, 'instructor');
      if (!r.ok) throw new Error(r.reason.en);
      expect(r.lab.client.state).toBe(client);
      expect(r.transitions.map((t) => t.ruleId)).toEqual([
        rfc1337 ? 'time-wait--rst--time-wait' : 'time-wait--rst--closed',
      ]);
    }
  });
});

describe('why TIME_WAIT exists: old duplicates (a new incarnation of the same port pair)', () => {
  const script = (id: string) => SCENARIOS.find((s) => s.id === id)!.script;

  it('time_wait_old_duplicate: during 2 MSL the port pair cannot be reused, and the old data that arrives is only acknowledged', () => {
    const run = runLabScript(script('old-duplicate-time-wait'));
    expect(run.failures).toEqual([]);
    const arrival = run.transcript.entries[14]; // the delayed copy of the old data reaches TIME_WAIT
    expect(arrival.transitions.map((t) => t.ruleId)).toEqual(['any--unacceptable--any']);
    expect(arrival.emitted).toMatchObject([{ from: 'client', flags: ['ACK'], ack: 5005 }]);
  });

  it('time_wait_cut_short: with timers.timeWaitMs below 2 MSL the same ports are reused and the old data is accepted by the new connection', () => {
    const run = runLabScript(script('old-duplicate-short-time-wait'));
    expect(run.failures).toEqual([]);
    // the client took 3 bytes the new server never sent: the two ends no longer agree on the byte stream
    expect(run.lab.client.rcvNxt).toBe(5004);
    expect(run.lab.server.sndNxt).toBe(5001);
  });

  it('timers.timeWaitMs sets the TIME_WAIT timer; left out it is 2 × MSL', () => {
    const closing = [
      by('client', 'close'),
      deliver('client'),
      deliver('server'),
      by('server', 'close'),
      deliver('server'),
      deliver('client'),
    ];
    expect(labAfter([...HANDSHAKE, ...closing]).client.timers.timeWait).toBe(60_000);
    expect(
      labAfter([...HANDSHAKE, ...closing], { timers: { timeWaitMs: 1000 } }).client.timers.timeWait,
    ).toBe(1000);
  });
});
