/**
 * Redraws docs/bench/ack-p99.png from the JSON files of earlier runs (when the loads were measured in more than
 * one run, e.g. 2,500 labs on its own):
 *
 *   cd apps/server && node -r ./test/support/register-source.js bench/load/replot.ts ../../docs/bench/load-*.json
 *
 * Each file's `loads` rows give one point per target and number of labs; a later file wins for the same labs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plotSvg, writePng } from './plot';

type Summary = { labs: number; ack: { p99: number } } | undefined;

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  const points: Record<'product' | 'floor', Map<number, number>> = { product: new Map(), floor: new Map() };
  for (const file of files) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      loads?: Array<Record<'product' | 'floor', Summary>>;
    };
    for (const row of json.loads ?? [])
      for (const kind of ['product', 'floor'] as const) {
        const r = row[kind];
        if (r && Number.isFinite(r.ack.p99)) points[kind].set(r.labs, r.ack.p99);
      }
  }
  const series = (['product', 'floor'] as const).map((kind) => ({
    name: kind,
    colour: kind === 'product' ? '#c0392b' : '#2471a3',
    points: [...points[kind]].map(([x, p99]) => ({ x, p99 })),
  }));
  const out = path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'bench', 'ack-p99.png');
  const svg = plotSvg(series, 'ack p99 against load (1 move/s per student)', 'labs (2 students each)');
  if (await writePng(svg, out)) console.log(`plot written to ${out}`);
  else console.log('plot skipped: no Chromium at CHROMIUM_PATH');
}

void main();
