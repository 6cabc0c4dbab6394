import { DEFAULT_SETTINGS, TRANSITIONS, holdsUnder } from '@tcp-lab/tcp-core';
import {
  LABEL_SIZE,
  labelBox,
  layoutArrows,
  overlaps,
  type ArrowGeometry,
} from '../src/components/diagramLayout';

const drawn = TRANSITIONS.filter((rule) => holdsUnder(rule, DEFAULT_SETTINGS));

/** The straight pieces of a margin arrow's path `M x y H x V y H x`. */
function segments(arrow: ArrowGeometry): { x1: number; y1: number; x2: number; y2: number }[] {
  const [, x0, y0, , h1, , v1, , h2] = arrow.d.split(' ');
  const [sx, sy, lane, endY, endX] = [x0, y0, h1, v1, h2].map(Number);
  return [
    { x1: sx, y1: sy, x2: lane, y2: sy },
    { x1: lane, y1: sy, x2: lane, y2: endY },
    { x1: lane, y1: endY, x2: endX, y2: endY },
  ];
}

/** A horizontal and a vertical piece that cross strictly inside both (touching ends or sharing a run is not). */
function cross(a: ReturnType<typeof segments>[number], b: ReturnType<typeof segments>[number]): boolean {
  const horizontal = a.y1 === a.y2 ? a : b.y1 === b.y2 ? b : null;
  const vertical = a.x1 === a.x2 && a !== horizontal ? a : b.x1 === b.x2 && b !== horizontal ? b : null;
  if (!horizontal || !vertical || horizontal === vertical) return false;
  const [hx1, hx2] = [Math.min(horizontal.x1, horizontal.x2), Math.max(horizontal.x1, horizontal.x2)];
  const [vy1, vy2] = [Math.min(vertical.y1, vertical.y2), Math.max(vertical.y1, vertical.y2)];
  return vertical.x1 > hx1 && vertical.x1 < hx2 && horizontal.y1 > vy1 && horizontal.y1 < vy2;
}

describe('the arrows back to CLOSED along the margins', () => {
  for (const [size, fontSize] of Object.entries(LABEL_SIZE))
    it(`cross no other margin arrow on their way into CLOSED (${size} labels)`, () => {
      const margin = layoutArrows(drawn, { fontSize }).filter((arrow) => arrow.margin);
      expect(margin.length).toBeGreaterThan(10);
      const crossings: string[] = [];
      for (let i = 0; i < margin.length; i++)
        for (let j = i + 1; j < margin.length; j++)
          for (const a of segments(margin[i]))
            for (const b of segments(margin[j]))
              if (cross(a, b)) crossings.push(`${margin[i].rule.id} ✕ ${margin[j].rule.id}`);
      expect(crossings).toEqual([]);
    });

  it('route the special (RFC-only) arrows apart: one trunk per side, one entry into CLOSED, away from the path arrows', () => {
    const margin = layoutArrows(drawn).filter((arrow) => arrow.margin);
    const lanes = (arrows: ArrowGeometry[]) => new Set(arrows.map((arrow) => segments(arrow)[1].x1));
    const special = margin.filter((arrow) => arrow.rule.path === 'special');
    const path = margin.filter((arrow) => arrow.rule.path !== 'special');
    expect(path.map((arrow) => arrow.rule.id).sort()).toEqual([
      'last-ack--ack--closed',
      'time-wait--timeout--closed',
    ]);
    // two trunks (left and right) for all the special arrows, and two entries into CLOSED
    expect(lanes(special).size).toBe(2);
    expect(new Set(special.map((arrow) => `${segments(arrow)[2].y1},${segments(arrow)[2].x2}`)).size).toBe(2);
    // no path arrow runs in a trunk or enters CLOSED where the special ones do
    for (const arrow of path) {
      expect(lanes(special).has(segments(arrow)[1].x1)).toBe(false);
      expect(special.some((s) => segments(s)[2].y1 === segments(arrow)[2].y1)).toBe(false);
    }
  });

  it('strike through no label of another arrow, at any size', () => {
    for (const fontSize of Object.values(LABEL_SIZE)) {
      const arrows = layoutArrows(drawn, { fontSize });
      const hits: string[] = [];
      for (const arrow of arrows.filter((a) => !(a.margin && a.rule.path === 'special')))
        for (const margin of arrows.filter((a) => a.margin && a !== arrow))
          for (const run of segments(margin)) {
            const box = labelBox(arrow.label, fontSize);
            const line = {
              x1: Math.min(run.x1, run.x2),
              y1: Math.min(run.y1, run.y2),
              x2: Math.max(run.x1, run.x2),
              y2: Math.max(run.y1, run.y2),
            };
            if (line.x1 < box.x2 && box.x1 < line.x2 && line.y1 < box.y2 && box.y1 < line.y2)
              hits.push(`${arrow.rule.id} under ${margin.rule.id}`);
          }
      expect({ fontSize, hits }).toEqual({ fontSize, hits: [] });
    }
  });

  it('place no label over another at any size, in English or Chinese', () => {
    for (const fontSize of Object.values(LABEL_SIZE))
      for (const lang of ['en', 'zh'] as const) {
        const labelled = layoutArrows(drawn, { fontSize, lang }).filter(
          (arrow) => !(arrow.margin && arrow.rule.path === 'special'),
        );
        const hits: string[] = [];
        for (let i = 0; i < labelled.length; i++)
          for (let j = i + 1; j < labelled.length; j++)
            if (overlaps(labelBox(labelled[i].label, fontSize), labelBox(labelled[j].label, fontSize)))
              hits.push(`${labelled[i].rule.id} ✕ ${labelled[j].rule.id}`);
        expect({ fontSize, lang, hits }).toEqual({ fontSize, lang, hits: [] });
      }
  });
});
