/** The benchmark's plot: ack p99 against load for the product and the floor, drawn as SVG and rendered to PNG by Chromium. */
import { writeFileSync } from 'node:fs';

export interface Series {
  name: string;
  colour: string;
  points: Array<{ x: number; p99: number }>;
}

/**
 * The y axis is logarithmic when the values span more than 20× (a floor at a few ms beside a product at seconds
 * would otherwise lie flat on the axis).
 */
export function plotSvg(series: Series[], title: string, xLabel: string): string {
  const width = 900;
  const height = 520;
  const margin = { left: 80, right: 30, top: 50, bottom: 60 };
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.p99)).filter(Number.isFinite);
  const xMax = Math.max(1, ...xs);
  const yMax = Math.max(1, ...ys) * 1.1;
  const yMin = Math.max(0.1, Math.min(...ys) / 1.5);
  const log = yMax / yMin > 20;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (v: number) => margin.left + (v / xMax) * (width - margin.left - margin.right);
  const y = (v: number) =>
    height - margin.bottom - (log ? Math.log(v / yMin) / Math.log(yMax / yMin) : v / yMax) * plotHeight;
  const ticks = 5;
  const tickValues = log
    ? Array.from({ length: 12 }, (_, i) => 10 ** (i - 1))
        .flatMap((d) => [d, 2 * d, 5 * d])
        .filter((v) => v >= yMin && v <= yMax)
    : Array.from({ length: ticks + 1 }, (_, i) => (yMax / ticks) * i);
  const grid = tickValues
    .map((value) => {
      return `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>
      <text x="${margin.left - 8}" y="${y(value) + 4}" text-anchor="end" font-size="13">${value.toFixed(value < 10 ? 1 : 0)}</text>`;
    })
    .join('');
  const xTicks = [...new Set(xs)]
    .sort((a, b) => a - b)
    .map(
      (v) =>
        `<text x="${x(v)}" y="${height - margin.bottom + 20}" text-anchor="middle" font-size="13">${Math.round(v)}</text>`,
    )
    .join('');
  const lines = series
    .map((s, i) => {
      const points = s.points.filter((p) => Number.isFinite(p.p99)).sort((a, b) => a.x - b.x);
      const path = points.map((p, j) => `${j ? 'L' : 'M'}${x(p.x)},${y(p.p99)}`).join(' ');
      const dots = points
        .map((p) => `<circle cx="${x(p.x)}" cy="${y(p.p99)}" r="4" fill="${s.colour}"/>`)
        .join('');
      return `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2.5"/>${dots}
        <rect x="${margin.left + 20}" y="${margin.top + i * 24}" width="14" height="14" fill="${s.colour}"/>
        <text x="${margin.left + 40}" y="${margin.top + 12 + i * 24}" font-size="14">${s.name}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
    <rect width="100%" height="100%" fill="white"/>
    <text x="${width / 2}" y="28" text-anchor="middle" font-size="18">${title}</text>
    ${grid}${xTicks}
    <line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="#333"/>
    <line x1="${margin.left}" x2="${width - margin.right}" y1="${height - margin.bottom}" y2="${height - margin.bottom}" stroke="#333"/>
    <text x="${width / 2}" y="${height - 15}" text-anchor="middle" font-size="14">${xLabel}</text>
    <text x="20" y="${height / 2}" text-anchor="middle" font-size="14" transform="rotate(-90 20 ${height / 2})">ack p99 (ms${log ? ', log scale' : ''})</text>
    ${lines}</svg>`;
}

/** Renders the SVG to PNG with Debian's Chromium (CHROMIUM_PATH); skipped with a note when Chromium is missing. */
export async function writePng(svg: string, file: string): Promise<boolean> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return false;
  }
  const browser = await chromium
    .launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .catch(() => null);
  if (!browser) return false;
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 520 } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    writeFileSync(file, await page.screenshot({ type: 'png' }));
    return true;
  } finally {
    await browser.close();
  }
}
