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
}

/** Self-loops are not drawn as arrows; the diagram lists them with their state. */
export const isSelfLoop = (rule: TransitionRule) => rule.from === rule.to;

export function ruleLabel(rule: TransitionRule): string {
  return rule.emits ? `${rule.event.label} / ${rule.emits}` : rule.event.label;
}

const MARGIN_FROM_Y = POSITIONS.SYN_RCVD.y;
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

export function layoutArrows(rules: readonly TransitionRule[]): ArrowGeometry[] {
  const drawn = rules.filter((rule) => !isSelfLoop(rule));
  const pairKey = (a: State, b: State) => `${a}>${b}`;
  const byPair = new Map<string, TransitionRule[]>();
  for (const rule of drawn) {
    const key = pairKey(rule.from, rule.to);
    byPair.set(key, [...(byPair.get(key) ?? []), rule]);
  }
  let leftLane = 0;
  let rightLane = 0;
  const marginIndexByFrom = new Map<State, number>();

  return drawn.map((rule): ArrowGeometry => {
    const from = POSITIONS[rule.from];
    const to = POSITIONS[rule.to];
    const siblings = byPair.get(pairKey(rule.from, rule.to)) ?? [rule];
    const index = siblings.indexOf(rule);

    if (rule.to === 'CLOSED' && from.y >= MARGIN_FROM_Y) {
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
      };
    }

    // Curvature: a pair drawn both ways bends apart; parallel rules of one pair fan out.
    const reverse = byPair.has(pairKey(rule.to, rule.from));
    const bend = (reverse ? 34 : 0) + (index - (reverse ? 0 : (siblings.length - 1) / 2)) * 46;
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
    // the quadratic curve passes through the midpoint between the chord's midpoint and the control point
    const labelPoint = {
      x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
      y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
    };
    const anchor: ArrowGeometry['label']['anchor'] = Math.abs(dy) < 20 ? 'middle' : nx * bend > 0 ? 'start' : nx * bend < 0 ? 'end' : 'start';
    return {
      rule,
      margin: false,
      d: `M ${round(start.x)} ${round(start.y)} Q ${round(control.x)} ${round(control.y)} ${round(end.x)} ${round(end.y)}`,
      label: { x: round(labelPoint.x + (anchor === 'start' ? 6 : anchor === 'end' ? -6 : 0)), y: round(labelPoint.y + (Math.abs(dy) < 20 ? -6 : 4)), anchor },
    };
  });
}
