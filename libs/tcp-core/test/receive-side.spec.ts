/**
 * The receive side (RFC 9293 3.8.6, 3.10.3; RFC 1122 4.2.2.13, 4.2.2.17, 4.2.3.3), shutdown beside close, and the
 * options of the handshake (RFC 9293 3.7.1 MSS, RFC 7323 window scale), played on real labs.
 */
import { applyMove, autoplayMove, labView } from '../src/api';
import type { LabSettingsInput } from '../src/types';
import { advance, by, HANDSHAKE, labAfter, play } from './helpers';

const all = { by: 'network', action: 'deliver-all' };
const open = [by('server', 'listen'), by('client', 'connect'), all];
const reading: LabSettingsInput = { appReads: 'call', rcvWnd: 1000 };

describe('the window is advertised in every segment', () => {
  it('every segment put on the wire carries the sender window (65535 by default), and SYNs the MSS option', () => {
    const r = play(labAfter([by('server', 'listen'), by('client', 'connect')]), [all]);
    const syn = labAfter([by('client', 'connect')]).inFlight[0];
    expect(syn).toMatchObject({ flags: ['SYN'], wnd: 65535, options: { mss: 1460 } });
    for (const s of r.emitted) expect(s.wnd).toBe(65535);
    expect(r.emitted[0]).toMatchObject({ flags: ['SYN', 'ACK'], options: { mss: 1460 } });
    expect(r.emitted[1].options).toBeUndefined();
  });

  it('with appReads: call, the window shrinks as data waits unread (RCV.WND = rcvWnd - unread)', () => {
    const lab = labAfter([...open, by('client', 'send', 300)], reading);
    const r = play(lab, [all]);
    expect(r.lab.server.rcvBuffered).toBe(300);
    expect(r.lab.server.rcvWnd).toBe(700); // RCV.WND as the TCB panel shows it
    expect(r.emitted).toMatchObject([{ from: 'server', flags: ['ACK'], ack: 1301, wnd: 700 }]);
    expect(r.lab.client.sndWnd).toBe(700);
  });

  it('with appReads: auto (the default), the application reads at once and the window never shrinks', () => {
    const r = play(labAfter([...HANDSHAKE, by('client', 'send', 300)]), [all]);
    expect(r.lab.server.rcvBuffered).toBe(0);
    expect(r.emitted[0].wnd).toBe(65535);
  });
});

describe('a zero window and its probe', () => {
  const full = () => labAfter([...open, by('client', 'send', 1000), all], reading);

  it('the receiver advertises a zero window once its buffer is full', () => {
    const lab = full();
    expect(lab.server.rcvBuffered).toBe(1000);
    expect(lab.client.sndWnd).toBe(0);
  });

  it('a send that does not fit waits in the send queue: nothing goes out and the persist timer starts', () => {
    const r = play(full(), [by('client', 'send', 500)]);
    expect(r.emitted).toEqual([]);
    expect(r.lab.client.sndQueued).toBe(500);
    expect(r.lab.client.timers.persist).toBe(r.lab.clock + 1000);
  });

  it('the persist timer sends a probe <SEQ=SND.UNA-1><ACK=RCV.NXT>, answered with an ACK that still says window 0', () => {
    const probing = play(full(), [by('client', 'send', 500), advance(1000)]);
    expect(probing.emitted).toMatchObject([{ from: 'client', flags: ['ACK'], seq: 2000, ack: 5001, len: 0 }]);
    expect(probing.transitions.map((t) => t.ruleId)).toEqual(['any--persist--any']);
    const answered = play(probing.lab, [all]);
    expect(answered.emitted).toMatchObject([{ from: 'server', flags: ['ACK'], ack: 2001, wnd: 0 }]);
    expect(answered.lab.client.timers.persist).toBeDefined(); // still zero: the client keeps probing
  });

  it('the persist timer backs off and never gives up while the peer answers (RFC 1122 4.2.2.17)', () => {
    let lab = play(full(), [by('client', 'send', 500)]).lab;
    const gaps: number[] = [];
    for (let i = 0; i < 20; i++) {
      const due = lab.client.timers.persist!;
      gaps.push(due - lab.clock);
      lab = play(lab, [advance(due - lab.clock), all]).lab;
    }
    expect(gaps.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(Math.max(...gaps)).toBe(60_000);
    expect(lab.client.state).toBe('ESTABLISHED');
  });

  it('data sent into a zero window is not accepted and is answered with an ACK (3.10.7.4 first check)', () => {
    const lab = full();
    const r = applyMove(lab, {
      by: 'network',
      action: 'inject',
      to: 'server',
      segment: { flags: ['ACK'], seq: 2001, ack: 5001, len: 10 },
    });
    expect(r.ok && r.emitted).toMatchObject([{ flags: ['ACK'], ack: 2001, wnd: 0 }]);
    expect(r.ok && r.lab.server.rcvBuffered).toBe(1000);
  });

  it('read empties the buffer; a window that had closed is announced at once (window update), and the waiting data goes out', () => {
    const waiting = play(full(), [by('client', 'send', 500)]).lab;
    const read = play(waiting, [by('server', 'read')]);
    expect(read.lab.server.rcvBuffered).toBe(0);
    expect(read.emitted).toMatchObject([{ from: 'server', flags: ['ACK'], ack: 2001, wnd: 1000 }]);
    expect(read.transitions.map((t) => t.ruleId)).toEqual(['any--read--any']);
    const flowing = play(read.lab, [{ by: 'network', action: 'deliver', from: 'server' }]);
    expect(flowing.emitted).toMatchObject([{ from: 'client', flags: ['ACK'], seq: 2001, len: 500 }]);
    expect(flowing.lab.client.sndQueued).toBe(0);
    expect(flowing.lab.client.timers.persist).toBeUndefined();
  });

  it('read with a bytes count takes only that many; a small gain in window sends no update (RFC 1122 4.2.3.3)', () => {
    const lab = labAfter([...open, by('client', 'send', 300), all], reading);
    const r = play(lab, [{ by: 'server', call: 'read', bytes: 100 }]);
    expect(r.lab.server.rcvBuffered).toBe(200);
    expect(r.emitted).toEqual([]);
  });

  it('read with nothing waiting is refused, saying why, in both languages', () => {
    const r = applyMove(labAfter([...open]), by('server', 'read'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('NOT_IN_STATE');
    expect(r.reason.en).toContain('appReads: auto');
    expect(r.reason.zh).toContain('没有可读的数据');
  });
});

describe('close() with unread data answers RST (RFC 1122 4.2.2.13, RFC 9293 3.10.4)', () => {
  it('rfc profile: <SEQ=SND.NXT><CTL=RST>, CLOSED at once; the peer is reset too', () => {
    const lab = labAfter([...open, by('client', 'send', 100), all], { appReads: 'call' });
    const r = play(lab, [by('server', 'close')]);
    expect(r.emitted).toMatchObject([{ from: 'server', flags: ['RST'], seq: 5001 }]);
    expect(r.lab.server.state).toBe('CLOSED');
    expect(r.transitions.map((t) => t.ruleId)).toEqual(['any--close-unread--closed']);
    expect(play(r.lab, [all]).lab.client.state).toBe('CLOSED');
  });

  it('linux profile: RST,ACK', () => {
    const lab = labAfter([...open, by('client', 'send', 100), all], { appReads: 'call', profile: 'linux' });
    expect(play(lab, [by('server', 'close')]).emitted).toMatchObject([{ flags: ['ACK', 'RST'], ack: 1101 }]);
  });

  it('once the data is read, close() sends a FIN as usual', () => {
    const lab = labAfter([...open, by('client', 'send', 100), all, by('server', 'read')], {
      appReads: 'call',
    });
    const r = play(lab, [by('server', 'close')]);
    expect(r.lab.server.state).toBe('FIN_WAIT_1');
  });
});

describe('shutdown beside close', () => {
  it('shutdown in ESTABLISHED sends FIN,ACK and enters FIN_WAIT_1, as close does (RFC 9293 CLOSE)', () => {
    const r = play(labAfter([...HANDSHAKE]), [by('client', 'shutdown')]);
    expect(r.emitted).toMatchObject([{ flags: ['ACK', 'FIN'], seq: 1001 }]);
    expect(r.transitions.map((t) => t.ruleId)).toEqual(['established--close--fin-wait-1']); // the same arrow
  });

  it('shutdown in CLOSE_WAIT sends FIN,ACK and enters LAST_ACK', () => {
    const lab = labAfter([...HANDSHAKE, by('client', 'close'), all]);
    const r = play(lab, [by('server', 'shutdown')]);
    expect(r.lab.server.state).toBe('LAST_ACK');
    expect(r.transitions.map((t) => t.ruleId)).toEqual(['close-wait--close--last-ack']);
  });

  it('shutdown with unread data is no reset: only close() gives up the data', () => {
    const lab = labAfter([...open, by('client', 'send', 100), all], { appReads: 'call' });
    expect(play(lab, [by('server', 'shutdown')]).lab.server.state).toBe('FIN_WAIT_1');
  });

  it.each(['rfc', 'linux'] as const)(
    '%s profile: after shutdown, data from the peer is still received and acknowledged',
    (profile) => {
      const lab = labAfter([...open, by('client', 'shutdown'), all, by('server', 'send', 100)], { profile });
      const r = play(lab, [{ by: 'network', action: 'deliver', from: 'server' }]);
      expect(r.lab.client.state).toBe('FIN_WAIT_2');
      expect(r.emitted).toMatchObject([{ from: 'client', flags: ['ACK'], ack: 5101 }]);
    },
  );

  it('rfc profile: close is the RFC CLOSE too: data after it is still received (scripts written before shutdown existed keep working)', () => {
    const lab = labAfter([...open, by('client', 'close'), all, by('server', 'send', 100)]);
    const r = play(lab, [{ by: 'network', action: 'deliver', from: 'server' }]);
    expect(r.lab.client.state).toBe('FIN_WAIT_2');
  });

  it('linux profile: data arriving after close() is answered with <SEQ=SEG.ACK><CTL=RST> and the connection is gone', () => {
    const lab = labAfter([...open, by('client', 'close'), all, by('server', 'send', 100)], {
      profile: 'linux',
    });
    const r = play(lab, [{ by: 'network', action: 'deliver', from: 'server' }]);
    expect(r.lab.client.state).toBe('CLOSED');
    expect(r.emitted).toMatchObject([{ from: 'client', flags: ['RST'], seq: 1002 }]);
    expect(r.transitions.map((t) => t.ruleId)).toEqual(['any--data-after-close--closed']);
  });
});

describe('options on SYNs: MSS and window scale, negotiated and kept in the TCB', () => {
  it('MSS: each side learns the MSS the other put on its SYN (labView shows it)', () => {
    const lab = labAfter([...HANDSHAKE], { mss: 536 });
    const view = labView(lab, 'client');
    expect(view.client.negotiated).toMatchObject({ sndMss: 536, scaling: false, sndWscale: 0, rcvWscale: 0 });
    expect(view.server.negotiated).toMatchObject({ sndMss: 536 });
  });

  it('a SYN without an MSS option (an injected one) means 536 (RFC 9293 3.7.1)', () => {
    const lab = labAfter([by('server', 'listen')]);
    const r = applyMove(lab, {
      by: 'network',
      action: 'inject',
      to: 'server',
      segment: { flags: ['SYN'], seq: 77, len: 0 },
    });
    expect(r.ok && r.lab.server.negotiated).toMatchObject({ sndMss: 536, scaling: false });
  });

  it('window scale: both SYNs carry it, so both scale; the window field is the window >> shift', () => {
    const lab = labAfter([...HANDSHAKE], { windowScale: 3 });
    expect(lab.client.negotiated).toMatchObject({ scaling: true, sndWscale: 3, rcvWscale: 3 });
    const r = play(lab, [by('client', 'send', 10)]);
    expect(r.emitted[0].wnd).toBe(65535 >> 3);
    expect(play(r.lab, [all]).lab.client.sndWnd).toBe((65535 >> 3) * 8);
  });

  it('window scale: a SYN without it means no scaling on either side, and the SYN,ACK does not offer it (RFC 7323 2.2)', () => {
    const lab = labAfter([by('server', 'listen')], { windowScale: 7 });
    const r = applyMove(lab, {
      by: 'network',
      action: 'inject',
      to: 'server',
      segment: { flags: ['SYN'], seq: 77, len: 0, options: { mss: 1400 } },
    });
    expect(r.ok && r.lab.server.negotiated).toEqual({
      sndMss: 1400,
      scaling: false,
      sndWscale: 0,
      rcvWscale: 0,
    });
    expect(r.ok && r.emitted[0].options).toEqual({ mss: 1460 });
  });
});

describe('the built-in partner (autoplayMove) and the receive side', () => {
  it('in CLOSE_WAIT with data unread it reads first, then closes with a FIN (no reset)', () => {
    const lab = labAfter([...open, by('client', 'send', 100), by('client', 'close'), all], {
      appReads: 'call',
    });
    expect(lab.server.state).toBe('CLOSE_WAIT');
    expect(autoplayMove(lab, 'server')).toEqual({ by: 'server', call: 'read' });
    const read = play(lab, [autoplayMove(lab, 'server')]).lab;
    expect(autoplayMove(read, 'server')).toEqual({ by: 'server', call: 'close' });
    expect(play(read, [by('server', 'close')]).lab.server.state).toBe('LAST_ACK');
  });
});
