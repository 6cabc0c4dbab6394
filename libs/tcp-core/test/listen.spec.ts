/** Tests for the LISTEN state (RFC 9293 3.10.1, 3.10.2, 3.10.7.2). */
import { ROLES } from '../src/types';
import { arrive, call, endpointIn, expectReply, OUR_ISS, PEER_ISS, refused, seg } from './helpers';

describe('LISTEN', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const listening = () => endpointIn('LISTEN', role);

    it('listen_syn: a SYN is answered by SYN,ACK <SEQ=ISS><ACK=SEG.SEQ+1> and the endpoint enters SYN_RCVD', () => {
      const r = arrive(listening(), seg('SYN', PEER_ISS), 200);
      expectReply(r, {
        state: 'SYN_RCVD',
        send: [seg('SYN,ACK', OUR_ISS, PEER_ISS + 1)],
        rule: 'listen--syn--syn-rcvd',
      });
      expect(r.endpoint).toMatchObject({
        irs: PEER_ISS,
        rcvNxt: PEER_ISS + 1,
        sndUna: OUR_ISS,
        sndNxt: OUR_ISS + 1,
        passiveOpen: true,
      });
      expect(r.endpoint.timers.retransmit).toBe(1200);
    });

    it('listen_syn_data: data on a SYN is queued for ESTABLISHED; the SYN,ACK acknowledges the SYN only (RFC 9293 3.10.7.2)', () => {
      const r = arrive(listening(), seg('SYN', PEER_ISS, undefined, 10));
      expectReply(r, {
        state: 'SYN_RCVD',
        send: [seg('SYN,ACK', OUR_ISS, PEER_ISS + 1)],
        rule: 'listen--syn--syn-rcvd',
      });
      expect(r.endpoint).toMatchObject({ rcvNxt: PEER_ISS + 1, queuedText: 10, queuedFin: false });
    });

    it('listen_syn_fin: a FIN on a SYN is queued too (RFC 9293 3.10.7.2 "any other control or text")', () => {
      const r = arrive(listening(), seg('SYN,FIN', PEER_ISS));
      expectReply(r, { state: 'SYN_RCVD', send: [seg('SYN,ACK', OUR_ISS, PEER_ISS + 1)] });
      expect(r.endpoint).toMatchObject({ queuedText: 0, queuedFin: true });
    });

    it('listen_connect: connect turns the passive open into an active one and sends SYN (RFC 9293 3.10.2)', () => {
      const r = call(listening(), 'connect');
      expectReply(r, { state: 'SYN_SENT', send: [seg('SYN', OUR_ISS)], rule: 'listen--connect--syn-sent' });
      expect(r.endpoint.passiveOpen).toBe(false);
    });

    it('listen_close: close returns to CLOSED without a segment', () => {
      expectReply(call(listening(), 'close'), { state: 'CLOSED', send: [], rule: 'listen--close--closed' });
    });

    it('listen_abort: abort returns to CLOSED without a RST', () => {
      expectReply(call(listening(), 'abort'), { state: 'CLOSED', send: [], rule: 'listen--abort--closed' });
    });

    it('listen_rst: a RST is ignored', () => {
      expectReply(arrive(listening(), seg('RST', PEER_ISS)), { state: 'LISTEN', send: [] });
    });

    it('listen_ack: any ACK is bad in LISTEN and is answered by RST <SEQ=SEG.ACK>', () => {
      expectReply(arrive(listening(), seg('ACK', PEER_ISS, 777)), {
        state: 'LISTEN',
        send: [seg('RST', 777)],
      });
    });

    it('listen_syn_ack: the ACK check comes before the SYN check, so a SYN,ACK gets a RST too', () => {
      expectReply(arrive(listening(), seg('SYN,ACK', PEER_ISS, 777)), {
        state: 'LISTEN',
        send: [seg('RST', 777)],
      });
    });

    it('listen_fin: a segment with neither SYN, ACK nor RST is dropped', () => {
      expectReply(arrive(listening(), seg('FIN', PEER_ISS)), { state: 'LISTEN', send: [] });
    });

    it('listen_listen: refused with "connection already exists"', () => {
      expect(refused(listening(), 'listen')).toMatchObject({
        code: 'NOT_IN_STATE',
        en: expect.stringContaining('connection already exists'),
      });
    });

    it('listen_send: refused, the remote socket is unspecified until connect', () => {
      expect(refused(listening(), 'send').en).toContain('remote socket unspecified');
    });
  });
});
