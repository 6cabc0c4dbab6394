/**
 * A whole lesson in real headless Chromium against the real server: an instructor registers and creates a class,
 * two students join from separate browser contexts, get paired, open the connection with the three-way handshake
 * and close it with the four-way close by clicking (calls mode, manual network); the dashboard follows both labs'
 * states; one student reloads mid-lab and carries on; the language switch changes the text and is remembered.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { STATE_INFO } from '@tcp-lab/tcp-core';
import { expectStates, launchBrowser, screenshotPath, startServer, type RunningServer } from './support';

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

async function newPage(width = 1440, height = 1000): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function deliverOne(page: Page) {
  await page
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .click();
}

test('an instructor runs a class: two students open and close a TCP connection by clicking', async () => {
  // The instructor registers and creates a class.
  const teacher = await newPage();
  await teacher.goto(`${server.url}/#/teacher`);
  await teacher.getByRole('tab', { name: 'Create an account' }).click();
  await teacher.getByLabel('Email').fill(`teacher-${Date.now()}@school.example`);
  await teacher.getByLabel('Name').fill('Ms Lin');
  await teacher.getByLabel('Password (at least 8 characters)').fill('correct horse battery');
  await teacher.getByRole('button', { name: 'Create an account' }).last().click();
  await teacher.getByLabel('New class name').fill('Networks 101');
  await teacher.getByRole('button', { name: 'Create class' }).click();
  await teacher.waitForURL(/#\/teacher\/class\//);
  const classId = teacher.url().split('#/teacher/class/')[1];
  const joinCode = (await teacher.getByTestId('join-code').textContent({ timeout: 15_000 }))!.trim();
  await teacher.waitForFunction(
    () => !document.querySelector('[data-testid="join-code"]')?.textContent?.includes('·'),
  );
  const code = (await teacher.getByTestId('join-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4,}$/);
  expect(joinCode.length).toBeGreaterThan(0);

  // Two students join from separate browsers and wait.
  const students: Page[] = [];
  for (const name of ['Alice', 'Bob', 'Carol']) {
    const page = await newPage(1280, 1000);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Class code').fill(code);
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('waiting').waitFor();
    students.push(page);
  }
  await teacher.getByTestId('roster').getByText('Alice').waitFor();
  await teacher.getByTestId('roster').getByText('Bob').waitFor();
  await teacher.getByTestId('roster').getByText('Carol').waitFor();

  // Pair automatically: calls mode, manual network (the defaults), started at once. Nobody touches the clock: with
  // a manual network it is stopped by default, so no SYN is retransmitted while the students deliver by hand; an
  // auto network goes back to the server's pace.
  const clockSelect = teacher.getByLabel('Clock');
  expect(await clockSelect.inputValue()).toBe('0');
  await teacher.getByLabel('Network').selectOption('auto');
  expect(await clockSelect.inputValue()).toBe('');
  await teacher.getByLabel('Network').selectOption('manual');
  expect(await clockSelect.inputValue()).toBe('0');
  await teacher.getByRole('button', { name: 'Pair automatically' }).click();
  await teacher.locator('[data-lab-id]').nth(1).waitFor();
  const carol = students.pop()!; // the odd one out plays the client against the built-in server
  await teacher.screenshot({ path: screenshotPath('dashboard-paired'), fullPage: true });

  for (const page of students) await page.getByTestId('lab-screen').waitFor();
  const roles = await Promise.all(students.map((page) => page.getByTestId('my-role').textContent()));
  const client = students[roles.indexOf('Client')];
  const server_ = students[roles.indexOf('Server')];
  expect(client).toBeDefined();
  expect(server_).toBeDefined();
  await client
    .getByTestId('clock-status')
    .getByText('The clock is stopped: it only moves when you let a timer fire.')
    .waitFor();

  // Three-way handshake.
  await server_.getByRole('button', { name: 'listen()' }).click();
  await expectStates(client, 'CLOSED', 'LISTEN');
  await client.getByRole('button', { name: 'connect()' }).click();
  await expectStates(server_, 'SYN_SENT', 'LISTEN');
  await client.getByTestId('feedback').getByText('Client: CLOSED → SYN_SENT').waitFor();
  await deliverOne(server_); // SYN arrives; SYN,ACK goes back
  await expectStates(client, 'SYN_SENT', 'SYN_RCVD');
  await deliverOne(client); // SYN,ACK arrives; ACK goes out
  await expectStates(server_, 'ESTABLISHED', 'SYN_RCVD');
  await deliverOne(server_); // the last ACK
  await expectStates(client, 'ESTABLISHED', 'ESTABLISHED');
  await expectStates(server_, 'ESTABLISHED', 'ESTABLISHED');

  // An illegal call is refused with a reason.
  await server_.getByRole('button', { name: 'listen()' }).click();
  await server_.locator('.feedback--rejected').waitFor();
  // plain words for the student; the code stays in the API (and a data attribute for tests)
  expect(await server_.locator('.feedback--rejected').textContent()).not.toContain('NOT_IN_STATE');
  expect(await server_.locator('.feedback--rejected').getAttribute('data-code')).toBe('NOT_IN_STATE');

  // The dashboard follows both labs.
  const card = teacher.locator('[data-lab-id]', { hasText: 'Alice' });
  const carolCard = teacher.locator('[data-lab-id]', { hasText: 'Carol' });
  expect(await carolCard.textContent()).toContain('built-in endpoint');
  await carol.getByRole('button', { name: 'connect()' }).click();
  await carolCard.getByTestId('card-client-state').getByText('SYN_SENT').waitFor();
  await card.getByTestId('card-client-state').getByText('ESTABLISHED').waitFor();
  await card.getByTestId('card-server-state').getByText('ESTABLISHED').waitFor();
  await client.screenshot({ path: screenshotPath('lab-established-client'), fullPage: true });

  // The client reloads mid-lab and comes back to the same seat.
  await client.reload();
  await client.getByTestId('lab-screen').waitFor();
  expect(await client.getByTestId('my-role').textContent()).toBe('Client');
  await expectStates(client, 'ESTABLISHED', 'ESTABLISHED');
  expect(await client.locator('.ladder [data-fate="delivered"]').count()).toBe(3);

  // Four-way close, the client closing first.
  await client.getByRole('button', { name: 'close()' }).click();
  await expectStates(server_, 'FIN_WAIT_1', 'ESTABLISHED');
  await deliverOne(server_); // FIN arrives; ACK goes back
  await expectStates(client, 'FIN_WAIT_1', 'CLOSE_WAIT');
  await deliverOne(client); // the ACK of the FIN
  await expectStates(server_, 'FIN_WAIT_2', 'CLOSE_WAIT');
  await server_.getByRole('button', { name: 'close()' }).click();
  await expectStates(client, 'FIN_WAIT_2', 'LAST_ACK');
  await deliverOne(client); // the server's FIN; the last ACK goes out
  await expectStates(server_, 'TIME_WAIT', 'LAST_ACK');
  await deliverOne(server_);
  await expectStates(client, 'TIME_WAIT', 'CLOSED');
  await card.getByTestId('card-client-state').getByText('TIME_WAIT').waitFor();
  await card.getByTestId('card-server-state').getByText('CLOSED').waitFor();
  await client.screenshot({ path: screenshotPath('lab-time-wait-client'), fullPage: true });
  await client.locator('.state-diagram svg').screenshot({ path: screenshotPath('state-diagram') });
  await client.locator('.ladder svg').screenshot({ path: screenshotPath('ladder') });
  await server_.screenshot({ path: screenshotPath('lab-closed-server'), fullPage: true });

  // TIME_WAIT ends when the student lets the 2MSL timer fire.
  await client
    .getByRole('button', { name: /^Let it fire/ })
    .first()
    .click();
  await expectStates(client, 'CLOSED', 'CLOSED');
  await card.getByTestId('card-client-state').getByText('CLOSED').waitFor();
  await teacher.screenshot({ path: screenshotPath('dashboard-after-close'), fullPage: true });
  await teacher.getByRole('button', { name: 'Projector size' }).click();
  await teacher.getByLabel('Large type').check();
  await teacher.screenshot({ path: screenshotPath('dashboard-projector') });
  await teacher.getByRole('button', { name: 'Projector size' }).click();
  await teacher.getByLabel('Large type').uncheck();

  // The language switch changes the text, sets <html lang> and survives a reload.
  await client.getByRole('button', { name: '中文' }).click();
  await client.getByText('套接字调用').first().waitFor();
  expect(await client.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  await client.reload();
  await client.getByTestId('lab-screen').waitFor();
  expect(await client.getByTestId('my-role').textContent()).toBe('客户端');
  // Keyboard: focus a state, pin its explanation with Enter; it is in Chinese now.
  await client.locator('[data-state="TIME_WAIT"]').focus();
  await client.keyboard.press('Enter');
  await client.locator('body').click({ position: { x: 5, y: 300 } });
  await client.getByTestId('explanation').getByText(STATE_INFO.TIME_WAIT.explain.zh).waitFor();
  await client.screenshot({ path: screenshotPath('lab-zh-client'), fullPage: true });
  // The same lab on a phone: everything reflows into one column, the diagrams scale down.
  await client.setViewportSize({ width: 390, height: 844 });
  expect(
    await client.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await client.screenshot({ path: screenshotPath('lab-phone-zh-client'), fullPage: true });

  // The instructor watches the lab, replays it and sees the class mistakes.
  await card.click();
  await teacher.getByText('Watching a lab').waitFor();
  await expectStates(teacher, 'CLOSED', 'CLOSED');
  await teacher.screenshot({ path: screenshotPath('instructor-watch'), fullPage: true });
  await teacher.getByRole('link', { name: 'Replay', exact: true }).click();
  await teacher.getByTestId('replay-position').waitFor();
  const total = Number((await teacher.getByTestId('replay-position').textContent())!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThanOrEqual(13);
  await teacher.keyboard.press('Home');
  await teacher.getByTestId('replay-position').getByText(`Step 0 of ${total}`).waitFor();
  for (let i = 0; i < 4; i++) await teacher.keyboard.press('ArrowRight');
  await teacher.getByTestId('replay-position').getByText(`Step 4 of ${total}`).waitFor();
  expect(await teacher.locator('.state--server[data-state="SYN_RCVD"]').count()).toBe(1);
  await teacher.screenshot({ path: screenshotPath('instructor-replay'), fullPage: true });

  // Next round in stack mode: the student answers for the TCP stack and a wrong answer is explained.
  await teacher.goto(`${server.url}/#/teacher/class/${classId}`);
  await teacher.getByLabel('Mode').selectOption('stack');
  await teacher.getByRole('button', { name: 'Apply scenario and mode' }).click();
  await server_.locator('.stack-composer').waitFor();
  await expectStates(server_, 'CLOSED', 'CLOSED');
  await server_.getByRole('button', { name: 'listen()' }).click();
  await server_.getByTestId('pending-event').getByText('Event to answer').waitFor();
  await server_.getByLabel('Next state').selectOption('SYN_RCVD');
  await server_.getByRole('button', { name: 'Submit answer' }).click();
  const feedback = server_.getByTestId('feedback');
  await feedback.getByText('Incorrect').waitFor();
  expect(await feedback.textContent()).toContain('The expected answer was: LISTEN');
  await server_.screenshot({ path: screenshotPath('lab-stack-incorrect-server'), fullPage: true });
  await card.getByText('1 mistake').waitFor();

  // The class view of mistakes colours the rule the class got wrong.
  await teacher.getByRole('link', { name: 'Class mistakes' }).click();
  await teacher.locator('.mistake-table').getByText('CLOSED → LISTEN').waitFor();
  expect(await teacher.locator('[data-rule-id="closed--listen--listen"]').getAttribute('style')).toContain(
    '--heat: #5b2a86',
  );
  await teacher.screenshot({ path: screenshotPath('instructor-mistakes'), fullPage: true });

  // The instructor opens the lab, starts a calls-mode round, drops the client's next segment and advances the
  // clock: the ladder shows the lost SYN and its retransmission.
  await teacher.goto(`${server.url}/#/teacher/class/${classId}`);
  await card.click();
  await teacher.getByText('Watching a lab').waitFor();
  await teacher.getByRole('button', { name: 'Apply scenario and mode' }).click();
  await server_.locator('.stack-composer').waitFor({ state: 'detached' });
  await teacher.locator('select[name="fault"]').selectOption('drop');
  await teacher.locator('select[name="faultFrom"]').selectOption('client');
  await teacher.getByRole('button', { name: 'Arm the fault' }).click();
  await server_.getByRole('button', { name: 'listen()' }).click();
  await expectStates(teacher, 'CLOSED', 'LISTEN');
  await client.getByRole('button', { name: 'connect()' }).click();
  await expectStates(teacher, 'SYN_SENT', 'LISTEN');
  await teacher.locator('.ladder [data-fate="dropped"]').waitFor();
  await teacher.getByRole('button', { name: 'Advance clock' }).click();
  await teacher.locator('.ladder .segment--retransmission').waitFor();
  expect(await teacher.locator('.ladder .segment--retransmission').textContent()).toContain('SYN');
  await server_.locator('.ladder [data-fate="dropped"]').waitFor();
  await teacher.screenshot({ path: screenshotPath('instructor-fault-retransmission'), fullPage: true });
});

test('the student screens fit a phone-sized window', async () => {
  const phone = await newPage(390, 844);
  await phone.goto(`${server.url}/`);
  await phone.getByLabel('Class code').waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: screenshotPath('join-phone'), fullPage: true });
});
