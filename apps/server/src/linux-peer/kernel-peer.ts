/**
 * One endpoint of a lab played by the real Linux kernel: a network namespace of its own holding a TUN device and
 * a real socket (tun-bridge.py runs inside it), the lab's segments written in as IP packets, the kernel's packets
 * read back as segments.
 *
 * Addresses are the lab's documentation ones: 192.0.2.1 client, 192.0.2.2 server (RFC 5737), or over IPv6
 * 2001:db8::1 and 2001:db8::2 (RFC 3849); the namespace has no route out of its /24 (or /64), and is deleted by
 * `close()`.
 *
 * Sequence numbers: Linux chooses its own ISN, the lab has one in its settings. The peer translates, as a
 * sequence-rewriting middlebox would: Linux's seq and the lab's acks of them are shifted by (Linux ISN - lab ISN),
 * so the lab sees Linux's segments numbered from the lab's ISN and Linux sees the lab's numbered from its own.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import {
  DOCUMENTATION_V4,
  DOCUMENTATION_V6,
  decodePacket,
  encodePacket,
  packetToSegment,
  segmentToPacket,
  type Call,
  type LabSettings,
  type Profile,
  type Role,
  type Segment,
  type State,
  type WireEndpoints,
} from '@tcp-lab/tcp-core';
import { REPO_ROOT } from '../config/app-config';

const run = promisify(execFile);

export const BRIDGE_SCRIPT = path.join(REPO_ROOT, 'apps', 'server', 'src', 'linux-peer', 'tun-bridge.py');

/** Namespaces this server makes are named `tcplab-lp-<pid>-<n>`: a restarted server can find a crashed one's. */
export const NAMESPACE_PREFIX = 'tcplab-lp-';

/** How long the kernel gets to answer a segment or a call (it answers in microseconds; python adds a little). */
export const SETTLE_MS = 60;
/** The longest a peer may take to start. */
export const START_LIMIT_MS = 20_000;
/** The longest the peer waits for an answer it was told to expect. */
export const ANSWER_LIMIT_MS = 1500;

/** ss's state names (ss(8)) in the lab's spelling. */
const SS_STATES: Record<string, State> = {
  LISTEN: 'LISTEN',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RCVD',
  ESTAB: 'ESTABLISHED',
  'FIN-WAIT-1': 'FIN_WAIT_1',
  'FIN-WAIT-2': 'FIN_WAIT_2',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST_ACK',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSED',
  CLOSE: 'CLOSED',
};

export interface KernelPeerOptions {
  /** the namespace's name (NAMESPACE_PREFIX + something unique) */
  namespace: string;
  /** the endpoint Linux plays */
  role: Role;
  /** the lab's ISN for that endpoint (settings.isn[role]) */
  labIss: number;
  /** the lab's initial RTO, given to Linux as the route's rto_min */
  rtoMs: number;
  /** the lab's `rfc1337` setting, given to Linux as net.ipv4.tcp_rfc1337 */
  rfc1337: boolean;
  /**
   * What the lab's `close` is: under `linux` close() (the application stops receiving), under `rfc` RFC 9293's
   * CLOSE, shutdown(SHUT_WR). Default linux (the product compares Linux with the linux profile only).
   */
  profile?: Profile;
  /** the lab's `appReads`: 'auto', the bridge reads every byte as it arrives; 'call', only on a `read` call */
  appReads?: LabSettings['appReads'];
  /** the lab's `rcvWnd`: below 65535 it sizes SO_RCVBUF (tun-bridge.py) */
  rcvWnd?: number;
  /** the lab's `mss`, given to Linux as TCP_MAXSEG (the MSS option on its SYN) */
  mss?: number;
  /** the lab's `windowScale`: set, Linux may scale windows (net.ipv4.tcp_window_scaling; it picks its own shift) */
  windowScale?: number | null;
  /** IPv4 (default) or IPv6 between the lab's documentation addresses */
  family?: 4 | 6;
}

/** The lab's two addresses and ports over this IP version. */
export const endpointsOf = (family: 4 | 6 = 4): WireEndpoints =>
  family === 6 ? DOCUMENTATION_V6 : DOCUMENTATION_V4;

/** An address and port as ss writes them: 192.0.2.2:80, [2001:db8::2]:80. */
const ssAddress = (endpoint: WireEndpoints['client']) =>
  endpoint.address.family === 6
    ? `[${endpoint.address.text}]:${endpoint.port}`
    : `${endpoint.address.text}:${endpoint.port}`;

/** The options of a peer for a lab with these settings. */
export const peerSettings = (
  settings: LabSettings,
): Pick<KernelPeerOptions, 'rfc1337' | 'profile' | 'appReads' | 'rcvWnd' | 'mss' | 'windowScale'> => ({
  rfc1337: settings.rfc1337,
  profile: settings.profile,
  appReads: settings.appReads,
  rcvWnd: settings.rcvWnd,
  mss: settings.mss,
  windowScale: settings.windowScale,
});

/** Something the socket API would not do (e.g. connect on a listening socket), as the bridge reported it. */
export interface KernelRefusal {
  call: string;
  reason: string;
}

interface BridgeMessage {
  event: 'ready' | 'packet' | 'state' | 'refused';
  hex?: string;
  ss?: string;
  connection?: boolean;
  listening?: boolean;
  cmd?: string;
  reason?: string;
}

export class KernelPeer {
  private readonly received: Segment[] = [];
  private readonly states: BridgeMessage[] = [];
  private readonly refusals: KernelRefusal[] = [];
  private waiters: (() => void)[] = [];
  private offset: number | null = null;
  private exited = false;
  private readonly exitedPromise: Promise<void>;
  /** the 4-tuple the lab's connection has in `ss` (local first) */
  private readonly local: string;
  private readonly remote: string;
  private readonly endpoints: WireEndpoints;

  private constructor(
    readonly options: KernelPeerOptions,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    const other = options.role === 'client' ? 'server' : 'client';
    this.endpoints = endpointsOf(options.family);
    this.local = ssAddress(this.endpoints[options.role]);
    this.remote = ssAddress(this.endpoints[other]);
    this.exitedPromise = new Promise((resolve) =>
      child.once('exit', () => {
        this.exited = true;
        this.wake();
        resolve();
      }),
    );
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    // a bridge that died before its exit was seen: the write fails (EPIPE); the next wait says it stopped
    child.stdin.on('error', () => undefined);
  }

  /** Creates the namespace and starts the bridge in it; resolves once the TUN device is up. */
  static async open(options: KernelPeerOptions): Promise<KernelPeer> {
    await run('ip', ['netns', 'add', options.namespace]);
    const other = options.role === 'client' ? 'server' : 'client';
    const me = endpointsOf(options.family)[options.role];
    const peer = endpointsOf(options.family)[other];
    const child = spawn('ip', [
      'netns',
      'exec',
      options.namespace,
      'python3',
      BRIDGE_SCRIPT,
      'tl0',
      me.address.text,
      String(me.port),
      peer.address.text,
      String(peer.port),
      String(options.rtoMs),
      options.rfc1337 ? '1' : '0',
      options.profile ?? 'linux',
      options.appReads ?? 'auto',
      String(options.rcvWnd ?? 65535),
      String(options.mss ?? 1460),
      options.windowScale == null ? 'none' : String(options.windowScale),
      String(options.family ?? 4),
    ]);
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const kernel = new KernelPeer(options, child);
    try {
      await kernel.until(
        () => (kernel.states[0]?.event === 'ready' ? kernel.states.shift() : undefined),
        5000,
      );
    } catch {
      await kernel.close();
      throw new Error(`the Linux peer did not start: ${stderr.join('').trim() || 'no output'}`);
    }
    return kernel;
  }

  get role(): Role {
    return this.options.role;
  }

  /** The difference between Linux's ISN and the lab's, once Linux has sent its SYN. */
  get isnOffset(): number | null {
    return this.offset;
  }

  private onLine(line: string): void {
    let message: BridgeMessage;
    try {
      message = JSON.parse(line) as BridgeMessage;
    } catch {
      return;
    }
    if (message.event === 'packet' && message.hex) {
      const decoded = decodePacket(new Uint8Array(Buffer.from(message.hex, 'hex')));
      // only the lab's connection: the device carries nothing else, but a stray packet must not enter the lab
      if (decoded.ok && decoded.value.packet.srcPort === this.endpoints[this.role].port)
        this.received.push(
          this.fromKernel({ ...packetToSegment(decoded.value.packet), wnd: decoded.value.packet.window }),
        );
    } else if (message.event === 'refused') {
      this.refusals.push({ call: message.cmd ?? '?', reason: message.reason ?? '' });
    } else {
      this.states.push(message);
    }
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private send(command: object): void {
    if (!this.exited) this.child.stdin.write(JSON.stringify(command) + '\n');
  }

  private async until<T>(take: () => T | undefined, limitMs: number): Promise<T> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      if (this.exited) throw new Error('the Linux peer has stopped');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('the Linux peer did not answer');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 50));
      });
    }
  }

  /**
   * Linux's segment in the lab's numbering. Each SYN Linux sends fixes the offset: a connection attempt that was
   * reset and begins again gets a new ISN from Linux, while the lab's endpoint keeps its ISS.
   */
  private fromKernel(s: Segment): Segment {
    if (s.flags.includes('SYN')) this.offset = (s.seq - this.options.labIss) >>> 0;
    const offset = this.offset ?? 0;
    return { ...s, seq: (s.seq - offset) >>> 0 };
  }

  /** The lab's segment in Linux's numbering: its ack acknowledges Linux's sequence space. */
  private toKernel(s: Segment): Segment {
    const offset = this.offset ?? 0;
    return s.flags.includes('ACK') ? { ...s, ack: ((s.ack ?? 0) + offset) >>> 0 } : { ...s };
  }

  /** Puts the lab's segment (from the other endpoint) into the kernel. */
  write(segment: Segment & { data?: string }): void {
    const from: Role = this.role === 'client' ? 'server' : 'client';
    const packet = encodePacket(
      segmentToPacket({ ...this.toKernel(segment), data: segment.data }, from, this.endpoints),
    );
    this.send({ cmd: 'packet', hex: Buffer.from(packet).toString('hex') });
  }

  /**
   * The application makes a socket call: listen, connect, send, read (all waiting octets, or `bytes` of them),
   * shutdown (for writing), close (close() under the linux profile, shutdown under rfc) or abort.
   */
  call(call: Call, bytes?: number, data?: string): void {
    if (call === 'send') {
      const payload = Buffer.alloc(bytes ?? 0);
      if (data !== undefined) Buffer.from(data, 'utf8').copy(payload, 0, 0, bytes);
      this.send({ cmd: 'send', bytes: bytes ?? 0, hex: payload.toString('hex') });
    } else if (call === 'read') this.send(bytes === undefined ? { cmd: 'read' } : { cmd: 'read', bytes });
    else this.send({ cmd: call });
  }

  /**
   * The segments Linux has sent since the last collect. Waits until at least `expected` have come (up to
   * `limitMs`), then for `quietMs` in which nothing more comes.
   */
  async collect(expected = 0, limitMs = ANSWER_LIMIT_MS, quietMs = SETTLE_MS): Promise<Segment[]> {
    const deadline = Date.now() + limitMs;
    while (this.received.length < expected && Date.now() < deadline && !this.exited) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(1, Math.min(50, deadline - Date.now())));
      });
    }
    for (let seen = -1; seen !== this.received.length && !this.exited;) {
      seen = this.received.length;
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    }
    return this.received.splice(0);
  }

  /** Calls the socket API refused since the last look (the lab's machine allowed them). */
  takeRefusals(): KernelRefusal[] {
    return this.refusals.splice(0);
  }

  /** The state of the lab's connection in the kernel (ss), as the lab names it. */
  async state(): Promise<State> {
    this.send({ cmd: 'state' });
    const message = await this.until(
      () => (this.states[0]?.event === 'state' ? this.states.shift() : undefined),
      ANSWER_LIMIT_MS,
    );
    return stateOf(message.ss ?? '', this.local, this.remote, message.connection === true);
  }

  /** Stops the bridge and deletes the namespace (and with it the device and every socket in it). */
  async close(): Promise<void> {
    if (!this.exited) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
      await this.exitedPromise;
      clearTimeout(timer);
    }
    await deleteNamespace(this.options.namespace);
  }
}

/**
 * The lab's endpoint in `ss -tanH` output: the connection's socket (its 4-tuple; a TIME-WAIT or request socket
 * counts); with none, the listening socket, unless the application holds a connection that has ended (CLOSED).
 */
export function stateOf(ss: string, local: string, remote: string, holdsConnection: boolean): State {
  const rows = ss
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 5);
  const own = rows.filter((cols) => cols[3] === local && cols[4] === remote);
  const alive = own.find((cols) => SS_STATES[cols[0]] !== 'CLOSED') ?? own[0];
  if (alive) return SS_STATES[alive[0]] ?? 'CLOSED';
  if (holdsConnection) return 'CLOSED';
  return rows.some((cols) => cols[0] === 'LISTEN' && cols[3] === local) ? 'LISTEN' : 'CLOSED';
}

export async function deleteNamespace(name: string): Promise<void> {
  try {
    await run('ip', ['netns', 'del', name]);
  } catch {
    // already gone
  }
}

/** Namespaces a server that is no longer running left behind (it crashed before it could delete them). */
export async function strayNamespaces(): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'list']);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((name) => name?.startsWith(NAMESPACE_PREFIX))
    .filter((name) => {
      const pid = Number(name.slice(NAMESPACE_PREFIX.length).split('-')[0]);
      if (!Number.isInteger(pid) || pid === process.pid) return false;
      try {
        process.kill(pid, 0);
        return false; // its server still runs
      } catch {
        return true;
      }
    });
}
