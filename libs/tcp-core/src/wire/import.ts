/**
 * A real capture becomes a lab: pick one TCP connection, then explain its packets one by one with the reference
 * machine, building the tcp-lab/1 moves that make a lab send exactly those segments.
 *
 * The side that sends the first SYN without ACK is the client. Both ISNs come from the capture. For each packet
 * from side X, in capture order, the importer looks for the first explanation that makes the lab put an equal
 * segment (flags as a set, seq, ack, len) on the wire:
 *   1. a segment X's machine already sent and that is still in flight (e.g. an ACK it owed);
 *   2. a call X's application made: connect (SYN), send (data), close (FIN), abort (RST);
 *   3. X's retransmission timer firing (the clock is moved to it; otherwise the lab clock stands still, so the
 *      kernel's real times never fire the lab's timers on their own).
 * If none fits, the packets of the other side that are still in flight are delivered to X one at a time (a
 * capture shows a packet when it is sent, not when it arrives) and the search is tried again. A segment the lab
 * put on the wire that the capture never shows (typically an ACK the kernel delayed and merged into its next
 * segment) is dropped, and the packet that replaced it says so. Two kernel habits are accepted by name:
 * `rst-carries-ack` (Linux sets ACK on the RST of an abort) and `fin-on-data` (a FIN riding on the last data).
 * Anything else is flagged as unexplained with the reason and injected into the receiver as it was, so the
 * receiver's side still follows the capture; it is never hidden.
 *
 * The states reported "after" a packet are those once every captured packet up to it has been delivered.
 */
import { createLab } from '../lab';
import { applyMove } from '../moves';
import { canonicalFlags, describeSegment, sameSegment } from '../segment';
import {
  otherRole,
  type Bilingual,
  type Lab,
  type LabScript,
  type Move,
  type Role,
  type Segment,
  type State,
  type WireSegment,
} from '../types';
import { type IpAddress, sameAddress } from './address';
import { type Capture, ipDatagram } from './capture';
import { type WireError, wireError } from './errors';
import { type TcpOption, type TcpPacket, decodePacket } from './packet';
import { packetToSegment, unmodelledFlags } from './segments';

/** A connection longer than this is refused: a lab is a conversation to read, not a bulk transfer. */
export const MAX_IMPORT_PACKETS = 500;

export interface SocketAddress {
  address: IpAddress;
  port: number;
}

export interface CaptureConnection {
  /** "127.0.0.1:40000-127.0.0.1:80" with the client first */
  id: string;
  client: SocketAddress;
  server: SocketAddress;
  packets: number;
  /** whether the capture holds its opening SYN (only such connections can be imported) */
  opening: boolean;
}

export interface ConnectionList {
  ok: true;
  connections: CaptureConnection[];
  /** frames that are not IP/TCP (ARP, UDP, unknown link type) or could not be decoded */
  skipped: number;
}

interface TcpFrame {
  frame: number;
  timestampUs: number;
  packet: TcpPacket;
  checksumOk: boolean;
}

const text = (s: SocketAddress) =>
  s.address.family === 6 ? `[${s.address.text}]:${s.port}` : `${s.address.text}:${s.port}`;
const sameSocket = (a: SocketAddress, b: SocketAddress) =>
  a.port === b.port && sameAddress(a.address, b.address);
const source = (p: TcpPacket): SocketAddress => ({ address: p.src, port: p.srcPort });
const destination = (p: TcpPacket): SocketAddress => ({ address: p.dst, port: p.dstPort });

function tcpFrames(capture: Capture): { frames: TcpFrame[]; skipped: number } {
  const frames: TcpFrame[] = [];
  let skipped = 0;
  capture.frames.forEach((frame, i) => {
    const datagram = ipDatagram(frame);
    const decoded = datagram ? decodePacket(datagram) : null;
    if (!decoded || !decoded.ok) {
      skipped++;
      return;
    }
    frames.push({
      frame: i + 1,
      timestampUs: frame.timestampUs,
      packet: decoded.value.packet,
      checksumOk: decoded.value.checksums.tcp,
    });
  });
  return { frames, skipped };
}

/** Groups a capture's TCP packets by connection (the unordered pair of socket addresses). */
export function listConnections(capture: Capture): ConnectionList | WireError {
  const { frames, skipped } = tcpFrames(capture);
  if (frames.length === 0)
    return wireError(
      'NOT_TCP',
      'the capture holds no TCP segment (only other protocols, or nothing at all)',
      '抓包中没有任何 TCP 报文段（只有其他协议，或者是空的）',
    );
  const connections: CaptureConnection[] = [];
  for (const f of frames) {
    const a = source(f.packet);
    const b = destination(f.packet);
    let c = connections.find(
      (x) =>
        (sameSocket(x.client, a) && sameSocket(x.server, b)) ||
        (sameSocket(x.client, b) && sameSocket(x.server, a)),
    );
    if (!c) {
      c = { id: '', client: a, server: b, packets: 0, opening: false };
      connections.push(c);
    }
    c.packets++;
    const syn = f.packet.flags.includes('SYN') && !f.packet.flags.includes('ACK');
    if (syn && !c.opening) {
      c.opening = true;
      c.client = a;
      c.server = b;
    }
  }
  for (const c of connections) c.id = `${text(c.client)}-${text(c.server)}`;
  return { ok: true, connections, skipped };
}

export type Explanation =
  | 'in-flight' // the machine had already sent it
  | 'call' // an application call made it
  | 'timer' // a retransmission
  | 'unexplained'; // flagged: injected as it was

export interface ImportedPacket {
  /** 1-based frame number in the capture file (what Wireshark shows as No.) */
  frame: number;
  /** ms since the connection's first packet */
  at: number;
  /** the capture's own timestamp (µs since its epoch, usually the Unix epoch) */
  timestampUs: number;
  from: Role;
  segment: Segment;
  explanation: Explanation;
  /** why it was flagged, or how it was explained when a kernel habit was accepted */
  reason?: Bilingual;
  /** segments the lab sent that the capture does not show, dropped when this packet was explained */
  notes: Bilingual[];
  /** flags and options the lab does not model (PSH, ECE, CWR, URG; MSS, window scale, SACK, timestamps) */
  unmodelled: string[];
  /** the TCP checksum in the file was right (loopback captures often show offloaded, unfinished checksums) */
  checksumOk: boolean;
  /** both states once every captured packet up to this one has been delivered */
  after: { client: State; server: State };
}

export interface CaptureImport {
  ok: true;
  connection: CaptureConnection;
  packets: ImportedPacket[];
  flagged: number;
  /** the calls-mode lab script whose moves make a lab send these segments; run it with `tcp-lab run` */
  script: LabScript;
  /** quiz questions: which state is each side in after this packet? */
  questions: StateQuestion[];
}

export interface StateQuestion {
  frame: number;
  /** "client → server: SYN seq=… len=0" in both languages */
  packet: Bilingual;
  answer: { client: State; server: State };
}

const optionName = (o: TcpOption) => (o.kind === 'unknown' ? `option ${o.type}` : o.kind);

/** Reconstructs both endpoints of one connection (the only one, or the one `connectionId` names). */
export function importCapture(capture: Capture, connectionId?: string): CaptureImport | WireError {
  const listed = listConnections(capture);
  if (!listed.ok) return listed;
  const candidates = listed.connections.filter((c) => c.opening);
  const connection =
    connectionId === undefined
      ? candidates.length === 1
        ? candidates[0]
        : undefined
      : listed.connections.find((c) => c.id === connectionId);
  if (!connection) {
    const ids = listed.connections.map((c) => c.id).join(', ');
    return connectionId === undefined && candidates.length > 1
      ? wireError(
          'NO_SUCH_CONNECTION',
          `the capture holds ${candidates.length} connections; choose one of: ${ids}`,
          `抓包中有 ${candidates.length} 个连接，请选择其中一个：${ids}`,
        )
      : wireError(
          'NO_SUCH_CONNECTION',
          connectionId === undefined
            ? 'no connection in the capture starts with its SYN, so its states cannot be followed from the beginning'
            : `no connection ${connectionId} in the capture (it holds: ${ids})`,
          connectionId === undefined
            ? '抓包中没有以 SYN 开始的连接，无法从头跟踪其状态'
            : `抓包中没有连接 ${connectionId}（其中有：${ids}）`,
        );
  }
  if (!connection.opening)
    return wireError(
      'NO_SUCH_CONNECTION',
      `connection ${connection.id} does not start in the capture (no SYN), so its states cannot be followed`,
      `连接 ${connection.id} 的开头不在抓包中（没有 SYN），无法跟踪其状态`,
    );
  if (connection.packets > MAX_IMPORT_PACKETS)
    return wireError(
      'TOO_LARGE',
      `connection ${connection.id} has ${connection.packets} packets; at most ${MAX_IMPORT_PACKETS} can become a lab`,
      `连接 ${connection.id} 有 ${connection.packets} 个数据包；最多 ${MAX_IMPORT_PACKETS} 个可以转成实验`,
    );
  const frames = tcpFrames(capture).frames.filter(
    (f) =>
      (sameSocket(source(f.packet), connection.client) &&
        sameSocket(destination(f.packet), connection.server)) ||
      (sameSocket(source(f.packet), connection.server) &&
        sameSocket(destination(f.packet), connection.client)),
  );
  return new Reconstruction(connection, frames).run();
}

class Reconstruction {
  private lab: Lab;
  private readonly moves: Move[] = [];
  /** ids of segments in flight that stand for a captured packet (the others the capture never showed) */
  private readonly captured = new Set<number>();
  private readonly packets: ImportedPacket[] = [];

  constructor(
    private readonly connection: CaptureConnection,
    private readonly frames: TcpFrame[],
  ) {
    const fromClient = (f: TcpFrame) => sameSocket(source(f.packet), connection.client);
    const clientSyn = frames.find((f) => fromClient(f) && f.packet.flags.includes('SYN'));
    const serverSyn = frames.find((f) => !fromClient(f) && f.packet.flags.includes('SYN'));
    this.lab = createLab({
      isn: { client: clientSyn?.packet.seq ?? 0, server: serverSyn?.packet.seq ?? 0 },
      network: 'manual',
      mode: 'calls',
    });
    // a server that answers SYN,ACK was listening; one that sends its own bare SYN opens actively
    if (serverSyn && serverSyn.packet.flags.includes('ACK')) this.play({ by: 'server', call: 'listen' });
  }

  private play(move: Move): boolean {
    const result = applyMove(this.lab, move, 'system');
    if (!result.ok) return false;
    this.lab = result.lab;
    this.moves.push(move);
    return true;
  }

  /** Tries a move on a copy: the lab after it and what it emitted, or null when refused. */
  private try(move: Move, lab = this.lab): { lab: Lab; emitted: WireSegment[] } | null {
    const result = applyMove(lab, move, 'system');
    return result.ok ? { lab: result.lab, emitted: result.emitted } : null;
  }

  private fromIndex(lab: Lab, id: number): number {
    const wire = lab.inFlight.find((s) => s.id === id)!;
    return lab.inFlight.filter(
      (s) => s.from === wire.from && lab.inFlight.indexOf(s) < lab.inFlight.indexOf(wire),
    ).length;
  }

  /** Drops the lab's own segments from X that stand before `id` and were never captured, with a note each. */
  private dropUncaptured(from: Role, beforeId: number, notes: Bilingual[]): void {
    for (;;) {
      const stale = this.lab.inFlight.find(
        (s) => s.from === from && s.id < beforeId && !this.captured.has(s.id),
      );
      if (!stale) return;
      this.play({ by: 'network', action: 'drop', from, index: this.fromIndex(this.lab, stale.id) });
      notes.push({
        en: `the reference machine also sent ${describeSegment(stale)}, which the capture does not show (e.g. a delayed ACK merged into this segment); it was dropped`,
        zh: `参考状态机还发送了 ${describeSegment(stale)}，但抓包中没有它（例如被延迟、并入本报文段的 ACK），已将其丢弃`,
      });
    }
  }

  /** An in-flight segment from X, not yet matched, equal to `segment`. */
  private matchInFlight(lab: Lab, from: Role, segment: Segment): WireSegment | undefined {
    return lab.inFlight.find((s) => s.from === from && !this.captured.has(s.id) && sameSegment(s, segment));
  }

  /** Ways X could have produced the segment now, without anything more arriving: in flight, a call, a timer. */
  private explainNow(
    from: Role,
    segment: Segment,
    p: TcpPacket,
  ): { how: Explanation; moves: Move[]; id: number[]; reason?: Bilingual } | null {
    const found = this.matchInFlight(this.lab, from, segment);
    if (found) return { how: 'in-flight', moves: [], id: [found.id] };
    const calls: Move[] = [];
    const flags = segment.flags;
    if (flags.includes('SYN') && !flags.includes('ACK')) calls.push({ by: from, call: 'connect' });
    if (segment.len > 0) calls.push({ by: from, call: 'send', bytes: segment.len });
    if (flags.includes('FIN')) calls.push({ by: from, call: 'close' });
    if (flags.includes('RST')) calls.push({ by: from, call: 'abort' });
    for (const call of calls) {
      const tried = this.try(call);
      const hit = tried && tried.emitted.find((s) => sameSegment(s, segment));
      if (tried && hit) return { how: 'call', moves: [call], id: [hit.id] };
    }
    // rst-carries-ack: Linux's active reset (tcp_send_active_reset) sets ACK; RFC 9293 3.10.5 shows <CTL=RST>
    if (flags.includes('RST')) {
      const tried = this.try({ by: from, call: 'abort' });
      const hit = tried?.emitted.find((s) => s.flags.includes('RST') && s.seq === segment.seq);
      if (tried && hit)
        return {
          how: 'call',
          moves: [{ by: from, call: 'abort' }],
          id: [hit.id],
          reason: {
            en: 'rst-carries-ack: the kernel set ACK on the RST of its abort; the lab sends a bare RST with the same sequence number',
            zh: 'rst-carries-ack：内核在中止连接的 RST 上置了 ACK；实验发送的是序号相同、不带 ACK 的 RST',
          },
        };
    }
    // fin-on-data: the last data and the FIN in one segment; the lab sends them as two
    if (flags.includes('FIN') && segment.len > 0) {
      const sent = this.try({ by: from, call: 'send', bytes: segment.len });
      const closed = sent && this.try({ by: from, call: 'close' }, sent.lab);
      const data = sent?.emitted.find((s) => s.seq === segment.seq && s.len === segment.len);
      const fin = closed?.emitted.find(
        (s) => s.flags.includes('FIN') && s.seq === (segment.seq + segment.len) >>> 0,
      );
      if (data && fin)
        return {
          how: 'call',
          moves: [
            { by: from, call: 'send', bytes: segment.len },
            { by: from, call: 'close' },
          ],
          id: [data.id, fin.id],
          reason: {
            en: 'fin-on-data: the kernel sent its FIN on the last data segment; the lab sends the data, then the FIN',
            zh: 'fin-on-data：内核把 FIN 放在最后一个数据报文段上；实验先发数据，再发 FIN',
          },
        };
    }
    const due = this.lab[from].timers.retransmit;
    if (due !== undefined) {
      const advance: Move = { by: 'clock', advance: Math.max(0, due - this.lab.clock) };
      const tried = this.try(advance);
      const hit = tried?.emitted.find((s) => s.from === from && sameSegment(s, segment));
      if (tried && hit) return { how: 'timer', moves: [advance], id: [hit.id] };
    }
    void p;
    return null;
  }

  /** Delivers the oldest captured segment in flight towards `to`; false when there is none. */
  private deliverOneTo(to: Role): boolean {
    const from = otherRole(to);
    const wire = this.lab.inFlight.find((s) => s.from === from && this.captured.has(s.id));
    if (!wire) return false;
    this.captured.delete(wire.id);
    return this.play({ by: 'network', action: 'deliver', from, index: this.fromIndex(this.lab, wire.id) });
  }

  private settledStates(): { client: State; server: State } {
    let lab = this.lab;
    for (;;) {
      const wire = lab.inFlight.find((s) => this.captured.has(s.id));
      if (!wire) return { client: lab.client.state, server: lab.server.state };
      const next = this.try(
        { by: 'network', action: 'deliver', from: wire.from, index: this.fromIndex(lab, wire.id) },
        lab,
      );
      if (!next) return { client: lab.client.state, server: lab.server.state };
      lab = next.lab;
    }
  }

  run(): CaptureImport {
    const t0 = this.frames[0]?.timestampUs ?? 0;
    for (const f of this.frames) {
      const from: Role = sameSocket(source(f.packet), this.connection.client) ? 'client' : 'server';
      const segment = packetToSegment(f.packet);
      const notes: Bilingual[] = [];
      let found = this.explainNow(from, segment, f.packet);
      while (!found && this.deliverOneTo(from)) found = this.explainNow(from, segment, f.packet);
      let explanation: Explanation;
      let reason: Bilingual | undefined;
      if (found) {
        for (const move of found.moves) this.play(move);
        this.dropUncaptured(from, found.id[0], notes);
        for (const id of found.id) this.captured.add(id);
        explanation = found.how;
        reason = found.reason;
      } else {
        explanation = 'unexplained';
        const state = this.lab[from].state;
        reason = {
          en: `the reference machine cannot explain this segment: the ${from} in ${state} would not send ${describeSegment(segment)} (no call, timer or arriving segment makes it); it is injected into the ${otherRole(from)} as captured`,
          zh: `参考状态机无法解释这个报文段：处于 ${state} 的${from === 'client' ? '客户端' : '服务器'}不会发送 ${describeSegment(segment)}（没有任何调用、计时器或到达的报文段会导致它）；已按抓包原样注入${from === 'client' ? '服务器' : '客户端'}`,
        };
        // everything captured from X before it has arrived by then
        while (this.deliverOneTo(otherRole(from)));
        const clean: Segment = { ...segment, flags: canonicalFlags(segment.flags) };
        this.play({ by: 'network', action: 'inject', to: otherRole(from), segment: clean });
      }
      const unmodelled = [
        ...unmodelledFlags(f.packet),
        ...f.packet.options.filter((o) => o.kind !== 'nop').map(optionName),
      ];
      const imported: ImportedPacket = {
        frame: f.frame,
        at: Math.round((f.timestampUs - t0) / 1000),
        timestampUs: f.timestampUs,
        from,
        segment,
        explanation,
        notes,
        unmodelled,
        checksumOk: f.checksumOk,
        after: this.settledStates(),
      };
      if (reason) imported.reason = reason;
      this.packets.push(imported);
    }
    // the script ends with every captured segment delivered, in the state the last packet leaves
    while (this.lab.inFlight.some((s) => this.captured.has(s.id))) {
      const wire = this.lab.inFlight.find((s) => this.captured.has(s.id))!;
      this.deliverOneTo(otherRole(wire.from));
    }
    const title = `Capture: ${this.connection.id}`;
    const settings = this.lab.settings;
    return {
      ok: true,
      connection: this.connection,
      packets: this.packets,
      flagged: this.packets.filter((p) => p.explanation === 'unexplained').length,
      script: {
        format: 'tcp-lab/1',
        title,
        settings: { isn: settings.isn, network: 'manual', mode: 'calls' },
        moves: this.moves,
      },
      questions: this.packets.map((p) => ({
        frame: p.frame,
        packet: {
          en: `${p.from} → ${otherRole(p.from)}: ${describeSegment(p.segment)}`,
          zh: `${p.from === 'client' ? '客户端' : '服务器'} → ${p.from === 'client' ? '服务器' : '客户端'}：${describeSegment(p.segment)}`,
        },
        answer: p.after,
      })),
    };
  }
}
