/** Tests for the ESTABLISHED state (RFC 9293 3.10.2, 3.10.4, 3.10.5, 3.10.7.4; RFC 5961). */
import { RCV_WND } from '../src/segment';
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
  send,
  seg,
} from './helpers';

const US = OUR_ISS + 1; // SND.NXT once the handshake is done
const THEM = PEER_ISS + 1; // RCV.NXT once the handshake is done

describe('ESTABLISHED', () => {
  describe.each(ROLES)('%s endpoint', (role) => {
    const established = () => endpointIn('ESTABLISHED', role);

    it('established_close: close sends FIN,ACK <SEQ=SND.NXT><ACK=RCV.NXT> and enters FIN_WAIT_1', () => {
      const r = call(established(), 'close', 10);
      expectReply(r, {
        state: 'FIN_WAIT_1',
        send: [seg('FIN,ACK', US, THEM)],
        rule: 'established--close--fin-wait-1',
      });
      expect(r.endpoint).toMatchObject({ sndNxt: US + 1, finSent: true });
      expect(r.endpoint.timers.retransmit).toBe(1010);
    });

    it('established_fin: the peer FIN is ACKed (RCV.NXT moves over it) and the endpoint enters CLOSE_WAIT', () => {
      const r = arrive(established(), seg('FIN,ACK', THEM, US));
      expectReply(r, {
        state: 'CLOSE_WAIT',
        send: [seg('ACK', US, THEM + 1)],
        rule: 'established--fin--close-wait',
      });
    });

    it('established_send: send N bytes puts one data segment ACK,len=N on the wire', () => {
      const r = send(established(), 10);
      expectReply(r, {
        state: 'ESTABLISHED',
        send: [seg('ACK', US, THEM, 10)],
        rule: 'established--send--established',
      });
      expect(r.endpoint).toMatchObject({ sndUna: US, sndNxt: US + 10, unackedBytes: 10 });
      expect(r.endpoint.timers.retransmit).toBe(1000);
    });

    it('established_data: in-order data advances RCV.NXT and is ACKed at once (no delayed ACK)', () => {
      const r = arrive(established(), seg('ACK', THEM, US, 5));
      expectReply(r, {
        state: 'ESTABLISHED',
        send: [seg('ACK', US, THEM + 5)],
        rule: 'established--data--established',
      });
    });

    it('established_data_out_of_order: data beyond a gap is not queued; the ACK asks for the gap', () => {
      const r = arrive(established(), seg('ACK', THEM + 5, US, 5));
      expectReply(r, { state: 'ESTABLISHED', send: [seg('ACK', US, THEM)] });
      expect(r.endpoint.rcvNxt).toBe(THEM);
    });

    it('established_data_overlap: a segment that starts before RCV.NXT contributes its new bytes', () => {
      const once = arrive(established(), seg('ACK', THEM, US, 5)).endpoint;
      expectReply(arrive(once, seg('ACK', THEM + 2, US, 6)), {
        state: 'ESTABLISHED',
        send: [seg('ACK', US, THEM + 8)],
      });
    });

    it('established_ack_of_data: an ACK covering our data advances SND.UNA and stops the retransmission timer', () => {
      const sent = send(established(), 10).endpoint;
      const partial = arrive(sent, seg('ACK', THEM, US + 4), 300);
      expectReply(partial, { state: 'ESTABLISHED', send: [] });
      expect(partial.endpoint).toMatchObject({
        sndUna: US + 4,
        unackedBytes: 6,
        timers: { retransmit: 1300 },
      });
      const full = arrive(partial.endpoint, seg('ACK', THEM, US + 10), 400);
      expect(full.endpoint).toMatchObject({ sndUna: US + 10, unackedBytes: 0, timers: {} });
    });

    it('established_rto: lost data is retransmitted from SND.UNA with the RTO doubled', () => {
      const sent = send(established(), 10).endpoint;
      const r = fire(sent, 'retransmit', 1000);
      expectReply(r, { state: 'ESTABLISHED', send: [seg('ACK', US, THEM, 10)], rule: null });
      expect(r.endpoint.rtoMs).toBe(2000);
    });

    it('established_give_up: after timers.dataRetries (15) retransmissions of the same data the next expiry closes, nothing sent (RFC 9293 3.8.3 R2)', () => {
      let e = send(established(), 10).endpoint;
      for (let i = 1; i <= 15; i++) {
        const r = fire(e, 'retransmit', e.timers.retransmit ?? 0);
        expectReply(r, { state: 'ESTABLISHED', send: [seg('ACK', US, THEM, 10)] });
        e = r.endpoint;
      }
      const gaveUp = fire(e, 'retransmit', e.timers.retransmit ?? 0);
      expectReply(gaveUp, { state: 'CLOSED', send: [], rule: 'any--give-up--closed' });
    });

    it('established_give_up_counter_resets: an ACK of new data starts the count again', () => {
      let e = send(established(), 10).endpoint;
      e = fire(e, 'retransmit', 1000).endpoint;
      e = send(e, 5).endpoint;
      expect(e.retries).toBe(1);
      e = arrive(e, seg('ACK', THEM, US + 10)).endpoint;
      expect(e.retries).toBe(0);
    });

    it('established_abort_linux: the linux profile aborts with RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT> (tcp_send_active_reset)', () => {
      expectReply(feedUnder(LINUX, established(), { kind: 'call', call: 'abort' }), {
        state: 'CLOSED',
        send: [seg('RST,ACK', US, THEM)],
        rule: 'any--abort-rst-ack--closed',
      });
    });

    it('established_rst: an exact RST (SEG.SEQ = RCV.NXT) resets the connection', () => {
      expectReply(arrive(established(), seg('RST', THEM)), {
        state: 'CLOSED',
        send: [],
        rule: 'established--rst--closed',
      });
    });

    it('established_rst_in_window: an in-window RST that is not exact gets a challenge ACK (RFC 5961 3.2)', () => {
      expectReply(arrive(established(), seg('RST', THEM + 100)), {
        state: 'ESTABLISHED',
        send: [seg('ACK', US, THEM)],
        rule: 'any--unacceptable--any',
      });
    });

    it('established_rst_out_of_window: a RST outside the window is dropped silently', () => {
      expectReply(arrive(established(), seg('RST', THEM + RCV_WND + 10)), { state: 'ESTABLISHED', send: [] });
    });

    it('established_unacceptable: an old segment fails the acceptability test and is answered <SEQ=SND.NXT><ACK=RCV.NXT>', () => {
      const r = arrive(established(), seg('ACK', THEM - 50, US, 10));
      expectReply(r, { state: 'ESTABLISHED', send: [seg('ACK', US, THEM)], rule: 'any--unacceptable--any' });
      expect(r.accepted).toBe(false);
    });

    it('established_syn: a SYN in a synchronized state gets a challenge ACK (RFC 5961 4.2)', () => {
      expectReply(arrive(established(), seg('SYN', THEM + 3)), {
        state: 'ESTABLISHED',
        send: [seg('ACK', US, THEM)],
        rule: 'any--unacceptable--any',
      });
    });

    it('established_ack_of_unsent_data: SEG.ACK > SND.NXT is answered by an ACK and dropped', () => {
      expectReply(arrive(established(), seg('ACK', THEM, US + 99)), {
        state: 'ESTABLISHED',
        send: [seg('ACK', US, THEM)],
      });
    });

    it('established_dup_ack: a duplicate ACK is ignored: no reply, nothing changes', () => {
      const e = established();
      const r = arrive(e, seg('ACK', THEM, US));
      expectReply(r, { state: 'ESTABLISHED', send: [] });
      expect(r.endpoint).toEqual(e);
    });

    it('established_no_ack: a segment without ACK is dropped', () => {
      expectReply(arrive(established(), seg('FIN', THEM)), { state: 'ESTABLISHED', send: [] });
    });

    it('established_fin_after_gap: a FIN beyond missing data is not taken; the ACK asks for the data', () => {
      expectReply(arrive(established(), seg('FIN,ACK', THEM + 4, US)), {
        state: 'ESTABLISHED',
        send: [seg('ACK', US, THEM)],
      });
    });

    it('established_abort: abort sends RST <SEQ=SND.NXT> and closes', () => {
      expectReply(call(established(), 'abort'), {
        state: 'CLOSED',
        send: [seg('RST', US)],
        rule: 'established--abort--closed',
      });
    });

    it('established_open: listen and connect are refused with "connection already exists"', () => {
      expect(refused(established(), 'connect')).toMatchObject({
        code: 'NOT_IN_STATE',
        en: expect.stringContaining('connection already exists'),
        zh: expect.stringContaining('连接已存在'),
      });
      expect(refused(established(), 'listen').code).toBe('NOT_IN_STATE');
    });
  });
});
