/** The Linux peer's pure parts: reading the kernel's sockets as the lab's state, and the RTO Linux is given. */
import { segmentText } from '../../src/linux-peer/kernel-mirror';
import { stateOf } from '../../src/linux-peer/kernel-peer';
import { realRto } from '../../src/linux-peer/linux-peer.service';

const SERVER = '192.0.2.2:80';
const CLIENT = '192.0.2.1:49152';
const row = (state: string, local: string, peer: string) => `${state} 0 0 ${local} ${peer}`;

describe('the lab state of Linux’s endpoint, from its socket table', () => {
  test('the connection’s own socket counts, whatever the listener does', () => {
    const table = [row('LISTEN', SERVER, '0.0.0.0:*'), row('CLOSE-WAIT', SERVER, CLIENT)].join('\n');
    expect(stateOf(table, SERVER, CLIENT, true)).toBe('CLOSE_WAIT');
  });

  test('a request socket (SYN-RECV) and a TIME-WAIT socket are the connection too', () => {
    expect(stateOf(row('SYN-RECV', SERVER, CLIENT), SERVER, CLIENT, false)).toBe('SYN_RCVD');
    expect(stateOf(row('TIME-WAIT', CLIENT, SERVER), CLIENT, SERVER, true)).toBe('TIME_WAIT');
  });

  test('a closed socket beside the TIME-WAIT one of the same 4-tuple does not hide it', () => {
    const table = [row('UNCONN', CLIENT, SERVER), row('TIME-WAIT', CLIENT, SERVER)].join('\n');
    expect(stateOf(table, CLIENT, SERVER, true)).toBe('TIME_WAIT');
  });

  test('no connection yet: the listener; a connection that ended: CLOSED, though the listener still listens', () => {
    const listening = row('LISTEN', SERVER, '0.0.0.0:*');
    expect(stateOf(listening, SERVER, CLIENT, false)).toBe('LISTEN');
    expect(stateOf(listening, SERVER, CLIENT, true)).toBe('CLOSED');
    expect(stateOf('', SERVER, CLIENT, false)).toBe('CLOSED');
  });

  test('another connection’s socket is not ours', () => {
    expect(stateOf(row('ESTAB', SERVER, '192.0.2.9:1234'), SERVER, CLIENT, false)).toBe('CLOSED');
  });
});

describe('what is compared of a segment', () => {
  test('flags in the lab’s order, seq, ack only with ACK, len', () => {
    expect(segmentText({ flags: ['ACK', 'SYN'], seq: 5000, ack: 1001, len: 0 })).toBe(
      'SYN,ACK seq=5000 ack=1001 len=0',
    );
    expect(segmentText({ flags: ['RST'], seq: 7, ack: 99, len: 0 })).toBe('RST seq=7 len=0');
  });
});

describe('the RTO Linux is given (the route’s rto_min), in real ms at the server’s pace', () => {
  test('the lab’s RTO at real time, slowed or sped up by LAB_TIME_SCALE, within what Linux accepts', () => {
    expect(realRto(1000, 1)).toBe(1000);
    expect(realRto(1000, 0.5)).toBe(2000);
    expect(realRto(1000, 0.001)).toBe(120_000);
    expect(realRto(1000, 100)).toBe(200);
  });
});
