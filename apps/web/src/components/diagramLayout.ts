/**
 * Geometry of the classic TCP state diagram, computed from the transition table (never a picture):
 * CLOSED on top, LISTEN below it, SYN_RCVD / SYN_SENT, ESTABLISHED in the middle, the active-close states on the
 * left (FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT) and the passive-close states on the right (CLOSE_WAIT, LAST_ACK).
 * Arrows that fall back to CLOSED from below the handshake are routed along the margins: the special (RFC-only) ones
 * share one trunk per side, the path arrows have a lane each further out, and none crosses another (planMargins).
 */
import type { State, TransitionRule } from '@tcp-lab/tcp-core';

export const NODE = { width: 184, height: 46 };

/** Arrow label sizes in SVG units (monospace, so a label's width is known before it is drawn). */
export const LABEL_SIZE = { normal: 16, large: 20, projector: 22 } as const;

/** The classic layout at the smallest label size; larger labels spread the states apart to keep room for them. */
const BASE_POSITIONS: Record<State, { x: number; y: number }> = {
  CLOSED: { x: 600, y: 60 },
  LISTEN: { x: 600, y: 190 },
  SYN_RCVD: { x: 380, y: 320 },
  SYN_SENT: { x: 840, y: 320 },
  ESTABLISHED: { x: 600, y: 450 },
  FIN_WAIT_1: { x: 380, y: 590 },
  CLOSE_WAIT: { x: 840, y: 590 },
  FIN_WAIT_2: { x: 250, y: 740 },
  CLOSING: { x: 520, y: 740 },
  LAST_ACK: { x: 840, y: 740 },
  TIME_WAIT: { x: 380, y: 890 },
};

export interface DiagramOptions {
  /** arrow label size in SVG units (LABEL_SIZE) */
  fontSize?: number;
  lang?: 'en' | 'zh';
}

function spread(fontSize: number) {
  return { sx: 1 + (fontSize - 13) * 0.045, sy: 1 + (fontSize - 13) * 0.03 };
}

export function positionsFor(fontSize: number = LABEL_SIZE.normal): Record<State, { x: number; y: number }> {
  const { sx, sy } = spread(fontSize);
  return Object.fromEntries(
    Object.entries(BASE_POSITIONS).map(([state, { x, y }]) => [state, { x: x * sx, y: y * sy }]),
  ) as Record<State, { x: number; y: number }>;
}

/** kept for readers of the classic layout (tests, docs): the positions at the normal label size */
export const POSITIONS = positionsFor();

/** Width of a label in SVG units: monospace Latin is 0.6 em, CJK characters are a full em. */
export function labelWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const char of text) width += /[\u2e80-\uffff]/.test(char) ? fontSize : fontSize * 0.61;
  return width;
}

export interface ArrowGeometry {
  rule: TransitionRule;
  d: string;
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end'; text: string };
  /** routed along a margin back to CLOSED */
  margin: boolean;
  /** points the drawing reaches (lane corners, curve middle, label ends), for cropping the view */
  extent: { x: number; y: number }[];
}

/** Self-loops are not drawn as arrows; the diagram lists them with their state. */
export const isSelfLoop = (rule: TransitionRule) => rule.from === rule.to;

/**
 * The arrow's label in the reader's language. tcp-core keeps the RFC's short English labels ("rcv SYN / SYN,ACK");
 * the words around the flags are translated here, the flags and call names stay as TCP writes them.
 */
export function ruleLabel(rule: TransitionRule, lang: 'en' | 'zh' = 'en'): string {
  const event = lang === 'zh' ? eventLabelZh(rule.event.label) : rule.event.label;
  const emits = lang === 'zh' ? rule.emits.replace('len=N', '数据') : rule.emits;
  return emits ? `${event} / ${emits}` : event;
}

const ZH_WORDS: [RegExp, string][] = [
  [/^timeout persist \(zero window\)$/, '超时 坚持计时器（零窗口）'],
  [/^rcv ACK \(window opens\)$/, '收到 ACK（窗口打开）'],
  [/^rcv data \(after close\)$/, '收到 数据（close 之后）'],
  [/^appl: close \(data unread\)$/, '应用: close（有未读数据）'],
  [/^appl: /, '应用: '],
  [/^rcv unacceptable segment$/, '收到 不可接受的报文段'],
  [/^rcv data$/, '收到 数据'],
  [/^rcv /, '收到 '],
  [/^timeout RTO \(SYN retries used up\)$/, '超时 重传（SYN 重试次数用尽）'],
  [/^timeout RTO \(retries used up\)$/, '超时 重传（重试次数用尽）'],
  [/^timeout 2MSL$/, '超时 2MSL'],
  [/^timeout RTO$/, '超时 重传'],
  [/^timeout connect$/, '超时 连接'],
];
function eventLabelZh(label: string): string {
  for (const [pattern, words] of ZH_WORDS) if (pattern.test(label)) return label.replace(pattern, words);
  return label;
}

/** A table row's plain name for a rule id (codes stay in the API): "SYN_SENT → ESTABLISHED: rcv SYN,ACK / ACK". */
export function ruleTitle(
  ruleId: string | null | undefined,
  rules: readonly TransitionRule[],
  lang: 'en' | 'zh' = 'en',
): string {
  const rule = ruleId ? rules.find((candidate) => candidate.id === ruleId) : undefined;
  // an id the table does not know (an older quiz) is shown as it is rather than hidden
  if (!rule) return ruleId ?? (lang === 'zh' ? '（无对应转换）' : '(no matching transition)');
  return `${rule.from} → ${rule.to}: ${ruleLabel(rule, lang)}`;
}

/** States whose arrows back to CLOSED run along the margins (the others are close enough for a curve). */
const ROUTED_BY_MARGIN: ReadonlySet<State> = new Set<State>([
  'SYN_RCVD',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
]);
const LANE_GAP = 11;

function boundaryPoint(center: { x: number; y: number }, toward: { x: number; y: number }) {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  const hw = NODE.width / 2 + 4;
  const hh = NODE.height / 2 + 4;
  const scale = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Extra bend for pairs whose straight line would cross another state (CLOSED→SYN_SENT passes LISTEN). */
const PAIR_BEND: Record<string, number> = { 'CLOSED>SYN_SENT': -50, 'SYN_SENT>CLOSED': 85 };

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
export const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** The box a label covers, from its anchor point and baseline. */
export function labelBox(label: ArrowGeometry['label'], fontSize: number): Box {
  const width = labelWidth(label.text, fontSize);
  const x1 =
    label.anchor === 'start' ? label.x : label.anchor === 'end' ? label.x - width : label.x - width / 2;
  // the box Chromium gives a monospace label is taller than 1.1 em (labels 1.1 em apart touched at projector size)
  return { x1, y1: label.y - fontSize * 0.93, x2: x1 + width, y2: label.y + fontSize * 0.26 };
}

/**
 * Lays out every arrow of the table for one label size and language. Each label goes beside its curve where it
 * covers no state box and no label placed before it: the middle of the curve first, then points further along.
 */
export function layoutArrows(
  rules: readonly TransitionRule[],
  options: DiagramOptions = {},
): ArrowGeometry[] {
  const fontSize = options.fontSize ?? LABEL_SIZE.normal;
  const lang = options.lang ?? 'en';
  const positions = positionsFor(fontSize);
  const { sx } = spread(fontSize);
  const nodeBoxes: Box[] = Object.values(positions).map(({ x, y }) => ({
    x1: x - NODE.width / 2 - 2,
    y1: y - NODE.height / 2 - 22,
    x2: x + NODE.width / 2 + 2,
    y2: y + NODE.height / 2 + 16,
  }));
  const placed: Box[] = [];
  // the margin arrows' runs, once drawn: later labels keep off them (a label struck through is hard to read)
  const runs: Box[] = [];
  const free = (box: Box) => ![...nodeBoxes, ...placed, ...runs].some((other) => overlaps(box, other));
  const place = (
    text: string,
    anchor: 'start' | 'middle' | 'end',
    at: (t: number) => { x: number; y: number },
    horizontal: boolean,
  ): ArrowGeometry['label'] => {
    const step = fontSize * 1.25;
    const offsets = horizontal
      ? [-6, fontSize + 2, -6 - step, fontSize + 2 + step]
      : [4, -step + 4, step + 4, -2 * step + 4, 2 * step + 4, 3 * step + 4, -3 * step + 4];
    // beside the curve on its own side first, then (a label with no room there) on the other side
    const sides =
      anchor === 'middle' ? [anchor] : [anchor, anchor === 'start' ? ('end' as const) : ('start' as const)];
    for (const side of sides)
      for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8]) {
        const point = at(t);
        const x = point.x + (side === 'start' ? 6 : side === 'end' ? -6 : 0);
        for (const dy of offsets) {
          const label = { x: round(x), y: round(point.y + dy), anchor: side, text };
          const box = labelBox(label, fontSize);
          if (free(box)) {
            placed.push(box);
            return label;
          }
        }
      }
    const point = at(0.5);
    const label = { x: round(point.x), y: round(point.y + 4), anchor, text };
    placed.push(labelBox(label, fontSize));
    return label;
  };

  const drawn = rules.filter((rule) => !isSelfLoop(rule));
  const pairKey = (a: State, b: State) => `${a}>${b}`;
  const byPair = new Map<string, TransitionRule[]>();
  for (const rule of drawn) {
    const key = pairKey(rule.from, rule.to);
    byPair.set(key, [...(byPair.get(key) ?? []), rule]);
  }
  const margins = planMargins(drawn.filter(isMargin), positions, sx);

  // Margin arrows first: their labels sit where the lanes leave the states and must not be pushed aside; the
  // unlabelled special ones before those, so that the labels keep off their runs too.
  const rank = (rule: TransitionRule) => (isMargin(rule) ? (rule.path === 'special' ? 0 : 1) : 2);
  const order = [...drawn].sort((a, b) => rank(a) - rank(b) || drawn.indexOf(a) - drawn.indexOf(b));
  const geometry = new Map<TransitionRule, ArrowGeometry>();
  for (const rule of order) {
    const from = positions[rule.from];
    const to = positions[rule.to];
    const siblings = byPair.get(pairKey(rule.from, rule.to)) ?? [rule];
    const index = siblings.indexOf(rule);
    const text = ruleLabel(rule, lang);

    const lanePlan = margins.get(rule);
    if (lanePlan) {
      const { left, lane, startY, endY } = lanePlan;
      const startX = left ? from.x - NODE.width / 2 : from.x + NODE.width / 2;
      const endX = left ? to.x - NODE.width / 2 - 4 : to.x + NODE.width / 2 + 4;
      // RFC-only resets stay unlabelled (their explanation is on focus); the others are labelled at the lane
      const labelled = rule.path !== 'special';
      const label = labelled
        ? place(text, left ? 'start' : 'end', () => ({ x: lane + (left ? 4 : -4), y: startY - 3 }), true)
        : {
            x: round(lane),
            y: round(startY - 3),
            anchor: left ? ('start' as const) : ('end' as const),
            text,
          };
      const along = (x1: number, y1: number, x2: number, y2: number): Box => ({
        x1: Math.min(x1, x2) - 2,
        y1: Math.min(y1, y2) - 2,
        x2: Math.max(x1, x2) + 2,
        y2: Math.max(y1, y2) + 2,
      });
      runs.push(
        along(startX, startY, lane, startY),
        along(lane, startY, lane, endY),
        along(lane, endY, endX, endY),
      );
      geometry.set(rule, {
        rule,
        margin: true,
        d: `M ${round(startX)} ${round(startY)} H ${round(lane)} V ${round(endY)} H ${round(endX)}`,
        label,
        extent: [
          { x: lane, y: startY },
          { x: lane, y: endY },
          ...(labelled ? [labelEnd(label, fontSize), { x: label.x, y: labelBox(label, fontSize).y1 }] : []),
        ],
      });
      continue;
    }

    // Curvature: a pair drawn both ways bends apart; parallel rules of one pair fan out.
    const reverse = byPair.has(pairKey(rule.to, rule.from));
    // a bundle of three or more parallel rules stays tight; its labels spread along the curve instead
    const spacing = siblings.length >= 3 ? 14 : 46;
    const bend =
      ((PAIR_BEND[pairKey(rule.from, rule.to)] ?? 0) +
        (reverse ? 34 : 0) +
        (index - (reverse ? 0 : (siblings.length - 1) / 2)) * spacing) *
      sx;
    const mx = (from.x + to.x) / 2;
    const my = (from.y + to.y) / 2;
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy) || 1;
    const nx = -dy / length;
    const ny = dx / length;
    const control = { x: mx + nx * bend * 2, y: my + ny * bend * 2 };
    const start = boundaryPoint(from, control);
    const end = boundaryPoint(to, control);
    const horizontal = Math.abs(dy) < 20;
    const anchor: ArrowGeometry['label']['anchor'] = horizontal ? 'middle' : nx * bend < 0 ? 'end' : 'start';
    const label = place(
      text,
      anchor,
      (t) => ({
        x: (1 - t) * (1 - t) * start.x + 2 * (1 - t) * t * control.x + t * t * end.x,
        y: (1 - t) * (1 - t) * start.y + 2 * (1 - t) * t * control.y + t * t * end.y,
      }),
      horizontal,
    );
    geometry.set(rule, {
      rule,
      margin: false,
      d: `M ${round(start.x)} ${round(start.y)} Q ${round(control.x)} ${round(control.y)} ${round(end.x)} ${round(end.y)}`,
      label,
      extent: [
        {
          x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
          y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
        },
        labelEnd(label, fontSize),
        // the label's top too: a label above the curve must not be cut off by the view
        { x: labelBox(label, fontSize).x1, y: labelBox(label, fontSize).y1 },
      ],
    });
  }
  return drawn.map((rule) => geometry.get(rule)!);
}

function isMargin(rule: TransitionRule): boolean {
  return rule.to === 'CLOSED' && ROUTED_BY_MARGIN.has(rule.from);
}

interface LanePlan {
  left: boolean;
  /** x of the vertical run */
  lane: number;
  /** y where it leaves its state's side, and where it enters CLOSED's side */
  startY: number;
  endY: number;
}

/**
 * Where each margin arrow runs, so that none crosses another on its way into CLOSED. On each side the special
 * (RFC-only) arrows share one trunk next to the diagram: they leave their states from the upper half of the side
 * and enter CLOSED together at the lower part of its side. The path arrows (TIME_WAIT's 2MSL timeout, LAST_ACK's
 * ACK) each get a lane further out; they leave their states from the lower half, below every trunk start, so they
 * never cross the trunk, and enter CLOSED higher up, the outermost highest, so that no end leg crosses a lane
 * further in.
 */
function planMargins(
  rules: readonly TransitionRule[],
  positions: Record<State, { x: number; y: number }>,
  sx: number,
): Map<TransitionRule, LanePlan> {
  const plans = new Map<TransitionRule, LanePlan>();
  const closed = positions.CLOSED;
  for (const left of [true, false]) {
    const side = rules.filter((rule) => positions[rule.from].x < positions.ESTABLISHED.x === left);
    const trunk = left ? 150 * sx : 1000 * sx;
    const outward = left ? -1 : 1;
    const special = side.filter((rule) => rule.path === 'special');
    // path arrows from states nearer CLOSED run nearer the diagram
    const own = side
      .filter((rule) => rule.path !== 'special')
      .sort((a, b) => positions[a.from].y - positions[b.from].y);
    const upper = new Map<State, number>();
    for (const rule of special) {
      const k = upper.get(rule.from) ?? 0;
      upper.set(rule.from, k + 1);
      plans.set(rule, {
        left,
        lane: trunk,
        startY: positions[rule.from].y - NODE.height / 2 + 8 + k * 10,
        endY: closed.y + 12,
      });
    }
    const lower = new Map<State, number>();
    own.forEach((rule, i) => {
      const k = lower.get(rule.from) ?? 0;
      lower.set(rule.from, k + 1);
      plans.set(rule, {
        left,
        lane: trunk + outward * (18 + LANE_GAP * i),
        startY: positions[rule.from].y + NODE.height / 2 - 8 - k * 10,
        endY: closed.y + 12 - 9 * (i + 1),
      });
    });
  }
  return plans;
}

function labelEnd(label: ArrowGeometry['label'], fontSize: number) {
  const box = labelBox(label, fontSize);
  return { x: label.anchor === 'end' ? box.x1 : box.x2, y: label.y };
}

/** The smallest view that holds every state and the arrows drawn, so the diagram uses the space it is given. */
export function diagramBounds(
  arrows: readonly ArrowGeometry[],
  positions: Record<State, { x: number; y: number }> = POSITIONS,
  padding = 24,
): { x: number; y: number; width: number; height: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const { x, y } of Object.values(positions)) {
    xs.push(x - NODE.width / 2 - 8, x + NODE.width / 2 + 8);
    ys.push(y - NODE.height / 2 - 22, y + NODE.height / 2 + 18);
  }
  for (const arrow of arrows) {
    for (const point of arrow.extent) {
      xs.push(point.x);
      ys.push(point.y);
    }
  }
  // may be negative: a label placed above CLOSED stays in view
  const minX = Math.min(...xs) - padding;
  const minY = Math.min(...ys) - padding;
  const maxX = Math.max(...xs) + padding;
  const maxY = Math.max(...ys) + padding;
  return {
    x: Math.floor(minX),
    y: Math.floor(minY),
    width: Math.ceil(maxX - minX),
    height: Math.ceil(maxY - minY),
  };
}
