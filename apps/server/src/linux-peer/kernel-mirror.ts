/**
 * Linux beside tcp-core: each transcript entry that concerns the endpoint Linux plays is done again to the real
 * kernel (the same socket call, the same segments delivered, the same wait for its timers), and what Linux sent
 * and the state it is in are set beside what tcp-core's reference machine predicted, with every difference named.
 *
 * The lab stays tcp-core's (its log replays exactly); the kernel is the judge of one side. Where they agree —
 * the point of the measurement — the lab's segments are Linux's segments.
 */
import {
  canonicalFlags,
  isControlMove,
  react,
  type Bilingual,
  type Endpoint,
  type Lab,
  type Move,
  type Role,
  type Segment,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import type {
  KernelDifference as ProtocolKernelDifference,
  KernelMove as ProtocolKernelMove,
} from '@tcp-lab/lab-protocol';
import { ANSWER_LIMIT_MS, SETTLE_MS, type KernelPeer } from './kernel-peer';

/**
 * The longest clock move the mirror waits out in real time. Linux's timers run on the real clock; a lab's clock
 * jumps (60 s of TIME_WAIT in one move). Beyond this, Linux is behind the lab (rule `long-clock-move`).
 */
export const CLOCK_LIMIT_MS = 1200;
/** Real time beyond a clock move's length that a retransmission predicted in it may take to come. */
const TIMER_MARGIN_MS = 400;

/** Differences between Linux and tcp-core that are allowed, each by a named rule. */
export const ALLOWED_DIFFERENCES = {
  'own-isn': {
    en: "Linux picks its own initial sequence number. The peer renumbers Linux's segments from the lab's ISN (and the lab's acknowledgements back), so seq and ack are compared relative to each side's ISN.",
    zh: 'Linux 自己选择初始序号。Linux 对端会把 Linux 的报文段按实验的 ISN 重新编号（实验一方的确认号也反向换算），因此序号和确认号按各自 ISN 的相对值比较。',
  },
  'unmodelled-fields': {
    en: "Options Linux adds (MSS on its SYN) and the PSH flag on its data are not compared (the MSS is set to the lab's `mss`). The namespace turns off timestamps, SACK, ECN and (unless the lab sets `windowScale`) window scaling, so Linux adds no other option.",
    zh: 'Linux 附加的选项（SYN 上的 MSS）和数据报文段上的 PSH 标志不作比较（MSS 设为实验的 `mss`）。命名空间关闭了时间戳、SACK、ECN 以及（实验未设置 `windowScale` 时的）窗口缩放，因此 Linux 不会再附加别的选项。',
  },
  'window-size': {
    en: "Linux sizes the window it advertises itself: from the socket's receive buffer (set from the lab's `rcvWnd`, but never below 2304 octets, half of it window: at least 1152), rounded down to a multiple of the MSS (64240 = 44 × 1460 where the lab advertises 65535). The window field is compared; a different size is allowed where both windows are open or both are closed. A window closed on one side only is a difference, not allowed. A RST's window is not compared. With the lab's `windowScale` set, Linux scales windows with a shift count of its own choosing, so the fields differ more.",
    zh: 'Linux 自己决定通告的窗口大小：由套接字的接收缓冲区决定（按实验的 `rcvWnd` 设置，但不少于 2304 字节，其中一半作为窗口，因此至少 1152），并向下取整为 MSS 的整数倍（实验通告 65535 时，Linux 通告 64240 = 44 × 1460）。窗口字段会被比较；只要双方的窗口都打开或都关闭，大小不同是允许的。只有一方窗口关闭则算作差异，不被允许。RST 报文段的窗口不作比较。实验设置了 `windowScale` 时，Linux 用它自己选择的移位数缩放窗口，因此窗口字段相差更大。',
  },
  'long-clock-move': {
    en: `Linux's timers run on the real clock; a lab's clock can jump (60 s of TIME_WAIT in one move). A clock move longer than ${CLOCK_LIMIT_MS / 1000} s is not waited out in real time, nor is a teacher's move of a running lab's clock. From then on Linux is behind the lab's clock: what its timers would have sent, and the states they would have left (TIME_WAIT ending), are not held against it.`,
    zh: `Linux 的计时器按真实时间运行，而实验时钟可以跳跃（一步就跳过 60 秒的 TIME_WAIT）。超过 ${CLOCK_LIMIT_MS / 1000} 秒的时钟推进不会按真实时间等待，教师在进行中的实验里推进时钟也一样。此后 Linux 落后于实验时钟：它的计时器本会发送的报文段和本会到达的状态（TIME_WAIT 结束）不算作它的差异。`,
  },
  'real-time-retransmission': {
    en: "Linux's retransmission timer runs on the real clock, while a lab's clock may be stopped or slow: when students take longer than its timeout (1 s at first) between two moves, Linux sends a SYN, FIN or data segment again that it already sent (the same flags, seq, ack and len), which tcp-core, on the lab's clock, does not. Such a repeat is listed, not held against Linux.",
    zh: 'Linux 的重传计时器按真实时间运行，而实验时钟可能停止或走得很慢：学生两步之间用的时间超过它的超时（起初为 1 秒）时，Linux 会把已经发过的 SYN、FIN 或数据报文段（标志、seq、ack 和 len 都相同）再发一次，而按实验时钟运行的 tcp-core 不会。这样的重发会列出来，但不算作 Linux 的差异。',
  },
  'delayed-ack': {
    en: "Linux delays some ACKs (delayed ACK, 40-200 ms); the lab's reference machine never does. The namespace's route sets quickack, so Linux acknowledges at once; an ACK that still came late would be a difference, not allowed.",
    zh: 'Linux 会推迟部分 ACK（延迟确认，40 到 200 毫秒），实验的参考状态机从不推迟。命名空间的路由设置了 quickack，Linux 会立即确认；如果 ACK 仍然迟到，就算作差异，不被允许。',
  },
} as const satisfies Record<string, Bilingual>;
export type AllowedDifference = keyof typeof ALLOWED_DIFFERENCES;

/** One difference between Linux and the prediction (lab-protocol's KernelDifference), its rule one of ours. */
export interface KernelDifference extends ProtocolKernelDifference {
  allowedBy?: AllowedDifference;
}

/** Beside one entry: what Linux did, what tcp-core predicted, and whether they agree (lab-protocol's KernelMove). */
export interface KernelMove extends ProtocolKernelMove {
  differences: KernelDifference[];
}

/** "ACK,FIN seq=5001 ack=1002 len=0": flags, seq, ack (with ACK) and len, the fields that are compared. */
export const segmentText = (s: Segment): string =>
  `${canonicalFlags(s.flags).join(',') || '(none)'} seq=${s.seq >>> 0}${s.flags.includes('ACK') ? ` ack=${(s.ack ?? 0) >>> 0}` : ''} len=${s.len}`;

/**
 * How the lab's clock relates to Linux's. 'wait': the lab's clock stands still between clock moves, and the mirror
 * waits each one out in real time (the kernel agreement test). 'real': the lab's timers fire in real time (a
 * running lab), so a timer's clock move has already been lived through by Linux and is not waited for again.
 */
export type MirrorClock = 'wait' | 'real';

export class KernelMirror {
  /** set once the lab's clock has run ahead of Linux's (rule long-clock-move) */
  private behind = false;
  /** every segment Linux sent so far, as compared (segmentText): a repeat of one is a real-time retransmission */
  private readonly linuxSent = new Set<string>();

  constructor(
    readonly peer: KernelPeer,
    readonly clock: MirrorClock = 'wait',
  ) {}

  get role(): Role {
    return this.peer.role;
  }

  /**
   * Does `entry` (which took the lab from `before` to `after`) to the kernel and compares. Null when the entry
   * does not concern Linux's endpoint (a rejected move, a control, the other side's call, a move on the other
   * side's segments) or was already compared (a stack-mode answer: Linux answered when the event came).
   */
  async follow(entry: TranscriptEntry, before: Lab, after: Lab): Promise<KernelMove | null> {
    const role = this.role;
    if (!entry.ok || isControlMove(entry.move)) return null;
    const move = entry.move as Move;
    if ('answer' in move && move.by === role) return null;
    const sent: Segment[] = [];
    let concerned = false;
    const segments = segmentsById(before, entry);
    const settings = after.settings;
    let model: Endpoint = before[role];

    if ('call' in move && move.by === role) {
      concerned = true;
      this.peer.call(
        move.call,
        'bytes' in move ? move.bytes : undefined,
        'data' in move ? move.data : undefined,
      );
      sent.push(...(await this.peer.collect(this.predictedSent(entry, after).length)));
    }
    for (const event of entry.events) {
      if (event.kind === 'timer' && event.endpoint === role) {
        const r = react(
          model,
          { kind: 'timer', timer: event.timer },
          { now: event.at, timers: settings.timers, settings },
        );
        if (r.ok) model = r.endpoint;
      }
      if (event.kind !== 'delivered' || event.to !== role) continue;
      const segment = segments.get(event.id);
      if (!segment) continue;
      concerned = true;
      // the reference machine's answer to this one segment: how many Linux segments to wait for before the next
      // is written (the next one's ack may acknowledge Linux's answer, which fixes the ISN offset)
      const r = react(
        model,
        { kind: 'segment', segment, id: event.id },
        { now: event.at, timers: settings.timers, settings },
      );
      const expected = r.ok ? r.send.length : 0;
      if (r.ok && !(settings.mode === 'stack' && (r.send.length > 0 || r.endpoint.state !== model.state)))
        model = r.endpoint;
      this.peer.write(segment);
      sent.push(...(await this.peer.collect(expected)));
    }
    let longMove = false;
    if ('by' in move && move.by === 'clock') {
      concerned = true;
      // a running lab's timers fire in real time; a teacher's move of its clock is a jump Linux cannot follow
      const lived = this.clock === 'real' && entry.actor === 'system';
      longMove = this.clock === 'real' ? !lived : move.advance > CLOCK_LIMIT_MS;
      const predicted = this.predictedSent(entry, after).length;
      const wait = lived ? 0 : Math.min(move.advance, CLOCK_LIMIT_MS);
      // wait out the move (Linux's timers may fire in it), longer while a predicted retransmission is missing
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait - SETTLE_MS)));
      sent.push(...(await this.peer.collect(predicted - sent.length, TIMER_MARGIN_MS)));
    }
    const predictedSent = this.predictedSent(entry, after);
    if (!concerned && predictedSent.length === 0) return null;
    // anything Linux sent late for an earlier move
    sent.push(
      ...(await this.peer.collect(
        Math.max(0, predictedSent.length - sent.length),
        concerned ? ANSWER_LIMIT_MS : 0,
      )),
    );
    if (longMove) this.behind = true;
    const predictedState = after.pending[role]?.expected.state ?? after[role].state;
    const state = await this.peer.state();
    return this.compare(entry.step, { sent, state }, { sent: predictedSent, state: predictedState });
  }

  /** What tcp-core's endpoint sent in the entry (stack mode: the reference answer it now owes). */
  private predictedSent(entry: TranscriptEntry, after: Lab): Segment[] {
    const pending = after.pending[this.role];
    if (pending) return pending.expected.send;
    return entry.emitted
      .filter((s) => s.from === this.role && s.duplicateOf === undefined)
      .map((s) => ({ flags: s.flags, seq: s.seq, ack: s.ack, len: s.len, wnd: s.wnd }));
  }

  /** The window field of two segments that agree otherwise (rule window-size). */
  private compareWindow(
    linux: Segment,
    predicted: Segment,
    allowedBy: AllowedDifference | undefined,
    differences: KernelDifference[],
  ): void {
    if (linux.flags.includes('RST') || linux.wnd === undefined || predicted.wnd === undefined) return;
    if (linux.wnd === predicted.wnd) return;
    const text = segmentText(linux);
    const what = {
      en: `Linux advertised a window of ${linux.wnd} on ${text} where tcp-core advertises ${predicted.wnd}`,
      zh: `Linux 在 ${text} 上通告的窗口是 ${linux.wnd}，而 tcp-core 通告 ${predicted.wnd}`,
    };
    const sameSide = (linux.wnd === 0) === (predicted.wnd === 0);
    const rule = allowedBy ?? (sameSide ? ('window-size' as const) : undefined);
    differences.push(rule ? { what, allowedBy: rule } : { what });
  }

  private compare(step: number, linux: KernelMove['linux'], predicted: KernelMove['predicted']): KernelMove {
    const differences: KernelDifference[] = [];
    const allowedBy = this.behind ? ('long-clock-move' as const) : undefined;
    const add = (what: Bilingual) => differences.push(allowedBy ? { what, allowedBy } : { what });
    const said = predicted.sent.map(segmentText);
    // Linux's repeats of what it sent before, on its real-time timer (rule real-time-retransmission): listed and
    // left out of the comparison, which goes segment by segment
    const did: string[] = [];
    for (const segment of linux.sent) {
      const text = segmentText(segment);
      // only what a retransmission timer resends: a SYN, a FIN or data (a bare ACK is never retransmitted)
      const retransmittable =
        segment.flags.includes('SYN') || segment.flags.includes('FIN') || segment.len > 0;
      if (retransmittable && this.linuxSent.has(text) && !said.includes(text))
        differences.push({
          what: { en: `Linux sent ${text} again`, zh: `Linux 再次发送了 ${text}` },
          allowedBy: 'real-time-retransmission',
        });
      else did.push(text);
    }
    const fresh = linux.sent.filter((segment) => did.includes(segmentText(segment)));
    for (const text of did) this.linuxSent.add(text);
    for (let i = 0; i < Math.max(did.length, said.length); i++) {
      if (did[i] === said[i]) {
        this.compareWindow(fresh[i], predicted.sent[i], allowedBy, differences);
        continue;
      }
      if (did[i] === undefined) add({ en: `Linux did not send ${said[i]}`, zh: `Linux 没有发送 ${said[i]}` });
      else if (said[i] === undefined)
        add({ en: `Linux also sent ${did[i]}`, zh: `Linux 还发送了 ${did[i]}` });
      else
        add({
          en: `Linux sent ${did[i]} where tcp-core sends ${said[i]}`,
          zh: `Linux 发送了 ${did[i]}，而 tcp-core 发送 ${said[i]}`,
        });
    }
    if (linux.state !== predicted.state)
      add({
        en: `Linux is in ${linux.state} where tcp-core is in ${predicted.state}`,
        zh: `Linux 处于 ${linux.state}，而 tcp-core 处于 ${predicted.state}`,
      });
    for (const refusal of this.peer.takeRefusals())
      add({
        en: `the socket API refused ${refusal.call}: ${refusal.reason}`,
        zh: `套接字接口拒绝了 ${refusal.call}：${refusal.reason}`,
      });
    return {
      step,
      role: this.role,
      linux,
      predicted,
      agreed: differences.every((d) => d.allowedBy !== undefined),
      differences,
    };
  }
}

/** The segments an entry may deliver, by id: those in flight before it, those it sent, those it injected. */
function segmentsById(before: Lab, entry: TranscriptEntry): Map<number, Segment & { data?: string }> {
  const byId = new Map<number, Segment & { data?: string }>();
  for (const s of before.inFlight) byId.set(s.id, s);
  for (const s of entry.emitted) byId.set(s.id, s);
  for (const e of entry.events) {
    if (e.kind === 'injected' && e.segment) byId.set(e.id, e.segment);
    const original = e.kind === 'duplicated' ? byId.get(e.id) : undefined;
    if (e.kind === 'duplicated' && original) byId.set(e.copyId, original);
  }
  return byId;
}
