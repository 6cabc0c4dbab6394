/**
 * A stack-mode task: a tcp-lab/1 script in stack mode that a lab plays move by move, stopping at each `answer` of a
 * role a student plays, where the student's own answer is graded instead (applyAnswer grades it against the
 * reference machine and the lab goes on from the correct answer, as RFC 9293 decides). Because a wrong answer never
 * changes the lab, every play of a task meets the same events in the same order: the decisions a role must make are
 * known in advance (the task's plan), so a missed decision can be counted and a replay of the same transcript gives
 * the same verdicts. The quiz (server) stores where a play is and who plays it; the stepping is here, once.
 */
import { createLab } from './lab';
import { applyMove, referenceAnswer } from './moves';
import { parseLabScript } from './script';
import { summarizeMove } from './transcript';
import type { Actor, Answer, Bilingual, Lab, LabScript, Move, MoveResult, Role } from './types';

/** A decision a task expects from one role: the script move it stands for, the rule it is about, the event. */
export interface PlannedDecision {
  index: number;
  ruleId: string | null;
  event: Bilingual;
}

export type TaskPlan = Record<Role, PlannedDecision[]>;

/** A checked stack-mode script and how many of its moves set the scene before the student takes over. */
export interface StackTask {
  script: LabScript;
  setupMoves: number;
}

/** Where a play of a task is: the lab and the index of the next script move. */
export interface TaskProgress {
  lab: Lab;
  cursor: number;
}

/** One move the task applied, ready to be recorded as a transcript entry. */
export interface DrivenMove {
  actor: Actor;
  move: Move;
  before: Lab;
  result: MoveResult;
}

export interface DriveOutcome {
  progress: TaskProgress;
  applied: DrivenMove[];
  /** the role whose answer the script waits for, or null when the script is over */
  waitingFor: Role | null;
}

const ROLE_ZH: Record<Role, string> = { client: '客户端', server: '服务器' };

/** A scripted move without its `expect` (the CLI's check, not part of the lab). */
function bare(move: Move): Move {
  if (!('expect' in move)) return move;
  const { expect: _expect, ...rest } = move as Move & { expect?: unknown };
  return rest as Move;
}

const isAnswer = (move: Move): move is Extract<Move, { answer: Answer }> => 'answer' in move;

/** A task's lab before its first move: the script's settings, in stack mode. */
export function startTask(script: LabScript): TaskProgress {
  return { lab: createLab({ ...script.settings, mode: 'stack' }), cursor: 0 };
}

/** The role whose answer the script waits for at `cursor` (null when that move is not an answer or the script is over). */
export function taskTurn(script: LabScript, cursor: number): Role | null {
  const move = script.moves[cursor];
  return move && isAnswer(move) ? move.by : null;
}

/**
 * Plays the script from the cursor until it reaches an answer a student owes (a role in `students`, past the
 * setup) or its end. Answers owed by no student (setup, the built-in endpoint of a solo task) are the reference
 * answer, whatever the script wrote, so the scene is always set correctly.
 */
export function driveTask(task: StackTask, start: TaskProgress, students: readonly Role[]): DriveOutcome {
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

/** A student's answer at the cursor, graded by the reference machine; the caller has checked it is `role`'s turn. */
export function answerTask(start: TaskProgress, role: Role, given: Answer): DrivenMove {
  const move: Move = { by: role, answer: given };
  const result = applyMove(start.lab, move, role);
  return { actor: role, move, before: start.lab, result };
}

export type TaskCheck = { ok: true; task: StackTask; plan: TaskPlan } | { ok: false; error: Bilingual };

/**
 * Checks a task written by an instructor and plans it: the script is valid tcp-lab/1 (the parser names the place of
 * an error), runs in stack mode, every move the lab would play is accepted, every answer of a role meets an event
 * to answer, and `role` has at least one decision to make after the first `setupMoves` moves.
 */
export function planTask(input: { script: unknown; role: Role; setupMoves: number }): TaskCheck {
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
  const task: StackTask = { script, setupMoves: input.setupMoves };
  const plan: TaskPlan = { client: [], server: [] };
  let progress = startTask(script);
  for (;;) {
    const outcome = driveTask(task, progress, ['client', 'server']);
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
        `script.moves[${progress.cursor}]：${ROLE_ZH[role]}此时没有需要回答的事件`,
      );
    }
    plan[role].push({ index: progress.cursor, ruleId: pending.ruleId, event: pending.event });
    const step = answerTask(progress, role, pending.expected);
    progress = { lab: step.result.lab, cursor: progress.cursor + 1 };
  }
  if (plan[input.role].length === 0) {
    return fail(
      `script: after the first ${input.setupMoves} moves the ${input.role} has no answer to give; add its answer moves or lower setupMoves`,
      `script：前 ${input.setupMoves} 步之后${ROLE_ZH[input.role]}没有需要作答的事件；请加入它的 answer 操作或减小 setupMoves`,
    );
  }
  return { ok: true, task, plan };
}
