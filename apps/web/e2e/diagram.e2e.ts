/**
 * The state diagram a teacher projects (issue 10), in real headless Chromium against the real server: with every
 * arrow shown (the RFC-only ones too), no label lies on another label, on a state or on any line, at 1400×900 in
 * normal and Large type, in English and in Chinese; on the projector at 1920×1080 arrow labels and state names are
 * 18 px or more and the lab fits the one screen (the whole diagram, the header and the ladder in view, nothing to
 * scroll, axe-clean); on a phone (375×812) the diagram does not make the page scroll sideways. Every rendered box
 * is measured (diagramProblems and projectorFit in support.ts). Screenshots land in artifacts/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  diagramProblems,
  expectStates,
  launchBrowser,
  projectorFit,
  screenshotPath,
  seriousAxeViolations,
  startServer,
  type RunningServer,
  signUpWithClass,
} from './support';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function newPage(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const labelSize = (page: Page, size: string) =>
  page.waitForFunction(
    (expected) => document.querySelector('.state-diagram svg')?.getAttribute('data-label-size') === expected,
    size,
  );

/** Shows the RFC-only arrows (in either language: the switch is the diagram legend's checkbox). */
async function showEveryArrow(page: Page) {
  const toggle = page.locator('.state-diagram .legend-toggle input');
  if (!(await toggle.isChecked())) await toggle.check();
  await page.locator('.state-diagram .arrow--minor').first().waitFor({ state: 'visible' });
  // the pointer off the diagram: a hovered arrow's label is drawn bold
  await page.mouse.move(1, 1);
}

/** Asserts a clean diagram and returns what was measured, named for the failure message. */
async function expectClean(page: Page, what: string) {
  const measured = await diagramProblems(page);
  expect({ what, problems: measured.problems }).toEqual({ what, problems: [] });
  // every labelled arrow of the table was measured, and the 2MSL note under TIME_WAIT with them
  expect(measured.labels).toBeGreaterThan(25);
  return measured;
}

test('the diagram with every arrow shown is untangled at 1400 px, in Large type, in Chinese, on the projector and on a phone', async () => {
  // A teacher and two students in a lab, stopped after the handshake's first two segments.
  const teacher = await newPage(1400, 900);
  const { classId, code } = await signUpWithClass(teacher, server.url, {
    emailPrefix: 'diagram',
    name: 'Ms Ho',
    className: 'Diagram 1',
  });
  const students: Page[] = [];
  for (const [name, width, height] of [
    ['Ana', 1400, 900],
    ['Bo', 375, 812],
  ] as const) {
    const page = await newPage(width, height);
    await page.goto(`${server.url}/#/join?code=${code}`);
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('waiting').waitFor();
    students.push(page);
  }
  await teacher.getByLabel('Clock').selectOption('0');
  await teacher.getByRole('button', { name: 'Pair automatically' }).click();
  await teacher.locator('[data-lab-id]').first().waitFor();
  for (const page of students) await page.getByTestId('lab-screen').waitFor();
  const roles = await Promise.all(students.map((page) => page.getByTestId('my-role').textContent()));
  const [desk, phone] = students;
  const deskRole = roles[0] === 'Client' ? 'client' : 'server';
  const [client, srv] = deskRole === 'client' ? [desk, phone] : [phone, desk];
  await srv.getByRole('button', { name: 'listen()' }).click();
  await client.getByRole('button', { name: 'connect()' }).click();
  await expectStates(desk, 'SYN_SENT', 'LISTEN');

  // 1400×900, every arrow shown: normal labels, then Large type (labels grow and stay apart).
  await showEveryArrow(desk);
  await labelSize(desk, '16');
  const normal = await expectClean(desk, '1400 px, English');
  await desk.getByTestId('two-msl').waitFor();
  await desk.locator('.state-diagram svg').screenshot({ path: screenshotPath('diagram-1400-all-arrows') });
  await desk.locator('.large-type-toggle input').check();
  await labelSize(desk, '22');
  const large = await expectClean(desk, '1400 px, English, Large type');
  // on screen: the labels clearly larger, the state names not smaller
  expect(large.smallestLabelPx).toBeGreaterThan(normal.smallestLabelPx * 1.1);
  expect(large.smallestStatePx).toBeGreaterThanOrEqual(normal.smallestStatePx - 0.5);
  await desk
    .locator('.state-diagram svg')
    .screenshot({ path: screenshotPath('diagram-1400-all-arrows-large') });

  // Chinese: other widths, the same rules; back to normal type.
  await desk.getByRole('button', { name: '中文' }).click();
  await desk.locator('.state-diagram .arrow-label', { hasText: '收到 SYN,ACK' }).first().waitFor();
  await expectClean(desk, '1400 px, Chinese, Large type');
  await desk
    .locator('.state-diagram svg')
    .screenshot({ path: screenshotPath('diagram-1400-all-arrows-large-zh') });
  await desk.locator('.large-type-toggle input').uncheck();
  await labelSize(desk, '16');
  await expectClean(desk, '1400 px, Chinese');
  await desk.locator('.state-diagram svg').screenshot({ path: screenshotPath('diagram-1400-all-arrows-zh') });
  await desk.getByRole('button', { name: 'English' }).click();
  await desk.locator('.state-diagram .arrow-label', { hasText: 'rcv SYN,ACK' }).first().waitFor();

  // The phone: the diagram fits the width, nothing scrolls sideways (its labels are small there: the text
  // version under it is for reading).
  await showEveryArrow(phone);
  const narrow = await phone.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    diagram: document.querySelector('.state-diagram svg')!.getBoundingClientRect().right,
  }));
  expect(narrow.page).toBeLessThanOrEqual(375);
  expect(narrow.diagram).toBeLessThanOrEqual(375);
  await expectClean(phone, 'phone, 375 px');
  await phone.locator('.state-diagram').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: screenshotPath('diagram-phone-375') });

  // The projector at 1920×1080 (the teacher's second screen, signed in the same way).
  const labId = await teacher.locator('[data-lab-id]').first().getAttribute('data-lab-id');
  const projector = await newPage(1920, 1080);
  await projector.goto(`${server.url}/#/teacher`);
  const token = await teacher.evaluate(() => localStorage.getItem('tcp-lab.instructorToken'));
  await projector.evaluate((value) => localStorage.setItem('tcp-lab.instructorToken', value!), token);
  await projector.goto(`${server.url}/#/teacher/lab/${labId}/projector`);
  await projector.getByTestId('lab-projector').locator('.state-diagram svg').waitFor();
  await expectStates(projector, 'SYN_SENT', 'LISTEN');
  await showEveryArrow(projector);
  await labelSize(projector, '22');
  for (const lang of ['en', 'zh'] as const) {
    if (lang === 'zh') {
      await projector.getByRole('button', { name: '中文' }).click();
      await projector.locator('.state-diagram .arrow-label', { hasText: '收到 SYN,ACK' }).first().waitFor();
    }
    const big = await expectClean(projector, `projector, ${lang}`);
    expect({ lang, label: big.smallestLabelPx >= 18, state: big.smallestStatePx >= 18 }).toEqual({
      lang,
      label: true,
      state: true,
    });
    // one screen, nothing to scroll: the whole diagram and the ladder in view, the ladder at its latest row
    const fit = await projectorFit(projector);
    expect({
      lang,
      scrollsDown: fit.scrollHeight > fit.innerHeight,
      scrollsSideways: fit.scrollWidth > fit.innerWidth,
    }).toEqual({ lang, scrollsDown: false, scrollsSideways: false });
    const inView = (box: { left: number; top: number; right: number; bottom: number } | null) =>
      box !== null && box.left >= 0 && box.top >= 0 && box.right <= 1920 && box.bottom <= 1080;
    expect({ lang, diagram: inView(fit.diagram), ladder: inView(fit.ladder) }).toEqual({
      lang,
      diagram: true,
      ladder: true,
    });
    // the diagram fills most of the screen's height (its labels are measured above)
    expect(fit.diagram!.bottom - fit.diagram!.top).toBeGreaterThan(900);
    expect(fit.ladder!.height).toBeGreaterThan(100);
    expect(fit.ladderFromLatestRow).toBeLessThanOrEqual(1);
    expect(fit.smallestLadderLabelPx).toBeGreaterThanOrEqual(18);
    expect({ lang, cut: fit.ladderTextsCut }).toEqual({ lang, cut: [] });
    expect({ lang, violations: await seriousAxeViolations(projector) }).toEqual({ lang, violations: [] });
    await projector.screenshot({ path: screenshotPath(`diagram-projector-1920-${lang}-screen`) });
    await projector
      .getByTestId('projector-ladder')
      .screenshot({ path: screenshotPath(`diagram-projector-1920-${lang}-ladder`) });
    await projector
      .locator('.state-diagram svg')
      .screenshot({ path: screenshotPath(`diagram-projector-1920-${lang}`) });
  }
  expect(classId).toBeTruthy();
});
