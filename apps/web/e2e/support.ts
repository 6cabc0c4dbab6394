/**
 * What the browser tests need: a real server (from the server's TypeScript sources, serving apps/web/dist) on a
 * fresh Postgres database, and headless Chromium driven by playwright-core.
 *
 * Environment:
 *   CHROMIUM_PATH      browser binary (default /usr/bin/chromium; `apt-get install -y chromium`)
 *   E2E_BASE_URL       use an already running server instead of starting one
 *   E2E_PGHOST/E2E_PGPORT/E2E_PGUSER   where the fresh database is created (default 127.0.0.1:5432, postgres)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SCREENSHOTS = path.join(REPO_ROOT, 'artifacts', 'screenshots');
const SERVER_ROOT = path.join(REPO_ROOT, 'apps', 'server');
const WEB_DIST = path.join(REPO_ROOT, 'apps', 'web', 'dist');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  /** the server's process id (undefined for E2E_BASE_URL's server) */
  pid?: number;
  output(): string;
  stop(): Promise<void>;
}

const pgArgs = () => [
  '-h',
  process.env.E2E_PGHOST ?? '127.0.0.1',
  '-p',
  process.env.E2E_PGPORT ?? '5432',
  '-U',
  process.env.E2E_PGUSER ?? 'postgres',
];

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  if (process.env.E2E_BASE_URL)
    return {
      url: process.env.E2E_BASE_URL.replace(/\/$/, ''),
      output: () => '',
      stop: async () => undefined,
    };
  if (!existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error('apps/web/dist is missing: run `npm run build -w @tcp-lab/web` first');

  const database = `tcplab_web_e2e_${Date.now().toString(36)}_${process.pid}`;
  execFileSync('createdb', [...pgArgs(), database]);
  const port = await freePort();
  const host = process.env.E2E_PGHOST ?? '127.0.0.1';
  const databaseUrl = `postgresql://${process.env.E2E_PGUSER ?? 'postgres'}@${host}:${process.env.E2E_PGPORT ?? '5432'}/${database}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', path.join(__dirname, 'register-server.js'), 'src/main.ts'],
    {
      cwd: SERVER_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        JWT_SECRET: 'web-e2e-secret-0123456789abcdef',
        LOG_LEVEL: 'warn',
        // lab timers barely move in real time, so the test decides when a timer fires
        LAB_TIME_SCALE: '0.001',
        WEB_DIST,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    try {
      execFileSync('dropdb', [...pgArgs(), '--force', database]);
    } catch {
      // left behind for inspection if it cannot be dropped
    }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited before it was ready:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not healthy in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pid: child.pid, output: () => output, stop };
}

/**
 * Runs axe-core (from npm) inside the page and returns the serious and critical violations, each as
 * "rule-id: help (n nodes: first target)" so a failing test says what to fix.
 */
export async function seriousAxeViolations(page: import('playwright-core').Page): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source = require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') as string;
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: source });
  interface AxeViolation {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: unknown }[];
  }
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.map((n) => String(n.target)),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).join(' | ')})`);
}

/** Waits until the lab page shows these endpoint states (the big state labels of both endpoints). */
export async function expectStates(page: import('playwright-core').Page, client: string, server: string) {
  await page
    .getByTestId('client-state')
    .locator('strong', { hasText: new RegExp(`^${client}$`) })
    .waitFor();
  await page
    .getByTestId('server-state')
    .locator('strong', { hasText: new RegExp(`^${server}$`) })
    .waitFor();
}

/** Every pair of visible arrow labels, by their rendered boxes: the ones that intersect. */
export async function overlappingLabels(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll<SVGTextElement>('.state-diagram .arrow-label')]
      .filter(
        (label) => getComputedStyle(label).display !== 'none' && label.getBoundingClientRect().width > 0,
      )
      .map((label) => ({ text: label.textContent ?? '', box: label.getBoundingClientRect() }));
    const hits: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box;
        const b = boxes[j].box;
        // 1 px of slack for anti-aliasing
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
          hits.push(`${boxes[i].text} ✕ ${boxes[j].text}`);
      }
    return hits;
  });
}

/**
 * What a reader of the drawn state diagram would find wrong, measured from the rendered boxes (getBoundingClientRect
 * and the paths' own points, in screen pixels): a label on another label, on a state, or on a line (any arrow's,
 * sampled every 2 SVG units); and the smallest rendered sizes (computed font size × the SVG's scale) of the arrow
 * labels and of the state names. Hidden arrows (the RFC-only ones while they are switched off) are left out.
 */
export async function diagramProblems(page: import('playwright-core').Page): Promise<{
  labels: number;
  problems: string[];
  smallestLabelPx: number;
  smallestStatePx: number;
  widthPx: number;
}> {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('.state-diagram svg')!;
    const shown = (element: Element) =>
      element.getBoundingClientRect().width > 0 && getComputedStyle(element).display !== 'none';
    const px = (element: SVGGraphicsElement) =>
      parseFloat(getComputedStyle(element).fontSize) * (element.getScreenCTM()?.a ?? 1);
    const texts = [...svg.querySelectorAll<SVGTextElement>('.arrow-label, [data-testid="two-msl"]')].filter(
      shown,
    );
    const labels = texts.map((element) => ({
      text: element.textContent ?? '',
      box: element.getBoundingClientRect(),
    }));
    const states = [...svg.querySelectorAll<SVGRectElement>('.state-box')].map((element) => ({
      state: element.closest('[data-state]')!.getAttribute('data-state'),
      box: element.getBoundingClientRect(),
    }));
    const lines = [...svg.querySelectorAll<SVGPathElement>('.arrow-line')].filter(shown).map((path) => {
      const matrix = path.getScreenCTM()!;
      const points: { x: number; y: number }[] = [];
      const length = path.getTotalLength();
      for (let at = 0; at <= length; at += 2) {
        const p = path.getPointAtLength(at);
        points.push({
          x: matrix.a * p.x + matrix.c * p.y + matrix.e,
          y: matrix.b * p.x + matrix.d * p.y + matrix.f,
        });
      }
      return { rule: path.closest('[data-rule-id]')!.getAttribute('data-rule-id'), points };
    });
    // 1 px of slack for anti-aliasing
    const meet = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const problems: string[] = [];
    labels.forEach((label, i) => {
      for (const other of labels.slice(i + 1))
        if (meet(label.box, other.box)) problems.push(`"${label.text}" over "${other.text}"`);
      for (const state of states)
        if (meet(label.box, state.box)) problems.push(`"${label.text}" over ${state.state}`);
      const b = label.box;
      for (const line of lines)
        if (
          line.points.some(
            (p) => p.x > b.left + 1 && p.x < b.right - 1 && p.y > b.top + 1 && p.y < b.bottom - 1,
          )
        )
          problems.push(`"${label.text}" on the line of ${line.rule}`);
    });
    const smallest = (selector: string) =>
      Math.min(...[...svg.querySelectorAll<SVGGraphicsElement>(selector)].filter(shown).map(px));
    return {
      labels: labels.length,
      problems,
      smallestLabelPx: smallest('.arrow-label'),
      smallestStatePx: Math.min(smallest('.state-id'), smallest('.state-name')),
      widthPx: svg.getBoundingClientRect().width,
    };
  });
}

/** POST /api<path> with a JSON body (and a bearer token): the answer's JSON; anything but 2xx throws with the body. */
export async function apiPost(baseUrl: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Whether a projector page fits one screen: the page's scroll size against the viewport, the diagram's box (if
 * any), the ladder's box and how far its own scroll is from its latest row, so a test can ask for "nothing to
 * scroll, everything in view".
 */
export async function projectorFit(page: import('playwright-core').Page): Promise<{
  scrollWidth: number;
  scrollHeight: number;
  innerWidth: number;
  innerHeight: number;
  diagram: { left: number; top: number; right: number; bottom: number } | null;
  ladder: { left: number; top: number; right: number; bottom: number; height: number } | null;
  ladderFromLatestRow: number | null;
  smallestLadderLabelPx: number;
  /** ladder texts that run out of the ladder's box (cut off, or lost under the next thing on the page) */
  ladderTextsCut: string[];
}> {
  return page.evaluate(() => {
    const box = (element: Element | null) => {
      if (!element) return null;
      const { left, top, right, bottom, height } = element.getBoundingClientRect();
      return { left, top, right, bottom, height };
    };
    const scroller = document.scrollingElement!;
    const ladderBox = document.querySelector('[data-testid="projector-ladder"]');
    const sizes = [...document.querySelectorAll<SVGGraphicsElement>('.ladder .segment-label')]
      .filter((element) => element.getBoundingClientRect().width > 0)
      .map((element) => {
        // the ladder's labels lie along their (sloping) arrows: the scale is the matrix's length, not its a
        const matrix = element.getScreenCTM();
        return parseFloat(getComputedStyle(element).fontSize) * (matrix ? Math.hypot(matrix.a, matrix.b) : 1);
      });
    return {
      scrollWidth: scroller.scrollWidth,
      scrollHeight: scroller.scrollHeight,
      innerWidth: window.innerWidth,
      innerHeight: window.innerHeight,
      diagram: box(document.querySelector('.state-diagram svg')),
      ladder: box(document.querySelector('.ladder svg')),
      ladderFromLatestRow: ladderBox
        ? ladderBox.scrollHeight - ladderBox.clientHeight - ladderBox.scrollTop
        : null,
      smallestLadderLabelPx: sizes.length ? Math.min(...sizes) : Infinity,
      ladderTextsCut: (() => {
        const ladder = document.querySelector('.ladder');
        if (!ladder) return [];
        const edge = ladder.getBoundingClientRect();
        return [...ladder.querySelectorAll('svg text')]
          .map((text) => ({ text: text.textContent ?? '', b: text.getBoundingClientRect() }))
          .filter(
            ({ b }) =>
              b.width > 0 &&
              (b.left < edge.left - 1 ||
                b.right > edge.right + 1 ||
                b.top < edge.top - 1 ||
                b.bottom > edge.bottom + 1),
          )
          .map(({ text }) => text);
      })(),
    };
  });
}

/**
 * A teacher signs up on `page` and creates a class (what every browser test but the first one's own sign-up needs):
 * the class's id and join code, and the teacher's token. Leaves the page on the class dashboard.
 */
export async function signUpWithClass(
  page: import('playwright-core').Page,
  serverUrl: string,
  options: { emailPrefix: string; name: string; className: string },
): Promise<{ classId: string; code: string; token: string }> {
  await page.goto(`${serverUrl}/#/teacher`);
  await page.getByRole('tab', { name: 'Create an account' }).click();
  await page
    .getByLabel('Email')
    .fill(`${options.emailPrefix}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@school.example`);
  await page.getByLabel('Name').fill(options.name);
  await page.getByLabel('Password (at least 8 characters)').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create an account' }).last().click();
  await page.getByLabel('New class name').fill(options.className);
  await page.getByRole('button', { name: 'Create class' }).click();
  await page.waitForURL(/#\/teacher\/class\//);
  const classId = page.url().split('#/teacher/class/')[1];
  await page
    .getByTestId('join-code')
    .getByText(/^[A-Z0-9]{4,}$/)
    .waitFor();
  const code = (await page.getByTestId('join-code').textContent())!.trim();
  const token = (await page.evaluate(() => localStorage.getItem('tcp-lab.instructorToken')))!;
  return { classId, code, token };
}
