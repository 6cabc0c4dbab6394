/** Tests for the SYN_RCVD state (RFC 9293 3.10.4, 3.10.5, 3.10.7.4). */
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
  seg,
} from './helpers';

describe('SYN_RCVD', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const passive = () => endpointIn('SYN_RCVD', role);
    const active = () => endpointIn('SYN_RCVD', role, { active: true });

    it('syn_rcvd_ack: the ACK of our SYN,ACK establishes the connection, nothing is sent', () => {
      const r = arrive(passive(), seg('ACK', PEER_ISS + 1, OUR_ISS + 1));
      expectReply(r, { state: 'ESTABLISHED', send: [], rule: 'syn-rcvd--ack--established' });
      expect(r.endpoint.timers).toEqual({});
    });

    it('syn_rcvd_ack_with_fin: an ACK that carries a FIN establishes and goes on to CLOSE_WAIT', () => {
      const r = arrive(passive(), seg('FIN,ACK', PEER_ISS + 1, OUR_ISS + 1));
      expectReply(r, {
        state: 'CLOSE_WAIT',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 2)],
        rule: 'established--fin--close-wait',
      });
      expect(r.transitions.map((t) => t.ruleId)).toEqual([
        'syn-rcvd--ack--established',
        'established--fin--close-wait',
      ]);
    });

    it('syn_rcvd_syn_ack: simultaneous open, the crossed SYN,ACK is answered with ACK <SEQ=SND.NXT><ACK=RCV.NXT> and establishes (RFC 9293 3.10.7.4 first check, Figure 8)', () => {
      const r = arrive(active(), seg('SYN,ACK', PEER_ISS, OUR_ISS + 1));
      expectReply(r, {
        state: 'ESTABLISHED',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 1)],
        rule: 'syn-rcvd--syn-ack--established',
      });
      expect(r.endpoint.sndUna).toBe(OUR_ISS + 1);
      expect(r.endpoint.timers).toEqual({});
    });

    it('syn_rcvd_syn_ack_not_covering_our_syn: a crossed SYN,ACK whose ACK is not ours is unacceptable and only ACKed (first check)', () => {
      expectReply(arrive(active(), seg('SYN,ACK', PEER_ISS, OUR_ISS)), {
        state: 'SYN_RCVD',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 1)],
        rule: 'any--unacceptable--any',
      });
    });

    it('syn_rcvd_ack_after_syn_data (passive open): text queued from the SYN is accepted once ESTABLISHED and ACKed (RFC 9293 3.10.7.2)', () => {
      let e = endpointIn('LISTEN', role);
      e = arrive(e, seg('SYN', PEER_ISS, undefined, 5)).endpoint;
      expect(e).toMatchObject({ state: 'SYN_RCVD', rcvNxt: PEER_ISS + 1, queuedText: 5 });
      const r = arrive(e, seg('ACK', PEER_ISS + 6, OUR_ISS + 1));
      expectReply(r, {
        state: 'ESTABLISHED',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 6)],
        rule: 'syn-rcvd--ack--established',
      });
      expect(r.endpoint).toMatchObject({ rcvNxt: PEER_ISS + 6, queuedText: 0 });
    });

    it('syn_rcvd_ack_after_syn_fin (passive open): a FIN queued from the SYN is processed once ESTABLISHED: ACK, CLOSE_WAIT', () => {
      let e = endpointIn('LISTEN', role);
      e = arrive(e, seg('SYN,FIN', PEER_ISS, undefined, 2)).endpoint;
      const r = arrive(e, seg('ACK', PEER_ISS + 4, OUR_ISS + 1));
      expectReply(r, {
        state: 'CLOSE_WAIT',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 4)],
        rule: 'established--fin--close-wait',
      });
      expect(r.transitions.map((t) => t.ruleId)).toEqual([
        'syn-rcvd--ack--established',
        'established--fin--close-wait',
      ]);
    });

    it('syn_rcvd_syn_ack_after_syn_data (active open): text from the crossed SYN is accepted with the handshake and ACKed (RFC 9293 3.10.7.3)', () => {
      let e = endpointIn('SYN_SENT', role);
      e = arrive(e, seg('SYN', PEER_ISS, undefined, 4)).endpoint;
      expect(e).toMatchObject({ state: 'SYN_RCVD', rcvNxt: PEER_ISS + 1, queuedText: 4 });
      expectReply(arrive(e, seg('SYN,ACK', PEER_ISS, OUR_ISS + 1)), {
        state: 'ESTABLISHED',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 5)],
        rule: 'syn-rcvd--syn-ack--established',
      });
    });

    it('syn_rcvd_rst (passive open): an exact RST returns to LISTEN', () => {
      const r = arrive(passive(), seg('RST', PEER_ISS + 1));
      expectReply(r, { state: 'LISTEN', send: [], rule: 'syn-rcvd--rst--listen' });
      expect(r.endpoint).toMatchObject({ irs: null, sndNxt: OUR_ISS, timers: {} });
    });

    it('syn_rcvd_syn (passive open): a new in-window SYN returns the half-open connection to LISTEN, no reply', () => {
      const r = arrive(passive(), seg('SYN', PEER_ISS + 1));
      expectReply(r, { state: 'LISTEN', send: [], rule: 'syn-rcvd--syn--listen' });
      expect(r.endpoint).toMatchObject({ irs: null, sndNxt: OUR_ISS, timers: {} });
    });

    it('syn_rcvd_rst (active open): an exact RST means the connection was refused: CLOSED', () => {
      expectReply(arrive(active(), seg('RST', PEER_ISS + 1)), {
        state: 'CLOSED',
        send: [],
        rule: 'syn-rcvd--rst--closed',
      });
    });

    it('syn_rcvd_rto: the retransmission timer resends SYN,ACK', () => {
      expectReply(fire(passive(), 'retransmit', 1000), {
        state: 'SYN_RCVD',
        send: [seg('SYN,ACK', OUR_ISS, PEER_ISS + 1)],
        rule: 'syn-rcvd--rto--syn-rcvd',
      });
    });

    it('syn_rcvd_syn_again_linux: a retransmitted SYN (SEG.SEQ = IRS) is answered with the SYN,ACK again at once, its timer restarted (Linux tcp_check_req)', () => {
      const e = passive();
      const r = feedUnder(LINUX, e, { kind: 'segment', segment: seg('SYN', PEER_ISS) }, 600);
      expectReply(r, {
        state: 'SYN_RCVD',
        send: [seg('SYN,ACK', OUR_ISS, PEER_ISS + 1)],
        rule: 'syn-rcvd--syn-again--syn-rcvd',
      });
      expect(r.endpoint.timers.retransmit).toBe(600 + e.rtoMs);
      expect(r.endpoint.retries).toBe(e.retries);
    });

    it('syn_rcvd_syn_again_rfc: in the rfc profile the same SYN is below RCV.NXT: not acceptable, only <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 9293 3.10.7.4 first check)', () => {
      expectReply(arrive(passive(), seg('SYN', PEER_ISS)), {
        state: 'SYN_RCVD',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 1)],
        rule: 'any--unacceptable--any',
      });
    });

    it('syn_rcvd_syn_again_linux_active: a simultaneous open (no listener, no request socket) keeps the RFC answer under linux too', () => {
      expectReply(feedUnder(LINUX, active(), { kind: 'segment', segment: seg('SYN', PEER_ISS) }), {
        state: 'SYN_RCVD',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 1)],
        rule: 'any--unacceptable--any',
      });
    });

    it('syn_rcvd_give_up (passive open): after timers.dataRetries unanswered SYN,ACKs the half-open connection is dropped: LISTEN (RFC 9293 3.8.3 R2)', () => {
      const r = fire({ ...passive(), retries: 15 }, 'retransmit', 1000);
      expectReply(r, { state: 'LISTEN', send: [], rule: 'syn-rcvd--give-up--listen' });
      expect(r.endpoint).toMatchObject({ irs: null, retries: 0, timers: {} });
    });

    it('syn_rcvd_give_up (active open): a simultaneous open that gets no answer closes', () => {
      expectReply(fire({ ...active(), retries: 15 }, 'retransmit', 1000), {
        state: 'CLOSED',
        send: [],
        rule: 'any--give-up--closed',
      });
    });

    it('syn_rcvd_abort_linux: the linux profile aborts with RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>', () => {
      expectReply(feedUnder(LINUX, passive(), { kind: 'call', call: 'abort' }), {
        state: 'CLOSED',
        send: [seg('RST,ACK', OUR_ISS + 1, PEER_ISS + 1)],
        rule: 'any--abort-rst-ack--closed',
      });
    });

    it('syn_rcvd_close: close sends FIN,ACK and enters FIN_WAIT_1 (RFC 9293 3.10.4)', () => {
      const r = call(passive(), 'close');
      expectReply(r, {
        state: 'FIN_WAIT_1',
        send: [seg('FIN,ACK', OUR_ISS + 1, PEER_ISS + 1)],
        rule: 'syn-rcvd--close--fin-wait-1',
      });
      // the SYN,ACK is still unacknowledged: it is what the timer sends first
      expectReply(fire(r.endpoint, 'retransmit', 1000), {
        state: 'FIN_WAIT_1',
        send: [seg('SYN,ACK', OUR_ISS, PEER_ISS + 1)],
      });
    });

    it('syn_rcvd_abort: abort sends RST <SEQ=SND.NXT> and closes', () => {
      expectReply(call(passive(), 'abort'), {
        state: 'CLOSED',
        send: [seg('RST', OUR_ISS + 1)],
        rule: 'syn-rcvd--abort--closed',
      });
    });

    it('syn_rcvd_bad_ack: an unacceptable ACK is answered by RST <SEQ=SEG.ACK>', () => {
      expectReply(arrive(passive(), seg('ACK', PEER_ISS + 1, OUR_ISS + 9)), {
        state: 'SYN_RCVD',
        send: [seg('RST', OUR_ISS + 9)],
      });
    });

    it('syn_rcvd_dup_syn: a retransmitted SYN is an unacceptable segment and gets an ACK', () => {
      expectReply(arrive(passive(), seg('SYN', PEER_ISS)), {
        state: 'SYN_RCVD',
        send: [seg('ACK', OUR_ISS + 1, PEER_ISS + 1)],
        rule: 'any--unacceptable--any',
      });
    });

    it('syn_rcvd_new_syn (passive open): a SYN in the window returns the connection to LISTEN', () => {
      expectReply(arrive(passive(), seg('SYN', PEER_ISS + 10)), { state: 'LISTEN', send: [] });
    });

    it('syn_rcvd_no_ack: a segment without ACK is dropped', () => {
      expectReply(arrive(passive(), seg('', PEER_ISS + 1, undefined, 3)), { state: 'SYN_RCVD', send: [] });
    });
  });
});
