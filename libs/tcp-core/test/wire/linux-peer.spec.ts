/**
 * Linux as the server of a lab, first measurement: the lab's client (tcp-core) talks to a real Linux socket
 * through a TUN device in a network namespace of the test's own (documentation addresses only, no route out,
 * removed at the end). Every segment Linux sends is compared with what tcp-core's reference server would send
 * after the same segments (flags, ack, len; seq relative to each side's ISN, since Linux picks its own), and
 * Linux's state (ss) with tcp-core's. Needs root and /dev/net/tun (CI runs as root).
 *
 * The bridge is the product's own (apps/server/src/linux-peer/tun-bridge.py, the one copy): this test drives it
 * with the lab's default settings, without the server's TypeScript around it (tcp-core does not import apps).
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { initialEndpoint, react } from '../../src/endpoint';
import { DEFAULT_SETTINGS } from '../../src/settings';
import { canonicalFlags } from '../../src/segment';
import type { Endpoint, EndpointEvent, Segment, State } from '../../src/types';
import { decodePacket, encodePacket, packetToSegment, segmentToPacket } from '../../src/wire';

const NS = `tcplab-peer-${process.pid}`;
/** The product's kernel bridge; tcp-core keeps no copy of it. */
const BRIDGE = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'apps',
  'server',
  'src',
  'linux-peer',
  'tun-bridge.py',
);
const TIMERS = DEFAULT_SETTINGS.timers;
const SS: Record<string, State> = {
  LISTEN: 'LISTEN',
  ESTAB: 'ESTABLISHED',
  'SYN-RECV': 'SYN_RCVD',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
};

class Bridge {
  private readonly packets: Segment[] = [];
  private readonly states: string[] = [];
  private waiters: (() => void)[] = [];
  /** once the connection exists, only its socket counts (the listener stays in LISTEN) */
  connected = false;
  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { event: string; hex?: string; ss?: string };
      if (m.event === 'packet') {
        const d = decodePacket(new Uint8Array(Buffer.from(m.hex!, 'hex')));
        if (d.ok && d.value.packet.srcPort === 80) this.packets.push(packetToSegment(d.value.packet));
      }
      if (m.event === 'state') this.states.push(m.ss!);
      if (m.event === 'ready') this.states.push('ready');
      for (const w of this.waiters.splice(0)) w();
    });
  }
  send(cmd: object) {
    this.child.stdin.write(JSON.stringify(cmd) + '\n');
  }
  private async until<T>(take: () => T | undefined): Promise<T> {
    for (let i = 0; i < 100; i++) {
      const v = take();
      if (v !== undefined) return v;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    throw new Error('the Linux peer did not answer');
  }
  nextPacket = () => this.until(() => this.packets.shift());
  async quiet(ms: number) {
    await new Promise((r) => setTimeout(r, ms));
    return this.packets.splice(0);
  }
  async state(): Promise<State> {
    this.send({ cmd: 'state' });
    const ss = await this.until(() => this.states.shift());
    const lines = ss.split('\n');
    // the connection's own socket; before there is one, the listening socket
    const line =
      lines.find((l) => l.includes('192.0.2.2:80') && l.includes('192.0.2.1:49152')) ??
      (this.connected ? undefined : lines.find((l) => l.startsWith('LISTEN') && l.includes('192.0.2.2:80')));
    return line ? (SS[line.split(/\s+/)[0]] ?? (line.split(/\s+/)[0] as State)) : 'CLOSED';
  }
  ready = () => this.until(() => (this.states[0] === 'ready' ? this.states.shift() : undefined));
}

const relative = (s: Segment, ownIss: number, peerIss: number) =>
  `${canonicalFlags(s.flags).join(',')} seq=+${(s.seq - ownIss) >>> 0}${s.flags.includes('ACK') ? ` ack=+${((s.ack ?? 0) - peerIss) >>> 0}` : ''} len=${s.len}`;

describe('Linux as the server: a normal open and close agrees with tcp-core', () => {
  let child: ChildProcessWithoutNullStreams;
  let bridge: Bridge;
  beforeAll(async () => {
    execFileSync('ip', ['netns', 'add', NS]);
    child = spawn('ip', [
      'netns',
      'exec',
      NS,
      'python3',
      BRIDGE,
      'tl0',
      '192.0.2.2',
      '80',
      '192.0.2.1',
      '49152',
      String(TIMERS.rtoMs), // the route's rto_min: the lab's initial RTO
      '0', // rfc1337 off
      'linux', // close is close()
      'auto', // the application reads every byte as it arrives
      '65535', // rcvWnd: Linux's own receive buffer
      '1460', // mss
      'none', // no window scaling
    ]);
    bridge = new Bridge(child);
    await bridge.ready();
  });
  afterAll(() => {
    child?.kill();
    execFileSync('ip', ['netns', 'del', NS]);
  });

  test('SYN → SYN,ACK; ACK; FIN → ACK; close → FIN,ACK; ACK → CLOSED', async () => {
    const CLIENT_ISS = 1000;
    let client: Endpoint = initialEndpoint('client', CLIENT_ISS, TIMERS.rtoMs);
    let model: Endpoint = initialEndpoint('server', 0, TIMERS.rtoMs); // tcp-core's prediction of the server
    const step = (e: Endpoint, event: EndpointEvent) => {
      const r = react(e, event, { now: 0, timers: TIMERS });
      if (!r.ok) throw new Error(r.reason.en);
      return r;
    };
    const toLinux = (s: Segment) =>
      bridge.send({
        cmd: 'packet',
        hex: Buffer.from(encodePacket(segmentToPacket(s, 'client'))).toString('hex'),
      });
    const agreed: string[] = [];

    bridge.send({ cmd: 'listen' });
    model = step(model, { kind: 'call', call: 'listen' }).endpoint;
    expect(await bridge.state()).toBe('LISTEN');

    // the client connects; Linux answers, and so would tcp-core
    const syn = step(client, { kind: 'call', call: 'connect' });
    client = syn.endpoint;
    toLinux(syn.send[0]);
    const synAck = await bridge.nextPacket();
    bridge.connected = true;
    const linuxIss = synAck.seq;
    model = { ...model, iss: linuxIss, sndUna: linuxIss, sndNxt: linuxIss };
    const predicted = step(model, { kind: 'segment', segment: syn.send[0] });
    model = predicted.endpoint;
    expect(relative(synAck, linuxIss, CLIENT_ISS)).toBe(relative(predicted.send[0], linuxIss, CLIENT_ISS));
    agreed.push(relative(synAck, linuxIss, CLIENT_ISS));

    const ack = step(client, { kind: 'segment', segment: synAck });
    client = ack.endpoint;
    toLinux(ack.send[0]);
    model = step(model, { kind: 'segment', segment: ack.send[0] }).endpoint;
    // the bridge's application accepts the connection as soon as the kernel hands it over
    expect(await bridge.state()).toBe(model.state);

    // the client closes: Linux acknowledges the FIN (at once or after its delayed-ACK timer) and is in CLOSE_WAIT
    const fin = step(client, { kind: 'call', call: 'close' });
    client = fin.endpoint;
    toLinux(fin.send[0]);
    const finPredicted = step(model, { kind: 'segment', segment: fin.send[0] });
    model = finPredicted.endpoint;
    const finAck = await bridge.nextPacket();
    expect(relative(finAck, linuxIss, CLIENT_ISS)).toBe(relative(finPredicted.send[0], linuxIss, CLIENT_ISS));
    agreed.push(relative(finAck, linuxIss, CLIENT_ISS));
    client = step(client, { kind: 'segment', segment: finAck }).endpoint;
    expect(await bridge.state()).toBe(model.state);

    // the server's application closes: FIN,ACK; the client's last ACK closes Linux's side
    bridge.send({ cmd: 'close' });
    const closePredicted = step(model, { kind: 'call', call: 'close' });
    model = closePredicted.endpoint;
    const linuxFin = await bridge.nextPacket();
    expect(relative(linuxFin, linuxIss, CLIENT_ISS)).toBe(
      relative(closePredicted.send[0], linuxIss, CLIENT_ISS),
    );
    agreed.push(relative(linuxFin, linuxIss, CLIENT_ISS));
    expect(await bridge.state()).toBe(model.state);
    const last = step(client, { kind: 'segment', segment: linuxFin });
    client = last.endpoint;
    toLinux(last.send[0]);
    model = step(model, { kind: 'segment', segment: last.send[0] }).endpoint;
    expect(await bridge.quiet(300)).toEqual([]); // nothing more from Linux
    expect(await bridge.state()).toBe(model.state);
    expect(client.state).toBe('TIME_WAIT');
    expect(agreed).toEqual([
      'SYN,ACK seq=+0 ack=+1 len=0',
      'ACK seq=+1 ack=+2 len=0',
      'ACK,FIN seq=+1 ack=+2 len=0',
    ]);
  }, 30_000);
});
