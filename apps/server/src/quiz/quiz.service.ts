import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  applyMove,
  createLab,
  parseMove,
  toTranscriptEntry,
  type Answer,
  type Lab,
  type LabSettings,
  type Role,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import { ClassroomsService } from '../classrooms/classrooms.service';
import { PresenceService } from '../classrooms/presence.service';
import { ApiError } from '../common/api-error';
import type { InstructorPrincipal, SeatPrincipal } from '../auth/principal';
import { LabQueue } from '../labs/lab-queue';
import { catalogue, catalogueTask } from './catalogue';
import { gradebookCsv, gradeTask, type GradebookRow, type TaskGrade } from './grading';
import { QuizClock } from './quiz-clock';
import { QuizRefused, quizRefusal, type QuizRefusal } from './quiz-errors';
import { QuizEvents, quizRooms } from './quiz-events';
import {
  gradebookRows,
  instructorView,
  planOf,
  quizSummary,
  roleInRun,
  scriptOf,
  studentView,
  turnOf,
  type InstructorQuizView,
  type QuizAggregate,
  type StudentQuizView,
} from './quiz-views';
import { QuizRepository, type QuizRunRow, type QuizTaskRow, type QuizWithTasks, type RecordedRunMove } from './quiz.repository';
import type { CreateQuizBody, QuizControlBody } from './quiz.schemas';
import { answer, checkTask, drive, newProgress, type DrivenMove, type RunProgress, type TaskPlan } from './task-script';

export type AnswerAck =
  | {
      ok: true;
      duplicate: boolean;
      /** practice feedback only (and any quiz once ended): the verdict on this answer */
      verdict?: { correct: boolean; ruleId: string | null; expected?: Answer; mistake?: TranscriptEntry['mistake'] };
      quiz: StudentQuizView;
    }
  | QuizRefusal;

const SYSTEM_ACTOR_KEY = 'system';
const isAnswerBy = (entry: TranscriptEntry, role: Role) => entry.actor === role && entry.ok && !!(entry.move as { answer?: unknown })?.answer;

/**
 * The quiz master: the only place answers are graded (against tcp-core's reference machine), grades are stored and
 * deadlines are enforced. Every change to one quiz runs in that quiz's queue, one at a time, so a student's
 * answer, a deadline and the instructor's "end" never interleave.
 */
@Injectable()
export class QuizService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('QuizService');
  private readonly queue = new LabQueue();
  private readonly deadlineTimers = new Map<string, { run: QuizRunRow; timer: NodeJS.Timeout }>();
  private readonly stopListening: () => void;

  constructor(
    private readonly repository: QuizRepository,
    private readonly classrooms: ClassroomsService,
    private readonly presence: PresenceService,
    private readonly clock: QuizClock,
    private readonly events: QuizEvents,
  ) {
    // the clock moved (tests): every armed deadline is due at a different real time now
    this.stopListening = this.clock.onAdvance(() => {
      for (const { run } of [...this.deadlineTimers.values()]) this.armDeadline(run);
    });
  }

  /** After a restart: every running run's deadline is armed again (grades and runs are all in Postgres). */
  async onApplicationBootstrap(): Promise<void> {
    for (const quiz of await this.repository.runningQuizzes()) {
      for (const run of await this.repository.runsOf(quiz.id, { status: 'running' })) this.armDeadline(run);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopListening();
    for (const { timer } of this.deadlineTimers.values()) clearTimeout(timer);
    this.deadlineTimers.clear();
    await this.queue.drain();
  }

  // ---- instructor ------------------------------------------------------------------------------------------------

  catalogue() {
    return catalogue().map((task) => ({
      id: task.id,
      title: task.title,
      brief: task.brief,
      scenarioId: task.scenarioId,
      role: task.role,
      pairing: task.pairing,
      setupMoves: task.definition.setupMoves,
      decisions: { client: task.plan.client.length, server: task.plan.server.length },
      script: task.definition.script,
    }));
  }

  async create(instructor: InstructorPrincipal, classroomId: string, body: CreateQuizBody): Promise<InstructorQuizView> {
    await this.classrooms.requireOwned(classroomId, instructor.instructorId);
    const tasks = body.tasks.map((input, position) => {
      const fail = (en: string, zh: string) => new ApiError('VALIDATION_FAILED', { en: `tasks[${position}].${en}`, zh: `tasks[${position}].${zh}` });
      if ('catalogId' in input) {
        const entry = catalogueTask(input.catalogId);
        if (!entry) throw fail(`catalogId: no catalogue task "${input.catalogId}"`, `catalogId：目录中没有题目 "${input.catalogId}"`);
        const role = input.role ?? entry.role;
        if (entry.plan[role].length === 0) throw fail(`role: the ${role} makes no decision in this task`, `role：在这道题里${role === 'client' ? '客户端' : '服务器'}不需要作答`);
        return {
          position,
          catalogId: entry.id,
          title: entry.title,
          script: entry.definition.script,
          setupMoves: entry.definition.setupMoves,
          role,
          pairing: input.pairing ?? entry.pairing,
          plan: entry.plan,
        };
      }
      const checked = checkTask({ title: input.title, script: input.script, role: input.role, pairing: input.pairing, setupMoves: input.setupMoves });
      if (!checked.ok) throw fail(checked.error.en, checked.error.zh);
      return {
        position,
        catalogId: null,
        title: checked.task.title,
        script: checked.task.script,
        setupMoves: checked.task.setupMoves,
        role: checked.task.role,
        pairing: checked.task.pairing,
        plan: checked.plan,
      };
    });
    const quiz = await this.repository.createQuiz(
      classroomId,
      {
        title: body.title,
        feedback: body.feedback,
        timeLimitScope: body.timeLimit?.scope ?? 'task',
        timeLimitSeconds: body.timeLimit?.seconds ?? null,
      },
      tasks,
    );
    return instructorView(await this.aggregate(quiz));
  }

  async list(instructor: InstructorPrincipal, classroomId: string) {
    await this.classrooms.requireOwned(classroomId, instructor.instructorId);
    const quizzes = await this.repository.quizzesOf(classroomId);
    return quizzes.map((quiz) => instructorView({ quiz, seats: [], grades: [], runs: [], now: this.clock.now() }).quiz);
  }

  async results(instructor: InstructorPrincipal, quizId: string): Promise<InstructorQuizView> {
    const quiz = await this.ownedQuiz(instructor, quizId);
    return this.queue.run(quizId, async () => {
      await this.expireOverdue(quiz);
      return instructorView(await this.aggregate(quiz));
    });
  }

  async gradebookCsv(instructor: InstructorPrincipal, quizId: string, language: 'en' | 'zh'): Promise<{ title: string; csv: string }> {
    const view = await this.results(instructor, quizId);
    const csv = gradebookCsv(view.tasks, view.gradebook, language);
    return { title: view.quiz.title, csv };
  }

  async control(instructor: InstructorPrincipal, quizId: string, body: QuizControlBody): Promise<InstructorQuizView> {
    const owned = await this.ownedQuiz(instructor, quizId);
    const view = await this.queue.run(quizId, async () => {
      const quiz = (await this.repository.findQuiz(owned.id))!;
      const now = this.clock.now();
      switch (body.action) {
        case 'start': {
          if (quiz.status !== 'draft') throw new ApiError('CONFLICT', { en: 'This quiz has already been started.', zh: '该测验已经开始过了。' });
          const started = { ...quiz, ...(await this.repository.updateQuiz(quiz.id, { status: 'running', startedAt: now })) };
          // students who are here start now; an absent one starts (and their clock runs) when they open the quiz
          for (const seat of await this.repository.seatsOf(quiz.classroomId)) if (this.present(seat.id)) await this.ensureCurrent(started, seat.id);
          break;
        }
        case 'end': {
          if (quiz.status !== 'running') throw new ApiError('CONFLICT', { en: 'Only a running quiz can be ended.', zh: '只能结束正在进行的测验。' });
          for (const run of await this.repository.runsOf(quiz.id, { status: 'running' })) await this.closeRun(quiz, run, 'finished');
          await this.repository.updateQuiz(quiz.id, { status: 'ended', endedAt: now });
          break;
        }
        case 'show-leaderboard':
        case 'hide-leaderboard':
          await this.repository.updateQuiz(quiz.id, { leaderboardVisible: body.action === 'show-leaderboard' });
          break;
      }
      return instructorView(await this.aggregate((await this.repository.findQuiz(quiz.id))!));
    });
    void this.publish(quizId);
    return view;
  }

  /**
   * Recomputes every grade of the quiz from the stored transcripts: each run is replayed from its settings with
   * tcp-core (so a verdict is re-derived, not copied), then graded with the same rule. Same transcripts, same scores.
   */
  async regrade(instructor: InstructorPrincipal, quizId: string): Promise<{ changed: number; replayMatchesState: boolean; gradebook: GradebookRow[] }> {
    const owned = await this.ownedQuiz(instructor, quizId);
    const outcome = await this.queue.run(quizId, async () => {
      const quiz = (await this.repository.findQuiz(owned.id))!;
      const grades = await this.repository.gradesOf(quiz.id);
      let changed = 0;
      let replayMatchesState = true;
      for (const run of await this.repository.runsOf(quiz.id)) {
        const task = quiz.tasks.find((candidate) => candidate.id === run.taskId)!;
        let lab: Lab = createLab(run.settings as unknown as LabSettings);
        const replayed: TranscriptEntry[] = [];
        for (const stored of await this.repository.runEntries(run.id)) {
          const result = applyMove(lab, stored.move, stored.actor);
          replayed.push(toTranscriptEntry(stored.step, stored.actor, stored.move, lab, result));
          lab = result.lab;
        }
        if (canonicalJson(lab) !== canonicalJson(run.state)) replayMatchesState = false;
        for (const grade of grades.filter((candidate) => candidate.runId === run.id)) {
          const role = grade.role as Role;
          const fresh = gradeTask(planOf(task)[role], replayed.filter((entry) => isAnswerBy(entry, role)), run.status !== 'running');
          const same = fresh.correct === grade.correct && fresh.answered === grade.answered && fresh.expected === grade.expected &&
            canonicalJson(fresh.decisions) === canonicalJson(grade.decisions);
          if (!same) {
            changed += 1;
            await this.repository.updateGrade(grade.id, fresh);
          }
        }
      }
      return { changed, replayMatchesState, gradebook: gradebookRows(await this.aggregate(quiz)) };
    });
    if (outcome.changed > 0) void this.publish(quizId);
    return outcome;
  }

  private async ownedQuiz(instructor: InstructorPrincipal, quizId: string): Promise<QuizWithTasks> {
    const quiz = await this.repository.findQuiz(quizId);
    if (!quiz) throw new ApiError('NOT_FOUND', { en: 'This quiz does not exist.', zh: '该测验不存在。' });
    await this.classrooms.requireOwned(quiz.classroomId, instructor.instructorId);
    return quiz;
  }

  // ---- students ----------------------------------------------------------------------------------------------------

  /** Which quiz the student's class has (running, else the last that ran), without moving anyone on: for links. */
  async studentQuizSummary(seat: SeatPrincipal) {
    const quiz = await this.repository.currentQuizOf(seat.classroomId);
    return quiz ? quizSummary(quiz) : null;
  }

  /** The student's quiz (the running one of their class, else the last that ran), moved on to their current task. */
  async studentQuiz(seat: SeatPrincipal, quizId?: string): Promise<StudentQuizView | null> {
    const quiz = quizId ? await this.repository.findQuiz(quizId) : await this.repository.currentQuizOf(seat.classroomId);
    if (!quiz || quiz.status === 'draft') {
      if (quizId && !quiz) throw QuizRefused.of('NOT_FOUND');
      return null;
    }
    if (quiz.classroomId !== seat.classroomId) throw QuizRefused.of('FORBIDDEN');
    let moved = false;
    const view = await this.queue.run(quiz.id, async () => {
      const fresh = (await this.repository.findQuiz(quiz.id))!;
      moved = (await this.expireOverdue(fresh)) > 0;
      if (fresh.status === 'running') moved = (await this.ensureCurrent(fresh, seat.seatId)) || moved;
      return studentView(await this.aggregate(fresh), seat.seatId);
    });
    if (moved) void this.publish(quiz.id);
    return view;
  }

  /**
   * A student's answer. Refusals (who, what, when) change nothing and are not recorded; an accepted answer is
   * graded by tcp-core, recorded with the moves the script plays after it, and the seats' grades are updated in the
   * same transaction.
   */
  async answer(seat: SeatPrincipal, quizId: string, runId: string, moveId: string, rawMove: unknown): Promise<AnswerAck> {
    let changed = false;
    const ack = await this.queue.run(quizId, async (): Promise<AnswerAck> => {
      const quiz = await this.repository.findQuiz(quizId);
      if (!quiz) return quizRefusal('NOT_FOUND');
      if (quiz.classroomId !== seat.classroomId) return quizRefusal('FORBIDDEN');
      const run = await this.repository.findRun(runId);
      if (!run || run.quizId !== quiz.id) return quizRefusal('NOT_FOUND');
      const role = roleInRun(run, seat.seatId);
      if (!role) return quizRefusal('FORBIDDEN', { en: 'This task run belongs to someone else.', zh: '这道题属于其他同学。' });

      // The same move id from the same seat is a retry (a lost ack, a reconnect): answer it, never grade it twice.
      const earlier = await this.repository.findSeatMove(run.id, seat.seatId, moveId);
      if (earlier) return this.ackFor(quiz, earlier, true, seat.seatId);

      const parsed = parseMove(rawMove);
      if (!parsed.ok) return quizRefusal('VALIDATION_FAILED', { en: `move.${parsed.path}: ${parsed.reason.en}`, zh: `move.${parsed.path}：${parsed.reason.zh}` });
      const move = parsed.move;
      if (!('answer' in move)) return quizRefusal('VALIDATION_FAILED', { en: 'A quiz takes answers only: {by, answer:{state, send}}.', zh: '测验只接受作答：{by, answer:{state, send}}。' });
      if (move.by !== role) return quizRefusal('NOT_YOUR_ENDPOINT', { en: `You play the ${role}.`, zh: `你扮演的是${role === 'client' ? '客户端' : '服务器'}。` });
      if (quiz.status === 'draft') return quizRefusal('QUIZ_NOT_RUNNING');
      if (quiz.status === 'ended') return quizRefusal('TASK_FINISHED', { en: 'The quiz has ended.', zh: '测验已经结束。' });
      if (run.status === 'timed-out') return quizRefusal('TIME_UP');
      if (run.status !== 'running') return quizRefusal('TASK_FINISHED');
      if (run.deadlineAt && this.clock.now() > run.deadlineAt) {
        await this.closeRun(quiz, run, 'timed-out');
        await this.ensureCurrentForRun(quiz, run);
        changed = true;
        return quizRefusal('TIME_UP');
      }
      const task = quiz.tasks.find((candidate) => candidate.id === run.taskId)!;
      const lab = run.state as unknown as Lab;
      if (turnOf(run, task) !== role || !lab.pending[role]) return quizRefusal('NOT_YOUR_TURN');

      const step = answer({ lab, cursor: run.cursor }, role, move.answer);
      if (!step.result.ok) return quizRefusal('VALIDATION_FAILED', step.result.reason);
      const recorded: RecordedRunMove = { entry: entryOf(step), actorKey: seat.seatId, clientMoveId: moveId };
      const after = await this.advance(quiz, task, run, { lab: step.result.lab, cursor: run.cursor + 1 }, [recorded]);
      if (after.status !== 'running') await this.ensureCurrentForRun(quiz, after);
      changed = true;
      return this.ackFor(quiz, recorded.entry, false, seat.seatId);
    });
    if (changed) void this.publish(quizId);
    return ack;
  }

  private async ackFor(quiz: QuizWithTasks, entry: TranscriptEntry, duplicate: boolean, seatId: string): Promise<AnswerAck> {
    const view = studentView(await this.aggregate(quiz), seatId);
    if (!view.feedbackShown) return { ok: true, duplicate, quiz: view };
    const verdict: NonNullable<Extract<AnswerAck, { ok: true }>['verdict']> = { correct: entry.correct === true, ruleId: entry.ruleId ?? null };
    if (entry.expected) verdict.expected = entry.expected;
    if (entry.mistake) verdict.mistake = entry.mistake;
    return { ok: true, duplicate, verdict, quiz: view };
  }

  // ---- runs --------------------------------------------------------------------------------------------------------

  /**
   * Moves a seat on to its current task: the first task it has not finished. Starts (or joins, for a pair) the run
   * of that task when the seat reaches it. Returns true when something was created. Runs inside the quiz's queue.
   */
  private async ensureCurrent(quiz: QuizWithTasks, seatId: string): Promise<boolean> {
    if (quiz.status !== 'running') return false;
    let created = false;
    for (let guard = 0; guard <= quiz.tasks.length; guard++) {
      const grades = await this.repository.gradesOfSeat(quiz.id, seatId);
      const task = quiz.tasks.find((candidate) => {
        const grade = grades.find((g) => g.taskId === candidate.id);
        return !grade || grade.status === 'running';
      });
      if (!task) return created;
      const grade = grades.find((g) => g.taskId === task.id);
      if (grade) return created; // running: that is where the seat is
      await this.startTask(quiz, task, seatId);
      created = true;
    }
    return created;
  }

  private async ensureCurrentForRun(quiz: QuizWithTasks, run: QuizRunRow): Promise<void> {
    for (const seatId of [run.clientSeatId, run.serverSeatId]) if (seatId) await this.ensureCurrent(quiz, seatId);
  }

  /** A live socket on /quiz or on the labs: the student is at their screen. */
  private present(seatId: string): boolean {
    return this.events.seatConnected(seatId) || this.presence.isOnline(seatId);
  }

  /**
   * The seat's partner for pairs tasks: seats in join order at the quiz's start, 1st+2nd, 3rd+4th. The odd one
   * out, a latecomer, and anyone whose partner is not connected when the task starts play solo against the
   * built-in endpoint, so an absent partner never blocks anyone.
   */
  private async partnerOf(quiz: QuizWithTasks, task: QuizTaskRow, seatId: string): Promise<{ partner: string | null; first: boolean }> {
    const seats = (await this.repository.seatsOf(quiz.classroomId)).filter((seat) => quiz.startedAt && seat.createdAt <= quiz.startedAt);
    const index = seats.findIndex((seat) => seat.id === seatId);
    if (index < 0) return { partner: null, first: true };
    const mate = index % 2 === 0 ? seats[index + 1] : seats[index - 1];
    if (!mate || !this.present(mate.id)) return { partner: null, first: true };
    // the partner already played this task solo (they came first while this seat was away)
    if ((await this.repository.gradesOfSeat(quiz.id, mate.id)).some((grade) => grade.taskId === task.id)) return { partner: null, first: true };
    return { partner: mate.id, first: index % 2 === 0 };
  }

  private async startTask(quiz: QuizWithTasks, task: QuizTaskRow, seatId: string): Promise<void> {
    const now = this.clock.now();
    const plan = planOf(task);
    const existing = await this.repository.pairRunFor(quiz.id, task.id, seatId);
    if (existing) {
      // the partner arrived first and started the pair's run with this seat in it
      const role = roleInRun(existing, seatId)!;
      const entries = await this.repository.runEntries(existing.id);
      const grade = gradeTask(plan[role], entries.filter((entry) => isAnswerBy(entry, role)), existing.status !== 'running');
      const row = await this.repository.createGrade({ quizId: quiz.id, taskId: task.id, seatId, runId: existing.id, role, grade, startedAt: now });
      if (existing.status !== 'running') await this.repository.updateGradeStatus(row.id, existing.status, existing.finishedAt);
      return;
    }
    const taskRole = task.role as Role;
    const other: Role = taskRole === 'client' ? 'server' : 'client';
    const seats: Record<Role, string | null> = { client: null, server: null };
    const { partner, first } = task.pairing === 'pairs' ? await this.partnerOf(quiz, task, seatId) : { partner: null, first: true };
    seats[first ? taskRole : other] = seatId;
    if (partner) seats[first ? other : taskRole] = partner;
    const myRole: Role = seats.client === seatId ? 'client' : 'server';

    const progress = newProgress(scriptOf(task));
    const limitMs = quiz.timeLimitSeconds === null ? null : quiz.timeLimitSeconds * 1000;
    const deadlineAt =
      limitMs === null ? null : quiz.timeLimitScope === 'quiz' && quiz.startedAt ? new Date(quiz.startedAt.getTime() + limitMs) : new Date(now.getTime() + limitMs);
    const run = await this.repository.createRun({
      quizId: quiz.id,
      taskId: task.id,
      clientSeatId: seats.client,
      serverSeatId: seats.server,
      settings: progress.lab.settings,
      state: progress.lab,
      deadlineAt,
      startedAt: now,
    });
    await this.repository.createGrade({ quizId: quiz.id, taskId: task.id, seatId, runId: run.id, role: myRole, grade: gradeTask(plan[myRole], [], false), startedAt: now });
    const after = await this.advance(quiz, task, run, progress, []);
    if (after.status === 'running') {
      if (deadlineAt && deadlineAt <= now) await this.closeRun(quiz, after, 'timed-out');
      else this.armDeadline(after);
    }
  }

  /** Plays the script on from `progress` (after `first`, e.g. a student's answer) and stores it all with the grades. */
  private async advance(quiz: QuizWithTasks, task: QuizTaskRow, run: QuizRunRow, progress: RunProgress, first: RecordedRunMove[]): Promise<QuizRunRow> {
    const students = (['client', 'server'] as const).filter((role) => (role === 'client' ? run.clientSeatId : run.serverSeatId) !== null);
    const outcome = drive({ script: scriptOf(task), setupMoves: task.setupMoves }, progress, students);
    const moves = [...first, ...outcome.applied.map((step): RecordedRunMove => ({ entry: entryOf(step), actorKey: SYSTEM_ACTOR_KEY, clientMoveId: null }))];
    for (const step of outcome.applied) {
      if (!step.result.ok) this.logger.warn(`quiz ${quiz.id} run ${run.id}: scripted move refused (${step.result.code}); the task's check should have caught it`);
    }
    const over = outcome.waitingFor === null;
    const entries = [...(await this.repository.runEntries(run.id)), ...moves.map((m) => m.entry)];
    const saved = await this.repository.saveRun(run, {
      moves,
      state: outcome.progress.lab,
      cursor: outcome.progress.cursor,
      status: over ? 'finished' : 'running',
      finishedAt: over ? this.clock.now() : null,
      grades: this.runGrades(task, run, entries, over),
    });
    if (over) this.disarmDeadline(run.id);
    return saved;
  }

  private runGrades(task: QuizTaskRow, run: QuizRunRow, entries: TranscriptEntry[], over: boolean): Array<{ seatId: string; grade: TaskGrade }> {
    const plan: TaskPlan = planOf(task);
    const grades: Array<{ seatId: string; grade: TaskGrade }> = [];
    for (const role of ['client', 'server'] as const) {
      const seatId = role === 'client' ? run.clientSeatId : run.serverSeatId;
      if (seatId) grades.push({ seatId, grade: gradeTask(plan[role], entries.filter((entry) => isAnswerBy(entry, role)), over) });
    }
    return grades;
  }

  /** Ends a run without more moves: time is up ('timed-out') or the quiz ended ('finished'); open decisions are missed. */
  private async closeRun(quiz: QuizWithTasks, run: QuizRunRow, status: 'finished' | 'timed-out'): Promise<QuizRunRow> {
    const task = quiz.tasks.find((candidate) => candidate.id === run.taskId)!;
    const entries = await this.repository.runEntries(run.id);
    this.disarmDeadline(run.id);
    return this.repository.saveRun(run, {
      moves: [],
      state: run.state as unknown as Lab,
      cursor: run.cursor,
      status,
      finishedAt: this.clock.now(),
      grades: this.runGrades(task, run, entries, true),
    });
  }

  /** Runs whose deadline has passed are closed and their seats moved on; returns how many. */
  private async expireOverdue(quiz: QuizWithTasks): Promise<number> {
    if (quiz.status !== 'running') return 0;
    const now = this.clock.now();
    let expired = 0;
    for (let guard = 0; guard <= quiz.tasks.length; guard++) {
      const overdue = (await this.repository.runsOf(quiz.id, { status: 'running' })).filter((run) => run.deadlineAt && run.deadlineAt <= now);
      if (overdue.length === 0) break;
      for (const run of overdue) {
        await this.closeRun(quiz, run, 'timed-out');
        await this.ensureCurrentForRun(quiz, run);
        expired += 1;
      }
    }
    return expired;
  }

  private armDeadline(run: QuizRunRow): void {
    if (!run.deadlineAt || run.status !== 'running') return;
    this.disarmDeadline(run.id);
    const delay = Math.max(0, Math.min(run.deadlineAt.getTime() - this.clock.now().getTime(), 2 ** 31 - 1));
    const timer = setTimeout(() => {
      this.deadlineTimers.delete(run.id);
      void this.queue
        .run(run.quizId, async () => {
          const quiz = await this.repository.findQuiz(run.quizId);
          return quiz ? this.expireOverdue(quiz) : 0;
        })
        .then((expired) => (expired > 0 ? this.publish(run.quizId) : undefined))
        .catch((error: unknown) => this.logger.error(`quiz ${run.quizId}: deadline of run ${run.id} failed: ${String(error)}`));
    }, delay + 50);
    timer.unref();
    this.deadlineTimers.set(run.id, { run, timer });
  }

  private disarmDeadline(runId: string): void {
    const armed = this.deadlineTimers.get(runId);
    if (armed) clearTimeout(armed.timer);
    this.deadlineTimers.delete(runId);
  }

  // ---- telling people ----------------------------------------------------------------------------------------------

  async aggregate(quiz: QuizWithTasks): Promise<QuizAggregate> {
    const [seats, grades, runs] = await Promise.all([
      this.repository.seatsOf(quiz.classroomId),
      this.repository.gradesOf(quiz.id),
      this.repository.runsOf(quiz.id, { status: 'running' }),
    ]);
    return { quiz, seats, grades, runs, now: this.clock.now() };
  }

  /** 'quiz:state' to every student of the class (each their own view), 'quiz:results' to watching instructors. */
  async publish(quizId: string): Promise<void> {
    try {
      const quiz = await this.repository.findQuiz(quizId);
      if (!quiz) return;
      const agg = await this.aggregate(quiz);
      for (const seat of agg.seats) this.events.emit(quizRooms.seat(seat.id), 'quiz:state', { quiz: studentView(agg, seat.id) });
      this.events.emit(quizRooms.instructors(quiz.id), 'quiz:results', { quiz: instructorView(agg) });
    } catch (error) {
      this.logger.error(`quiz ${quizId}: publishing failed: ${String(error)}`);
    }
  }
}

/** JSON with sorted keys and no undefined fields: Postgres jsonb does not keep key order, so compare this. */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, inner]) => inner !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, inner]) => [k, sort(inner)]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

function entryOf(step: DrivenMove): TranscriptEntry {
  return toTranscriptEntry(0, step.actor, step.move, step.before, step.result);
}
