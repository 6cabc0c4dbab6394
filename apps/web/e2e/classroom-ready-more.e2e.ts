/**
 * Classroom readiness (issue 10), the rest, in real headless Chromium against the real server: removing and
 * leaving seats, the handshake scenarios a student can finish with the UI alone (and "goal reached" for goals that
 * name a rule), a stack-mode lab with the composer open checked with axe-core and long names in the ladder, the
 * untangled diagram with every arrow shown, and an invalid pasted quiz script refused in both languages.
 * Screenshots land in artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { classroomSession } from './classroom-session';
import { expectStates, overlappingLabels, screenshotPath } from './support';

const session = classroomSession('more', { teacherName: 'Mr Wu', pageTimeoutMs: 15_000 });
const { expectNoSeriousViolations, teacherWithClass, joinAs, pair } = session;

const deliver = (page: Page) =>
  page
    .getByRole('button', { name: /^Deliver segment #/ })
    .first()
    .click();

/** The client's and the server's page of a paired lab. */
async function byRole(students: Page[]): Promise<{ client: Page; server: Page }> {
  for (const page of students) await page.getByTestId('lab-screen').waitFor();
  const roles = await Promise.all(students.map((page) => page.getByTestId('my-role').textContent()));
  return { client: students[roles.indexOf('Client')], server: students[roles.indexOf('Server')] };
}

test('the teacher removes a seat (asked first) and a student leaves one: pairing uses neither, the removed student is told', async () => {
  const { teacher, code } = await teacherWithClass('Seats 1');
  const [ana, ben, cai, dan] = [
    await joinAs(code, 'Ana'),
    await joinAs(code, 'Ben'),
    await joinAs(code, 'Cai'),
    await joinAs(code, 'Dan'),
  ];
  const roster = teacher.getByTestId('roster');
  await roster.getByText('Dan').waitFor();

  // Removing asks first: dismissed, Ben stays.
  teacher.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('Remove Ben from the class?');
    void dialog.dismiss();
  });
  await teacher.getByRole('button', { name: 'Remove Ben from the class' }).click();
  await teacher.waitForTimeout(300);
  expect(await teacher.getByRole('button', { name: 'Remove Ben from the class' }).count()).toBe(1);
  await expectNoSeriousViolations(teacher, 'dashboard with remove buttons');

  // Accepted: Ben leaves the roster, and Ben's page says so plainly and shows the join screen.
  teacher.once('dialog', (dialog) => void dialog.accept());
  await teacher.getByRole('button', { name: 'Remove Ben from the class' }).click();
  await teacher.getByText('Ben was removed from the class.').waitFor();
  await teacher.getByRole('button', { name: 'Remove Ben from the class' }).waitFor({ state: 'detached' });
  await ben.waitForURL(/#\/join/);
  const notice = ben.getByTestId('join-notice');
  await notice.getByText('Your seat has been removed from this class.').waitFor();
  expect(await notice.textContent()).not.toMatch(/SEAT_REMOVED|UNAUTHORIZED/);
  await ben.screenshot({ path: screenshotPath('more-seat-removed-en') });
  await expectNoSeriousViolations(ben, 'join page after removal');
  await ben.getByRole('button', { name: '中文' }).click();
  await notice.getByText('你的座位已从本班移除').waitFor();
  await ben.screenshot({ path: screenshotPath('more-seat-removed-zh') });
  // the removed seat's token is gone from the browser: the join page stays (no bounce back to the lab)
  expect(await ben.evaluate(() => localStorage.getItem('tcp-lab.seatToken'))).toBeNull();

  // Cai leaves the seat (asked first): the roster drops Cai too.
  cai.once('dialog', (dialog) => void dialog.accept());
  await cai.getByRole('button', { name: 'Leave this seat' }).click();
  await cai.waitForURL(/#\/join/);
  await teacher.getByRole('button', { name: 'Remove Cai from the class' }).waitFor({ state: 'detached' });
  expect(await roster.locator('li').count()).toBe(2);

  // Pairing uses only the seats left: Ana and Dan, one lab, no ghost.
  await pair(teacher);
  const cards = teacher.locator('[data-lab-id]');
  expect(await cards.count()).toBe(1);
  const cardText = (await cards.first().textContent())!;
  expect(cardText).toContain('Ana');
  expect(cardText).toContain('Dan');
  expect(cardText).not.toMatch(/Ben|Cai|built-in/);
  await byRole([ana, dan]);
  await teacher.screenshot({ path: screenshotPath('more-seats-paired'), fullPage: true });
});

test('SYN_RCVD back to LISTEN with the moves a student has (no injected reset), and "goal reached" on the lab page', async () => {
  const { teacher, code } = await teacherWithClass('Scenarios 1');
  const students = [await joinAs(code, 'Eva'), await joinAs(code, 'Fei')];
  await pair(teacher, { scenario: 'syn-rcvd-reset' });
  const { client, server: srv } = await byRole(students);
  // the goal says what to do with the buttons there are
  await client.locator('.scenario').getByText('calls abort()').waitFor();

  await srv.getByRole('button', { name: 'listen()' }).click();
  await expectStates(client, 'CLOSED', 'LISTEN');
  await client.getByRole('button', { name: 'connect()' }).click();
  await expectStates(client, 'SYN_SENT', 'LISTEN');
  await deliver(srv); // the SYN
  await expectStates(client, 'SYN_SENT', 'SYN_RCVD');
  await client.getByRole('button', { name: 'abort()' }).click();
  await expectStates(client, 'CLOSED', 'SYN_RCVD');
  await deliver(client); // the SYN,ACK reaches a closed client, which answers with a reset
  await srv.getByRole('button', { name: /^Deliver segment #.*RST/ }).waitFor();
  await deliver(srv); // the reset
  await expectStates(srv, 'CLOSED', 'LISTEN');
  expect(await client.getByTestId('goal-reached').count()).toBe(0);

  await client.getByRole('button', { name: 'connect()' }).click();
  await deliver(srv);
  await expectStates(client, 'SYN_SENT', 'SYN_RCVD');
  await deliver(client);
  await expectStates(client, 'ESTABLISHED', 'SYN_RCVD');
  await deliver(srv);
  await expectStates(client, 'ESTABLISHED', 'ESTABLISHED');
  await client.getByTestId('goal-reached').getByText('Goal reached').waitFor();
  await srv.getByTestId('goal-reached').waitFor();
  await client.screenshot({ path: screenshotPath('more-syn-rcvd-listen-goal') });

  // the teacher's watch page of that lab says it too
  const labId = await teacher.locator('[data-lab-id]').first().getAttribute('data-lab-id');
  await teacher.goto(`${session.server.url}/#/teacher/lab/${labId}`);
  await teacher.getByTestId('goal-reached').waitFor();
});

test('LISTEN to SYN_SENT: the goal tells the client to listen first, and the lab page says "goal reached"', async () => {
  const { teacher, code } = await teacherWithClass('Scenarios 2');
  const students = [await joinAs(code, 'Gus'), await joinAs(code, 'Hao')];
  await pair(teacher, { scenario: 'listen-then-connect' });
  const { client, server: srv } = await byRole(students);
  await client.locator('.scenario').getByText('Client, call listen() first').waitFor();

  await client.getByRole('button', { name: 'listen()' }).click();
  await srv.getByRole('button', { name: 'listen()' }).click();
  await expectStates(client, 'LISTEN', 'LISTEN');
  await srv.getByRole('button', { name: 'connect()' }).click();
  await expectStates(client, 'LISTEN', 'SYN_SENT');
  await deliver(client); // the server's SYN
  await expectStates(client, 'SYN_RCVD', 'SYN_SENT');
  await deliver(srv); // SYN,ACK
  await expectStates(client, 'SYN_RCVD', 'ESTABLISHED');
  expect(await client.getByTestId('goal-reached').count()).toBe(0);
  await deliver(client); // ACK
  await expectStates(client, 'ESTABLISHED', 'ESTABLISHED');
  await client.getByTestId('goal-reached').waitFor();
  await client.getByRole('button', { name: '中文' }).click();
  await client.locator('.scenario').getByText('客户端请先调用 listen()').waitFor();
  await client.getByTestId('goal-reached').getByText('已达成目标').waitFor();
  await client.screenshot({ path: screenshotPath('more-listen-syn-sent-goal-zh') });
});

test('the receive side through the UI (appReads call): send, read, shutdown; the ladder shows win= and the SYN options, the TCB RCV.WND; axe-clean; the teacher flips the profile', async () => {
  const { teacher, code } = await teacherWithClass('Receive 1');
  const students = [await joinAs(code, 'Ivy'), await joinAs(code, 'Jun')];
  await pair(teacher, { scenario: 'close-unread' }); // a scenario whose settings say appReads: 'call'
  const { client, server: srv } = await byRole(students);
  await srv.getByTestId('lab-profile').getByText('Profile: RFC 9293').waitFor();
  /** waits until the server's TCB shows this RCV.WND (the panel follows the lab as the server confirms it) */
  const rcvWnd = (value: string) =>
    srv
      .getByTestId('tcb-server')
      .locator('[data-var="RCV.WND"] dd', { hasText: new RegExp(`^${value}$`) })
      .waitFor();

  await srv.getByRole('button', { name: 'listen()' }).click();
  await client.getByRole('button', { name: 'connect()' }).click();
  await expectStates(client, 'SYN_SENT', 'LISTEN');
  await deliver(srv); // SYN
  await deliver(client); // SYN,ACK
  await expectStates(client, 'ESTABLISHED', 'SYN_RCVD');
  await deliver(srv); // ACK
  await expectStates(srv, 'ESTABLISHED', 'ESTABLISHED');
  // the handshake's options, written under SYN and SYN,ACK
  expect(await srv.locator('.ladder .segment-options', { hasText: 'options: MSS=1460' }).count()).toBe(2);
  await rcvWnd('65535');

  await client.getByRole('button', { name: 'send(100)' }).click();
  await deliver(srv); // the data waits unread: the window the server advertises shrinks by 100
  await srv
    .getByTestId('unread')
    .getByText('100 octets wait unread in the receive buffer.', { exact: true })
    .waitFor();
  await srv.locator('.ladder .segment-label', { hasText: /ACK seq=5001 ack=1101 win=65435/ }).waitFor();
  await rcvWnd('65435');

  await srv.getByRole('button', { name: 'read()' }).click();
  await srv
    .getByTestId('unread')
    .getByText('0 octets wait unread in the receive buffer.', { exact: true })
    .waitFor();
  await rcvWnd('65535');
  await srv.getByRole('button', { name: 'shutdown()' }).click();
  await expectStates(srv, 'ESTABLISHED', 'FIN_WAIT_1');
  await srv.locator('.ladder .segment-label', { hasText: /FIN seq=5001 ack=1101 win=65535/ }).waitFor();
  await expectNoSeriousViolations(srv, 'lab with reads: after send, read and shutdown');
  await srv.screenshot({ path: screenshotPath('more-receive-side-shutdown'), fullPage: true });

  // The teacher starts a new round of the same scenario under the other profile; the students see which.
  const labId = await teacher.locator('[data-lab-id]').first().getAttribute('data-lab-id');
  await teacher.goto(`${session.server.url}/#/teacher/lab/${labId}`);
  await teacher.getByTestId('lab-profile').getByText('Profile: RFC 9293').waitFor();
  expect(await teacher.locator('select[name="profile"]').inputValue()).toBe('linux');
  await teacher.getByRole('button', { name: 'New round with this profile' }).click();
  await teacher.getByTestId('lab-profile').getByText('Profile: Linux 6.x').waitFor();
  await srv.getByTestId('lab-profile').getByText('Profile: Linux 6.x').waitFor();
  await expectStates(srv, 'CLOSED', 'CLOSED');
  await expectNoSeriousViolations(teacher, 'watch page with the profile control');
});

test('a stack-mode lab with the composer open is axe-clean; long names end in an ellipsis in the ladder; the diagram with every arrow has no overlapping label', async () => {
  const { teacher, code } = await teacherWithClass('Stack 1');
  const longNames = ['Maximiliana-Konstantinopolskaya-Wolfesch', 'Bartholomew-Alexandrovich-Featherstonehau'];
  const students = [await joinAs(code, longNames[0]), await joinAs(code, longNames[1].slice(0, 40))];
  await pair(teacher, { mode: 'stack' });
  const { client, server: srv } = await byRole(students);

  await srv.getByRole('button', { name: 'listen()' }).click();
  await client.getByRole('button', { name: 'connect()' }).click();
  await client.getByTestId('pending-event').getByText('Event to answer').waitFor();
  await client.getByRole('button', { name: 'Add a segment' }).click();
  await client.getByRole('group', { name: 'Segment 1' }).waitFor();
  await expectNoSeriousViolations(client, 'stack-mode lab, composer open');
  await client.screenshot({ path: screenshotPath('more-stack-composer-1400') });

  // Long names in the ladder's header: cut with an ellipsis inside the ladder, the whole name as the title.
  for (const role of ['client', 'server'] as const) {
    const title = client.getByTestId(`lifeline-title-${role}`);
    const full = (await title.getAttribute('title'))!;
    expect(full).toContain(role === 'client' ? longNames[0] : longNames[1].slice(0, 40));
    const cut = await title.evaluate((element) => ({
      clipped: element.scrollWidth > element.clientWidth,
      overflow: getComputedStyle(element).textOverflow,
    }));
    expect(cut).toEqual({ clipped: true, overflow: 'ellipsis' });
    const box = (await title.boundingBox())!;
    const ladder = (await client.locator('.ladder svg').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(ladder.x);
    expect(box.x + box.width).toBeLessThanOrEqual(ladder.x + ladder.width + 0.5);
  }
  await client.locator('.ladder svg').screenshot({ path: screenshotPath('more-ladder-long-names') });

  // The diagram with the RFC-only arrows shown, normal and large type: no two labels overlap at 1400 px.
  await client.getByLabel('Show the RFC-only reset, abort and timeout arrows').check();
  for (const large of [false, true]) {
    if (large) await client.getByLabel('Large type').check();
    await client.waitForFunction(
      (size) => document.querySelector('.state-diagram svg')?.getAttribute('data-label-size') === size,
      large ? '22' : '16',
    );
    expect(await overlappingLabels(client)).toEqual([]);
    await client
      .locator('.state-diagram svg')
      .screenshot({ path: screenshotPath(`more-diagram-all-arrows-1400${large ? '-large' : ''}`) });
  }
});

test('an invalid pasted quiz script is refused at once with a readable reason, in English and in Chinese', async () => {
  const { teacher, classId } = await teacherWithClass('Quiz 1');
  await teacher.goto(`${session.server.url}/#/teacher/class/${classId}/quiz`);
  await teacher.getByTestId('quiz-builder').waitFor();
  const invalid = JSON.stringify({
    format: 'tcp-lab/1',
    settings: { mode: 'stack' },
    moves: [{ by: 'server', call: 'lisen' }],
  });
  await teacher.getByLabel('Or paste a tcp-lab/1 script (stack mode)').fill(invalid);
  await teacher.getByRole('button', { name: 'Add script task' }).click();
  const error = teacher.getByTestId('quiz-builder-error');
  await error.getByText('This script cannot be a quiz task, so it was not added').waitFor();
  expect(await error.textContent()).toContain('moves[0].call');
  expect(await error.textContent()).not.toMatch(/VALIDATION_FAILED/);
  // said beside the script, on the screen the teacher is looking at
  const seen = (await error.boundingBox())!;
  const viewport = teacher.viewportSize()!;
  expect(seen.y).toBeGreaterThanOrEqual(0);
  expect(seen.y + seen.height).toBeLessThanOrEqual(viewport.height);
  expect(await teacher.getByTestId('quiz-draft-tasks').count()).toBe(0);
  await teacher.screenshot({ path: screenshotPath('more-quiz-script-invalid-en') });
  await expectNoSeriousViolations(teacher, 'quiz builder with an error');

  await teacher.getByRole('button', { name: '中文' }).click();
  await teacher.getByRole('button', { name: '添加脚本题' }).click();
  await error.getByText('这个脚本不能作为测验题，因此没有加入').waitFor();
  expect(await error.textContent()).toContain('moves[0].call');
  await teacher.screenshot({ path: screenshotPath('more-quiz-script-invalid-zh') });
  await teacher.getByRole('button', { name: 'English' }).click();

  // An exam: the teacher chooses whether students see the TCB panel.
  await teacher.getByRole('radio', { name: /^Exam/ }).check();
  const showTcb = teacher.getByLabel(/Show students their connection variables \(TCB\) during the exam/);
  expect(await showTcb.isChecked()).toBe(false);
  await showTcb.check();
  await teacher.getByRole('radio', { name: /^Practice/ }).check();
  expect(await showTcb.count()).toBe(0);
});
