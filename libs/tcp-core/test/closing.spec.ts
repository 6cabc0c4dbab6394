/** Tests for the CLOSING state: simultaneous close (RFC 9293 3.10.7.4, Figure 13). */
import { ROLES } from '../src/types';
import {
  arrive,
  call,
  endpointIn,
  expectReply,
  fire,
  OUR_ISS,
  PEER_ISS,
  refused,
  seg,
  TIMERS,
} from './helpers';

const US = OUR_ISS + 2;
const THEM = PEER_ISS + 2;

describe('CLOSING', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const closing = () => endpointIn('CLOSING', role);

    it('closing_ack: the ACK of our FIN leads to TIME_WAIT, nothing is sent', () => {
      const r = arrive(closing(), seg('ACK', THEM, US), 40);
      expectReply(r, { state: 'TIME_WAIT', send: [], rule: 'closing--ack--time-wait' });
      expect(r.endpoint.timers).toEqual({ timeWait: 40 + 2 * TIMERS.mslMs });
    });

    it('closing_old_ack: an ACK that does not cover our FIN is ignored', () => {
      expectReply(arrive(closing(), seg('ACK', THEM, US - 1)), { state: 'CLOSING', send: [] });
    });

    it('closing_rto: our unacknowledged FIN is retransmitted', () => {
      expectReply(fire(closing(), 'retransmit', 1000), {
        state: 'CLOSING',
        send: [seg('FIN,ACK', US - 1, THEM)],
        rule: 'closing--rto--closing',
      });
    });

    it('closing_rst: an exact RST closes', () => {
      expectReply(arrive(closing(), seg('RST', THEM)), {
        state: 'CLOSED',
        send: [],
        rule: 'closing--rst--closed',
      });
    });

    it('closing_abort: abort closes without a RST', () => {
      expectReply(call(closing(), 'abort'), { state: 'CLOSED', send: [], rule: 'closing--abort--closed' });
    });

    it('closing_close: refused with "connection closing"', () => {
      expect(refused(closing(), 'close').en).toContain('connection closing');
    });
  });
});
