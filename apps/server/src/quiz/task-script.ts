/**
 * A quiz task is a tcp-lab/1 script in stack mode. The script is the driver of the task: the server plays its
 * calls, network and clock moves in order, and stops at each `answer` move of a role a student plays, where the
 * student's own answer is graded instead (tcp-core's applyAnswer grades it against the reference machine and the
 * lab goes on from the correct answer, RFC 9293 decides). Because a wrong answer never changes the lab, every run
 * of a task meets the same events in the same order: the decisions a role must make are known in advance (the
 * task's plan), so a missed decision can be counted and a regrade of the same transcript gives the same scores.
 */
import {
  applyMove,
  createLab,
  parseLabScript,
  referenceAnswer,
  summarizeMove,
  type Actor,
  type Answer,
  type Bilingual,
  type Lab,
  type LabScript,
  type Move,
  type MoveResult,
  type Role,
} from '@tcp-lab/tcp-core';
import type { QuizPairing } from '@tcp-lab/lab-protocol';

export type Pairing = QuizPairing;

/** A decision the task expects from one role: the script move it stands for, the rule it is about, the event. */
export interface PlannedDecision {
  index: number;
  ruleId: string | null;
  event: Bilingual;
}

export type TaskPlan = Record<Role, PlannedDecision[]>;

export interface TaskDefinition {
  title: Bilingual;
  script: LabScript;
  role: Role;
  pairing: Pairing;
  setupMoves: number;
}

/** Where a run is: the lab and the index of the next script move. */
export interface RunProgress {
  lab: Lab;
  cursor: number;
}

/** One move the driver applied, ready to be recorded in the run's transcript. */
export interface DrivenMove {
  actor: Actor;
  move: Move;
  before: Lab;
  result: MoveResult;
}

export interface DriveOutcome {
  progress: RunProgress;
  applied: DrivenMove[];
  /** the role whose answer the script waits for, or null when the script is over */
  waitingFor: Role | null;
}

/** A scripted move without its `expect` (the CLI's check, not part of the lab). */
function bare(move: Move): Move {
  if (!('expect' in move)) return move;
  const { expect: _expect, ...rest } = move as Move & { expect?: unknown };
  return rest as Move;
}

const isAnswer = (move: Move): move is Extract<Move, { answer: Answer }> => 'answer' in move;

export function newProgress(script: LabScript): RunProgress {
  return { lab: createLab({ ...script.settings, mode: 'stack' }), cursor: 0 };
}

/**
 * Plays the script from the cursor until it reaches an answer a student owes (a role in `students`, past the
 * setup) or its end. Answers owed by no student (setup, the built-in endpoint of a solo task) are the reference
 * answer, so the scene is always set correctly.
 */
export function drive(
  task: Pick<TaskDefinition, 'script' | 'setupMoves'>,
  start: RunProgress,
  students: readonly Role[],
): DriveOutcome {
  const moves = task.script.moves;
  let { lab, cursor } = start;
  const applied: DrivenMove[] = [];
  while (cursor < moves.length) {
    const scripted = bare(moves[cursor]);
    if (isAnswer(scripted) && cursor >= task.setupMoves && students.includes(scripted.by)) {
      return { progress: { lab, cursor }, applied, waitingFor: scripted.by };
    }
    let move = scripted;
    if (isAnswer(scripted)) {
      const reference = referenceAnswer(lab, scripted.by);
      if (reference) move = { by: scripted.by, answer: reference };
    }
    const result = applyMove(lab, move, 'system');
    applied.push({ actor: 'system', move, before: lab, result });
    lab = result.lab;
    cursor += 1;
  }
  return { progress: { lab, cursor }, applied, waitingFor: null };
}

/** The student's answer at the cursor; the caller has checked that `role` is the one the script waits for. */
export function answer(start: RunProgress, role: Role, given: Answer): DrivenMove {
  const move: Move = { by: role, answer: given };
  const result = applyMove(start.lab, move, role);
  return { actor: role, move, before: start.lab, result };
}

export type TaskCheck = { ok: true; task: TaskDefinition; plan: TaskPlan } | { ok: false; error: Bilingual };

/**
 * Checks an instructor's task: the script is valid tcp-lab/1 (tcp-core's parser names the place of an error),
 * runs in stack mode, every move the server would play is accepted, every answer of a student's role meets an
 * event to answer, and the student's role has at least one decision to make. Returns the plan of decisions.
 */
export function checkTask(input: {
  title: Bilingual;
  script: unknown;
  role: Role;
  pairing: Pairing;
  setupMoves: number;
}): TaskCheck {
  const fail = (en: string, zh: string): TaskCheck => ({ ok: false, error: { en, zh } });
  const parsed = parseLabScript(input.script);
  if (!parsed.ok) return fail(`script: ${parsed.error}`, `脚本：${parsed.error}`);
  const script = parsed.script;
  if (script.settings?.mode !== 'stack') {
    return fail(
      'script.settings.mode: a quiz task runs in stack mode ("mode": "stack")',
      'script.settings.mode：测验题必须在协议栈模式下运行（"mode": "stack"）',
    );
  }
  if (input.setupMoves > script.moves.length) {
    return fail(
      `setupMoves: the script has only ${script.moves.length} moves`,
      `setupMoves：脚本只有 ${script.moves.length} 步`,
    );
  }
  const task: TaskDefinition = {
    title: input.title,
    script,
    role: input.role,
    pairing: input.pairing,
    setupMoves: input.setupMoves,
  };
  const plan: TaskPlan = { client: [], server: [] };
  let progress = newProgress(script);
  for (;;) {
    const outcome = drive(task, progress, ['client', 'server']);
    const refused = outcome.applied.find((step) => !step.result.ok);
    if (refused && !refused.result.ok) {
      const index = progress.cursor + outcome.applied.indexOf(refused);
      return fail(
        `script.moves[${index}] (${summarizeMove(refused.move)}): ${refused.result.code}: ${refused.result.reason.en}`,
        `script.moves[${index}]（${summarizeMove(refused.move)}）：${refused.result.code}：${refused.result.reason.zh}`,
      );
    }
    progress = outcome.progress;
    const role = outcome.waitingFor;
    if (!role) break;
    const pending = progress.lab.pending[role];
    if (!pending) {
      return fail(
        `script.moves[${progress.cursor}]: the ${role} has no event to answer here`,
        `script.moves[${progress.cursor}]：${role === 'client' ? '客户端' : '服务器'}此时没有需要回答的事件`,
      );
    }
    plan[role].push({ index: progress.cursor, ruleId: pending.ruleId, event: pending.event });
    const step = answer(progress, role, pending.expected);
    progress = { lab: step.result.lab, cursor: progress.cursor + 1 };
  }
  if (plan[input.role].length === 0) {
    return fail(
      `script: after the first ${input.setupMoves} moves the ${input.role} has no answer to give; add its answer moves or lower setupMoves`,
      `script：前 ${input.setupMoves} 步之后${input.role === 'client' ? '客户端' : '服务器'}没有需要作答的事件；请加入它的 answer 操作或减小 setupMoves`,
    );
  }
  return { ok: true, task, plan };
}
