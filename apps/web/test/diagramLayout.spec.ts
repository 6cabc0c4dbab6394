import { DEFAULT_SETTINGS, TRANSITIONS, holdsUnder } from '@tcp-lab/tcp-core';
import {
  LABEL_SIZE,
  NODE,
  labelBox,
  layoutArrows,
  lineCrossesBox,
  overlaps,
  positionsFor,
  SHAPE_OF_SIZE,
  stateBoxes,
  type ArrowGeometry,
  type Box,
  type DiagramShape,
} from '../src/components/diagramLayout';

type Settings = typeof DEFAULT_SETTINGS;

/**
 * Every combination of the settings that decide which rows are drawn (the keys of the table's `when` conditions,
 * each with the values the table names and the default), kept once per distinct set of arrows.
 */
function drawnSets(): { name: string; settings: Settings }[] {
  const values = new Map<string, Set<unknown>>();
  for (const rule of TRANSITIONS)
    for (const [key, value] of Object.entries(rule.when ?? {})) {
      const seen = values.get(key) ?? new Set([DEFAULT_SETTINGS[key as keyof Settings]]);
      seen.add(value);
      values.set(key, seen);
    }
  let combinations: Partial<Settings>[] = [{}];
  for (const [key, choices] of values)
    combinations = combinations.flatMap((partial) =>
      [...choices].map((value) => ({ ...partial, [key]: value })),
    );
  const sets = new Map<string, { name: string; settings: Settings }>();
  for (const partial of combinations) {
    const settings = { ...DEFAULT_SETTINGS, ...partial };
    const ids = TRANSITIONS.filter((rule) => holdsUnder(rule, settings))
      .map((rule) => rule.id)
      .join(',');
    if (!sets.has(ids)) sets.set(ids, { name: JSON.stringify(partial), settings });
  }
  return [...sets.values()];
}

const SETS = drawnSets();
const rulesUnder = (settings: Settings) => TRANSITIONS.filter((rule) => holdsUnder(rule, settings));
const LANGS = ['en', 'zh'] as const;
/** every label size with the shape it is drawn in (the projector's is wide) */
const SIZES = (Object.keys(LABEL_SIZE) as (keyof typeof LABEL_SIZE)[]).map((size) => ({
  size,
  fontSize: LABEL_SIZE[size],
  shape: SHAPE_OF_SIZE[size],
}));
/** the heat map labels every arrow, the RFC-only ones along the margins too, with its count after it */
const HEAT = { labelAll: true, suffix: () => ' 12/34' };

/** What a reader would see wrong in one drawing: labels on labels, on states, or on a line. */
function collisions(arrows: ArrowGeometry[], fontSize: number, shape: DiagramShape = 'classic'): string[] {
  const labelled = arrows.filter((arrow) => arrow.labelled);
  const states = stateBoxes(positionsFor(fontSize, shape));
  const hits: string[] = [];
  for (let i = 0; i < labelled.length; i++) {
    const box = labelBox(labelled[i].label, fontSize);
    for (let j = i + 1; j < labelled.length; j++)
      if (overlaps(box, labelBox(labelled[j].label, fontSize)))
        hits.push(`"${labelled[i].label.text}" over "${labelled[j].label.text}"`);
    if (states.some((state) => overlaps(box, state))) hits.push(`"${labelled[i].label.text}" over a state`);
    for (const arrow of arrows)
      if (lineCrossesBox(arrow.points, box))
        hits.push(`"${labelled[i].label.text}" on the line of ${arrow.rule.id}`);
  }
  return hits;
}

describe('the diagram untangled: for every set of settings that changes the arrows, at every label size, in both languages', () => {
  it('finds the settings that change the arrows (profile, rfc1337, reading by call)', () => {
    expect(SETS.length).toBeGreaterThanOrEqual(4);
    expect(SETS.some(({ settings }) => settings.profile === 'linux')).toBe(true);
    expect(SETS.some(({ settings }) => settings.rfc1337)).toBe(true);
  });

  for (const { name, settings } of SETS)
    for (const { size, fontSize, shape } of SIZES)
      for (const lang of LANGS)
        it(`no label covers another label, a state or a line (${name}, ${size} labels, ${lang})`, () => {
          const arrows = layoutArrows(rulesUnder(settings), { fontSize, lang, shape });
          expect(arrows.filter((arrow) => arrow.labelled).length).toBeGreaterThan(20);
          expect({ name, size, lang, hits: collisions(arrows, fontSize, shape) }).toEqual({
            name,
            size,
            lang,
            hits: [],
          });
        });

  for (const { size, fontSize, shape } of SIZES)
    for (const lang of LANGS)
      it(`on the heat map, where every arrow is labelled with its count, no label covers another (${size}, ${lang})`, () => {
        const arrows = layoutArrows(rulesUnder(DEFAULT_SETTINGS), { fontSize, lang, shape, ...HEAT });
        expect(arrows.every((arrow) => arrow.labelled && arrow.label.text.endsWith(' 12/34'))).toBe(true);
        const labels = arrows.map((arrow) => labelBox(arrow.label, fontSize));
        const states = stateBoxes(positionsFor(fontSize, shape));
        const hits: string[] = [];
        labels.forEach((box, i) => {
          if (states.some((state) => overlaps(box, state))) hits.push(`${arrows[i].rule.id} over a state`);
          labels.slice(i + 1).forEach((other, j) => {
            if (overlaps(box, other)) hits.push(`${arrows[i].rule.id} over ${arrows[i + 1 + j].rule.id}`);
          });
        });
        expect(hits).toEqual([]);
      });
});

/** The straight pieces of an orthogonal route. */
const pieces = (arrow: ArrowGeometry): Box[] =>
  arrow.points.slice(1).map((q, i) => ({ x1: arrow.points[i].x, y1: arrow.points[i].y, x2: q.x, y2: q.y }));

/** A horizontal and a vertical piece that cross strictly inside both (touching ends or sharing a run is not). */
function cross(a: Box, b: Box): boolean {
  const horizontal = a.y1 === a.y2 ? a : b.y1 === b.y2 ? b : null;
  const vertical = a.x1 === a.x2 && a !== horizontal ? a : b.x1 === b.x2 && b !== horizontal ? b : null;
  if (!horizontal || !vertical || horizontal === vertical) return false;
  const [hx1, hx2] = [Math.min(horizontal.x1, horizontal.x2), Math.max(horizontal.x1, horizontal.x2)];
  const [vy1, vy2] = [Math.min(vertical.y1, vertical.y2), Math.max(vertical.y1, vertical.y2)];
  return vertical.x1 > hx1 && vertical.x1 < hx2 && horizontal.y1 > vy1 && horizontal.y1 < vy2;
}

const intoClosed = (arrow: ArrowGeometry) => arrow.rule.to === 'CLOSED' && arrow.d.includes('L');

describe('the arrows back to CLOSED: along the margins, and SYN_SENT’s over the top of CLOSED', () => {
  for (const { name, settings } of SETS)
    for (const { size, fontSize, shape } of SIZES)
      it(`cross no other on their way into CLOSED (${name}, ${size} labels)`, () => {
        const routed = layoutArrows(rulesUnder(settings), { fontSize, shape }).filter(intoClosed);
        expect(routed.length).toBeGreaterThan(14);
        const crossings: string[] = [];
        for (let i = 0; i < routed.length; i++)
          for (let j = i + 1; j < routed.length; j++)
            for (const a of pieces(routed[i]))
              for (const b of pieces(routed[j]))
                if (cross(a, b)) crossings.push(`${routed[i].rule.id} ✕ ${routed[j].rule.id}`);
        expect(crossings).toEqual([]);
      });

  it('route SYN_SENT’s arrows back to CLOSED apart: a lane, a level and an entry into CLOSED each, none braided', () => {
    for (const { size, fontSize, shape } of SIZES) {
      const bundle = layoutArrows(rulesUnder(DEFAULT_SETTINGS), { fontSize, shape }).filter(
        (arrow) => arrow.rule.from === 'SYN_SENT' && arrow.rule.to === 'CLOSED',
      );
      expect({ size, count: bundle.length }).toEqual({ size, count: 5 });
      // out of SYN_SENT's side, up its own lane, across at its own level, down into CLOSED at its own point
      const lanes = new Set(bundle.map((arrow) => pieces(arrow)[1].x1));
      const levels = new Set(bundle.map((arrow) => pieces(arrow)[2].y1));
      const entries = new Set(bundle.map((arrow) => pieces(arrow)[3].x1));
      expect({ size, lanes: lanes.size, levels: levels.size, entries: entries.size }).toEqual({
        size,
        lanes: 5,
        levels: 5,
        entries: 5,
      });
      const closed = positionsFor(fontSize, shape).CLOSED;
      for (const arrow of bundle) {
        const end = arrow.points[arrow.points.length - 1];
        // into CLOSED's top edge, from above
        expect(Math.abs(end.x - closed.x)).toBeLessThan(NODE.width / 2);
        expect(end.y).toBeLessThan(closed.y - NODE.height / 2);
        // each label above its own top leg, between the lane's entry and its rise
        const box = labelBox(arrow.label, fontSize);
        const top = pieces(arrow)[2];
        expect(box.y2).toBeLessThanOrEqual(top.y1);
        expect(box.x1).toBeGreaterThanOrEqual(Math.min(top.x1, top.x2));
        expect(box.x2).toBeLessThanOrEqual(Math.max(top.x1, top.x2));
      }
    }
  });

  it('route the RFC-only arrows apart from the path arrows: one trunk per side, lanes further out for the paths', () => {
    const margin = layoutArrows(rulesUnder(DEFAULT_SETTINGS)).filter((arrow) => arrow.margin);
    const lanes = (arrows: ArrowGeometry[]) => new Set(arrows.map((arrow) => pieces(arrow)[1].x1));
    const special = margin.filter((arrow) => arrow.rule.path === 'special');
    const path = margin.filter((arrow) => arrow.rule.path !== 'special');
    expect(path.map((arrow) => arrow.rule.id).sort()).toEqual([
      'last-ack--ack--closed',
      'time-wait--timeout--closed',
    ]);
    expect(lanes(special).size).toBe(2);
    const end = (arrow: ArrowGeometry) => JSON.stringify(arrow.points[arrow.points.length - 1]);
    expect(new Set(special.map(end)).size).toBe(2);
    for (const arrow of path) {
      expect(lanes(special).has(pieces(arrow)[1].x1)).toBe(false);
      expect(special.some((s) => end(s) === end(arrow))).toBe(false);
    }
  });

  it("keep Linux's TIME_WAIT → SYN_RCVD off FIN_WAIT_1 and the other states it would pass", () => {
    const linux = { ...DEFAULT_SETTINGS, profile: 'linux' as const };
    const arrow = layoutArrows(rulesUnder(linux)).find((a) => a.rule.id === 'time-wait--syn--syn-rcvd')!;
    const positions = positionsFor(LABEL_SIZE.normal);
    const boxes = Object.entries(positions)
      .filter(([state]) => state !== 'TIME_WAIT' && state !== 'SYN_RCVD')
      .map(([, { x, y }]) => ({
        x1: x - NODE.width / 2,
        y1: y - NODE.height / 2,
        x2: x + NODE.width / 2,
        y2: y + NODE.height / 2,
      }));
    expect(boxes.filter((box) => lineCrossesBox(arrow.points, box))).toEqual([]);
  });
});
