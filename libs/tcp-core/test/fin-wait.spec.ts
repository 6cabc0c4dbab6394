/** Tests for the FIN_WAIT_1 and FIN_WAIT_2 states (RFC 9293 3.10.4, 3.10.5, 3.10.7.4). */
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

const US = OUR_ISS + 2; // SND.NXT after our FIN
const THEM = PEER_ISS + 1;

describe('FIN_WAIT_1', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const finWait1 = () => endpointIn('FIN_WAIT_1', role);

    it('fin_wait_1_ack: the ACK of our FIN leads to FIN_WAIT_2, nothing is sent', () => {
      const r = arrive(finWait1(), seg('ACK', THEM, US));
      expectReply(r, { state: 'FIN_WAIT_2', send: [], rule: 'fin-wait-1--ack--fin-wait-2' });
      expect(r.endpoint.timers).toEqual({});
    });

    it('fin_wait_1_fin: simultaneous close, a FIN that does not ACK our FIN is ACKed and leads to CLOSING', () => {
      expectReply(arrive(finWait1(), seg('FIN,ACK', THEM, US - 1)), {
        state: 'CLOSING',
        send: [seg('ACK', US, THEM + 1)],
        rule: 'fin-wait-1--fin--closing',
      });
    });

    it('fin_wait_1_fin_ack: a FIN,ACK that also acknowledges our FIN goes straight to TIME_WAIT (RFC, not the seed)', () => {
      const r = arrive(finWait1(), seg('FIN,ACK', THEM, US), 500);
      expectReply(r, {
        state: 'TIME_WAIT',
        send: [seg('ACK', US, THEM + 1)],
        rule: 'fin-wait-1--fin-ack--time-wait',
      });
      expect(r.transitions).toHaveLength(1);
      expect(r.endpoint.timers).toEqual({ timeWait: 500 + 2 * TIMERS.mslMs });
    });

    it('fin_wait_1_data: data still arrives (half-close) and is ACKed', () => {
      expectReply(arrive(finWait1(), seg('ACK', THEM, US - 1, 4)), {
        state: 'FIN_WAIT_1',
        send: [seg('ACK', US, THEM + 4)],
      });
    });

    it('fin_wait_1_rto: a lost FIN is retransmitted', () => {
      expectReply(fire(finWait1(), 'retransmit', 1000), {
        state: 'FIN_WAIT_1',
        send: [seg('FIN,ACK', US - 1, THEM)],
        rule: 'fin-wait-1--rto--fin-wait-1',
      });
    });

    it('fin_wait_1_rst: an exact RST closes', () => {
      expectReply(arrive(finWait1(), seg('RST', THEM)), {
        state: 'CLOSED',
        send: [],
        rule: 'fin-wait-1--rst--closed',
      });
    });

    it('fin_wait_1_abort: abort sends RST <SEQ=SND.NXT>', () => {
      expectReply(call(finWait1(), 'abort'), {
        state: 'CLOSED',
        send: [seg('RST', US)],
        rule: 'fin-wait-1--abort--closed',
      });
    });

    it.each(['close', 'send'] as const)('fin_wait_1_%s: refused with "connection closing"', (name) => {
      const r = refused(finWait1(), name);
      expect(r.code).toBe('NOT_IN_STATE');
      expect(r.en).toContain('connection closing');
      expect(r.zh).toContain('连接正在关闭');
    });
  });
});

describe('FIN_WAIT_2', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const finWait2 = () => endpointIn('FIN_WAIT_2', role);

    it('fin_wait_2_fin: the peer FIN is ACKed and the endpoint enters TIME_WAIT with the 2MSL timer', () => {
      const r = arrive(finWait2(), seg('FIN,ACK', THEM, US), 100);
      expectReply(r, {
        state: 'TIME_WAIT',
        send: [seg('ACK', US, THEM + 1)],
        rule: 'fin-wait-2--fin--time-wait',
      });
      expect(r.endpoint.timers).toEqual({ timeWait: 100 + 60000 });
    });

    it('fin_wait_2_data: the half-closed endpoint still receives and ACKs data', () => {
      expectReply(arrive(finWait2(), seg('ACK', THEM, US, 7)), {
        state: 'FIN_WAIT_2',
        send: [seg('ACK', US, THEM + 7)],
      });
    });

    it('fin_wait_2_rst: an exact RST closes', () => {
      expectReply(arrive(finWait2(), seg('RST', THEM)), {
        state: 'CLOSED',
        send: [],
        rule: 'fin-wait-2--rst--closed',
      });
    });

    it('fin_wait_2_abort: abort sends RST <SEQ=SND.NXT>', () => {
      expectReply(call(finWait2(), 'abort'), {
        state: 'CLOSED',
        send: [seg('RST', US)],
        rule: 'fin-wait-2--abort--closed',
      });
    });

    it('fin_wait_2_close: refused with "connection closing"', () => {
      expect(refused(finWait2(), 'close').en).toContain('connection closing');
    });
  });
});
