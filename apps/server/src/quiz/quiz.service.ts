import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  answerTask,
  canonicalJson,
  createLab,
  parseMove,
  planTask,
  replayEntries,
  sameLab,
  type Lab,
  type Role,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import {
  QUIZ_EVENTS,
  type AnswerVerdict,
  type CreateQuizBody,
  type InstructorQuizView,
  type QuizAnswerAck,
  type QuizCatalogueTask,
  type QuizControlBody,
  type QuizRegradeResult,
  type QuizResultsMessage,
  type QuizStateMessage,
  type QuizSummary,
  type StudentQuizView,
} from '@tcp-lab/lab-protocol';
import { ClassroomsService } from '../classrooms/classrooms.service';
import { SeatRemovals, type SeatRemoval } from '../classrooms/seat-removals';
import { ApiError } from '../common/api-error';
import type { InstructorPrincipal, SeatPrincipal } from '../auth/principal';
import { LabQueue } from '../labs/lab-queue';
import { catalogue, catalogueTask } from './catalogue';
import { gradebookCsv, gradeTask } from './grading';
import { QuizClock } from './quiz-clock';
import { QuizDeadlines } from './quiz-deadlines';
import { QuizRefused, quizRefusal } from './quiz-errors';
import { QuizEvents, quizRooms } from './quiz-events';
import { entryOf, isAnswerBy, QuizRuns } from './quiz-runs';
import {
  gradebookRows,
  instructorView,
  planOf,
  quizSummary,
  roleInRun,
  studentView,
  turnOf,
  type QuizAggregate,
} from './quiz-views';
import { QuizRepository, type QuizWithTasks, type RecordedRunMove } from './quiz.repository';

/** How long a student may be gone from the quiz screen (a reload, a Wi-Fi drop) before a waiting pair goes on without them. */
const SEAT_LEAVE_GRACE_MS = 2000;

/**
 * The quiz master: the only place answers are graded (against tcp-core's reference machine), grades are stored and
 * deadlines are enforced. Every change to one quiz runs in that quiz's queue, one at a time, so a student's
 * answer, a deadline and the instructor's "end" never interleave.
 */
@Injectable()
export class QuizService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('QuizService');
  private readonly queue = new LabQueue();
  /** seats whose last quiz socket closed, waiting out the grace period */
  private readonly leaving = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly repository: QuizRepository,
    private readonly classrooms: ClassroomsService,
    private readonly clock: QuizClock,
    private readonly events: QuizEvents,
    private readonly runs: QuizRuns,
    private readonly deadlines: QuizDeadlines,
    removals: SeatRemovals,
  ) {
    removals.register('letting the quiz partner go', (removal) => this.seatRemoved(removal));
    this.deadlines.onDue = (run) =>
      void this.queue
        .run(run.quizId, async () => {
          const quiz = await this.repository.findQuiz(run.quizId);
          return quiz ? this.runs.expireOverdue(quiz) : 0;
        })
        .then((expired) => (expired > 0 ? this.publish(run.quizId) : undefined))
        .catch((error: unknown) =>
          this.logger.error(`quiz ${run.quizId}: deadline of run ${run.id} failed: ${String(error)}`),
        );
  }

  /** After a restart: every running run's deadline is armed again (grades and runs are all in Postgres). */
  async onApplicationBootstrap(): Promise<void> {
    for (const quiz of await this.repository.runningQuizzes()) {
      for (const run of await this.repository.runsOf(quiz.id, { status: 'running' })) this.deadlines.arm(run);
    }
  }

  async onModuleDestroy(): Promise<void> {
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
    await this.queue.drain();
  }

  // ---- instructor ------------------------------------------------------------------------------------------------

  catalogue(): QuizCatalogueTask[] {
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

  async create(
    instructor: InstructorPrincipal,
    classroomId: string,
    body: CreateQuizBody,
  ): Promise<InstructorQuizView> {
    await this.classrooms.requireOwned(classroomId, instructor.instructorId);
    const tasks = body.tasks.map((input, position) => {
      const fail = (en: string, zh: string) =>
        new ApiError('VALIDATION_FAILED', { en: `tasks[${position}].${en}`, zh: `tasks[${position}].${zh}` });
      if ('catalogId' in input) {
        const entry = catalogueTask(input.catalogId);
        if (!entry)
          throw fail(
            `catalogId: no catalogue task "${input.catalogId}"`,
            `catalogId：目录中没有题目 "${input.catalogId}"`,
          );
        const role = input.role ?? entry.role;
        if (entry.plan[role].length === 0)
          throw fail(
            `role: the ${role} makes no decision in this task`,
            `role：在这道题里${role === 'client' ? '客户端' : '服务器'}不需要作答`,
          );
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
      const checked = planTask({ script: input.script, role: input.role, setupMoves: input.setupMoves });
      if (!checked.ok) throw fail(checked.error.en, checked.error.zh);
      return {
        position,
        catalogId: null,
        title: input.title,
        script: checked.task.script,
        setupMoves: checked.task.setupMoves,
        role: input.role,
        pairing: input.pairing,
        plan: checked.plan,
      };
    });
    const quiz = await this.repository.createQuiz(
      classroomId,
      {
        title: body.title,
        feedback: body.feedback,
        examTcb: body.examTcb,
        timeLimitScope: body.timeLimit?.scope ?? 'task',
        timeLimitSeconds: body.timeLimit?.seconds ?? null,
      },
      tasks,
    );
    return instructorView(await this.aggregate(quiz));
  }

  async list(instructor: InstructorPrincipal, classroomId: string): Promise<QuizSummary[]> {
    await this.classrooms.requireOwned(classroomId, instructor.instructorId);
    const quizzes = await this.repository.quizzesOf(classroomId);
    return quizzes.map(
      (quiz) => instructorView({ quiz, seats: [], grades: [], runs: [], now: this.clock.now() }).quiz,
    );
  }

  async results(instructor: InstructorPrincipal, quizId: string): Promise<InstructorQuizView> {
    const quiz = await this.ownedQuiz(instructor, quizId);
    return this.queue.run(quizId, async () => {
      await this.runs.expireOverdue(quiz);
      return instructorView(await this.aggregate(quiz));
    });
  }

  async gradebookCsv(
    instructor: InstructorPrincipal,
    quizId: string,
    language: 'en' | 'zh',
  ): Promise<{ title: string; csv: string }> {
    const view = await this.results(instructor, quizId);
    const csv = gradebookCsv(view.tasks, view.gradebook, language);
    return { title: view.quiz.title, csv };
  }

  async control(
    instructor: InstructorPrincipal,
    quizId: string,
    body: QuizControlBody,
  ): Promise<InstructorQuizView> {
    const owned = await this.ownedQuiz(instructor, quizId);
    const view = await this.queue.run(quizId, async () => {
      const quiz = (await this.repository.findQuiz(owned.id))!;
      const now = this.clock.now();
      switch (body.action) {
        case 'start': {
          if (quiz.status !== 'draft')
            throw new ApiError('CONFLICT', {
              en: 'This quiz has already been started.',
              zh: '该测验已经开始过了。',
            });
          const started = {
            ...quiz,
            ...(await this.repository.updateQuiz(quiz.id, { status: 'running', startedAt: now })),
          };
          // students who are here start now; an absent one starts (and their clock runs) when they open the quiz
          for (const seat of await this.repository.seatsOf(quiz.classroomId))
            if (this.runs.present(seat.id)) await this.runs.ensureCurrent(started, seat.id);
          break;
        }
        case 'end': {
          if (quiz.status !== 'running')
            throw new ApiError('CONFLICT', {
              en: 'Only a running quiz can be ended.',
              zh: '只能结束正在进行的测验。',
            });
          for (const run of await this.repository.runsOf(quiz.id, { status: 'running' }))
            await this.runs.closeRun(quiz, run, 'finished');
          await this.repository.updateQuiz(quiz.id, { status: 'ended', endedAt: now });
          break;
        }
        case 'show-leaderboard':
        case 'hide-leaderboard':
          await this.repository.updateQuiz(quiz.id, {
            leaderboardVisible: body.action === 'show-leaderboard',
          });
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
  async regrade(instructor: InstructorPrincipal, quizId: string): Promise<QuizRegradeResult> {
    const owned = await this.ownedQuiz(instructor, quizId);
    const outcome = await this.queue.run(quizId, async () => {
      const quiz = (await this.repository.findQuiz(owned.id))!;
      const grades = await this.repository.gradesOf(quiz.id);
      let changed = 0;
      let replayMatchesState = true;
      for (const run of await this.repository.runsOf(quiz.id)) {
        const task = quiz.tasks.find((candidate) => candidate.id === run.taskId)!;
        // tcp-core's one replay: the verdicts are re-derived from the moves, not copied from the stored entries
        const settings = run.settings;
        const steps = replayEntries({ settings, entries: await this.repository.runEntries(run.id) });
        const replayed: TranscriptEntry[] = steps.map((step) => step.replayed);
        const lab: Lab = steps.at(-1)?.lab ?? createLab(settings);
        if (!sameLab(lab, run.state)) replayMatchesState = false;
        for (const grade of grades.filter((candidate) => candidate.runId === run.id)) {
          const role = grade.role as Role;
          const fresh = gradeTask(
            planOf(task)[role],
            replayed.filter((entry) => isAnswerBy(entry, role)),
            run.status !== 'running',
          );
          const same =
            fresh.correct === grade.correct &&
            fresh.answered === grade.answered &&
            fresh.expected === grade.expected &&
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
  async studentQuizSummary(seat: SeatPrincipal): Promise<QuizSummary | null> {
    const quiz = await this.repository.currentQuizOf(seat.classroomId);
    return quiz ? quizSummary(quiz) : null;
  }

  /** The student's quiz (the running one of their class, else the last that ran), moved on to their current task. */
  async studentQuiz(seat: SeatPrincipal, quizId?: string): Promise<StudentQuizView | null> {
    const quiz = quizId
      ? await this.repository.findQuiz(quizId)
      : await this.repository.currentQuizOf(seat.classroomId);
    if (quizId && !quiz) throw QuizRefused.of('NOT_FOUND');
    // Another class's quiz is refused whatever its status, as every read of another class's objects is.
    if (quiz && quiz.classroomId !== seat.classroomId) throw QuizRefused.of('FORBIDDEN');
    if (!quiz || quiz.status === 'draft') return null;
    let moved = false;
    const view = await this.queue.run(quiz.id, async () => {
      const fresh = (await this.repository.findQuiz(quiz.id))!;
      moved = (await this.runs.expireOverdue(fresh)) > 0;
      if (fresh.status === 'running') moved = (await this.runs.ensureCurrent(fresh, seat.seatId)) || moved;
      return studentView(await this.aggregate(fresh), seat.seatId);
    });
    if (moved) void this.publish(quiz.id);
    return view;
  }

  /**
   * A student's last quiz socket closed: a pair task still waiting for them need not wait (QuizRuns.seatLeft). A
   * reload or a short Wi-Fi drop comes back within the grace period and changes nothing.
   */
  seatDisconnected(seat: SeatPrincipal): void {
    clearTimeout(this.leaving.get(seat.seatId));
    const timer = setTimeout(() => {
      this.leaving.delete(seat.seatId);
      this.seatLeft(seat).catch((error: unknown) =>
        this.logger.error(`seat ${seat.seatId}: leaving the quiz failed: ${String(error)}`),
      );
    }, SEAT_LEAVE_GRACE_MS);
    timer.unref();
    this.leaving.set(seat.seatId, timer);
  }

  /** A seat left the class or was removed (SeatRemovals): its quiz partner is let go at once, present or not. */
  private async seatRemoved({ classroomId, seatId }: SeatRemoval): Promise<void> {
    clearTimeout(this.leaving.get(seatId));
    this.leaving.delete(seatId);
    const quiz = await this.repository.currentQuizOf(classroomId);
    if (!quiz || quiz.status !== 'running') return;
    const changed = await this.queue.run(quiz.id, async () => {
      const fresh = await this.repository.findQuiz(quiz.id);
      return fresh ? this.runs.seatRemoved(fresh, seatId) : false;
    });
    if (changed) await this.publish(quiz.id);
  }

  private async seatLeft(seat: SeatPrincipal): Promise<void> {
    const quiz = await this.repository.currentQuizOf(seat.classroomId);
    if (!quiz || quiz.status !== 'running') return;
    const changed = await this.queue.run(quiz.id, async () => {
      const fresh = await this.repository.findQuiz(quiz.id);
      return fresh ? this.runs.seatLeft(fresh, seat.seatId) : false;
    });
    if (changed) void this.publish(quiz.id);
  }

  /**
   * A student's answer. Refusals (who, what, when) change nothing and are not recorded; an accepted answer is
   * graded by tcp-core, recorded with the moves the script plays after it, and the seats' grades are updated in the
   * same transaction.
   */
  async answer(
    seat: SeatPrincipal,
    quizId: string,
    runId: string,
    moveId: string,
    rawMove: unknown,
  ): Promise<QuizAnswerAck> {
    let changed = false;
    const ack = await this.queue.run(quizId, async (): Promise<QuizAnswerAck> => {
      const quiz = await this.repository.findQuiz(quizId);
      if (!quiz) return quizRefusal('NOT_FOUND');
      if (quiz.classroomId !== seat.classroomId) return quizRefusal('FORBIDDEN');
      const run = await this.repository.findRun(runId);
      if (!run || run.quizId !== quiz.id) return quizRefusal('NOT_FOUND');
      const role = roleInRun(run, seat.seatId);
      if (!role)
        return quizRefusal('FORBIDDEN', {
          en: 'This task run belongs to someone else.',
          zh: '这道题属于其他同学。',
        });

      // The same move id from the same seat is a retry (a lost ack, a reconnect): answer it, never grade it twice.
      const earlier = await this.repository.findSeatMove(run.id, seat.seatId, moveId);
      if (earlier) return this.ackFor(quiz, earlier, true, seat.seatId);

      const parsed = parseMove(rawMove);
      if (!parsed.ok)
        return quizRefusal(
          'VALIDATION_FAILED',
          {
            en: `move.${parsed.path}: ${parsed.reason.en}`,
            zh: `move.${parsed.path}：${parsed.reason.zh}`,
          },
          `move.${parsed.path}`,
        );
      const move = parsed.move;
      if (!('answer' in move))
        return quizRefusal('VALIDATION_FAILED', {
          en: 'A quiz takes answers only: {by, answer:{state, send}}.',
          zh: '测验只接受作答：{by, answer:{state, send}}。',
        });
      if (move.by !== role)
        return quizRefusal('NOT_YOUR_ENDPOINT', {
          en: `You play the ${role}.`,
          zh: `你扮演的是${role === 'client' ? '客户端' : '服务器'}。`,
        });
      if (quiz.status === 'draft') return quizRefusal('QUIZ_NOT_RUNNING');
      if (quiz.status === 'ended')
        return quizRefusal('TASK_FINISHED', { en: 'The quiz has ended.', zh: '测验已经结束。' });
      if (run.status === 'timed-out') return quizRefusal('TIME_UP');
      if (run.status !== 'running') return quizRefusal('TASK_FINISHED');
      if (run.clockStartedAt === null)
        return quizRefusal('NOT_YOUR_TURN', {
          en: 'Your partner is not here yet: the task, and its clock, start when you can both play.',
          zh: '你的搭档还没有到：等你们两人都能作答时，这道题和它的计时才开始。',
        });
      if (run.deadlineAt && this.clock.now() > run.deadlineAt) {
        await this.runs.closeRun(quiz, run, 'timed-out');
        await this.runs.ensureCurrentForRun(quiz, run);
        changed = true;
        return quizRefusal('TIME_UP');
      }
      const task = quiz.tasks.find((candidate) => candidate.id === run.taskId)!;
      const lab = run.state;
      if (turnOf(run, task) !== role || !lab.pending[role]) return quizRefusal('NOT_YOUR_TURN');

      const step = answerTask({ lab, cursor: run.cursor }, role, move.answer);
      if (!step.result.ok) return quizRefusal('VALIDATION_FAILED', step.result.reason);
      const recorded: RecordedRunMove = { entry: entryOf(step), actorKey: seat.seatId, clientMoveId: moveId };
      const after = await this.runs.advance(
        quiz,
        task,
        run,
        { lab: step.result.lab, cursor: run.cursor + 1 },
        [recorded],
      );
      if (after.status !== 'running') await this.runs.ensureCurrentForRun(quiz, after);
      changed = true;
      return this.ackFor(quiz, recorded.entry, false, seat.seatId);
    });
    if (changed) void this.publish(quizId);
    return ack;
  }

  private async ackFor(
    quiz: QuizWithTasks,
    entry: TranscriptEntry,
    duplicate: boolean,
    seatId: string,
  ): Promise<QuizAnswerAck> {
    const view = studentView(await this.aggregate(quiz), seatId);
    if (!view.feedbackShown) return { ok: true, duplicate, quiz: view };
    const verdict: AnswerVerdict = { correct: entry.correct === true, ruleId: entry.ruleId ?? null };
    if (entry.expected) verdict.expected = entry.expected;
    if (entry.mistake) verdict.mistake = entry.mistake;
    return { ok: true, duplicate, verdict, quiz: view };
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
      for (const seat of agg.seats)
        this.events.emit(quizRooms.seat(seat.id), QUIZ_EVENTS.state, {
          quiz: studentView(agg, seat.id),
        } satisfies QuizStateMessage);
      this.events.emit(quizRooms.instructors(quiz.id), QUIZ_EVENTS.results, {
        quiz: instructorView(agg),
      } satisfies QuizResultsMessage);
    } catch (error) {
      this.logger.error(`quiz ${quizId}: publishing failed: ${String(error)}`);
    }
  }
}
