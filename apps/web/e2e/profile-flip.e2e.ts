/**
 * A student flips the profile and sees the difference (issue 12), in real headless Chromium against the real
 * server: two students play an open and an abort under RFC 9293, one of them starts the round again under Linux,
 * both see the new round, they play the same moves, and the ladder shows RST where RFC 9293 sends it and RST,ACK
 * where Linux does, each row saying whose rule applied. The instructor's account, class and pairing come from the
 * API (the class flow has its own browser test). Screenshots land in artifacts/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectStates,
  launchBrowser,
  overlappingLabels,
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

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function api(method: 'GET' | 'POST', path: string, body?: unknown, token?: string) {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function joinAs(code: string, name: string): Promise<Page> {
  const page = await newPage();
  await page.goto(`${server.url}/#/join?code=${code}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByTestId('waiting').waitFor();
  return page;
}

const deliver = (page: Page) =>
  page
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .click();

/** Open the connection with the UI and let the client abort it. */
async function openAndAbort(client: Page, server: Page) {
  await server.getByRole('button', { name: 'listen()' }).click();
  await expectStates(client, 'CLOSED', 'LISTEN');
  await client.getByRole('button', { name: 'connect()' }).click();
  await expectStates(client, 'SYN_SENT', 'LISTEN');
  await deliver(server);
  await expectStates(client, 'SYN_SENT', 'SYN_RCVD');
  await deliver(client);
  await expectStates(client, 'ESTABLISHED', 'SYN_RCVD');
  await deliver(server);
  await expectStates(client, 'ESTABLISHED', 'ESTABLISHED');
  await client.getByRole('button', { name: 'abort()' }).click();
  await expectStates(client, 'CLOSED', 'ESTABLISHED');
}

/** The label of the ladder's newest segment (the abort's reset), e.g. "#4 RST seq=… win=…". */
const lastSegmentLabel = async (page: Page) =>
  (await page.locator('.ladder .segment .segment-label').last().textContent()) ?? '';

test('a student flips the profile: the same abort sends RST under RFC 9293 and RST,ACK under Linux, and the ladder says whose rule', async () => {
  const { token } = await api('POST', '/auth/register', {
    email: `profile-${Date.now()}@school.example`,
    name: 'Ms Li',
    password: 'correct horse battery',
  });
  const classroom = await api('POST', '/classrooms', { name: 'Profiles' }, token);
  const students = [await joinAs(classroom.joinCode, 'Ann'), await joinAs(classroom.joinCode, 'Ben')];
  // the clock stopped: nothing retransmits while the students click
  const paired = await api(
    'POST',
    `/classrooms/${classroom.id}/pairings`,
    { strategy: 'auto', start: true, clockRate: 0 },
    token,
  );
  const labId = paired.labs[0].id as string;
  for (const page of students) await page.getByTestId('lab-screen').waitFor();
  const roles = await Promise.all(students.map((page) => page.getByTestId('my-role').textContent()));
  const client = students[roles.indexOf('Client')];
  const serverSide = students[roles.indexOf('Server')];

  // Round 1, RFC 9293: the abort is a bare RST, and the ladder row says it is the RFC profile's rule.
  await client.getByTestId('lab-profile').getByText('Profile: RFC 9293').waitFor();
  await openAndAbort(client, serverSide);
  const rfcRule = client.getByTestId('ladder-profile-rule');
  await rfcRule.getByText('RFC 9293 profile: appl: abort / RST').waitFor();
  expect(await lastSegmentLabel(client)).toMatch(/^#\d+ RST seq=/);
  // the diagram: rfc's connect timer is tagged [RFC]; the abort arrow just taken is drawn (dotted) too
  await client
    .locator('[data-rule-id="syn-sent--timeout--closed"] .arrow-label')
    .getByText('[RFC]')
    .waitFor();
  expect(await client.locator('.state-diagram [data-rule-id="established--abort--closed"]').isVisible()).toBe(
    true,
  );
  expect(await client.locator('.state-diagram [data-rule-id="time-wait--syn--syn-rcvd"]').count()).toBe(0);
  await client.screenshot({ path: screenshotPath('profile-flip-1-rfc-abort'), fullPage: true });

  // The server's student flips the profile (the button sits beside "Profile: …", in the first screen): a new round
  // for both, only the profile changed.
  const flip = serverSide.getByRole('button', { name: 'Try this round under the Linux 6.x profile' });
  expect((await flip.boundingBox())!.y).toBeLessThan(200);
  await serverSide.getByRole('button', { name: 'Try this round under the Linux 6.x profile' }).click();
  for (const page of [client, serverSide]) {
    await page.getByTestId('lab-profile').getByText('Profile: Linux 6.x').waitFor();
    await page
      .getByTestId('profile-switched')
      .getByText('Round 2: Server switched to the Linux 6.x profile.')
      .waitFor();
    await expectStates(page, 'CLOSED', 'CLOSED');
  }
  expect(await client.getByTestId('ladder-profile-rule').count()).toBe(0);
  expect(await client.locator('.state-diagram [data-rule-id="syn-sent--timeout--closed"]').count()).toBe(0);
  await client
    .locator('[data-rule-id="time-wait--syn--syn-rcvd"] .arrow-label')
    .getByText('[Linux]')
    .waitFor();
  await client.getByTestId('legend-profile').waitFor();

  // Round 2, Linux: the same moves, and the abort is RST,ACK, the Linux profile's rule.
  await openAndAbort(client, serverSide);
  await client.getByTestId('ladder-profile-rule').getByText('Linux profile: appl: abort / RST,ACK').waitFor();
  expect(await lastSegmentLabel(client)).toMatch(/^#\d+ (ACK,RST|RST,ACK) seq=\d+ ack=\d+/);
  await serverSide
    .getByTestId('ladder-profile-rule')
    .getByText('Linux profile: appl: abort / RST,ACK')
    .waitFor();
  expect(await client.locator('.state-diagram [data-rule-id="any--abort-rst-ack--closed"]').isVisible()).toBe(
    true,
  );
  expect(
    await client
      .locator('.state-diagram [data-rule-id="any--abort-rst-ack--closed"]')
      .getAttribute('data-profile'),
  ).toBe('linux');
  // the feedback of the move says the same
  await client.getByTestId('feedback').getByText('[rule of the Linux profile]').waitFor();
  expect(await overlappingLabels(client)).toEqual([]);
  await client.screenshot({ path: screenshotPath('profile-flip-2-linux-abort'), fullPage: true });
  expect(await seriousAxeViolations(client)).toEqual([]);

  // In Chinese, the control and the ladder's rule line.
  await client.getByRole('button', { name: '中文' }).click();
  await client.getByRole('button', { name: '用 RFC 9293 行为配置重做本轮' }).waitFor();
  await client.getByTestId('ladder-profile-rule').getByText('Linux 配置：应用: abort / RST,ACK').waitFor();
  await client.screenshot({ path: screenshotPath('profile-flip-3-linux-zh') });

  // The old round stays in the lab's history, under its own profile.
  const round1 = await api('GET', `/labs/${labId}/transcript.json?round=1`, undefined, token);
  expect(round1.settings.profile).toBe('rfc');
  const round2 = await api('GET', `/labs/${labId}/transcript.json?round=2`, undefined, token);
  expect(round2.settings.profile).toBe('linux');
});

test('the pairing form’s TCP settings: chosen on the dashboard, the students’ lab runs with them', async () => {
  const { token } = await api('POST', '/auth/register', {
    email: `pairing-${Date.now()}@school.example`,
    name: 'Ms Li',
    password: 'correct horse battery',
  });
  const classroom = await api('POST', '/classrooms', { name: 'Settings' }, token);
  const students = [await joinAs(classroom.joinCode, 'Cai'), await joinAs(classroom.joinCode, 'Dee')];
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  contexts.push(context);
  await context.addInitScript((value) => localStorage.setItem('tcp-lab.instructorToken', value), token);
  const teacher = await context.newPage();
  teacher.setDefaultTimeout(15_000);
  await teacher.goto(`${server.url}/#/teacher/class/${classroom.id}`);
  await teacher.getByTestId('roster').getByText('Dee').waitFor();

  await teacher.getByText('TCP settings (optional)').click();
  await teacher.getByLabel('Clock').selectOption('0');
  await teacher.locator('select[name="profile"]').selectOption('linux');
  await teacher.getByLabel('Application reads').selectOption('call');
  await teacher.getByLabel('Receive window (octets)').fill('4000');
  await teacher.getByLabel('MSS (octets)').fill('99999');
  await teacher.getByLabel('Window scale').selectOption('3');
  await teacher.getByLabel('TIME_WAIT (ms)').fill('1000');
  // out of bounds: said in plain words, nothing paired
  await teacher.getByRole('button', { name: 'Pair automatically' }).click();
  await teacher.getByRole('alert').getByText('MSS: a whole number from 1 to 65495').waitFor();
  expect(await teacher.locator('[data-lab-id]').count()).toBe(0);
  await teacher.getByLabel('MSS (octets)').fill('536');
  await teacher.getByTestId('pairing-settings').screenshot({ path: screenshotPath('pairing-settings-en') });
  expect(await seriousAxeViolations(teacher)).toEqual([]);
  await teacher.getByRole('button', { name: 'Pair automatically' }).click();
  await teacher.locator('[data-lab-id]').first().waitFor();

  for (const page of students) await page.getByTestId('lab-screen').waitFor();
  const roles = await Promise.all(students.map((page) => page.getByTestId('my-role').textContent()));
  const client = students[roles.indexOf('Client')];
  const serverSide = students[roles.indexOf('Server')];
  await client.getByTestId('lab-profile').getByText('Profile: Linux 6.x').waitFor();
  await serverSide.getByRole('button', { name: 'listen()' }).click();
  await expectStates(client, 'CLOSED', 'LISTEN');
  await client.getByRole('button', { name: 'connect()' }).click();
  await expectStates(client, 'SYN_SENT', 'LISTEN');
  // the SYN on the ladder carries the chosen options and window
  const syn = client.locator('.ladder .segment').first();
  expect(await syn.locator('.segment-label').first().textContent()).toContain('win=4000');
  expect(await syn.locator('.segment-options').textContent()).toContain('MSS=536, wscale=3');
  await deliver(serverSide);
  await expectStates(client, 'SYN_SENT', 'SYN_RCVD');
  // the server's TCB shows what it learnt from the SYN
  await serverSide
    .getByTestId('tcb-options-server')
    .locator('[data-var="MSS"] dd')
    .getByText('536')
    .waitFor();

  await teacher.getByRole('button', { name: '中文' }).click();
  await teacher.getByText('TCP 设置（可选）').waitFor();
  await teacher.getByTestId('pairing-settings').screenshot({ path: screenshotPath('pairing-settings-zh') });
});
