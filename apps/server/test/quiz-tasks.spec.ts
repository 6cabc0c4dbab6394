/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers */
/**
 * Quiz tasks as data: the catalogue builds from tcp-core's stack-mode scenarios, and the scoring rule. (Checking an
 * instructor's script, driving a task and the stack-mode scenarios are tcp-core's: libs/tcp-core/test/stack-task.spec.ts.)
 */
import { catalogue } from '../src/quiz/catalogue';
import { gradeTask, gradebookCsv } from '../src/quiz/grading';

const title = { en: 'Task', zh: '题目' };

describe('quiz task catalogue', () => {
  it('builds every entry as a checked stack-mode script with decisions for the student', () => {
    const tasks = catalogue();
    expect(tasks.map((t) => t.id)).toEqual(
      expect.arrayContaining(['fin-wait-1-fin-ack', 'simultaneous-close', 'lost-syn', 'server-normal-open']),
    );
    for (const task of tasks) {
      expect(task.definition.script.settings?.mode).toBe('stack');
      expect(task.plan[task.role].length).toBeGreaterThan(0);
    }
  });

  it('asks the client in FIN_WAIT_1 about the FIN,ACK and then the 2MSL timeout', () => {
    const task = catalogue().find((t) => t.id === 'fin-wait-1-fin-ack')!;
    expect(task.plan.client.map((d) => d.ruleId)).toEqual([
      'fin-wait-1--fin-ack--time-wait',
      'time-wait--timeout--closed',
    ]);
  });

  it('asks the client of a lost SYN for the retransmission', () => {
    const task = catalogue().find((t) => t.id === 'lost-syn')!;
    expect(task.plan.client.map((d) => d.ruleId)).toEqual([
      'closed--connect--syn-sent',
      'syn-sent--rto--syn-sent',
      'syn-sent--syn-ack--established',
    ]);
  });
});

describe('scoring rule', () => {
  const plan = [0, 1, 2].map((index) => ({ index, ruleId: `rule-${index}`, event: title }));
  const entry = (correct: boolean) =>
    ({
      actor: 'client',
      ok: true,
      correct,
      move: { by: 'client', answer: { state: 'CLOSED', send: [] } },
    }) as any;

  it('gives one point per correct decision; unanswered decisions are open while running and missed when over', () => {
    expect(gradeTask(plan, [entry(true), entry(false)], false)).toMatchObject({
      expected: 3,
      answered: 2,
      correct: 1,
    });
    expect(gradeTask(plan, [entry(true), entry(false)], false).decisions.map((d) => d.outcome)).toEqual([
      'correct',
      'incorrect',
      'open',
    ]);
    expect(gradeTask(plan, [entry(true)], true).decisions.map((d) => d.outcome)).toEqual([
      'correct',
      'missed',
      'missed',
    ]);
  });

  it('writes a CSV that a spreadsheet cannot run as a formula', () => {
    const csv = gradebookCsv(
      [{ id: 't', position: 0, title }],
      [
        {
          seatId: 's',
          displayName: '=HYPERLINK("x")',
          cells: [{ taskId: 't', points: 1, max: 2, status: 'finished', outcomes: [] }],
          total: 1,
          max: 2,
        },
      ],
    );
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",s,1,1,2,50`);
  });
});
