/**
 * Linux as the peer in real headless Chromium against the real server (LINUX_PEER=1): a student alone in a lab
 * hands the server to the real Linux kernel from the lab page, connects and closes by clicking; the ladder tags
 * each of Linux's segments with tcp-core's prediction and the agreement mark, the move feedback says the same, and
 * the page has no serious accessibility violation. Linux needs root (ip netns, /dev/net/tun): CI runs as root;
 * anywhere else the test is skipped and says why.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  apiPost,
  expectStates,
  launchBrowser,
  screenshotPath,
  seriousAxeViolations,
  startServer,
  type RunningServer,
} from './support';

const root = process.getuid?.() === 0;
if (!root) console.log('linux-peer.e2e: skipped: Linux as the peer needs root (ip netns, /dev/net/tun)');
const testAsRoot = root ? test : test.skip;

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!root) return;
  server = await startServer({ LINUX_PEER: '1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** The namespaces this test's server made (named after its pid: other test processes may have their own). */
const ourNamespaces = () =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`tcplab-lp-${server.pid}-`));

async function deliverOne(page: Page) {
  await page
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .click();
}

testAsRoot(
  'a student alone lets Linux play the server, connects and closes: Linux’s moves beside tcp-core’s',
  async () => {
    const teacher = await apiPost(server.url, '/auth/register', {
      email: `teacher-${Date.now()}@school.example`,
      name: 'Ms Lin',
      password: 'correct horse battery',
    });
    const classroom = await apiPost(server.url, '/classrooms', { name: 'Networks 101' }, teacher.token);

    const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Class code').fill(classroom.joinCode);
    await page.getByLabel('Your name').fill('Wei');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('waiting').waitFor();

    // One student: they play the client against nobody; the lab runs with tcp-core's Linux 6.x profile.
    await apiPost(
      server.url,
      `/classrooms/${classroom.id}/pairings`,
      { strategy: 'auto', start: true, settings: { profile: 'linux' } },
      teacher.token,
    );
    await page.getByTestId('lab-screen').waitFor();
    expect(await page.getByTestId('my-role').textContent()).toBe('Client');
    await expectStates(page, 'CLOSED', 'LISTEN'); // the built-in server listens as the lab starts

    // The student hands the server to Linux; the lab's log says so and the ladder names Linux.
    await page.getByTestId('student-linux-peer').getByText('Nobody plays the Server in your lab').waitFor();
    await page.getByRole('button', { name: 'Let Linux play the Server' }).click();
    await page.getByTestId('linux-peer-role').getByText('Linux plays the Server.').waitFor();
    await page.getByTestId('lifeline-title-server').getByText('Server · Linux').waitFor();
    await page.getByTestId('server-state').getByText('Server (real Linux kernel)').waitFor();
    expect(ourNamespaces()).toHaveLength(1);

    // Three-way handshake with the real kernel.
    await page.getByRole('button', { name: 'connect()' }).click();
    await expectStates(page, 'SYN_SENT', 'LISTEN');
    await deliverOne(page); // the SYN → Linux answers SYN,ACK
    await expectStates(page, 'SYN_SENT', 'SYN_RCVD');
    const feedback = page.getByTestId('feedback');
    await feedback.getByTestId('kernel-compare').getByText('✓ Linux agreed with tcp-core').waitFor();
    expect(await feedback.getByTestId('kernel-compare-linux').textContent()).toMatch(
      /^SYN,ACK seq=\d+ ack=\d+ · state SYN_RCVD$/,
    );
    await deliverOne(page); // the SYN,ACK arrives; the ACK goes out
    await expectStates(page, 'ESTABLISHED', 'SYN_RCVD');
    await deliverOne(page); // the ACK → Linux: ESTABLISHED
    await expectStates(page, 'ESTABLISHED', 'ESTABLISHED');

    // The student closes; Linux acknowledges the FIN, its program closes too, and the last ACK closes it.
    await page.getByRole('button', { name: 'close()' }).click();
    await expectStates(page, 'FIN_WAIT_1', 'ESTABLISHED');
    await deliverOne(page); // the FIN → Linux: ACK, CLOSE_WAIT; the program closes: FIN
    await expectStates(page, 'FIN_WAIT_1', 'LAST_ACK');
    await deliverOne(page); // Linux's ACK of the FIN
    await deliverOne(page); // Linux's FIN; the last ACK goes out
    await expectStates(page, 'TIME_WAIT', 'LAST_ACK');
    await deliverOne(page); // the last ACK → Linux: CLOSED
    await expectStates(page, 'TIME_WAIT', 'CLOSED');

    // On the ladder: each of Linux's three segments is tagged, with tcp-core's prediction and the agreement mark.
    await page.waitForFunction(() => document.querySelectorAll('.ladder .segment--linux').length === 3);
    const texts = await page.locator('.ladder [data-testid="segment-linux"]').allTextContents();
    expect(texts).toEqual(Array(3).fill('✓ Linux sent this; tcp-core predicted the same'));
    expect(
      await page
        .locator('.ladder .segment--linux')
        .evaluateAll((nodes) =>
          nodes.map((node) => node.querySelector('.segment-label')!.textContent!.replace(/ seq=.*/, '')),
        ),
    ).toEqual(['#2 SYN,ACK', '#5 ACK', '#6 ACK,FIN']);
    const rows = page.locator('.ladder [data-testid="ladder-linux"]');
    expect(
      await rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-agreed'))),
    ).not.toContain('false');
    expect(await rows.last().textContent()).toBe('Linux (Server): CLOSED✓ tcp-core predicted the same');

    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('linux-peer-student'), fullPage: true });
    await page.locator('.ladder svg').screenshot({ path: screenshotPath('linux-peer-ladder') });

    // In Chinese too.
    await page.getByRole('button', { name: '中文' }).click();
    await page
      .locator('.ladder [data-testid="segment-linux"]')
      .first()
      .getByText('✓ 由 Linux 发送；tcp-core 的预测相同')
      .waitFor();

    // The student lets Linux go: its namespace is deleted.
    await page.getByRole('button', { name: '停止' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="linux-peer-role"]'));
    expect(ourNamespaces()).toEqual([]);
  },
);
