/**
 * Classroom readiness (issue 10) in real headless Chromium against the real server: a teacher and two students
 * (one with a very long name), a keyboard, a phone, a projector and the Chinese UI. Every main state is checked
 * with axe-core (no serious or critical violation), and the screenshots land in artifacts/screenshots/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectStates,
  launchBrowser,
  overlappingLabels,
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
  server = await startServer({ PUBLIC_URL: 'http://10.20.30.40:8080/' });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function newContext(width: number, height: number): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  contexts.push(context);
  return context;
}

async function newPage(width = 1400, height = 900): Promise<Page> {
  const page = await (await newContext(width, height)).newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function expectNoSeriousViolations(page: Page, what: string) {
  const violations = await seriousAxeViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}

/** Rendered font size in CSS px of the smallest visible element matching `selector` inside an SVG. */
async function smallestRenderedFont(page: Page, selector: string): Promise<number> {
  return page.evaluate((css) => {
    let smallest = Infinity;
    for (const element of document.querySelectorAll<SVGGraphicsElement>(css)) {
      if (element.getBoundingClientRect().width === 0) continue;
      // a ladder label lies along its sloping arrow: the scale is the matrix's length, not its a
      const matrix = element.getScreenCTM();
      const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
      const size = parseFloat(getComputedStyle(element).fontSize) * scale;
      smallest = Math.min(smallest, size);
    }
    return smallest;
  }, selector);
}

test('a class is classroom-ready: plain words, keyboard, phone, projector, TCB, Chinese, axe-clean', async () => {
  // The teacher registers and creates a class; the dashboard shows the configured join address and a QR code.
  const teacher = await newPage(1400, 900);
  await teacher.goto(`${server.url}/#/teacher`);
  await expectNoSeriousViolations(teacher, 'teacher sign-in');
  const { classId, code } = await signUpWithClass(teacher, server.url, {
    emailPrefix: 'ready',
    name: 'Ms Lin',
    className: 'Networks 101',
  });
  await teacher.getByTestId('join-at').getByText('http://10.20.30.40:8080/').waitFor();
  await teacher.getByTestId('join-qr').locator('svg').waitFor();
  expect(await teacher.getByTestId('join-qr').getAttribute('data-url')).toBe(
    `http://10.20.30.40:8080/#/join?code=${code}`,
  );
  await expectNoSeriousViolations(teacher, 'dashboard');

  // The join screen for the projector.
  const projector = await newPage(1920, 1080);
  // the projector is the teacher's second screen: the same sign-in (a browser context of its own here)
  await projector.goto(`${server.url}/#/teacher`);
  const token = await teacher.evaluate(() => localStorage.getItem('tcp-lab.instructorToken'));
  await projector.evaluate((value) => localStorage.setItem('tcp-lab.instructorToken', value!), token);
  await projector.goto(`${server.url}/#/teacher/class/${classId}/projector`);
  await projector.getByTestId('join-url').getByText('http://10.20.30.40:8080/').waitFor();
  await projector.getByTestId('join-qr').locator('svg').waitFor();
  await projector.screenshot({ path: screenshotPath('ready-join-screen-1920') });
  await expectNoSeriousViolations(projector, 'class projector');

  // Two students join; one has a very long name. The QR code's address pre-fills the class code.
  const longName = 'Maximiliana-Konstantinopolskaya-Wolfesch'; // 40 characters, the most a name may have
  const studentContexts: BrowserContext[] = [];
  const students: Page[] = [];
  for (const name of ['Ana', longName]) {
    const context = await newContext(1400, 900);
    studentContexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/#/join?code=${code}`);
    expect(await page.getByLabel('Class code').inputValue()).toBe(code);
    if (students.length === 0) await expectNoSeriousViolations(page, 'join page');
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('waiting').waitFor();
    students.push(page);
  }
  await expectNoSeriousViolations(students[0], 'waiting screen');
  await teacher.getByTestId('roster').getByText(longName).waitFor();

  // Pair with the clock stopped (no retransmission while the students deliver by hand).
  await teacher.getByLabel('Clock').selectOption('0');
  await teacher.getByRole('button', { name: 'Pair automatically' }).click();
  await teacher.locator('[data-lab-id]').first().waitFor();
  const card = teacher.locator('[data-lab-id]').first();
  await card.getByTestId('card-scenario').getByText('Free play (no scenario)').waitFor();
  expect(await card.getByTestId('card-scenario').textContent()).toContain('Socket calls');
  // long names stay inside the card and the roster
  for (const selector of ['[data-lab-id]', '[data-testid="roster"]'])
    expect(
      await teacher
        .locator(selector)
        .first()
        .evaluate((element) => element.scrollWidth - element.clientWidth),
    ).toBeLessThanOrEqual(0);
  await teacher.screenshot({ path: screenshotPath('ready-dashboard-long-name'), fullPage: true });

  for (const page of students) await page.getByTestId('lab-screen').waitFor();
  const roles = await Promise.all(students.map((page) => page.getByTestId('my-role').textContent()));
  const client = students[roles.indexOf('Client')];
  const serverSide = students[roles.indexOf('Server')];

  // The TCB panel: the student can read the ISS before sending the first SYN.
  const clientTcb = client.getByTestId('tcb-client');
  await clientTcb.waitFor();
  for (const name of ['ISS', 'IRS', 'SND.UNA', 'SND.NXT', 'SND.WND', 'RCV.NXT', 'RCV.WND'])
    await clientTcb.locator(`[data-var="${name}"]`).waitFor();
  const iss = Number(await clientTcb.locator('[data-var="ISS"] dd').textContent());
  expect(Number.isInteger(iss)).toBe(true);
  await expectNoSeriousViolations(client, 'student lab');

  // Keyboard: from the top of the page, connect() is a few Tab presses away (the skip link goes straight there).
  await serverSide.getByRole('button', { name: 'listen()' }).click();
  await expectStates(client, 'CLOSED', 'LISTEN');
  await client.locator('body').click({ position: { x: 1, y: 1 } });
  await client.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  let presses = 0;
  for (; presses < 20; presses++) {
    await client.keyboard.press('Tab');
    if (await client.evaluate(() => document.activeElement?.textContent === 'connect()')) break;
  }
  expect(presses + 1).toBeLessThanOrEqual(10);
  await client.keyboard.press('Enter');
  await expectStates(client, 'SYN_SENT', 'LISTEN');
  // focus stays on the control, the feedback is beside it and inside the first screen
  expect(await client.evaluate(() => document.activeElement?.textContent)).toBe('connect()');
  const feedback = client.getByTestId('feedback');
  await feedback.getByText('Client: CLOSED → SYN_SENT').waitFor();
  const box = (await feedback.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(900);
  await client.screenshot({ path: screenshotPath('ready-feedback-near-controls-1400') });

  // An illegal call: plain words, no internal code on screen.
  await client.getByRole('button', { name: 'listen()' }).click();
  await client.locator('.feedback--rejected').waitFor();
  const rejected = (await client.locator('.feedback--rejected').textContent())!;
  const errorCode = (await client.locator('.feedback--rejected').getAttribute('data-code'))!;
  expect(errorCode).toMatch(/^[A-Z_]+$/);
  expect(rejected).not.toContain(errorCode);
  expect(rejected).not.toMatch(/WRONG_STATE|NOT_IN_STATE|LAB_NOT_RUNNING|--/);

  // Network buttons have unique accessible names; delivering by keyboard keeps the focus on the page.
  await serverSide
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .waitFor();
  const names = await serverSide
    .locator('.in-flight button')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
  expect(new Set(names).size).toBe(names.length);
  await serverSide
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .focus();
  await serverSide.keyboard.press('Enter');
  await expectStates(serverSide, 'SYN_SENT', 'SYN_RCVD');
  await serverSide.waitForFunction(() => document.activeElement !== document.body);
  expect(await serverSide.evaluate(() => document.activeElement?.closest('.feedback-slot') !== null)).toBe(
    true,
  );
  await expectNoSeriousViolations(serverSide, 'student lab with segments in flight');

  // The SYN,ACK arrives at the client; the TCB shows IRS and RCV.NXT now.
  await client
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .click();
  await expectStates(client, 'ESTABLISHED', 'SYN_RCVD');
  expect(await clientTcb.locator('[data-var="IRS"] dd').textContent()).toMatch(/^\d+$/);
  expect(Number(await clientTcb.locator('[data-var="SND.NXT"] dd').textContent())).toBe(iss + 1);

  // The diagram at 1400 px: no two labels overlap, and Large type enlarges them (still without overlap).
  expect(await overlappingLabels(client)).toEqual([]);
  const normalLabel = await smallestRenderedFont(client, '.state-diagram .arrow-label');
  expect(normalLabel).toBeGreaterThanOrEqual(11);
  await client.locator('.state-diagram svg').screenshot({ path: screenshotPath('ready-diagram-1400') });
  await client.getByLabel('Large type').check();
  await client.waitForFunction(() =>
    document.querySelector('.state-diagram svg')?.getAttribute('data-label-size')?.startsWith('22'),
  );
  expect(await overlappingLabels(client)).toEqual([]);
  expect(await smallestRenderedFont(client, '.state-diagram .arrow-label')).toBeGreaterThan(normalLabel);
  await client.locator('.state-diagram svg').screenshot({ path: screenshotPath('ready-diagram-1400-large') });
  await client.getByLabel('Large type').uncheck();
  await client.getByTestId('two-msl').waitFor();

  // The projector view of this lab at 1920×1080: state names and arrow labels ≥ 18 px.
  await teacher.goto(`${server.url}/#/teacher/class/${classId}`);
  const labId = await teacher.locator('[data-lab-id]').first().getAttribute('data-lab-id');
  await projector.goto(`${server.url}/#/teacher/lab/${labId}/projector`);
  await projector.getByTestId('lab-projector').locator('.state-diagram svg').waitFor();
  await expectStates(projector, 'ESTABLISHED', 'SYN_RCVD');
  expect(await smallestRenderedFont(projector, '.state-diagram .arrow-label')).toBeGreaterThanOrEqual(18);
  expect(await smallestRenderedFont(projector, '.state-diagram .state-id')).toBeGreaterThanOrEqual(18);
  expect(await smallestRenderedFont(projector, '.ladder .segment-label')).toBeGreaterThanOrEqual(18);
  expect(await overlappingLabels(projector)).toEqual([]);
  // one screen, nothing to scroll; this ladder is longer than its box: it scrolls inside, kept at its latest row
  const fit = await projectorFit(projector);
  expect([fit.scrollHeight <= fit.innerHeight, fit.scrollWidth <= fit.innerWidth]).toEqual([true, true]);
  expect(fit.ladderFromLatestRow).toBeLessThanOrEqual(1);
  await projector.screenshot({ path: screenshotPath('ready-lab-projector-1920') });
  await expectNoSeriousViolations(projector, 'lab projector');

  // Chinese: the arrow labels and citations are translated, and a second tab follows the switch.
  const secondTab = await studentContexts[roles.indexOf('Client')].newPage();
  await secondTab.goto(`${server.url}/#/lab`);
  await secondTab.getByTestId('lab-screen').waitFor();
  await client.getByRole('button', { name: '中文' }).click();
  await secondTab.getByTestId('my-role').getByText('客户端').waitFor();
  await client.locator('.state-diagram .arrow-label', { hasText: '收到 SYN,ACK' }).first().waitFor();
  expect(await client.locator('.state-diagram').textContent()).not.toMatch(/appl:|rcv |timeout/);
  expect(await overlappingLabels(client)).toEqual([]);
  await client.screenshot({ path: screenshotPath('ready-lab-zh-1400'), fullPage: true });
  await expectNoSeriousViolations(client, 'student lab in Chinese');
  await client.getByRole('button', { name: 'English' }).click();
  await secondTab.getByTestId('my-role').getByText('Client').waitFor();
  await secondTab.close();

  // A phone: the whole lab fits 375 px, the controls are on the first screen, the server's line is visible.
  await serverSide.setViewportSize({ width: 375, height: 812 });
  await serverSide.reload();
  await serverSide.getByTestId('lab-screen').waitFor();
  expect(
    await serverSide.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  const listen = (await serverSide.getByRole('button', { name: 'listen()' }).boundingBox())!;
  expect(listen.y + listen.height).toBeLessThanOrEqual(812);
  const serverLine = (await serverSide.locator('.ladder .lifeline--server line').boundingBox())!;
  expect(serverLine.x + serverLine.width).toBeLessThanOrEqual(375);
  await serverSide.screenshot({ path: screenshotPath('ready-lab-phone-375') });
  await serverSide.screenshot({ path: screenshotPath('ready-lab-phone-375-full'), fullPage: true });
  await serverSide
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .click();
  await expectStates(serverSide, 'ESTABLISHED', 'ESTABLISHED');
  await expectNoSeriousViolations(serverSide, 'student lab on a phone');

  // Reset asks first; dismissed, nothing happens; accepted, the round restarts and old feedback is gone.
  await client.getByTestId('feedback').waitFor();
  teacher.once('dialog', (dialog) => void dialog.dismiss());
  await teacher.locator('button[data-action="reset"]').click();
  await teacher.waitForTimeout(300);
  await expectStates(client, 'ESTABLISHED', 'ESTABLISHED');
  teacher.once('dialog', (dialog) => void dialog.accept());
  await teacher.locator('button[data-action="reset"]').click();
  await expectStates(client, 'CLOSED', 'CLOSED');
  expect(await client.getByTestId('feedback').count()).toBe(0);
  // The explanation names the application, not a role: the server's student may connect() too.
  await serverSide.getByRole('button', { name: 'connect()' }).click();
  const serverFeedback = serverSide.getByTestId('feedback');
  await serverFeedback.getByText('Server: CLOSED → SYN_SENT').waitFor();
  expect(await serverFeedback.textContent()).toContain('The application calls connect()');
  expect(await serverFeedback.textContent()).not.toContain('client program');

  // End asks first; "Start" on ended labs says why nothing starts.
  teacher.once('dialog', (dialog) => void dialog.accept());
  await teacher.locator('button[data-action="end"]').click();
  await card.locator('.status--ended').waitFor();
  await teacher.locator('button[data-action="start"]').click();
  await teacher.getByText('has ended and does not start again').waitFor();
  await teacher.getByLabel(/Hide ended labs/).check();
  expect(await teacher.locator('[data-lab-id]').count()).toBe(0);
  await teacher.screenshot({ path: screenshotPath('ready-dashboard-ended-hidden'), fullPage: true });

  // Leaving a seat asks first.
  client.once('dialog', (dialog) => void dialog.dismiss());
  await client.getByRole('button', { name: 'Leave this seat' }).click();
  await client.waitForTimeout(200);
  expect(client.url()).toContain('#/lab');

  // The watch page and the replay page are axe-clean too.
  await teacher.goto(`${server.url}/#/teacher/lab/${labId}`);
  await teacher.getByText('Watching a lab').waitFor();
  await expectNoSeriousViolations(teacher, 'watch page');
  // Round history: the reset made round 2; round 1 can still be replayed and downloaded, named by class,
  // lab, round and date.
  const history = teacher.getByTestId('round-history');
  await history.locator('[data-round="2"]').waitFor();
  const today = new Date().toISOString().slice(0, 10);
  await history.locator('[data-round="1"] a[download^="networks-101_"]').first().waitFor();
  const jsonName = await history.locator('[data-round="1"] a', { hasText: 'JSON' }).getAttribute('download');
  expect(jsonName).toBe(`networks-101_lab-${labId!.slice(0, 6)}_round-1_${today}.json`);
  const [download] = await Promise.all([
    teacher.waitForEvent('download'),
    history.locator('[data-round="1"] a', { hasText: 'JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(jsonName);
  const round1 = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    entries: unknown[];
  };
  expect(round1.entries.length).toBeGreaterThanOrEqual(5);
  await teacher.screenshot({ path: screenshotPath('ready-watch-rounds'), fullPage: true });
  await history.getByRole('link', { name: 'Replay: Round 1' }).click();
  await teacher.getByRole('heading', { name: /Round 1/ }).waitFor();
  const position = await teacher.getByTestId('replay-position').textContent();
  expect(position).toMatch(new RegExp(`of ${round1.entries.length}$`));
  await expectNoSeriousViolations(teacher, 'replay page');
  await teacher.goto(`${server.url}/#/teacher/class/${classId}/mistakes`);
  await teacher.locator('.state-diagram svg').waitFor();
  await expectNoSeriousViolations(teacher, 'mistakes page');
});
