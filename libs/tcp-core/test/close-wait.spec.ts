/** Tests for the CLOSE_WAIT and LAST_ACK states (RFC 9293 3.10.2, 3.10.4, 3.10.5, 3.10.7.4). */
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
  send,
  seg,
} from './helpers';

const US = OUR_ISS + 1;
const THEM = PEER_ISS + 2; // RCV.NXT after the peer's FIN

describe('CLOSE_WAIT', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const closeWait = () => endpointIn('CLOSE_WAIT', role);

    it('close_wait_close: close sends FIN,ACK and enters LAST_ACK', () => {
      expectReply(call(closeWait(), 'close'), {
        state: 'LAST_ACK',
        send: [seg('FIN,ACK', US, THEM)],
        rule: 'close-wait--close--last-ack',
      });
    });

    it('close_wait_send: the side that has not closed may still send data', () => {
      expectReply(send(closeWait(), 3), {
        state: 'CLOSE_WAIT',
        send: [seg('ACK', US, THEM, 3)],
        rule: 'close-wait--send--close-wait',
      });
    });

    it('close_wait_retransmitted_fin: the peer FIN again is old (unacceptable) and is ACKed again', () => {
      expectReply(arrive(closeWait(), seg('FIN,ACK', THEM - 1, US)), {
        state: 'CLOSE_WAIT',
        send: [seg('ACK', US, THEM)],
        rule: 'any--unacceptable--any',
      });
    });

    it('close_wait_rst: an exact RST closes', () => {
      expectReply(arrive(closeWait(), seg('RST', THEM)), {
        state: 'CLOSED',
        send: [],
        rule: 'close-wait--rst--closed',
      });
    });

    it('close_wait_abort: abort sends RST <SEQ=SND.NXT>', () => {
      expectReply(call(closeWait(), 'abort'), {
        state: 'CLOSED',
        send: [seg('RST', US)],
        rule: 'close-wait--abort--closed',
      });
    });
  });
});

describe('LAST_ACK', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const lastAck = () => endpointIn('LAST_ACK', role);

    it('last_ack_ack: the ACK of our FIN closes the connection', () => {
      const r = arrive(lastAck(), seg('ACK', THEM, US + 1));
      expectReply(r, { state: 'CLOSED', send: [], rule: 'last-ack--ack--closed' });
      expect(r.endpoint.timers).toEqual({});
    });

    it('last_ack_old_ack: an ACK that does not cover our FIN is ignored', () => {
      expectReply(arrive(lastAck(), seg('ACK', THEM, US)), { state: 'LAST_ACK', send: [] });
    });

    it('last_ack_rto: a lost FIN is retransmitted', () => {
      expectReply(fire(lastAck(), 'retransmit', 1000), {
        state: 'LAST_ACK',
        send: [seg('FIN,ACK', US, THEM)],
        rule: 'last-ack--rto--last-ack',
      });
    });

    it('last_ack_rst: an exact RST closes', () => {
      expectReply(arrive(lastAck(), seg('RST', THEM)), {
        state: 'CLOSED',
        send: [],
        rule: 'last-ack--rst--closed',
      });
    });

    it('last_ack_abort: abort closes without a RST (RFC 9293 3.10.5)', () => {
      expectReply(call(lastAck(), 'abort'), { state: 'CLOSED', send: [], rule: 'last-ack--abort--closed' });
    });

    it.each(['close', 'send'] as const)('last_ack_%s: refused with "connection closing"', (name) => {
      expect(refused(lastAck(), name).en).toContain('connection closing');
    });
  });
});
