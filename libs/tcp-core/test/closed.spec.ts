/** Tests for the CLOSED state (RFC 9293 3.10.1, 3.10.7.1). */
import { ROLES } from '../src/types';
import { arrive, call, endpointIn, expectReply, OUR_ISS, PEER_ISS, refused, seg } from './helpers';

describe('CLOSED', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const closed = () => endpointIn('CLOSED', role);

    it('closed_listen: listen is a passive open, enters LISTEN and sends nothing', () => {
      const r = call(closed(), 'listen');
      expectReply(r, { state: 'LISTEN', send: [], rule: 'closed--listen--listen' });
      expect(r.endpoint.passiveOpen).toBe(true);
    });

    it('closed_connect: connect sends SYN seq=ISS, enters SYN_SENT and starts the retransmission and connect timers', () => {
      const r = call(closed(), 'connect', 500);
      expectReply(r, { state: 'SYN_SENT', send: [seg('SYN', OUR_ISS)], rule: 'closed--connect--syn-sent' });
      expect(r.endpoint.sndUna).toBe(OUR_ISS);
      expect(r.endpoint.sndNxt).toBe(OUR_ISS + 1);
      expect(r.endpoint.timers).toEqual({ retransmit: 1500, connect: 75500 });
    });

    it('closed_syn: nobody listens, a SYN is answered by RST,ACK <SEQ=0><ACK=SEG.SEQ+SEG.LEN> (connection refused)', () => {
      const r = arrive(closed(), seg('SYN', PEER_ISS));
      expectReply(r, {
        state: 'CLOSED',
        send: [seg('ACK,RST', 0, PEER_ISS + 1)],
        rule: 'closed--syn--closed',
      });
      expect(r.accepted).toBe(false);
    });

    it('closed_syn_with_data: SEG.LEN counts the data and the SYN', () => {
      expectReply(arrive(closed(), seg('SYN', PEER_ISS, undefined, 5)), {
        state: 'CLOSED',
        send: [seg('ACK,RST', 0, PEER_ISS + 6)],
      });
    });

    it('closed_ack: a segment with ACK is answered by RST <SEQ=SEG.ACK>', () => {
      expectReply(arrive(closed(), seg('ACK', 7, 4242)), {
        state: 'CLOSED',
        send: [seg('RST', 4242)],
        rule: null,
      });
    });

    it('closed_rst: an incoming RST is discarded without reply', () => {
      expectReply(arrive(closed(), seg('RST', 7)), { state: 'CLOSED', send: [] });
    });

    it.each(['close', 'abort', 'send'] as const)(
      'closed_%s: refused with "connection does not exist"',
      (name) => {
        const r = refused(closed(), name);
        expect(r.code).toBe('NOT_IN_STATE');
        expect(r.en).toContain('connection does not exist');
        expect(r.zh).toContain('连接不存在');
      },
    );
  });
});
