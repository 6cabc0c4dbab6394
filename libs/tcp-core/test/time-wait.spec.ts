/** Tests for the TIME_WAIT state (RFC 9293 3.10.7.4 eighth check, 3.10.8). */
import { ROLES } from '../src/types';
import { arrive, call, endpointIn, expectReply, fire, OUR_ISS, PEER_ISS, refused, seg } from './helpers';

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

    it('time_wait_rst: an exact RST closes (RFC 9293 3.10.7.4)', () => {
      expectReply(arrive(timeWait(), seg('RST', THEM)), {
        state: 'CLOSED',
        send: [],
        rule: 'time-wait--rst--closed',
      });
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
