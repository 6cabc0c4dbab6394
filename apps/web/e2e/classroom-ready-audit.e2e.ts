/**
 * Classroom readiness (issue 10), the items the other browser tests left unchecked, in real headless Chromium
 * against the real server: the skip link and the text versions of the diagrams, "Deliver all" over retransmitted
 * copies said once, feedback cleared by a new scenario and by the next quiz, a second "Ana" refused, "End quiz"
 * asked first, and a whole lab played on two phones (375×812) with no sideways scrolling. The map from each item
 * of the issue to its test is docs/classroom-ready.md. Screenshots land in artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { classroomSession } from './classroom-session';
import { expectStates, screenshotPath } from './support';

const session = classroomSession('audit');
const { newPage, expectNoSeriousViolations, api, teacherWithClass, joinAs, pair, byRole } = session;

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

/** Answers the pending event in a stack-mode lab with a next state and no segment. */
async function answerInLab(page: Page, state: string) {
  await page.getByLabel('Next state').selectOption(state);
  await page.getByRole('button', { name: 'Submit answer' }).click();
}

/** The page scrolls sideways by this many px (0: it does not). */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const deliver = (page: Page) =>
  page
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .click();

test('keyboard: the skip link goes to the moves; "Deliver all" over retransmitted SYNs says each change once; the diagrams as text', async () => {
  const { teacher, code } = await teacherWithClass('Audit 1');
  const [ana, ben] = [await joinAs(code, 'Ana'), await joinAs(code, 'Ben')];
  await pair(teacher);
  const { client, server: srv } = await byRole([ana, ben]);

  // From the top of the page: the first Tab reaches "Skip to the main content", the second "Skip to your moves";
  // Enter puts the focus on the moves, and the next Tab presses reach connect().
  // (a fresh load: the focus starts at the top of the document)
  await client.reload();
  await client.getByTestId('lab-screen').waitFor();
  await client.keyboard.press('Tab');
  expect(await client.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the main content');
  await client.keyboard.press('Tab');
  expect(await client.evaluate(() => document.activeElement?.textContent)).toBe('Skip to your moves');
  await client.screenshot({ path: screenshotPath('audit-skip-link') });
  await client.keyboard.press('Enter');
  expect(await client.evaluate(() => document.activeElement?.id)).toBe('controls');
  let presses = 0;
  for (; presses < 8; presses++) {
    await client.keyboard.press('Tab');
    if (await client.evaluate(() => document.activeElement?.textContent === 'connect()')) break;
  }
  expect(presses).toBeLessThan(8);

  // The SYN goes out and its retransmission timer is let fire twice: three copies in flight.
  await srv.getByRole('button', { name: 'listen()' }).click();
  await expectStates(client, 'CLOSED', 'LISTEN');
  await client.keyboard.press('Enter');
  await expectStates(client, 'SYN_SENT', 'LISTEN');
  for (let copies = 2; copies <= 3; copies++) {
    await client
      .getByRole('button', { name: /^Let it fire/ })
      .first()
      .click();
    await client.waitForFunction((n) => document.querySelectorAll('.in-flight li').length >= n, copies);
  }
  // "Deliver all" (once the server's page shows the three copies): the server's change is said once, and no line
  // of the feedback repeats
  await srv.waitForFunction(() => document.querySelectorAll('.in-flight li').length >= 3);
  await srv.getByRole('button', { name: 'Deliver all' }).click();
  // every segment is delivered, the answers too: the handshake completes
  await expectStates(srv, 'ESTABLISHED', 'ESTABLISHED');
  const feedback = srv.getByTestId('feedback');
  await feedback.getByText('Server: LISTEN → SYN_RCVD').waitFor();
  const lines = await feedback.locator('.feedback-transitions li').allTextContents();
  expect(new Set(lines).size).toBe(lines.length);
  expect(lines.filter((line) => line.includes('LISTEN → SYN_RCVD'))).toHaveLength(1);
  await srv.screenshot({ path: screenshotPath('audit-deliver-all-once') });

  // The ladder and the diagram as text, for screen readers: every segment and change, every arrow.
  await srv.getByText('The segments and state changes as text').click();
  const ladderText = srv.getByTestId('ladder-text');
  expect(await ladderText.textContent()).toContain('Client: CLOSED → SYN_SENT');
  expect(await ladderText.textContent()).toContain('Server: LISTEN → SYN_RCVD');
  expect(await ladderText.textContent()).toMatch(/SYN seq=\d+/);
  await srv.getByText('The transitions as text').click();
  const diagramText = srv.getByTestId('diagram-text');
  expect(await diagramText.textContent()).toContain('CLOSED → SYN_SENT');
  expect(await diagramText.locator('li').count()).toBeGreaterThanOrEqual(20);
  await srv.screenshot({ path: screenshotPath('audit-as-text'), fullPage: true });
  await expectNoSeriousViolations(srv, 'lab with the text versions open');
});

test('feedback is cleared by a new scenario and by the next quiz; a second "Ana" is refused; "End quiz" asks first', async () => {
  const { teacher, classId, code, token } = await teacherWithClass('Audit 2');
  const [ana, ben] = [await joinAs(code, 'Ana'), await joinAs(code, 'Ben')];

  // A second Ana cannot join: the roster and the pairing could not tell them apart.
  const other = await newPage();
  await other.goto(`${session.server.url}/#/join?code=${code}`);
  await other.getByLabel('Your name').fill('ana');
  await other.getByRole('button', { name: 'Join' }).click();
  await other.getByRole('alert').getByText('Somebody in this class is already called "ana"').waitFor();
  await other.screenshot({ path: screenshotPath('audit-duplicate-name') });
  await expectNoSeriousViolations(other, 'join page refusing a duplicate name');

  await pair(teacher);
  const { client, server: srv } = await byRole([ana, ben]);
  await srv.getByRole('button', { name: 'listen()' }).click();
  await srv.getByTestId('feedback').waitFor();
  // A new scenario: the feedback of the round before is gone.
  await teacher.locator('select[name="scenario"]').selectOption('refused');
  await teacher.getByRole('button', { name: 'Apply scenario and mode' }).click();
  await expectStates(srv, 'CLOSED', 'CLOSED');
  await srv.locator('.scenario').waitFor();
  expect(await srv.getByTestId('feedback').count()).toBe(0);
  expect(await client.getByTestId('feedback').count()).toBe(0);

  // Quiz 1: a wrong answer leaves a verdict on screen.
  const first = await api(
    `/classrooms/${classId}/quizzes`,
    { title: 'First', feedback: 'practice', tasks: [{ catalogId: 'client-normal-open' }] },
    token,
  );
  await api(`/quizzes/${first.quiz.id}/control`, { action: 'start' }, token);
  await ana.waitForURL(/#\/quiz/);
  await ana.getByTestId('quiz-current').waitFor();
  await answer(ana, 'SYN_SENT', { flags: ['SYN'], seq: 1007 });
  await ana
    .getByTestId('quiz-verdict')
    .getByText(/Not quite/)
    .waitFor();

  // "End quiz" asks first: dismissed, the quiz runs on; accepted, it ends.
  await teacher.goto(`${session.server.url}/#/teacher/quiz/${first.quiz.id}`);
  teacher.once('dialog', (dialog) => {
    expect(dialog.message()).toBe('End the quiz now? Students can no longer answer.');
    void dialog.dismiss();
  });
  await teacher.getByRole('button', { name: 'End quiz' }).click();
  await teacher.waitForTimeout(300);
  await teacher.getByTestId('quiz-status').getByText('Running').waitFor();
  teacher.once('dialog', (dialog) => void dialog.accept());
  await teacher.getByRole('button', { name: 'End quiz' }).click();
  await teacher.getByTestId('quiz-status').getByText('Ended').waitFor();

  // Quiz 2 starts: Ana's screen shows it without the verdict of quiz 1.
  const second = await api(
    `/classrooms/${classId}/quizzes`,
    { title: 'Second', feedback: 'practice', tasks: [{ catalogId: 'client-normal-open' }] },
    token,
  );
  await api(`/quizzes/${second.quiz.id}/control`, { action: 'start' }, token);
  await ana.getByText('Quiz: Second').waitFor();
  expect(await ana.getByTestId('quiz-verdict').count()).toBe(0);
  await ana.screenshot({ path: screenshotPath('audit-next-quiz-clean') });
});

test('a whole lab on two phones (375×812): open, close and TIME_WAIT, never scrolling sideways', async () => {
  const { teacher, code } = await teacherWithClass('Audit 3');
  const phones = [await newPage(375, 812), await newPage(375, 812)];
  await joinAs(code, 'Cy', phones[0]);
  await joinAs(code, 'Di', phones[1]);
  await pair(teacher);
  const { client, server: srv } = await byRole(phones);
  const step = async (what: string, act: () => Promise<unknown>, client_: string, server_: string) => {
    await act();
    await expectStates(client, client_, server_);
    await expectStates(srv, client_, server_);
    for (const page of [client, srv])
      expect({ what, sideways: await sidewaysScroll(page) }).toEqual({ what, sideways: 0 });
  };
  await step('listen', () => srv.getByRole('button', { name: 'listen()' }).click(), 'CLOSED', 'LISTEN');
  await step(
    'connect',
    () => client.getByRole('button', { name: 'connect()' }).click(),
    'SYN_SENT',
    'LISTEN',
  );
  await step('SYN', () => deliver(srv), 'SYN_SENT', 'SYN_RCVD');
  await step('SYN,ACK', () => deliver(client), 'ESTABLISHED', 'SYN_RCVD');
  await step('ACK', () => deliver(srv), 'ESTABLISHED', 'ESTABLISHED');
  await client.screenshot({ path: screenshotPath('audit-phone-established-client') });
  await step(
    'close',
    () => client.getByRole('button', { name: 'close()' }).click(),
    'FIN_WAIT_1',
    'ESTABLISHED',
  );
  await step('FIN', () => deliver(srv), 'FIN_WAIT_1', 'CLOSE_WAIT');
  await step('ACK of FIN', () => deliver(client), 'FIN_WAIT_2', 'CLOSE_WAIT');
  await step(
    'server close',
    () => srv.getByRole('button', { name: 'close()' }).click(),
    'FIN_WAIT_2',
    'LAST_ACK',
  );
  await step('server FIN', () => deliver(client), 'TIME_WAIT', 'LAST_ACK');
  await step('last ACK', () => deliver(srv), 'TIME_WAIT', 'CLOSED');
  await srv.screenshot({ path: screenshotPath('audit-phone-closed-server'), fullPage: true });
  await step(
    '2MSL',
    () =>
      client
        .getByRole('button', { name: /^Let it fire/ })
        .first()
        .click(),
    'CLOSED',
    'CLOSED',
  );
  await client.screenshot({ path: screenshotPath('audit-phone-time-wait-over-client'), fullPage: true });
  await expectNoSeriousViolations(client, 'lab on a phone after the close');
});

test('stack mode: a wrong answer is marked in the ladder with a cross, and the composer offers the TCB’s ISS for the SYN', async () => {
  const { teacher, code } = await teacherWithClass('Audit 4');
  const [eli, fin] = [await joinAs(code, 'Eli'), await joinAs(code, 'Fin')];
  await pair(teacher, { mode: 'stack' });
  const { client, server: srv } = await byRole([eli, fin]);

  // The server's student answers listen() with the wrong state: the ladder marks the answer, not by colour alone.
  await srv.getByRole('button', { name: 'listen()' }).click();
  await srv.getByTestId('pending-event').waitFor();
  await answerInLab(srv, 'SYN_RCVD');
  await srv.getByTestId('feedback').getByText('Incorrect').waitFor();
  const wrong = srv.locator('.ladder .ladder-row--wrong');
  await wrong.first().waitFor();
  expect(await wrong.first().textContent()).toContain('✕');
  await answerInLab(srv, 'LISTEN');
  await expectStates(client, 'CLOSED', 'LISTEN');

  // The client connects; the composer offers the ISS the TCB panel shows, and the SYN built with it is right.
  await client.getByRole('button', { name: 'connect()' }).click();
  await client.getByTestId('pending-event').waitFor();
  const iss = (await client.getByTestId('tcb-client').locator('[data-var="ISS"] dd').textContent())!.trim();
  await client.getByLabel('Next state').selectOption('SYN_SENT');
  await client.getByRole('button', { name: '+ Add a segment' }).click();
  const segment = client.getByRole('group', { name: 'Segment 1' });
  await segment.getByLabel('SYN', { exact: true }).check();
  await client.getByRole('button', { name: `seq ← ISS (${iss}) · Segment 1` }).click();
  expect(await segment.getByLabel('seq of segment 1', { exact: true }).inputValue()).toBe(iss);
  await client.screenshot({ path: screenshotPath('audit-stack-tcb-offer') });
  await client.getByRole('button', { name: 'Submit answer' }).click();
  await expectStates(client, 'SYN_SENT', 'LISTEN');
  expect(await client.getByTestId('feedback').textContent()).not.toContain('Incorrect');
  expect(await client.locator('.ladder .ladder-row--wrong').count()).toBe(1);
  await srv.screenshot({ path: screenshotPath('audit-stack-wrong-marked'), fullPage: true });
  await expectNoSeriousViolations(client, 'stack composer with the TCB offers');
});

test('exam mode: the teacher chooses in the quiz builder whether students see their TCB', async () => {
  const { teacher, code } = await teacherWithClass('Audit 5');
  const gia = await joinAs(code, 'Gia');
  for (const shown of [false, true]) {
    await teacher.getByTestId('quiz-link').click();
    await teacher.getByTestId('quiz-builder').waitFor();
    await teacher.getByLabel('Title', { exact: true }).fill(shown ? 'Exam with TCB' : 'Exam without TCB');
    await teacher.getByLabel('Exam: results only when the quiz ends').check();
    const choice = teacher.getByRole('checkbox', { name: /connection variables \(TCB\) during the exam/ });
    expect(await choice.isChecked()).toBe(false); // hidden unless the teacher says so
    if (shown) await choice.check();
    await teacher.getByRole('button', { name: 'Add: Play the client through a normal open' }).click();
    if (shown) await teacher.screenshot({ path: screenshotPath('audit-exam-tcb-choice'), fullPage: true });
    await teacher.getByRole('button', { name: 'Create quiz' }).click();
    await teacher.getByTestId('quiz-results-page').waitFor();
    await teacher.getByRole('button', { name: 'Start quiz' }).click();
    await teacher.getByTestId('quiz-status').getByText('Running').waitFor();

    await gia.getByText(`Quiz: ${shown ? 'Exam with TCB' : 'Exam without TCB'}`).waitFor({ timeout: 30_000 });
    await gia.getByTestId('quiz-current').waitFor();
    expect(await gia.getByTestId('tcb-client').count()).toBe(shown ? 1 : 0);
    await gia.screenshot({ path: screenshotPath(`audit-exam-tcb-${shown ? 'shown' : 'hidden'}`) });

    teacher.once('dialog', (dialog) => void dialog.accept());
    await teacher.getByRole('button', { name: 'End quiz' }).click();
    await teacher.getByTestId('quiz-status').getByText('Ended').waitFor();
    await teacher.goBack();
    await teacher.goBack();
  }
});
