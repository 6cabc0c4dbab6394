/**
 * Quiz mode in real headless Chromium against the real server: the instructor builds a quiz from the catalogue
 * and starts it; a student finds it from the waiting screen, answers one decision right and one wrong with the
 * stack-mode composer, sees the verdicts and the grade; the instructor's gradebook shows the same grade live.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchBrowser,
  screenshotPath,
  seriousAxeViolations,
  startServer,
  type RunningServer,
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

async function newPage(init?: { instructorToken?: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US' });
  contexts.push(context);
  if (init?.instructorToken) {
    await context.addInitScript(
      (token) => localStorage.setItem('tcp-lab.instructorToken', token),
      init.instructorToken,
    );
  }
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function post(path: string, body: unknown, token?: string) {
  const response = await fetch(`${server.url}/api${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Fills the stack-mode composer: the next state and one segment. */
async function answer(page: Page, state: string, segment: { flags: string[]; seq: number; ack?: number }) {
  await page.getByLabel('Next state').selectOption(state);
  await page.getByRole('button', { name: '+ Add a segment' }).click();
  const group = page.getByRole('group', { name: 'Segment 1' });
  for (const flag of segment.flags) await group.getByLabel(flag, { exact: true }).check();
  await group.getByLabel('seq of segment 1', { exact: true }).fill(String(segment.seq));
  if (segment.ack !== undefined)
    await group.getByLabel('ack of segment 1', { exact: true }).fill(String(segment.ack));
  await page.getByRole('button', { name: 'Submit answer' }).click();
}

test('a student plays one quiz task through the UI and the grade reaches both screens', async () => {
  // The instructor's account and class come from the API (the class flow has its own browser test).
  const { token } = await post('/auth/register', {
    email: `quiz-${Date.now()}@school.example`,
    name: 'Mr Wu',
    password: 'correct horse battery',
  });
  const classroom = await post('/classrooms', { name: 'Quiz class' }, token);

  const student = await newPage();
  await student.goto(`${server.url}/`);
  await student.getByLabel('Class code').fill(classroom.joinCode);
  await student.getByLabel('Your name').fill('Mei');
  await student.getByRole('button', { name: 'Join' }).click();
  await student.getByTestId('waiting').waitFor();

  // The instructor builds the quiz from the catalogue and starts it.
  const teacher = await newPage({ instructorToken: token });
  await teacher.goto(`${server.url}/#/teacher/class/${classroom.id}`);
  await teacher.getByTestId('quiz-link').click();
  await teacher.getByTestId('quiz-builder').waitFor();
  await teacher.getByLabel('Title', { exact: true }).fill('Handshake check');
  await teacher.getByRole('button', { name: 'Add: Play the client through a normal open' }).click();
  await teacher.getByTestId('quiz-draft-tasks').getByText('Play the client through a normal open').waitFor();
  await teacher.screenshot({ path: screenshotPath('quiz-builder'), fullPage: true });
  expect(await seriousAxeViolations(teacher)).toEqual([]);
  await teacher.getByRole('button', { name: 'Create quiz' }).click();
  await teacher.getByTestId('quiz-results-page').waitFor();
  await teacher.getByRole('button', { name: 'Start quiz' }).click();
  await teacher.getByTestId('quiz-status').getByText('Running').waitFor();

  // The quiz pulls the student from the waiting screen, with a banner that says why; the student answers.
  await student.getByTestId('quiz-pulled').waitFor({ timeout: 20_000 });
  await student.getByTestId('quiz-current').waitFor();
  await student.screenshot({ path: screenshotPath('quiz-student-pulled') });
  await student
    .getByTestId('pending-event')
    .getByText(/connect/)
    .waitFor();
  await student.getByTestId('quiz-timer').waitFor();
  expect(await seriousAxeViolations(student)).toEqual([]);
  await answer(student, 'SYN_SENT', { flags: ['SYN'], seq: 1000 });
  await student.getByTestId('quiz-verdict').getByText('Correct.').waitFor();
  await student
    .getByTestId('pending-event')
    .getByText(/SYN,ACK/)
    .waitFor();
  // wrong acknowledgment number: the SYN,ACK's seq is 5000, so the ACK must acknowledge 5001
  await answer(student, 'ESTABLISHED', { flags: ['ACK'], seq: 1001, ack: 5000 });
  await student
    .getByTestId('quiz-verdict')
    .getByText(/Not quite.*Expected: ESTABLISHED; ACK seq=1001 ack=5001/)
    .waitFor();
  await student.getByTestId('quiz-results').getByText('Score: 1 / 2').waitFor();
  await student.screenshot({ path: screenshotPath('quiz-student-results'), fullPage: true });
  expect(await seriousAxeViolations(student)).toEqual([]);

  // The instructor's gradebook shows the same grade, live.
  const row = teacher.getByTestId('quiz-gradebook').getByRole('row', { name: /Mei/ });
  await row.getByText('1/2').first().waitFor();
  // the most-missed table names the transition in plain words, not by its rule id
  await teacher
    .getByTestId('quiz-most-missed')
    .getByText('SYN_SENT → ESTABLISHED: rcv SYN,ACK / ACK')
    .waitFor();
  expect(await teacher.getByTestId('quiz-most-missed').textContent()).not.toContain('--');
  await teacher.screenshot({ path: screenshotPath('quiz-instructor-results'), fullPage: true });
  expect(await seriousAxeViolations(teacher)).toEqual([]);

  // The CSV link downloads the same grade.
  const href = await teacher.getByTestId('gradebook-csv').getAttribute('href');
  const csv = await (await fetch(`${server.url}${href}`)).text();
  expect(
    csv.split('\r\n')[1].split(',').slice(0, 1).concat(csv.split('\r\n')[1].split(',').slice(2)),
  ).toEqual(['Mei', '1', '1', '2', '50']);

  // Chinese works on the student's screen too.
  await student.getByRole('button', { name: '中文' }).click();
  await student.getByText('得分：1 / 2').waitFor();
  await teacher.getByRole('button', { name: '中文' }).click();
  await teacher.getByRole('heading', { name: '成绩册' }).waitFor();
  await teacher.screenshot({ path: screenshotPath('quiz-instructor-results-zh'), fullPage: true });
});
