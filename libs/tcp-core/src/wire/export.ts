/**
 * A round's transcript as packets: every segment that went on the wire, at the lab time it was sent, with a
 * comment saying what it did when it arrived.
 *
 * - A segment appears when it was sent (a capture sees it leave the sender), so a dropped one is there too, its
 *   comment saying it was dropped; a duplicated one appears twice (the copy at the time it was made); a segment
 *   the instructor injected appears as coming from the peer's address.
 * - Timestamps are the round's real start (`startedAt`, passed in: the function stays pure) plus the lab clock,
 *   so Wireshark shows the day the class ran and its relative times are the lab's times. Without `startedAt` the
 *   round starts at the epoch (1970-01-01).
 * - The comment names the transition the segment caused: the rule id and the state change of the endpoint it was
 *   delivered to. The labs before each entry come from tcp-core's replay (`replaySteps`); a transcript entry
 *   records its transitions, not which delivery caused which, so to know it per segment (a `deliver-all` move
 *   delivers many) the entry's events are handed one by one to the reference machine (`react`) from that lab.
 */
import { react } from '../endpoint';
import { describeSegment, makeSegment, toSegment } from '../segment';
import { replaySteps } from '../transcript';
import { ruleById } from '../transitions';
import {
  otherRole,
  type Endpoint,
  type EndpointEvent,
  type Lab,
  type Move,
  type Role,
  type Segment,
  type SegmentOptions,
  type State,
  type Transcript,
  type TransitionTaken,
  type WireSegment,
} from '../types';
import { DOCUMENTATION_V4, DOCUMENTATION_V6, type WireEndpoints } from './address';
import { LINKTYPE, type CaptureFrame } from './capture';
import { encodePacket } from './packet';
import { writePcap } from './pcap';
import { writePcapng } from './pcapng';
import { segmentToPacket } from './segments';

export type PacketOrigin = 'sent' | 'retransmission' | 'duplicate' | 'injected';

/** What became of a segment after it was put on the wire. */
export type PacketFate =
  | { kind: 'delivered'; to: Role; accepted: boolean; transitions: TransitionTaken[]; step: number }
  /** stack mode: the receiver's participant had to answer; the reference answer is given */
  | { kind: 'awaiting-answer'; to: Role; from: State; expected: State; ruleId: string | null; step: number }
  | { kind: 'dropped'; step: number }
  | { kind: 'in-flight' };

export interface LabPacket {
  /** the lab's segment id (a duplicate has its own id) */
  id: number;
  from: Role;
  /** lab time in ms */
  at: number;
  /** the transcript entry (1-based step) in which it was sent */
  step: number;
  origin: PacketOrigin;
  duplicateOf?: number;
  /** the lab's view of the packet: flags, seq, ack, len (what a capture read back with packetToSegment gives) */
  segment: Segment;
  /** the header's window field and the SYN options the lab wrote (absent on an injected segment without them) */
  wnd?: number;
  options?: SegmentOptions;
  data?: string;
  fate: PacketFate;
  /** one line, English then Chinese: the pcapng packet comment */
  comment: string;
}

const roleZh = (role: Role) => (role === 'client' ? '客户端' : '服务器');

/** Every packet of the round, in the order it went on the wire (segment ids grow in that order). */
export function transcriptPackets(transcript: Transcript): LabPacket[] {
  const packets: LabPacket[] = [];
  const byId = new Map<number, LabPacket>();
  for (const { entry, before } of replaySteps(transcript)) {
    if (!entry.ok) continue;
    const made: LabPacket[] = [];
    for (const wire of entry.emitted) made.push(sentPacket(wire, entry.step));
    for (const event of entry.events) {
      if (event.kind === 'duplicated') {
        const original = byId.get(event.id) ?? made.find((p) => p.id === event.id);
        if (original) made.push(copyOf(original, event.copyId, event.at, entry.step));
      } else if (event.kind === 'injected' && event.segment) {
        made.push({
          id: event.id,
          from: otherRole(event.to),
          at: event.at,
          step: entry.step,
          origin: 'injected',
          segment: event.segment,
          fate: { kind: 'in-flight' },
          comment: '',
        });
      }
    }
    made.sort((a, b) => a.id - b.id);
    for (const p of made) {
      packets.push(p);
      byId.set(p.id, p);
    }
    settleFates(transcript, before, entry.step, entry.move as Move, entry.events, byId);
  }
  for (const p of packets) p.comment = commentFor(p);
  return packets;
}

function sentPacket(wire: WireSegment, step: number): LabPacket {
  const p: LabPacket = {
    id: wire.id,
    from: wire.from,
    at: wire.sentAt,
    step,
    origin: wire.duplicateOf !== undefined ? 'duplicate' : wire.retransmission ? 'retransmission' : 'sent',
    segment: makeSegment(wire.flags, wire.seq, wire.ack, wire.len),
    fate: { kind: 'in-flight' },
    comment: '',
  };
  if (wire.wnd !== undefined) p.wnd = wire.wnd;
  if (wire.options !== undefined) p.options = wire.options;
  if (wire.duplicateOf !== undefined) p.duplicateOf = wire.duplicateOf;
  if (wire.data !== undefined) p.data = wire.data;
  return p;
}

function copyOf(original: LabPacket, id: number, at: number, step: number): LabPacket {
  const p: LabPacket = {
    ...original,
    id,
    at,
    step,
    origin: 'duplicate',
    duplicateOf: original.id,
    fate: { kind: 'in-flight' },
    comment: '',
  };
  return p;
}

/**
 * Plays the entry's events again, one reaction at a time, to learn what each delivery did. Mirrors how a lab
 * hands events to an endpoint: a call or an answer first, then timers and deliveries in the order the entry's
 * events list them; in stack mode an event that needs an answer leaves the endpoint as it was.
 */
function settleFates(
  transcript: Transcript,
  before: Lab,
  step: number,
  move: Move,
  events: Transcript['entries'][number]['events'],
  byId: Map<number, LabPacket>,
): void {
  const timers = transcript.settings.timers;
  const stack = transcript.settings.mode === 'stack';
  const endpoints: Record<Role, Endpoint> = { client: before.client, server: before.server };
  const hand = (role: Role, event: EndpointEvent, now: number) => {
    const reaction = react(endpoints[role], event, { now, timers, settings: transcript.settings });
    if (!reaction.ok) return null;
    const needsAnswer = reaction.send.length > 0 || reaction.endpoint.state !== endpoints[role].state;
    if (stack && needsAnswer) return { reaction, pending: true };
    endpoints[role] = reaction.endpoint;
    return { reaction, pending: false };
  };
  if ('call' in move) {
    hand(
      move.by,
      { kind: 'call', call: move.call, bytes: 'bytes' in move ? move.bytes : undefined },
      before.clock,
    );
  } else if ('answer' in move) {
    const pending = before.pending[move.by];
    if (pending?.input) {
      const reaction = react(endpoints[move.by], pending.input, {
        now: pending.at ?? before.clock,
        timers,
        settings: transcript.settings,
      });
      if (reaction.ok) {
        endpoints[move.by] = reaction.endpoint;
        const id = pending.input.kind === 'segment' ? pending.input.id : undefined;
        const packet = id === undefined ? undefined : byId.get(id);
        if (packet)
          packet.fate = {
            kind: 'delivered',
            to: move.by,
            accepted: reaction.accepted,
            transitions: reaction.transitions,
            step,
          };
      }
    }
  }
  for (const event of events) {
    if (event.kind === 'timer') {
      hand(event.endpoint, { kind: 'timer', timer: event.timer }, event.at);
    } else if (event.kind === 'dropped') {
      const packet = byId.get(event.id);
      if (packet) packet.fate = { kind: 'dropped', step };
    } else if (event.kind === 'delivered') {
      const packet = byId.get(event.id);
      if (!packet) continue;
      const stateBefore = endpoints[event.to].state;
      // the receiver sees the window and options too, as in the lab (toSegment of the wire segment)
      const segment = toSegment({ ...packet.segment, wnd: packet.wnd, options: packet.options });
      const outcome = hand(event.to, { kind: 'segment', segment, id: event.id }, event.at);
      if (!outcome) continue;
      packet.fate = outcome.pending
        ? {
            kind: 'awaiting-answer',
            to: event.to,
            from: stateBefore,
            expected: outcome.reaction.endpoint.state,
            ruleId: outcome.reaction.ruleId,
            step,
          }
        : {
            kind: 'delivered',
            to: event.to,
            accepted: event.accepted,
            transitions: outcome.reaction.transitions,
            step,
          };
    }
  }
}

function transitionText(t: TransitionTaken): { en: string; zh: string } {
  const rule = t.ruleId ? ruleById(t.ruleId) : undefined;
  const tag = rule ? ` [${rule.id}, ${rule.rfc}]` : t.ruleId ? ` [${t.ruleId}]` : '';
  const change = t.from === t.to ? `stays ${t.to}` : `${t.from} → ${t.to}`;
  const changeZh = t.from === t.to ? `保持 ${t.to}` : `${t.from} → ${t.to}`;
  return { en: `${t.endpoint} ${change}${tag}`, zh: `${roleZh(t.endpoint)} ${changeZh}` };
}

/** "step 3, client: SYN seq=1000 len=0; delivered at step 4: server LISTEN → SYN_RCVD [...] | 中文". */
export function commentFor(p: LabPacket): string {
  const origin = {
    sent: ['', ''],
    retransmission: ['retransmission, ', '重传，'],
    duplicate: [`duplicate of #${p.duplicateOf}, `, `#${p.duplicateOf} 的副本，`],
    injected: ['injected by the instructor, ', '由教师注入，'],
  }[p.origin];
  const head = `#${p.id} ${origin[0]}step ${p.step}, ${p.from}: ${describeSegment(p.segment)}`;
  const headZh = `#${p.id} ${origin[1]}第 ${p.step} 步，${roleZh(p.from)}发送`;
  const fate = p.fate;
  let en: string;
  let zh: string;
  switch (fate.kind) {
    case 'delivered': {
      const ts = fate.transitions.map(transitionText);
      if (ts.length) {
        en = `delivered at step ${fate.step}: ${ts.map((t) => t.en).join('; ')}`;
        zh = `第 ${fate.step} 步送达：${ts.map((t) => t.zh).join('；')}`;
      } else if (fate.accepted) {
        en = `delivered at step ${fate.step} to the ${fate.to}: accepted, no transition`;
        zh = `第 ${fate.step} 步送达${roleZh(fate.to)}：已接受，未引起状态变迁`;
      } else {
        en = `delivered at step ${fate.step} to the ${fate.to}: discarded, no transition`;
        zh = `第 ${fate.step} 步送达${roleZh(fate.to)}：被丢弃，未引起状态变迁`;
      }
      break;
    }
    case 'awaiting-answer': {
      const rule = fate.ruleId ? ` [${fate.ruleId}]` : '';
      en = `delivered at step ${fate.step}: the ${fate.to} must answer (reference: ${fate.from} → ${fate.expected}${rule})`;
      zh = `第 ${fate.step} 步送达：${roleZh(fate.to)}须作答（参考：${fate.from} → ${fate.expected}）`;
      break;
    }
    case 'dropped':
      en = `dropped by the network at step ${fate.step}: caused no transition`;
      zh = `第 ${fate.step} 步被网络丢弃：未引起状态变迁`;
      break;
    case 'in-flight':
      en = 'still in flight at the end of the round: caused no transition';
      zh = '本轮结束时仍在网络中：未引起状态变迁';
      break;
  }
  return `${head}; ${en} | ${headZh}；${zh}`;
}

export interface ExportOptions {
  /** 4 (192.0.2.1 → 192.0.2.2, default) or 6 (2001:db8::1 → 2001:db8::2); or endpoints of your own */
  family?: 4 | 6;
  endpoints?: WireEndpoints;
  /** when the round started, in ms since the Unix epoch (e.g. its new-round entry's time); default 0 */
  startedAt?: number;
}

function frames(transcript: Transcript, opts: ExportOptions): CaptureFrame[] {
  const endpoints = opts.endpoints ?? (opts.family === 6 ? DOCUMENTATION_V6 : DOCUMENTATION_V4);
  return transcriptPackets(transcript).map((p) => {
    const data = encodePacket(
      segmentToPacket({ ...p.segment, wnd: p.wnd, options: p.options, data: p.data }, p.from, endpoints),
    );
    return {
      timestampUs: ((opts.startedAt ?? 0) + p.at) * 1000,
      linkType: LINKTYPE.RAW,
      data,
      originalLength: data.length,
      comment: p.comment,
    };
  });
}

/** The round as a pcapng file (raw IP link type, one comment per packet). */
export function transcriptToPcapng(transcript: Transcript, opts: ExportOptions = {}): Uint8Array {
  return writePcapng(frames(transcript, opts), { interfaceName: `tcp-lab ${transcript.title ?? 'lab'}` });
}

/** The same packets as classic pcap (no comments: the format has none). */
export function transcriptToPcap(transcript: Transcript, opts: ExportOptions = {}): Uint8Array {
  return writePcap(frames(transcript, opts));
}
