/**
 * Stack-mode tasks: a script is played up to the answers a student owes, a student's answer is graded by the
 * reference machine, an instructor's script is checked with the place of an error named, and a calls-mode scenario
 * becomes a stack-mode script with the reference answers written in.
 */
import {
  answerLabel,
  answerTask,
  canonicalJson,
  driveTask,
  planTask,
  sameLab,
  scenarioById,
  stackScenario,
  startTask,
  taskTurn,
  toStackScript,
  type LabScript,
} from '../src';

/** The server's side of the handshake in stack mode, as an instructor would paste it (ISNs client 1000, server 5000). */
const SERVER_OPEN: LabScript = scenarioById('stack-normal-open')!.script;

const task = { script: SERVER_OPEN, setupMoves: 0 };

describe('driving a task', () => {
  it('plays the scripted moves up to the first answer the student owes, and waits for it', () => {
    const outcome = driveTask(task, startTask(SERVER_OPEN), ['server']);
    expect(outcome.waitingFor).toBe('server');
    expect(outcome.progress.cursor).toBe(1);
    expect(outcome.applied.map((step) => step.move)).toEqual([{ by: 'server', call: 'listen' }]);
    expect(taskTurn(SERVER_OPEN, outcome.progress.cursor)).toBe('server');
    expect(outcome.progress.lab.pending.server?.ruleId).toBe('closed--listen--listen');
  });

  it("plays the built-in endpoint's answers with the reference answer, whatever the script wrote", () => {
    const wrongClient: LabScript = {
      ...SERVER_OPEN,
      moves: SERVER_OPEN.moves.map((move, i) =>
        i === 3 ? { by: 'client', answer: { state: 'CLOSED', send: [] } } : move,
      ),
    };
    const listened = driveTask({ script: wrongClient, setupMoves: 0 }, startTask(wrongClient), ['server']);
    const answered = answerTask(listened.progress, 'server', { state: 'LISTEN', send: [] });
    const next = driveTask({ script: wrongClient, setupMoves: 0 }, { lab: answered.result.lab, cursor: 2 }, [
      'server',
    ]);
    expect(next.applied[1].move).toEqual({
      by: 'client',
      answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] },
    });
    expect(next.progress.lab.client.state).toBe('SYN_SENT');
    expect(next.waitingFor).toBe('server');
  });

  it('grades a wrong answer and goes on from the correct one', () => {
    const listened = driveTask(task, startTask(SERVER_OPEN), ['server']);
    const step = answerTask(listened.progress, 'server', { state: 'CLOSED', send: [] });
    expect(step.actor).toBe('server');
    expect(step.result).toMatchObject({ ok: true, correct: false, mistake: { code: 'WRONG_STATE' } });
    expect(step.result.lab.server.state).toBe('LISTEN');
  });

  it('ends with no one to wait for when the script is over', () => {
    const outcome = driveTask(task, startTask(SERVER_OPEN), []);
    expect(outcome.waitingFor).toBeNull();
    expect(outcome.progress.cursor).toBe(SERVER_OPEN.moves.length);
    expect(outcome.applied.every((step) => step.result.ok)).toBe(true);
    expect(outcome.progress.lab.server.state).toBe('ESTABLISHED');
  });
});

describe('grading uses the ISN the lab chose, the one the student sees', () => {
  // A script with no ISNs: they come from the seed, as in free play; the student reads them in the TCB (ISS).
  const seeded = (seed: number): LabScript => ({
    format: 'tcp-lab/1',
    settings: { mode: 'stack', network: 'manual', seed },
    moves: [
      { by: 'client', call: 'connect' },
      { by: 'client', answer: { state: 'SYN_SENT', send: [] } },
    ],
  });

  it.each([7, 42, 123456])(
    'seed %d: a SYN with seq=ISS is right, any other seq is graded against ISS',
    (seed) => {
      const script = seeded(seed);
      const waiting = driveTask({ script, setupMoves: 0 }, startTask(script), ['client']);
      const iss = waiting.progress.lab.client.iss;
      const right = answerTask(waiting.progress, 'client', {
        state: 'SYN_SENT',
        send: [{ flags: ['SYN'], seq: iss, len: 0 }],
      });
      expect(right.result).toMatchObject({ ok: true, correct: true });
      const guess = iss === 1000 ? 42 : 1000;
      const wrong = answerTask(waiting.progress, 'client', {
        state: 'SYN_SENT',
        send: [{ flags: ['SYN'], seq: guess, len: 0 }],
      });
      expect(wrong.result).toMatchObject({ ok: true, correct: false, mistake: { code: 'WRONG_SEQ' } });
      expect(!wrong.result.ok || wrong.result.mistake?.reason.en).toContain(
        `should have seq=${iss}, not ${guess}`,
      );
    },
  );
});

describe('checking and planning an instructor-written task', () => {
  const check = (script: unknown, extra: Partial<{ role: 'client' | 'server'; setupMoves: number }> = {}) =>
    planTask({ script, role: extra.role ?? 'server', setupMoves: extra.setupMoves ?? 0 });

  it('accepts the server handshake and plans three server decisions and two client ones', () => {
    const checked = check(SERVER_OPEN);
    expect(checked.ok && checked.plan.server.map((d) => d.ruleId)).toEqual([
      'closed--listen--listen',
      'listen--syn--syn-rcvd',
      'syn-rcvd--ack--established',
    ]);
    expect(checked.ok && checked.plan.client.map((d) => d.index)).toEqual([3, 7]);
  });

  it('accepts the script as JSON text too', () => {
    expect(check(JSON.stringify(SERVER_OPEN)).ok).toBe(true);
  });

  it('names the place of a schema error', () => {
    const checked = check({ ...SERVER_OPEN, moves: [{ by: 'server', call: 'lisen' }] });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.error.en).toMatch(/^script: moves\[0\]\.call/);
  });

  it('refuses a calls-mode script', () => {
    const checked = check({ ...SERVER_OPEN, settings: { ...SERVER_OPEN.settings, mode: 'calls' } });
    expect(!checked.ok && checked.error.en).toContain('script.settings.mode');
  });

  it('refuses more setup moves than the script has', () => {
    const checked = check(SERVER_OPEN, { setupMoves: 11 });
    expect(!checked.ok && checked.error.en).toBe('setupMoves: the script has only 10 moves');
  });

  it('names a scripted move the lab refuses', () => {
    const moves = [...SERVER_OPEN.moves];
    moves.splice(4, 0, { by: 'network', action: 'deliver', from: 'server' });
    const checked = check({ ...SERVER_OPEN, moves });
    expect(!checked.ok && checked.error.en).toMatch(/^script\.moves\[4\] .*NOTHING_IN_FLIGHT/);
    expect(!checked.ok && checked.error.zh).toMatch(/^script\.moves\[4\]（/);
  });

  it('names an answer with no event to answer', () => {
    const moves = [SERVER_OPEN.moves[0], SERVER_OPEN.moves[1], SERVER_OPEN.moves[1]];
    const checked = check({ ...SERVER_OPEN, moves });
    expect(!checked.ok && checked.error.en).toBe('script.moves[2]: the server has no event to answer here');
    expect(!checked.ok && checked.error.zh).toContain('服务器此时没有需要回答的事件');
  });

  it('refuses a task that leaves the student nothing to decide', () => {
    const checked = check(SERVER_OPEN, { setupMoves: 10 });
    expect(!checked.ok && checked.error.en).toContain('the server has no answer to give');
  });
});

describe('stack-mode scenarios', () => {
  it('writes the reference answers into a calls-mode scenario and counts the setup moves', () => {
    const source = scenarioById('normal-open-close')!.script;
    expect(source.settings?.mode ?? 'calls').toBe('calls');
    const stack = toStackScript(source, 5);
    if (!stack.ok) throw new Error(stack.error);
    expect(stack.script.settings?.mode).toBe('stack');
    const answers = stack.script.moves.filter((move) => 'answer' in move);
    expect(answers.length).toBeGreaterThan(0);
    // every answer is the one the reference machine gives: planning the script as both roles finds no refusal
    const planned = planTask({ script: stack.script, role: 'client', setupMoves: stack.setupMoves });
    expect(planned.ok).toBe(true);
    // the client closes first (scenario move 5): its decisions start with the close
    expect(planned.ok && planned.plan.client[0].ruleId).toBe('established--close--fin-wait-1');
  });

  it('answers every event a "deliver all" stops at, and delivers the rest after it', () => {
    const source: LabScript = {
      format: 'tcp-lab/1',
      settings: { isn: { client: 1000, server: 5000 }, network: 'manual' },
      moves: [
        { by: 'server', call: 'listen' },
        { by: 'client', call: 'connect' },
        { by: 'network', action: 'deliver-all' },
      ],
    };
    const stack = toStackScript(source);
    if (!stack.ok) throw new Error(stack.error);
    // in calls mode one "deliver all" plays the whole handshake; in stack mode it stops at each answer
    const deliverAlls = stack.script.moves.filter((m) => 'action' in m && m.action === 'deliver-all');
    expect(deliverAlls.length).toBeGreaterThan(1);
    const end = driveTask({ script: stack.script, setupMoves: 0 }, startTask(stack.script), []);
    expect(end.applied.every((step) => step.result.ok)).toBe(true);
    expect([end.progress.lab.client.state, end.progress.lab.server.state]).toEqual([
      'ESTABLISHED',
      'ESTABLISHED',
    ]);
  });

  it('says which move a scenario cannot play in stack mode, as a value', () => {
    const source: LabScript = {
      format: 'tcp-lab/1',
      settings: {},
      moves: [{ by: 'network', action: 'deliver', from: 'client' }],
    };
    const stack = toStackScript(source);
    expect(stack.ok).toBe(false);
    expect(!stack.ok && stack.error).toMatch(/^NOTHING_IN_FLIGHT/);
  });

  it('knows the catalogue scenarios by id and says when one is missing', () => {
    expect(stackScenario('lost-syn', 1).ok).toBe(true);
    expect(stackScenario('no-such-scenario')).toEqual({ ok: false, error: "no scenario 'no-such-scenario'" });
  });
});

describe('the label of an answer', () => {
  it('is the state and each segment as the ladder draws it', () => {
    expect(
      answerLabel({
        state: 'SYN_RCVD',
        send: [{ flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, len: 0 }],
      }),
    ).toBe('SYN_RCVD; SYN,ACK seq=5000 ack=1001');
    expect(answerLabel({ state: 'CLOSE_WAIT', send: [] }, 'no segment')).toBe('CLOSE_WAIT; no segment');
  });
});

describe('a stored lab compared with the lab its log gives', () => {
  it('is the same lab whatever the key order and undefined fields, and differs when a value does', () => {
    const lab = startTask(SERVER_OPEN).lab;
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(lab).reverse())));
    expect(sameLab(reordered, lab)).toBe(true);
    expect(sameLab({ ...lab, pending: { ...lab.pending, extra: undefined } } as typeof lab, lab)).toBe(true);
    expect(sameLab({ ...lab, clock: lab.clock + 1 }, lab)).toBe(false);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});
