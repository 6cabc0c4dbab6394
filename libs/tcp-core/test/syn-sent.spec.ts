/** Tests for the SYN_SENT state (RFC 9293 3.10.4, 3.10.5, 3.10.7.3, 3.10.8). */
import { ROLES } from '../src/types';
import {
  arrive,
  call,
  endpointIn,
  expectReply,
  feedUnder,
  fire,
  LINUX,
  OUR_ISS,
  PEER_ISS,
  refused,
  seg,
} from './helpers';

describe('SYN_SENT', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const synSent = () => endpointIn('SYN_SENT', role);

    it('syn_sent_syn_ack: a SYN,ACK acknowledging our SYN establishes the connection and is ACKed', () => {
      const r = arrive(synSent(), seg('SYN,ACK', PEER_ISS, OUR_ISS + 1));
      expectReply(r, {
        state: 'ESTABLISHED',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 1)],
        rule: 'syn-sent--syn-ack--established',
      });
      expect(r.endpoint).toMatchObject({
        sndUna: OUR_ISS + 1,
        sndNxt: OUR_ISS + 1,
        rcvNxt: PEER_ISS + 1,
        irs: PEER_ISS,
      });
      expect(r.endpoint.timers).toEqual({});
    });

    it('syn_sent_syn_ack_data: data on the SYN,ACK is accepted: RCV.NXT moves past it and the one ACK covers it (RFC 9293 3.10.7.3 fourth, then sixth step on)', () => {
      const r = arrive(synSent(), seg('SYN,ACK', PEER_ISS, OUR_ISS + 1, 7));
      expectReply(r, {
        state: 'ESTABLISHED',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 8)],
        rule: 'syn-sent--syn-ack--established',
      });
      expect(r.endpoint.rcvNxt).toBe(PEER_ISS + 8);
    });

    it('syn_sent_syn_ack_fin: a FIN on the SYN,ACK is processed at the eighth step: ACK covers it, CLOSE_WAIT', () => {
      const r = arrive(synSent(), seg('SYN,ACK,FIN', PEER_ISS, OUR_ISS + 1, 3));
      expectReply(r, {
        state: 'CLOSE_WAIT',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 5)],
        rule: 'established--fin--close-wait',
      });
      expect(r.transitions.map((t) => t.ruleId)).toEqual([
        'syn-sent--syn-ack--established',
        'established--fin--close-wait',
      ]);
    });

    it('syn_sent_syn_data: text on a crossed SYN is queued, not yet ACKed: the SYN,ACK acknowledges the SYN only', () => {
      const r = arrive(synSent(), seg('SYN', PEER_ISS, undefined, 4));
      expectReply(r, { state: 'SYN_RCVD', send: [seg('SYN,ACK', OUR_ISS, PEER_ISS + 1)] });
      expect(r.endpoint).toMatchObject({ queuedText: 4, queuedFin: false });
    });

    it('syn_sent_syn: a SYN without ACK means simultaneous open: send SYN,ACK and enter SYN_RCVD (Figure 8)', () => {
      const r = arrive(synSent(), seg('SYN', PEER_ISS));
      expectReply(r, {
        state: 'SYN_RCVD',
        send: [seg('SYN,ACK', OUR_ISS, PEER_ISS + 1)],
        rule: 'syn-sent--syn--syn-rcvd',
      });
      expect(r.endpoint.passiveOpen).toBe(false);
      expect(r.endpoint.timers.connect).toBeUndefined();
    });

    it('syn_sent_rst: a RST,ACK acknowledging our SYN closes the connection (connection refused)', () => {
      const r = arrive(synSent(), seg('ACK,RST', 0, OUR_ISS + 1));
      expectReply(r, { state: 'CLOSED', send: [], rule: 'syn-sent--rst--closed' });
      expect(r.endpoint.timers).toEqual({});
    });

    it('syn_sent_rst_without_ack: a RST without ACK is dropped (RFC 5961 3.2)', () => {
      expectReply(arrive(synSent(), seg('RST', 0)), { state: 'SYN_SENT', send: [] });
    });

    it('syn_sent_rst_bad_ack: a RST whose ACK does not cover our SYN is dropped silently', () => {
      expectReply(arrive(synSent(), seg('ACK,RST', 0, OUR_ISS + 50)), { state: 'SYN_SENT', send: [] });
    });

    it('syn_sent_syn_ack_bad_ack: an ACK outside (ISS, SND.NXT] is answered by RST <SEQ=SEG.ACK>', () => {
      expectReply(arrive(synSent(), seg('SYN,ACK', PEER_ISS, OUR_ISS + 50)), {
        state: 'SYN_SENT',
        send: [seg('RST', OUR_ISS + 50)],
      });
      expectReply(arrive(synSent(), seg('ACK', PEER_ISS, OUR_ISS)), {
        state: 'SYN_SENT',
        send: [seg('RST', OUR_ISS)],
      });
    });

    it('syn_sent_ack_only: neither SYN nor RST: dropped', () => {
      expectReply(arrive(synSent(), seg('ACK', PEER_ISS, OUR_ISS + 1)), { state: 'SYN_SENT', send: [] });
    });

    it('syn_sent_rto: the retransmission timer resends the SYN and doubles the RTO (RFC 6298 5.5)', () => {
      const first = fire(synSent(), 'retransmit', 1000);
      expectReply(first, { state: 'SYN_SENT', send: [seg('SYN', OUR_ISS)], rule: 'syn-sent--rto--syn-sent' });
      expect(first.endpoint.rtoMs).toBe(2000);
      expect(first.endpoint.timers.retransmit).toBe(3000);
      const second = fire(first.endpoint, 'retransmit', 3000);
      expect(second.endpoint.timers.retransmit).toBe(7000);
    });

    it('syn_sent_timeout: the connect (user) timeout gives up: CLOSED, no segment', () => {
      expectReply(fire(synSent(), 'connect', 75000), {
        state: 'CLOSED',
        send: [],
        rule: 'syn-sent--timeout--closed',
      });
    });

    it('syn_sent_give_up: after timers.synRetries (6) retransmissions the next expiry gives up: CLOSED, nothing sent (RFC 9293 3.8.3 R2)', () => {
      let e = synSent();
      let now = 0;
      for (let i = 1; i <= 6; i++) {
        now = e.timers.retransmit ?? 0;
        const r = fire(e, 'retransmit', now);
        expectReply(r, { state: 'SYN_SENT', send: [seg('SYN', OUR_ISS)], rule: 'syn-sent--rto--syn-sent' });
        e = r.endpoint;
        expect(e.retries).toBe(i);
      }
      // retransmissions at 1, 3, 7, 15, 31 and 63 s, as Linux; the RTO is capped at 60 s (RFC 6298 2.5)
      expect(now).toBe(63000);
      expect(e.timers.retransmit).toBe(123000);
      const gaveUp = fire(e, 'retransmit', e.timers.retransmit ?? 0);
      expectReply(gaveUp, { state: 'CLOSED', send: [], rule: 'syn-sent--give-up--closed' });
      expect(gaveUp.endpoint.timers).toEqual({});
    });

    it('syn_sent_linux_connect: in the linux profile no connect timer runs; the SYN retries decide (Linux has no connect timeout)', () => {
      const r = feedUnder(LINUX, endpointIn('CLOSED', role), { kind: 'call', call: 'connect' }, 500);
      expectReply(r, { state: 'SYN_SENT', send: [seg('SYN', OUR_ISS)], rule: 'closed--connect--syn-sent' });
      expect(r.endpoint.timers).toEqual({ retransmit: 1500 });
    });

    it('syn_sent_close: close deletes the TCB without sending anything', () => {
      expectReply(call(synSent(), 'close'), { state: 'CLOSED', send: [], rule: 'syn-sent--close--closed' });
    });

    it('syn_sent_abort: abort closes without a RST (RFC 9293 3.10.5)', () => {
      expectReply(call(synSent(), 'abort'), { state: 'CLOSED', send: [], rule: 'syn-sent--abort--closed' });
    });

    it('syn_sent_connect: refused with "connection already exists"; send is refused until ESTABLISHED', () => {
      expect(refused(synSent(), 'connect').en).toContain('connection already exists');
      expect(refused(synSent(), 'send').code).toBe('NOT_IN_STATE');
    });
  });
});
