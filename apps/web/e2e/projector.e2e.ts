/**
 * The class on the projector (issue 10) at a realistic class size, in real Chromium against the real server: 80
 * students join (through the same HTTP join as the join page) and are paired into 40 labs; at 1920×1080 in English
 * and in Chinese the class's name, the join address, the code and the QR code are on the first screen, the grid of
 * labs is legible (18 px or more) and may scroll below them, nothing scrolls sideways, and axe finds nothing
 * serious. Screenshots land in artifacts/screenshots/.
 */
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  screenshotPath,
  seriousAxeViolations,
  startServer,
  type RunningServer,
  signUpWithClass,
} from './support';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ PUBLIC_URL: 'http://10.20.30.40:8080' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('the class projector at 1920×1080 with 40 labs: title and join screen on the first screen, every lab legible', async () => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const {
    classId,
    code: joinCode,
    token,
  } = await signUpWithClass(page, server.url, {
    emailPrefix: 'projector',
    name: 'Mr Lin',
    className: 'Networks 2B',
  });

  // 80 students join (the join page's own request), then the teacher pairs them: 40 labs
  for (let i = 1; i <= 80; i++) {
    const response = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode, displayName: `Student ${String(i).padStart(2, '0')}` }),
    });
    expect(response.status).toBe(201);
  }
  const paired = await fetch(`${server.url}/api/classrooms/${classId}/pairings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ strategy: 'auto' }),
  });
  expect(paired.status).toBe(201);
  expect(((await paired.json()) as { labs: unknown[] }).labs).toHaveLength(40);

  await page.goto(`${server.url}/#/teacher/class/${classId}/projector`);
  const projector = page.getByTestId('class-projector');
  await projector.locator('[data-lab-id]').nth(39).waitFor();
  for (const lang of ['en', 'zh'] as const) {
    if (lang === 'zh') {
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('heading', { name: /实验/ }).waitFor();
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    const seen = await page.evaluate(() => {
      const box = (selector: string) => {
        const element = document.querySelector(selector);
        if (!element) return null;
        const { top, bottom, left, right } = element.getBoundingClientRect();
        return { top, bottom, left, right };
      };
      const labs = [
        ...document.querySelectorAll<HTMLElement>('[data-testid="class-projector"] [data-lab-id]'),
      ];
      const fontPx = (element: Element) => parseFloat(getComputedStyle(element).fontSize);
      return {
        title: box('[data-testid="class-projector"] h1'),
        url: box('[data-testid="join-url"]'),
        code: box('[data-testid="class-projector"] .join-code'),
        qr: box('[data-testid="join-qr"] svg'),
        labs: labs.length,
        smallestLabPx: Math.min(...labs.flatMap((lab) => [...lab.querySelectorAll('span')].map(fontPx))),
        scrollWidth: document.scrollingElement!.scrollWidth,
      };
    });
    const onFirstScreen = (box: { top: number; bottom: number; left: number; right: number } | null) =>
      box !== null && box.top >= 0 && box.bottom <= 1080 && box.left >= 0 && box.right <= 1920;
    expect({
      lang,
      title: onFirstScreen(seen.title),
      url: onFirstScreen(seen.url),
      code: onFirstScreen(seen.code),
      qr: onFirstScreen(seen.qr),
    }).toEqual({ lang, title: true, url: true, code: true, qr: true });
    expect(seen.labs).toBe(40);
    expect(seen.smallestLabPx).toBeGreaterThanOrEqual(18);
    expect(seen.scrollWidth).toBeLessThanOrEqual(1920);
    expect({ lang, violations: await seriousAxeViolations(page) }).toEqual({ lang, violations: [] });
    await page.screenshot({ path: screenshotPath(`projector-class-40-labs-${lang}`) });
    await page.screenshot({ path: screenshotPath(`projector-class-40-labs-${lang}-full`), fullPage: true });
  }
  await context.close();
});
