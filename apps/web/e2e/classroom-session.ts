/**
 * A class in the browser, for the classroom-readiness tests: one server and one Chromium for the test file, a page
 * (its own context and localStorage) per person, a teacher with a new class, students joining it, the pairing, and
 * the students by role. `classroomSession('seats')` registers the file's beforeAll/afterAll and returns the helpers.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchBrowser,
  seriousAxeViolations,
  signUpWithClass,
  startServer,
  type RunningServer,
} from './support';

export interface ClassroomSession {
  /** set once beforeAll ran */
  readonly server: RunningServer;
  readonly browser: Browser;
  newPage(width?: number, height?: number): Promise<Page>;
  expectNoSeriousViolations(page: Page, what: string): Promise<void>;
  api(path: string, body: unknown, token: string): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  teacherWithClass(
    className: string,
  ): Promise<{ teacher: Page; classId: string; code: string; token: string }>;
  joinAs(code: string, name: string, page?: Page): Promise<Page>;
  pair(teacher: Page, options?: { scenario?: string; mode?: 'calls' | 'stack' }): Promise<void>;
  byRole(students: Page[]): Promise<{ client: Page; server: Page }>;
}

/**
 * `emailPrefix` keeps each file's teachers apart in the logs (`seats-…@school.example`); `teacherName` is what the
 * teacher signs up as, `pageTimeoutMs` how long a page waits for what a test expects.
 */
export function classroomSession(
  emailPrefix: string,
  { teacherName = 'Ms Lin', pageTimeoutMs = 20_000 }: { teacherName?: string; pageTimeoutMs?: number } = {},
): ClassroomSession {
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

  /** A page of its own (its own localStorage: one person each). */
  async function newPage(width = 1400, height = 900): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(pageTimeoutMs);
    return page;
  }

  async function expectNoSeriousViolations(page: Page, what: string) {
    const violations = await seriousAxeViolations(page);
    expect({ what, violations }).toEqual({ what, violations: [] });
  }

  async function api(path: string, body: unknown, token: string) {
    const response = await fetch(`${server.url}/api${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** A teacher signed up, on the dashboard of a new class; the page, the class id, its code and the token. */
  async function teacherWithClass(className: string) {
    const teacher = await newPage();
    const { classId, code, token } = await signUpWithClass(teacher, server.url, {
      emailPrefix,
      name: teacherName,
      className,
    });
    return { teacher, classId, code, token };
  }

  async function joinAs(code: string, name: string, page?: Page): Promise<Page> {
    page ??= await newPage();
    await page.goto(`${server.url}/#/join?code=${code}`);
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('waiting').waitFor();
    return page;
  }

  /** Pairs the class automatically with the clock stopped (the students deliver by hand, nothing retransmits). */
  async function pair(teacher: Page, options: { scenario?: string; mode?: 'calls' | 'stack' } = {}) {
    await teacher.getByLabel('Clock').selectOption('0');
    if (options.scenario) await teacher.locator('select[name="scenario"]').selectOption(options.scenario);
    if (options.mode) await teacher.locator('select[name="mode"]').selectOption(options.mode);
    await teacher.getByRole('button', { name: 'Pair automatically' }).click();
    await teacher.locator('[data-lab-id]').first().waitFor();
  }

  async function byRole(students: Page[]): Promise<{ client: Page; server: Page }> {
    for (const page of students) await page.getByTestId('lab-screen').waitFor();
    // by the role's class, not its words: a page may be in Chinese
    const roles = await Promise.all(
      students.map((page) => page.getByTestId('my-role').getAttribute('class')),
    );
    return {
      client: students[roles.indexOf('role-client')],
      server: students[roles.indexOf('role-server')],
    };
  }

  return {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    newPage,
    expectNoSeriousViolations,
    api,
    teacherWithClass,
    joinAs,
    pair,
    byRole,
  };
}
