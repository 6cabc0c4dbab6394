/**
 * Geometry of the classic TCP state diagram, computed from the transition table (never a picture):
 * CLOSED on top, LISTEN below it, SYN_RCVD / SYN_SENT, ESTABLISHED in the middle, the active-close states on the
 * left (FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT) and the passive-close states on the right (CLOSE_WAIT, LAST_ACK).
 * The crowded ways back to CLOSED are routed apart, none crossing another: arrows from below the handshake run
 * along the margins (planMargins), SYN_SENT's four or five each rise in a lane of their own and enter CLOSED's top
 * (planTop), LISTEN's two take lanes into CLOSED's side (planListenClose). Then every label is placed where it
 * covers no state, no other label and no line (layoutArrows); test/diagramLayout.spec.ts checks that for every
 * set of settings, label size and language, and e2e/diagram.e2e.ts measures it in Chromium.
 */
import type { State, TransitionRule } from '@tcp-lab/tcp-core';

export const NODE = { width: 184, height: 46 };

/** Arrow label sizes in SVG units (monospace, so a label's width is known before it is drawn). */
export const LABEL_SIZE = { normal: 16, large: 22, projector: 22 } as const;

/** The classic layout at the smallest label size; larger labels spread the states apart to keep room for them. */
const BASE_POSITIONS: Record<State, { x: number; y: number }> = {
  CLOSED: { x: 600, y: 60 },
  LISTEN: { x: 600, y: 215 },
  SYN_RCVD: { x: 350, y: 400 },
  SYN_SENT: { x: 870, y: 400 },
  ESTABLISHED: { x: 600, y: 530 },
  FIN_WAIT_1: { x: 350, y: 670 },
  CLOSE_WAIT: { x: 870, y: 670 },
  FIN_WAIT_2: { x: 250, y: 820 },
  CLOSING: { x: 620, y: 820 },
  LAST_ACK: { x: 870, y: 820 },
  TIME_WAIT: { x: 350, y: 970 },
};

export interface DiagramOptions {
  /** arrow label size in SVG units (LABEL_SIZE) */
  fontSize?: number;
  lang?: 'en' | 'zh';
  /** 'wide' for the projector (see DiagramShape) */
  shape?: DiagramShape;
  /** label the RFC-only margin arrows too (the heat map, where each arrow shows its count) */
  labelAll?: boolean;
  /** text drawn after a rule's label (the heat map's "3/10"), so that its width is known to the layout */
  suffix?: (rule: TransitionRule) => string;
}

/**
 * 'classic' keeps the seed's proportions (taller than wide, for a page that scrolls); 'wide' is the projector's:
 * a 1920×1080 screen is wide and short, so the columns open out and the rows below LISTEN close up, and the whole
 * diagram fits the screen's height with its labels still 18 px or more (measured in e2e/diagram.e2e.ts). The
 * handshake's rows keep their gaps: the arrows between CLOSED, LISTEN and SYN_RCVD need them.
 */
export type DiagramShape = 'classic' | 'wide';
export const SHAPE_OF_SIZE: Record<keyof typeof LABEL_SIZE, DiagramShape> = {
  normal: 'classic',
  large: 'classic',
  projector: 'wide',
};
const WIDE = { columns: 1.1, rowsBelowListen: 0.66 };

function spread(fontSize: number, shape: DiagramShape = 'classic') {
  const sx = 1 + (fontSize - 13) * 0.04;
  return { sx: shape === 'wide' ? sx * WIDE.columns : sx, sy: 1 + (fontSize - 13) * 0.03 };
}

export function positionsFor(
  fontSize: number = LABEL_SIZE.normal,
  shape: DiagramShape = 'classic',
): Record<State, { x: number; y: number }> {
  const { sx, sy } = spread(fontSize, shape);
  const listenY = BASE_POSITIONS.LISTEN.y;
  const rowY = (y: number) =>
    shape === 'wide' && y > listenY ? (listenY + (y - listenY) * WIDE.rowsBelowListen) * sy : y * sy;
  return Object.fromEntries(
    Object.entries(BASE_POSITIONS).map(([state, { x, y }]) => [state, { x: x * sx, y: rowY(y) }]),
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

export interface Point {
  x: number;
  y: number;
}

export interface ArrowGeometry {
  rule: TransitionRule;
  d: string;
  /** the line as drawn, as a polyline (curves sampled): what labels keep off */
  points: Point[];
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end'; text: string };
  /** whether the label is drawn (the RFC-only resets along the margins are not, except on the heat map) */
  labelled: boolean;
  /** routed along a margin back to CLOSED */
  margin: boolean;
  /** points the drawing reaches (the line, the label's corners), for cropping the view */
  extent: Point[];
}

/** Self-loops are not drawn as arrows; the diagram lists them with their state. */
export const isSelfLoop = (rule: TransitionRule) => rule.from === rule.to;

/**
 * The arrow's label in the reader's language. tcp-core keeps the RFC's short English labels ("rcv SYN / SYN,ACK");
 * the words around the flags are translated here, the flags and call names stay as TCP writes them.
 */
/** The tag an arrow of one profile's rule carries ("[Linux]"), so a student who flips the profile sees it. */
export const PROFILE_TAG = { rfc: '[RFC]', linux: '[Linux]' } as const;

export function ruleLabel(
  rule: TransitionRule,
  lang: 'en' | 'zh' = 'en',
  { tagged = true }: { tagged?: boolean } = {},
): string {
  const event = lang === 'zh' ? eventLabelZh(rule.event.label) : rule.event.label;
  const emits = lang === 'zh' ? rule.emits.replace('len=N', '数据') : rule.emits;
  const text = emits ? `${event} / ${emits}` : event;
  // the tag is part of the label the layout measures, so a tagged label is placed as freely as any other
  return tagged && rule.when?.profile ? `${text} ${PROFILE_TAG[rule.when.profile]}` : text;
}

const ZH_WORDS: [RegExp, string][] = [
  [/^timeout persist \(zero window\)$/, '超时 坚持计时器（零窗口）'],
  [/^rcv ACK \(window opens\)$/, '收到 ACK（窗口打开）'],
  [/^rcv data \(after close\)$/, '收到 数据（close 之后）'],
  [/^rcv SYN \(retransmitted\)$/, '收到 重传的 SYN'],
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
/** x of the margin trunks (in the classic layout's units) */
const LEFT_TRUNK = 120;
const RIGHT_TRUNK = 1030;

/**
 * Pairs whose straight line would run through other states: Linux's new incarnation from TIME_WAIT back to
 * SYN_RCVD would cover FIN_WAIT_1 and the arrows into TIME_WAIT, so it takes a lane of its own on the left, inside
 * the margin trunk.
 */
const INNER_LEFT_LANE: ReadonlySet<string> = new Set(['TIME_WAIT>SYN_RCVD']);

function boundaryPoint(center: Point, toward: Point) {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  const hw = NODE.width / 2 + 4;
  const hh = NODE.height / 2 + 4;
  const scale = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Extra bend for pairs whose straight line would cross another state (CLOSED→SYN_SENT passes LISTEN). */
const PAIR_BEND: Record<string, number> = { 'SYN_RCVD>ESTABLISHED': -30 };

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

/** Whether the straight piece p→q passes through the box (Liang–Barsky clipping). */
function segmentCrossesBox(p: Point, q: Point, box: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const clip = (denominator: number, numerator: number) => {
    if (denominator === 0) return numerator >= 0;
    const r = numerator / denominator;
    if (denominator < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return (
    clip(-dx, p.x - box.x1) &&
    clip(dx, box.x2 - p.x) &&
    clip(-dy, p.y - box.y1) &&
    clip(dy, box.y2 - p.y) &&
    t0 <= t1
  );
}

/** Whether a drawn line (a polyline, as in ArrowGeometry.points) passes through the box. */
export function lineCrossesBox(points: readonly Point[], box: Box): boolean {
  for (let i = 1; i < points.length; i++) if (segmentCrossesBox(points[i - 1], points[i], box)) return true;
  return false;
}

/** The boxes labels keep off: each state with its client/server badge above and its notes (↻, 2MSL) below. */
export function stateBoxes(positions: Record<State, Point>): Box[] {
  return Object.values(positions).map(({ x, y }) => ({
    x1: x - NODE.width / 2 - 6,
    y1: y - NODE.height / 2 - 22,
    x2: x + NODE.width / 2 + 6,
    y2: y + NODE.height / 2 + 16,
  }));
}

interface Route {
  rule: TransitionRule;
  d: string;
  points: Point[];
  margin: boolean;
  labelled: boolean;
  /** where the label is tried first: a side of the route (unit vector) and points along it */
  outward?: Point;
  /** a label place decided by the route (the bundle into CLOSED's top labels each lane above its own leg) */
  fixed?: (width: number) => ArrowGeometry['label'] | null;
  /** which leg of an orthogonal route holds the label first */
  preferLeg?: number;
}

const pathOf = (points: readonly Point[]) =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${round(p.x)} ${round(p.y)}`).join(' ');

/**
 * Lays out every arrow of the table for one label size and language. First every line is routed; then each label
 * goes where it covers no state box, no label placed before it and no line (its own included, so a label always
 * sits beside its arrow, never on one): near the middle of its arrow first, then further along and further out.
 */
export function layoutArrows(
  rules: readonly TransitionRule[],
  options: DiagramOptions = {},
): ArrowGeometry[] {
  const fontSize = options.fontSize ?? LABEL_SIZE.normal;
  const lang = options.lang ?? 'en';
  const positions = positionsFor(fontSize, options.shape);
  const { sx } = spread(fontSize, options.shape);
  const textOf = (rule: TransitionRule) => ruleLabel(rule, lang) + (options.suffix?.(rule) ?? '');

  const drawn = rules.filter((rule) => !isSelfLoop(rule));
  const pairKey = (a: State, b: State) => `${a}>${b}`;
  const intoClosedTop = drawn.filter((rule) => rule.from === 'SYN_SENT' && rule.to === 'CLOSED');
  const innerLeft = drawn.filter((rule) => INNER_LEFT_LANE.has(pairKey(rule.from, rule.to)));
  const listenClose = drawn.filter((rule) => rule.from === 'LISTEN' && rule.to === 'CLOSED');
  const connect = drawn.find((rule) => rule.from === 'CLOSED' && rule.to === 'SYN_SENT');
  const curves = drawn.filter(
    (rule) =>
      !isMargin(rule) &&
      !intoClosedTop.includes(rule) &&
      !innerLeft.includes(rule) &&
      !listenClose.includes(rule) &&
      rule !== connect,
  );
  const byPair = new Map<string, TransitionRule[]>();
  for (const rule of curves) {
    const key = pairKey(rule.from, rule.to);
    byPair.set(key, [...(byPair.get(key) ?? []), rule]);
  }
  // in a fan of parallel rules the longest label takes the outermost curve, where there is most room
  const width = (rule: TransitionRule) => labelWidth(textOf(rule), fontSize);
  for (const siblings of byPair.values()) siblings.sort((a, b) => width(a) - width(b));

  const routes = new Map<TransitionRule, Route>();
  const rightLevels = planTop(intoClosedTop, textOf, positions, fontSize, routes);
  planMargins(drawn.filter(isMargin), positions, sx, rightLevels, routes, options.labelAll ?? false);
  for (const rule of innerLeft) routes.set(rule, innerLeftRoute(rule, positions, sx));
  planListenClose(listenClose, connect, textOf, positions, fontSize, routes);

  for (const rule of curves) {
    const from = positions[rule.from];
    const to = positions[rule.to];
    const siblings = byPair.get(pairKey(rule.from, rule.to)) ?? [rule];
    const index = siblings.indexOf(rule);
    // Curvature: a pair drawn both ways bends apart; parallel rules of one pair fan out.
    const reverse = byPair.has(pairKey(rule.to, rule.from));
    const spacing = siblings.length >= 3 ? 22 : 46;
    // a fan of three or more facing a reverse arrow puts its longest label beyond that arrow, where there is room
    const beyond = reverse && siblings.length >= 3 && index === siblings.length - 1;
    const bend =
      ((PAIR_BEND[pairKey(rule.from, rule.to)] ?? 0) +
        (beyond ? -96 : (reverse ? 34 : 0) + (index - (reverse ? 0 : (siblings.length - 1) / 2)) * spacing)) *
      sx;
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy) || 1;
    const nx = -dy / length;
    const ny = dx / length;
    const control = { x: (from.x + to.x) / 2 + nx * bend * 2, y: (from.y + to.y) / 2 + ny * bend * 2 };
    const start = boundaryPoint(from, control);
    const end = boundaryPoint(to, control);
    const points: Point[] = [];
    for (let i = 0; i <= 24; i++) {
      const t = i / 24;
      points.push({
        x: (1 - t) * (1 - t) * start.x + 2 * (1 - t) * t * control.x + t * t * end.x,
        y: (1 - t) * (1 - t) * start.y + 2 * (1 - t) * t * control.y + t * t * end.y,
      });
    }
    // an arrow with a fan's longest member routed beyond it keeps its label on its inner side, clear of that one
    const fanBeyond = reverse && (byPair.get(pairKey(rule.to, rule.from))?.length ?? 0) >= 3;
    const side = (bend === 0 ? 1 : Math.sign(bend)) * (fanBeyond ? -1 : 1);
    routes.set(rule, {
      rule,
      margin: false,
      labelled: true,
      d: `M ${round(start.x)} ${round(start.y)} Q ${round(control.x)} ${round(control.y)} ${round(end.x)} ${round(end.y)}`,
      points,
      outward: { x: nx * side, y: ny * side },
    });
  }

  // Labels: the bundle into CLOSED's top, the margin path arrows, the seed's paths, then the special arrows.
  const rank = (route: Route) =>
    route.fixed
      ? 0
      : route.margin
        ? route.rule.path === 'special'
          ? 5
          : 1
        : route.rule.path === 'special'
          ? 3
          : 2;
  // within a rank the longest labels first: they have the fewest places to go
  const order = [...routes.values()].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      labelWidth(textOf(b.rule), fontSize) - labelWidth(textOf(a.rule), fontSize) ||
      drawn.indexOf(a.rule) - drawn.indexOf(b.rule),
  );
  const nodes = stateBoxes(positions);
  const placed: Box[] = [];
  const lines = [...routes.values()].map((route) => route.points);
  const pad = (box: Box, by: number): Box => ({
    x1: box.x1 - by,
    y1: box.y1 - by,
    x2: box.x2 + by,
    y2: box.y2 + by,
  });
  const clearOfLabels = (box: Box) =>
    !nodes.some((node) => overlaps(box, node)) && !placed.some((other) => overlaps(pad(box, 2), other));
  const clearOfLines = (box: Box) => !lines.some((line) => lineCrossesBox(line, pad(box, 2)));

  const geometry = new Map<TransitionRule, ArrowGeometry>();
  for (const route of order) {
    const text = textOf(route.rule);
    let label: ArrowGeometry['label'] = {
      x: round(route.points[0].x),
      y: round(route.points[0].y),
      anchor: 'middle',
      text,
    };
    if (route.labelled) {
      const width = labelWidth(text, fontSize);
      const fixed = route.fixed?.(width);
      const tries = [...(fixed ? [fixed] : []), ...candidates(route, text, width, fontSize)];
      const chosen =
        tries.find((c) => clearOfLabels(labelBox(c, fontSize)) && clearOfLines(labelBox(c, fontSize))) ??
        // no room beside the line anywhere: at least keep clear of states and other labels
        tries.find((c) => clearOfLabels(labelBox(c, fontSize))) ??
        tries[0];
      label = chosen;
      placed.push(labelBox(label, fontSize));
    }
    const box = labelBox(label, fontSize);
    geometry.set(route.rule, {
      rule: route.rule,
      d: route.d,
      points: route.points,
      margin: route.margin,
      labelled: route.labelled,
      label,
      extent: [
        ...route.points,
        ...(route.labelled
          ? [
              { x: box.x1, y: box.y1 },
              { x: box.x2, y: box.y2 },
            ]
          : []),
      ],
    });
  }
  return drawn.map((rule) => geometry.get(rule)!);
}

/**
 * Places to try for a label, best first: beside the route's middle on its outer side, then on the other sides,
 * then further along the route and further away from it. Every label is centred on its place (anchor middle).
 */
function candidates(route: Route, text: string, width: number, fontSize: number): ArrowGeometry['label'][] {
  const height = fontSize * 1.19;
  const { points } = route;
  const lengths = [0];
  for (let i = 1; i < points.length; i++)
    lengths.push(lengths[i - 1] + Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y));
  const total = lengths[lengths.length - 1] || 1;
  const at = (distance: number) => {
    let i = 1;
    while (i < points.length - 1 && lengths[i] < distance) i++;
    const a = points[i - 1];
    const b = points[i];
    const span = lengths[i] - lengths[i - 1] || 1;
    const t = Math.min(1, Math.max(0, (distance - lengths[i - 1]) / span));
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const norm = Math.hypot(dx, dy) || 1;
    return { x: a.x + dx * t, y: a.y + dy * t, tx: dx / norm, ty: dy / norm };
  };
  // distances along the route to try: around the preferred leg of an orthogonal route, or the whole curve
  const fractions = [
    0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85, 0.1, 0.9,
  ];
  const stops: number[] = [];
  if (route.preferLeg !== undefined && points.length > route.preferLeg + 1) {
    const from = lengths[route.preferLeg];
    const to = lengths[route.preferLeg + 1];
    for (const f of fractions) stops.push(from + (to - from) * f);
  }
  for (const f of fractions) stops.push(total * f);
  const out: ArrowGeometry['label'][] = [];
  for (const gap of [4, 4 + height * 0.5, 4 + height, 4 + height * 1.6])
    for (const distance of stops) {
      const p = at(distance);
      const normal = route.outward ?? { x: p.ty, y: -p.tx };
      const directions = [
        normal,
        { x: -normal.x, y: -normal.y },
        { x: 0, y: -1 },
        { x: 0, y: 1 },
        { x: 1, y: 0 },
        { x: -1, y: 0 },
      ];
      for (const u of directions) {
        const reach = gap + (width / 2) * Math.abs(u.x) + (height / 2) * Math.abs(u.y);
        const cx = p.x + u.x * reach;
        const cy = p.y + u.y * reach;
        // the box's vertical middle is 0.335 em above the baseline (labelBox)
        out.push({ x: round(cx), y: round(cy + fontSize * 0.335), anchor: 'middle', text });
      }
    }
  return out;
}

function isMargin(rule: TransitionRule): boolean {
  return rule.to === 'CLOSED' && ROUTED_BY_MARGIN.has(rule.from);
}

/**
 * The levels above CLOSED: SYN_SENT's arrows back to CLOSED (four or five of them, a bundle that used to braid)
 * rise from SYN_SENT's top, each in its own lane, and enter CLOSED's top each at its own point, nested so that none
 * crosses another: the innermost lane turns lowest and enters furthest right. Each lane's label sits above its own
 * top leg, the longest label on the outermost (longest) leg. Returns where the right margin's arrows, which must
 * pass over them, run: their level heights and entry points, outermost last.
 */
function planTop(
  bundle: readonly TransitionRule[],
  textOf: (rule: TransitionRule) => string,
  positions: Record<State, Point>,
  fontSize: number,
  routes: Map<TransitionRule, Route>,
): { levelY: (j: number) => number; entryX: (j: number, of: number) => number } {
  const closed = positions.CLOSED;
  const from = positions.SYN_SENT;
  const top = closed.y - NODE.height / 2;
  const left = closed.x - NODE.width / 2;
  const right = closed.x + NODE.width / 2;
  const rowGap = Math.ceil(fontSize * 1.19 + 12);
  const laneGap = Math.max(12, fontSize * 0.8);
  const sorted = [...bundle].sort(
    (a, b) =>
      labelWidth(textOf(a), fontSize) - labelWidth(textOf(b), fontSize) ||
      bundle.indexOf(a) - bundle.indexOf(b),
  );
  const n = sorted.length;
  // the margin's entries take the left part of CLOSED's top, 12 apart; the bundle spreads over the rest
  const marginEntries = 2;
  const lowest = left + 12 + marginEntries * 12 + 10;
  const levelY = (k: number) => top - 26 - k * rowGap;
  sorted.forEach((rule, k) => {
    // out of SYN_SENT's right side (its top takes the client's arrow in), the outer lanes leaving lower
    const x = from.x + NODE.width / 2 + 14 + k * laneGap;
    const startY = n === 1 ? from.y : from.y - 16 + (k * 32) / (n - 1);
    const y = levelY(k);
    const entry = n === 1 ? right - 20 : right - 12 - (k * (right - 12 - lowest)) / (n - 1);
    const points = [
      { x: from.x + NODE.width / 2, y: startY },
      { x, y: startY },
      { x, y },
      { x: entry, y },
      { x: entry, y: top - 4 },
    ];
    routes.set(rule, {
      rule,
      margin: false,
      labelled: true,
      d: pathOf(points),
      points,
      preferLeg: 2,
      fixed: (width) => {
        // above the top leg, inside it: clear of the lanes further out, which rise past its right end
        const min = entry + 8 + width / 2;
        const max = x - 8 - width / 2;
        if (min > max) return null;
        return {
          x: round(Math.min(max, Math.max(min, (entry + x) / 2))),
          y: round(y - 6 - fontSize * 0.26),
          anchor: 'middle',
          text: textOf(rule),
        };
      },
    });
  });
  const above = levelY(Math.max(0, n - 1)) - (n > 0 ? rowGap : 0);
  return {
    levelY: (j) => above - j * 10,
    entryX: (j, of) => left + 12 + (of - 1 - j) * 12,
  };
}

/**
 * Where each margin arrow runs, so that none crosses another on its way into CLOSED. On each side the special
 * (RFC-only) arrows share one trunk next to the diagram: they leave their states from the upper half of the side.
 * The path arrows (TIME_WAIT's 2MSL timeout, LAST_ACK's ACK) each get a lane further out; they leave their states
 * from the lower half, below every trunk start, so they never cross the trunk. On the left they enter CLOSED's side,
 * the trunk lowest and the outermost lane highest; on the right they pass over SYN_SENT's lanes (planTop) and enter
 * CLOSED's top, the outermost furthest left, so that no leg crosses a lane further in.
 */
function planMargins(
  rules: readonly TransitionRule[],
  positions: Record<State, Point>,
  sx: number,
  over: ReturnType<typeof planTop>,
  routes: Map<TransitionRule, Route>,
  labelAll: boolean,
) {
  const closed = positions.CLOSED;
  for (const left of [true, false]) {
    const side = rules.filter((rule) => positions[rule.from].x < positions.ESTABLISHED.x === left);
    const trunk = left ? LEFT_TRUNK * sx : RIGHT_TRUNK * sx;
    const outward = left ? -1 : 1;
    const special = side.filter((rule) => rule.path === 'special');
    // path arrows from states nearer CLOSED run nearer the diagram
    const own = side
      .filter((rule) => rule.path !== 'special')
      .sort((a, b) => positions[a.from].y - positions[b.from].y);
    const levels = (special.length > 0 ? 1 : 0) + own.length;
    const route = (rule: TransitionRule, lane: number, startY: number, level: number, endY: number) => {
      const from = positions[rule.from];
      const startX = left ? from.x - NODE.width / 2 : from.x + NODE.width / 2;
      const points = left
        ? [
            { x: startX, y: startY },
            { x: lane, y: startY },
            { x: lane, y: endY },
            { x: closed.x - NODE.width / 2 - 4, y: endY },
          ]
        : [
            { x: startX, y: startY },
            { x: lane, y: startY },
            { x: lane, y: over.levelY(level) },
            { x: over.entryX(level, levels), y: over.levelY(level) },
            { x: over.entryX(level, levels), y: closed.y - NODE.height / 2 - 4 },
          ];
      routes.set(rule, {
        rule,
        margin: true,
        // RFC-only resets stay unlabelled (their explanation is on focus); the others are labelled at the lane
        labelled: rule.path !== 'special' || labelAll,
        d: pathOf(points),
        points,
        preferLeg: 0,
      });
    };
    const upper = new Map<State, number>();
    for (const rule of special) {
      const k = upper.get(rule.from) ?? 0;
      upper.set(rule.from, k + 1);
      route(rule, trunk, positions[rule.from].y - NODE.height / 2 + 8 + k * 10, 0, closed.y + 12);
    }
    const lower = new Map<State, number>();
    own.forEach((rule, i) => {
      const k = lower.get(rule.from) ?? 0;
      lower.set(rule.from, k + 1);
      route(
        rule,
        trunk + outward * (18 + LANE_GAP * i),
        positions[rule.from].y + NODE.height / 2 - 8 - k * 10,
        (special.length > 0 ? 1 : 0) + i,
        closed.y + 12 - 9 * (i + 1),
      );
    });
  }
}

/**
 * LISTEN's two ways back to CLOSED (close and abort): out of LISTEN's right side, up a lane each, into CLOSED's
 * right side (free since the right margin passes over the top), nested like the margins: the outer lane leaves
 * lower and enters higher. Each label sits above its own leg into CLOSED, between CLOSED and the lanes.
 */
function planListenClose(
  rules: readonly TransitionRule[],
  connect: TransitionRule | undefined,
  textOf: (rule: TransitionRule) => string,
  positions: Record<State, Point>,
  fontSize: number,
  routes: Map<TransitionRule, Route>,
) {
  const closed = positions.CLOSED;
  const listen = positions.LISTEN;
  const synSent = positions.SYN_SENT;
  const width = (rule: TransitionRule) => labelWidth(textOf(rule), fontSize);
  const sorted = [...rules].sort((a, b) => width(a) - width(b));
  let lane = closed.x + NODE.width / 2 + 14;
  sorted.forEach((rule, k) => {
    const startY = listen.y - 8 + k * 16;
    const endY = closed.y + 16 - k * 14;
    const points = [
      { x: listen.x + NODE.width / 2, y: startY },
      { x: lane, y: startY },
      { x: lane, y: endY },
      { x: closed.x + NODE.width / 2 + 4, y: endY },
    ];
    const x = lane;
    routes.set(rule, {
      rule,
      margin: false,
      labelled: true,
      d: pathOf(points),
      points,
      preferLeg: 1,
      // beside its own rise, before the next lane out
      fixed: (w) => ({
        x: round(x + 6 + w / 2),
        y: round((endY + startY) / 2 + fontSize * 0.335),
        anchor: 'middle',
        text: textOf(rule),
      }),
    });
    lane += width(rule) + 18;
  });
  if (!connect) return;
  // the client's connect: out of CLOSED's right side above LISTEN's lanes, across, and down into SYN_SENT's top
  const down = Math.min(
    synSent.x + NODE.width / 2 - 14,
    Math.max(lane - 8, closed.x + NODE.width / 2 + width(connect) + 30, synSent.x - NODE.width / 2 + 14),
  );
  const y = closed.y - 14;
  const points = [
    { x: closed.x + NODE.width / 2, y },
    { x: down, y },
    { x: down, y: synSent.y - NODE.height / 2 - 4 },
  ];
  routes.set(connect, {
    rule: connect,
    margin: false,
    labelled: true,
    d: pathOf(points),
    points,
    preferLeg: 0,
    fixed: (w) => ({
      x: round(Math.min(down - 8 - w / 2, closed.x + NODE.width / 2 + 12 + w / 2)),
      y: round(y - 5 - fontSize * 0.26),
      anchor: 'middle',
      text: textOf(connect),
    }),
  });
}

/** TIME_WAIT → SYN_RCVD (INNER_LEFT_LANE): out of TIME_WAIT's left side, up a lane inside the left trunk. */
function innerLeftRoute(rule: TransitionRule, positions: Record<State, Point>, sx: number): Route {
  const from = positions[rule.from];
  const to = positions[rule.to];
  // just inside the trunk: the labels of the arrows down the left column keep the room beside them
  const lane = LEFT_TRUNK * sx + 10;
  const points = [
    { x: from.x - NODE.width / 2, y: from.y + 4 },
    { x: lane, y: from.y + 4 },
    { x: lane, y: to.y + 14 },
    { x: to.x - NODE.width / 2 - 4, y: to.y + 14 },
  ];
  return { rule, margin: false, labelled: true, d: pathOf(points), points, preferLeg: 2 };
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
