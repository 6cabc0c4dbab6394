/**
 * Geometry of the classic TCP state diagram, computed from the transition table (never a picture):
 * CLOSED on top, LISTEN below it, SYN_RCVD / SYN_SENT, ESTABLISHED in the middle, the active-close states on the
 * left (FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT) and the passive-close states on the right (CLOSE_WAIT, LAST_ACK).
 * Arrows that fall back to CLOSED from below the handshake are routed along the margins, one lane each.
 */
import type { State, TransitionRule } from '@tcp-lab/tcp-core';

export const VIEW = { width: 1200, height: 960 };
export const NODE = { width: 184, height: 46 };

export const POSITIONS: Record<State, { x: number; y: number }> = {
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

export interface ArrowGeometry {
  rule: TransitionRule;
  d: string;
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end' };
  /** routed along a margin back to CLOSED */
  margin: boolean;
  /** points the drawing reaches (lane corners, curve middle, label ends), for cropping the view */
  extent: { x: number; y: number }[];
}

/** Self-loops are not drawn as arrows; the diagram lists them with their state. */
export const isSelfLoop = (rule: TransitionRule) => rule.from === rule.to;

export function ruleLabel(rule: TransitionRule): string {
  return rule.emits ? `${rule.event.label} / ${rule.emits}` : rule.event.label;
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
const LEFT_LANE_START = 150;
const RIGHT_LANE_START = 1000;
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

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
const NODE_BOXES: Box[] = Object.values(POSITIONS).map(({ x, y }) => ({
  x1: x - NODE.width / 2 - 2,
  y1: y - NODE.height / 2 - 2,
  x2: x + NODE.width / 2 + 2,
  y2: y + NODE.height / 2 + 16,
}));
const placed: Box[] = [];
const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const CHAR_WIDTH = 6.6;

/**
 * Puts a label beside its curve where it covers no state box and no label placed before it: tries the middle of
 * the curve first, then points further along either way.
 */
function placeLabel(
  text: string,
  anchor: 'start' | 'middle' | 'end',
  at: (t: number) => { x: number; y: number },
  horizontal: boolean,
) {
  const width = text.length * CHAR_WIDTH;
  const boxAt = (x: number, y: number): Box => {
    const x1 = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
    return { x1, y1: y - 12, x2: x1 + width, y2: y + 3 };
  };
  let best: { x: number; y: number; box: Box } | null = null;
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75]) {
    const point = at(t);
    const x = point.x + (anchor === 'start' ? 6 : anchor === 'end' ? -6 : 0);
    for (const dy of horizontal ? [-6, 16] : [4, -10, 18, -24, 32]) {
      const y = point.y + dy;
      const box = boxAt(x, y);
      if (![...NODE_BOXES, ...placed].some((other) => overlaps(box, other))) {
        best = { x, y, box };
        break;
      }
    }
    if (best) break;
  }
  if (!best) {
    const point = at(0.5);
    const x = point.x + (anchor === 'start' ? 6 : anchor === 'end' ? -6 : 0);
    best = { x, y: point.y + 4, box: boxAt(x, point.y + 4) };
  }
  placed.push(best.box);
  return { x: round(best.x), y: round(best.y), anchor };
}

export function layoutArrows(rules: readonly TransitionRule[]): ArrowGeometry[] {
  const drawn = rules.filter((rule) => !isSelfLoop(rule));
  const pairKey = (a: State, b: State) => `${a}>${b}`;
  const byPair = new Map<string, TransitionRule[]>();
  for (const rule of drawn) {
    const key = pairKey(rule.from, rule.to);
    byPair.set(key, [...(byPair.get(key) ?? []), rule]);
  }
  placed.length = 0;
  let leftLane = 0;
  let rightLane = 0;
  const marginIndexByFrom = new Map<State, number>();

  return drawn.map((rule): ArrowGeometry => {
    const from = POSITIONS[rule.from];
    const to = POSITIONS[rule.to];
    const siblings = byPair.get(pairKey(rule.from, rule.to)) ?? [rule];
    const index = siblings.indexOf(rule);

    if (rule.to === 'CLOSED' && ROUTED_BY_MARGIN.has(rule.from)) {
      const left = from.x < POSITIONS.ESTABLISHED.x;
      const lane = left ? LEFT_LANE_START - LANE_GAP * leftLane++ : RIGHT_LANE_START + LANE_GAP * rightLane++;
      const k = marginIndexByFrom.get(rule.from) ?? 0;
      marginIndexByFrom.set(rule.from, k + 1);
      const startX = left ? from.x - NODE.width / 2 : from.x + NODE.width / 2;
      const startY = from.y - NODE.height / 2 + 8 + k * 10;
      const endX = left ? to.x - NODE.width / 2 - 4 : to.x + NODE.width / 2 + 4;
      const endY = to.y - 12 + (left ? leftLane : rightLane) * 2.2;
      return {
        rule,
        margin: true,
        d: `M ${startX} ${round(startY)} H ${lane} V ${round(endY)} H ${endX}`,
        label: { x: lane + (left ? 4 : -4), y: round(startY - 3), anchor: left ? 'start' : 'end' },
        extent: [
          { x: lane, y: startY },
          { x: lane, y: endY },
        ],
      };
    }

    // Curvature: a pair drawn both ways bends apart; parallel rules of one pair fan out.
    const reverse = byPair.has(pairKey(rule.to, rule.from));
    // a bundle of three or more parallel rules stays tight; its labels spread along the curve instead
    const spacing = siblings.length >= 3 ? 14 : 46;
    const bend =
      (PAIR_BEND[pairKey(rule.from, rule.to)] ?? 0) +
      (reverse ? 34 : 0) +
      (index - (reverse ? 0 : (siblings.length - 1) / 2)) * spacing;
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
    const label = placeLabel(
      ruleLabel(rule),
      anchor,
      (t) => ({
        x: (1 - t) * (1 - t) * start.x + 2 * (1 - t) * t * control.x + t * t * end.x,
        y: (1 - t) * (1 - t) * start.y + 2 * (1 - t) * t * control.y + t * t * end.y,
      }),
      horizontal,
    );
    return {
      rule,
      margin: false,
      d: `M ${round(start.x)} ${round(start.y)} Q ${round(control.x)} ${round(control.y)} ${round(end.x)} ${round(end.y)}`,
      label,
      extent: [
        {
          x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
          y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
        },
        labelEnd(label, ruleLabel(rule)),
      ],
    };
  });
}

function labelEnd(label: ArrowGeometry['label'], text: string) {
  const width = text.length * CHAR_WIDTH;
  const x =
    label.anchor === 'start'
      ? label.x + width
      : label.anchor === 'end'
        ? label.x - width
        : label.x + width / 2;
  return { x, y: label.y };
}

/** The smallest view that holds every state and the arrows drawn, so the diagram uses the space it is given. */
export function diagramBounds(
  arrows: readonly ArrowGeometry[],
  padding = 24,
): { x: number; y: number; width: number; height: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const { x, y } of Object.values(POSITIONS)) {
    xs.push(x - NODE.width / 2 - 8, x + NODE.width / 2 + 8);
    ys.push(y - NODE.height / 2 - 22, y + NODE.height / 2 + 18);
  }
  for (const arrow of arrows) {
    for (const point of arrow.extent) {
      xs.push(point.x);
      ys.push(point.y);
    }
  }
  const minX = Math.max(0, Math.min(...xs) - padding);
  const minY = Math.max(0, Math.min(...ys) - padding);
  const maxX = Math.min(VIEW.width, Math.max(...xs) + padding);
  const maxY = Math.min(VIEW.height, Math.max(...ys) + padding);
  return {
    x: Math.floor(minX),
    y: Math.floor(minY),
    width: Math.ceil(maxX - minX),
    height: Math.ceil(maxY - minY),
  };
}
