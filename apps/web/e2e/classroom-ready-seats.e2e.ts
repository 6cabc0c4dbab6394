/**
 * Classroom readiness (issue 10), the classroom flow around seats and quizzes, in real headless Chromium against
 * the real server: a removed student's partner is told the lab ended and is paired again; a student removed
 * while on the quiz page is sent to the join screen with a plain reason; a quiz that starts pulls students out of
 * their lab with a banner, and a pairs task's clock waits for both; the Chinese student pages leave no English
 * word on screen. Screenshots land in artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { classroomSession } from './classroom-session';
import { expectStates, screenshotPath } from './support';

const session = classroomSession('seats');
const { newPage, expectNoSeriousViolations, api, teacherWithClass, joinAs, pair, byRole } = session;

/** Removes a seat from the dashboard's roster, accepting the confirmation. */
async function removeFromRoster(teacher: Page, name: string) {
  teacher.once('dialog', (dialog) => void dialog.accept());
  await teacher.getByRole('button', { name: `Remove ${name} from the class` }).click();
  await teacher.getByText(`${name} was removed from the class.`).waitFor();
}

/** Fills the stack-mode composer of a quiz: the next state and one segment. */
async function answer(page: Page, state: string, segment?: { flags: string[]; seq: number; ack?: number }) {
  await page.getByLabel('Next state').selectOption(state);
  if (segment) {
    await page.getByRole('button', { name: '+ Add a segment' }).click();
    const group = page.getByRole('group', { name: 'Segment 1' });
    for (const flag of segment.flags) await group.getByLabel(flag, { exact: true }).check();
    await group.getByLabel('seq of segment 1', { exact: true }).fill(String(segment.seq));
    if (segment.ack !== undefined)
      await group.getByLabel('ack of segment 1', { exact: true }).fill(String(segment.ack));
  }
  await page.getByRole('button', { name: 'Submit answer' }).click();
}

/**
 * Latin-script words on screen (the visible text of the page, form values and accessible labels left out) that
 * are not on the allow-list: TCP's own names (flags, states, socket calls, TCB variables), which a Chinese
 * textbook writes in Latin letters too, and the names the test itself typed.
 */
async function englishOnScreen(page: Page, alsoAllowed: string[] = []): Promise<string[]> {
  // a version such as Linux's "6.x" is a number, not an English word
  const text = (await page.evaluate(() => document.body.innerText)).replace(/\b\d+(?:\.\d+)*\.x\b/g, '');
  const allowed = new Set([
    // the protocol and its flags, options and fields
    ...[
      'TCP',
      'IP',
      'IPv4',
      'IPv6',
      'SYN',
      'ACK',
      'FIN',
      'RST',
      'PSH',
      'URG',
      'ISN',
      'ISS',
      'IRS',
      'MSS',
      'MSL',
      '2MSL',
    ],
    // RFC 9293's own notation ("SEG.SEQ", "SEQ=ISS")
    ...['seq', 'ack', 'len', 'win', 'wscale', 'sack', 'SACK', 'RFC', 'RTO', 'SEQ', 'ACK'],
    // the TCB's variables (RFC 9293 3.3.1)
    ...['SND.UNA', 'SND.NXT', 'SND.WND', 'RCV.NXT', 'RCV.WND'],
    // the eleven states
    ...['CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2'],
    ...['CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'],
    // socket calls, as a program writes them (the diagram's arrows name them without the parentheses)
    ...['connect()', 'listen()', 'close()', 'abort()', 'send()', 'read()', 'shutdown()'],
    ...['connect', 'listen', 'close', 'abort', 'send', 'read', 'shutdown'],
    // the language switch names the other language in that language; file formats
    ...['English', 'JSON', 'CSV', 'pcapng', 'Wireshark'],
    // a proper noun, and a key as it is printed on the keyboard
    ...['Linux', 'Tab'],
    ...alsoAllowed,
  ]);
  // a call may carry its argument (send(100)): it is still the call's name
  const found = [...text.matchAll(/[A-Za-z][A-Za-z0-9_.]*(?:_[A-Za-z0-9]+)*(?:\(\d*\))?/g)];
  const unexpected = new Map<string, string>();
  for (const match of found) {
    const word = match[0].replace(/\.+$/, '').replace(/\(\d+\)$/, '()');
    if (word === '' || allowed.has(word) || unexpected.has(word)) continue;
    // the word and a little of what surrounds it, so a failure says where to look
    const at = match.index ?? 0;
    unexpected.set(word, text.slice(Math.max(0, at - 12), at + word.length + 12).replace(/\s+/g, ' '));
  }
  return [...unexpected].map(([word, context]) => `${word} «${context}»`);
}

test('a removed student’s partner is told the lab ended, in plain words, and the next pairing gives them a new partner', async () => {
  const { teacher, classId, code } = await teacherWithClass('Seats 2');
  const [ana, ben] = [await joinAs(code, 'Ana'), await joinAs(code, 'Ben')];
  await pair(teacher);
  const { client, server: srv } = await byRole([ana, ben]);
  await srv.getByRole('button', { name: 'listen()' }).click();
  await expectStates(client, 'CLOSED', 'LISTEN');

  // The teacher removes the server's student (asked first).
  const serverName = srv === ana ? 'Ana' : 'Ben';
  await removeFromRoster(teacher, serverName);
  await srv.waitForURL(/#\/join/);
  await srv.getByTestId('join-notice').getByText('Your seat has been removed from this class.').waitFor();

  // The partner reads why the lab stopped, and that the teacher will pair them again.
  const notice = client.getByTestId('lab-status-notice');
  await notice.getByText('Your partner has left the class, so this lab has ended.').waitFor();
  expect(await notice.textContent()).not.toMatch(/seat-removed|SEAT_REMOVED/);
  await client.screenshot({ path: screenshotPath('seats-partner-gone-en') });
  await expectNoSeriousViolations(client, 'lab ended because the partner left');
  await client.getByRole('button', { name: '中文' }).click();
  await notice.getByText('你的搭档已离开本班，本实验因此结束。').waitFor();
  await client.screenshot({ path: screenshotPath('seats-partner-gone-zh') });
  await client.getByRole('button', { name: 'English' }).click();

  // The dashboard: the card is ended and marks the student who left.
  const card = teacher.locator('[data-lab-id]').first();
  await card.locator('.status--ended').waitFor();
  await card.getByTestId('card-seat-gone').getByText('left the class').waitFor();
  await teacher.screenshot({ path: screenshotPath('seats-dashboard-partner-gone'), fullPage: true });

  // The replay's last step says it too (the transcript keeps why the lab ended).
  const labId = await card.getAttribute('data-lab-id');
  await teacher.goto(`${session.server.url}/#/teacher/lab/${labId}/replay`);
  // the replay opens at its last step
  await teacher.getByText('The lab ends: the student playing the server left the class').first().waitFor();
  await teacher.goto(`${session.server.url}/#/teacher/class/${classId}`);
  await teacher.locator('[data-lab-id]').first().waitFor();

  // A newcomer joins; the next pairing puts the waiting partner with them, and the partner's page follows.
  const eve = await joinAs(code, 'Eve');
  await teacher.getByRole('button', { name: 'Pair automatically' }).click();
  await teacher.locator('[data-lab-id]').nth(1).waitFor();
  await eve.getByTestId('lab-screen').waitFor();
  await expectStates(client, 'CLOSED', 'CLOSED');
  expect(await client.getByTestId('lab-status-notice').count()).toBe(0);
  await client.screenshot({ path: screenshotPath('seats-partner-paired-again') });
});

test('a student removed while on the quiz page is sent to the join screen with a plain reason, in both languages', async () => {
  const { teacher, classId, code, token } = await teacherWithClass('Seats 3');
  const cai = await joinAs(code, 'Cai');
  await joinAs(code, 'Dan');
  const { quiz } = await api(
    `/classrooms/${classId}/quizzes`,
    { title: 'Open check', feedback: 'practice', tasks: [{ catalogId: 'client-normal-open' }] },
    token,
  );
  await api(`/quizzes/${quiz.id}/control`, { action: 'start' }, token);
  // the quiz pulls Cai from the waiting screen
  await cai.getByTestId('quiz-pulled').waitFor();
  await cai.getByTestId('quiz-current').waitFor();

  await teacher.reload();
  await removeFromRoster(teacher, 'Cai');
  await cai.waitForURL(/#\/join/);
  const notice = cai.getByTestId('join-notice');
  await notice.getByText('Your seat has been removed from this class.').waitFor();
  expect(await notice.textContent()).not.toMatch(/SEAT_REMOVED|UNAUTHORIZED/);
  expect(await cai.evaluate(() => localStorage.getItem('tcp-lab.seatToken'))).toBeNull();
  await cai.screenshot({ path: screenshotPath('seats-removed-from-quiz-en') });
  await cai.getByRole('button', { name: '中文' }).click();
  await notice.getByText('你的座位已从本班移除').waitFor();
  await cai.screenshot({ path: screenshotPath('seats-removed-from-quiz-zh') });
});

test('a quiz pulls both students out of their lab with a banner, and a pairs task’s clock starts only when both can act', async () => {
  const { teacher, classId, code, token } = await teacherWithClass('Seats 4');
  const [fay, gus] = [await joinAs(code, 'Fay'), await joinAs(code, 'Gus')];
  await pair(teacher);
  await byRole([fay, gus]);
  const { quiz } = await api(
    `/classrooms/${classId}/quizzes`,
    {
      title: 'Pairs',
      feedback: 'practice',
      timeLimit: { scope: 'task', seconds: 600 },
      tasks: [{ catalogId: 'client-normal-open' }, { catalogId: 'simultaneous-open', pairing: 'pairs' }],
    },
    token,
  );
  await api(`/quizzes/${quiz.id}/control`, { action: 'start' }, token);

  // Both are taken from the lab to the quiz, and a banner says why.
  for (const page of [fay, gus]) {
    await page.waitForURL(/#\/quiz/);
    await page.getByTestId('quiz-pulled').waitFor();
    await page.getByTestId('quiz-current').waitFor();
  }
  await fay.screenshot({ path: screenshotPath('seats-quiz-pulled-from-lab') });
  await expectNoSeriousViolations(fay, 'student quiz pulled from the lab');

  // Fay finishes the solo task first: the pairs task waits for Gus, with no clock running.
  await answer(fay, 'SYN_SENT', { flags: ['SYN'], seq: 1000 });
  await fay.getByTestId('quiz-verdict').getByText('Correct.').waitFor();
  await answer(fay, 'ESTABLISHED', { flags: ['ACK'], seq: 1001, ack: 5001 });
  const absent = fay.getByTestId('quiz-partner-absent');
  await absent.getByText('Waiting for Gus').waitFor();
  expect(await fay.getByTestId('quiz-timer').count()).toBe(0);
  expect(await fay.getByRole('button', { name: 'Submit answer' }).count()).toBe(0);
  await fay.screenshot({ path: screenshotPath('seats-quiz-pair-waiting') });
  await expectNoSeriousViolations(fay, 'student quiz waiting for the partner');

  // Gus arrives: the task begins for both, with the clock.
  await answer(gus, 'SYN_SENT', { flags: ['SYN'], seq: 1000 });
  await gus.getByTestId('quiz-verdict').getByText('Correct.').waitFor();
  await answer(gus, 'ESTABLISHED', { flags: ['ACK'], seq: 1001, ack: 5001 });
  await absent.waitFor({ state: 'detached' });
  await fay.getByTestId('quiz-timer').waitFor();
  await gus.getByTestId('quiz-timer').waitFor();
  await fay.screenshot({ path: screenshotPath('seats-quiz-pair-started') });
});

test('the student pages in Chinese leave no English word on screen (join, waiting, lab, stack composer, quiz)', async () => {
  const { teacher, classId, code, token } = await teacherWithClass('Seats 5');
  const hao = await newPage();
  await hao.goto(`${session.server.url}/#/join?code=${code}`);
  await hao.getByRole('button', { name: '中文' }).click();
  await hao.getByRole('button', { name: '加入' }).waitFor();
  const scans: Record<string, string[]> = {};
  scans.join = await englishOnScreen(hao, [code]);
  await hao.screenshot({ path: screenshotPath('seats-zh-join') });
  await hao.getByLabel('你的名字').fill('Hao');
  await hao.getByRole('button', { name: '加入' }).click();
  await hao.getByTestId('waiting').waitFor();
  const names = ['Hao', 'Ivo', 'Seats'];
  scans.waiting = await englishOnScreen(hao, names);
  const ivo = await joinAs(code, 'Ivo');

  // a socket-calls lab, with a segment in flight and feedback on screen
  await pair(teacher);
  const roles = await byRole([hao, ivo]);
  await roles.server.getByRole('button', { name: 'listen()' }).click();
  await roles.client.getByRole('button', { name: 'connect()' }).click();
  await hao.getByTestId('feedback').waitFor();
  await hao.locator('.in-flight button').first().waitFor();
  scans.lab = await englishOnScreen(hao, names);
  await hao.screenshot({ path: screenshotPath('seats-zh-lab'), fullPage: true });

  // a stack-mode lab with the composer open
  await teacher.locator('select[name="mode"]').selectOption('stack');
  await teacher.locator('button[data-action="end"]').first().waitFor();
  teacher.once('dialog', (dialog) => void dialog.accept());
  await teacher.locator('button[data-action="end"]').first().click();
  await teacher.locator('.status--ended').first().waitFor();
  await teacher.getByRole('button', { name: 'Pair automatically' }).click();
  await teacher.locator('[data-lab-id]').nth(1).waitFor();
  await hao.getByTestId('lab-screen').waitFor();
  await hao.locator('.lab-side').getByRole('button').first().waitFor();
  scans.stack = await englishOnScreen(hao, names);
  await hao.screenshot({ path: screenshotPath('seats-zh-stack'), fullPage: true });

  // the quiz page
  const { quiz } = await api(
    `/classrooms/${classId}/quizzes`,
    { title: '握手', feedback: 'practice', tasks: [{ catalogId: 'client-normal-open' }] },
    token,
  );
  await api(`/quizzes/${quiz.id}/control`, { action: 'start' }, token);
  await hao.waitForURL(/#\/quiz/);
  await hao.getByTestId('quiz-current').waitFor();
  scans.quiz = await englishOnScreen(hao, names);
  await hao.screenshot({ path: screenshotPath('seats-zh-quiz'), fullPage: true });

  expect(scans).toEqual({ join: [], waiting: [], lab: [], stack: [], quiz: [] });
});
