import { Injectable, Logger } from '@nestjs/common';
import {
  driveTask,
  startTask,
  toTranscriptEntry,
  type DrivenMove,
  type Role,
  type TaskPlan,
  type TaskProgress,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import { PresenceService } from '../classrooms/presence.service';
import { gradeTask, type TaskGrade } from './grading';
import { QuizClock } from './quiz-clock';
import { QuizDeadlines } from './quiz-deadlines';
import { QuizEvents } from './quiz-events';
import { planOf, roleInRun, scriptOf } from './quiz-views';
import {
  QuizRepository,
  type QuizRunRow,
  type QuizTaskRow,
  type QuizWithTasks,
  type RecordedRunMove,
} from './quiz.repository';

const SYSTEM_ACTOR_KEY = 'system';

/** A student's graded answer in a run's transcript (scripted answers are the system's). */
export const isAnswerBy = (entry: TranscriptEntry, role: Role) =>
  entry.actor === role && entry.ok && !!(entry.move as { answer?: unknown })?.answer;

/** The transcript entry of one driven move (its step is given when it is stored). */
export function entryOf(step: DrivenMove): TranscriptEntry {
  return toTranscriptEntry(0, step.actor, step.move, step.before, step.result);
}

/**
 * Runs: one play of a task by a seat (or a pair). Starting a seat on its current task, playing the script on after
 * an answer, closing a run when time is up or the quiz ends, and the grades that go with each change. Every method
 * must be called inside the quiz's queue (QuizService owns it).
 */
@Injectable()
export class QuizRuns {
  private readonly logger = new Logger('QuizRuns');

  constructor(
    private readonly repository: QuizRepository,
    private readonly presence: PresenceService,
    private readonly clock: QuizClock,
    private readonly events: QuizEvents,
    private readonly deadlines: QuizDeadlines,
  ) {}

  /**
   * Moves a seat on to its current task: the first task it has not finished. Starts (or joins, for a pair) the run
   * of that task when the seat reaches it. Returns true when something was created. Runs inside the quiz's queue.
   */
  async ensureCurrent(quiz: QuizWithTasks, seatId: string): Promise<boolean> {
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
      if (grade) {
        // running: that is where the seat is; a pair waiting for this seat can start now that it is here
        const run = await this.repository.findRun(grade.runId);
        return (run !== null && (await this.startClockIfReady(quiz, run))) || created;
      }
      await this.startTask(quiz, task, seatId);
      created = true;
    }
    return created;
  }

  async ensureCurrentForRun(quiz: QuizWithTasks, run: QuizRunRow): Promise<void> {
    for (const seatId of [run.clientSeatId, run.serverSeatId])
      if (seatId) await this.ensureCurrent(quiz, seatId);
  }

  /** A live socket on /quiz or on the labs: the student is at their screen. */
  present(seatId: string): boolean {
    return this.events.seatConnected(seatId) || this.presence.isOnline(seatId);
  }

  /** When a run whose clock starts at `start` must end (null: no time limit). */
  private deadlineFrom(quiz: QuizWithTasks, start: Date): Date | null {
    if (quiz.timeLimitSeconds === null) return null;
    const limitMs = quiz.timeLimitSeconds * 1000;
    // one limit for the whole quiz counts from the quiz's start, for everyone
    if (quiz.timeLimitScope === 'quiz' && quiz.startedAt) return new Date(quiz.startedAt.getTime() + limitMs);
    return new Date(start.getTime() + limitMs);
  }

  /**
   * A task's clock starts when every student of its run can act: a solo run at once, a pair when both students are
   * on the task (each has reached it: a grade on the run) and on the quiz screen (a socket on /quiz). Until then
   * neither may answer and no time is counted, so the faster student does not lose time to an absent partner.
   * Returns true when the clock started now.
   */
  async startClockIfReady(quiz: QuizWithTasks, run: QuizRunRow): Promise<boolean> {
    if (run.status !== 'running' || run.clockStartedAt !== null) return false;
    const seats = [run.clientSeatId, run.serverSeatId].filter((id): id is string => id !== null);
    const grades = await this.repository.gradesOfRun(run.id);
    const onTask = seats.every((id) => grades.some((grade) => grade.seatId === id));
    if (!onTask || !seats.every((id) => this.events.seatConnected(id))) return false;
    const now = this.clock.now();
    const started = await this.repository.startRunClock(run.id, now, this.deadlineFrom(quiz, now));
    if (!started) return false;
    if (started.deadlineAt && started.deadlineAt <= now) await this.closeRun(quiz, started, 'timed-out');
    else this.deadlines.arm(started);
    return true;
  }

  /**
   * A student left the quiz screen. A pair run still waiting for its students (no clock yet) does not wait for one
   * who is nowhere at all (no socket on /quiz or the labs): that side goes to the built-in endpoint, the partner
   * plays on solo, and the student who left starts the task afresh (solo) when they come back. Returns true when
   * a run changed.
   */
  async seatLeft(quiz: QuizWithTasks, seatId: string): Promise<boolean> {
    if (quiz.status !== 'running' || this.present(seatId)) return false;
    let changed = false;
    for (const run of await this.repository.runsOf(quiz.id, { status: 'running' })) {
      if (run.clockStartedAt !== null || roleInRun(run, seatId) === null) continue;
      const partner = run.clientSeatId === seatId ? run.serverSeatId : run.clientSeatId;
      if (partner === null) continue;
      const solo = await this.repository.leaveWaitingRun(run, seatId);
      if (solo) changed = (await this.playOnSolo(quiz, solo)) || changed;
    }
    return changed;
  }

  /**
   * A seat was removed from the class (or its student left it): it never comes back, so nobody waits for it,
   * whether it is on the quiz screen, only on the lab page, or nowhere. Its side of a pair run, waiting or clocked,
   * goes to the built-in endpoint and the partner plays on solo; its own solo runs close. Returns true when a run
   * changed.
   */
  async seatRemoved(quiz: QuizWithTasks, seatId: string): Promise<boolean> {
    if (quiz.status !== 'running') return false;
    let changed = false;
    for (const run of await this.repository.runsOf(quiz.id, { status: 'running' })) {
      if (roleInRun(run, seatId) === null) continue;
      const partner = run.clientSeatId === seatId ? run.serverSeatId : run.clientSeatId;
      if (partner === null) {
        await this.closeRun(quiz, run, 'finished');
        changed = true;
        continue;
      }
      const solo =
        run.clockStartedAt === null
          ? await this.repository.leaveWaitingRun(run, seatId)
          : await this.repository.leaveRunningRun(run, seatId, this.clock.now());
      if (solo) changed = (await this.playOnSolo(quiz, solo)) || changed;
    }
    return changed;
  }

  /** A run that has just lost one of its students: the built-in endpoint may owe the next answer now. */
  private async playOnSolo(quiz: QuizWithTasks, solo: QuizRunRow): Promise<boolean> {
    const task = quiz.tasks.find((candidate) => candidate.id === solo.taskId)!;
    // play the script on to the remaining student's next decision
    const after = await this.advance(quiz, task, solo, { lab: solo.state, cursor: solo.cursor }, []);
    if (after.status === 'running') await this.startClockIfReady(quiz, after);
    else await this.ensureCurrentForRun(quiz, after);
    return true;
  }

  /**
   * The seat's partner for pairs tasks: seats in join order at the quiz's start, 1st+2nd, 3rd+4th. The odd one
   * out, a latecomer, and anyone whose partner is not connected when the task starts play solo against the
   * built-in endpoint, so an absent partner never blocks anyone.
   */
  private async partnerOf(
    quiz: QuizWithTasks,
    task: QuizTaskRow,
    seatId: string,
  ): Promise<{ partner: string | null; first: boolean }> {
    const seats = (await this.repository.seatsOf(quiz.classroomId)).filter(
      (seat) => !seat.removedAt && quiz.startedAt && seat.createdAt <= quiz.startedAt,
    );
    const index = seats.findIndex((seat) => seat.id === seatId);
    if (index < 0) return { partner: null, first: true };
    const mate = index % 2 === 0 ? seats[index + 1] : seats[index - 1];
    if (!mate || !this.present(mate.id)) return { partner: null, first: true };
    // the partner already played this task solo (they came first while this seat was away)
    if ((await this.repository.gradesOfSeat(quiz.id, mate.id)).some((grade) => grade.taskId === task.id))
      return { partner: null, first: true };
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
      const grade = gradeTask(
        plan[role],
        entries.filter((entry) => isAnswerBy(entry, role)),
        existing.status !== 'running',
      );
      const row = await this.repository.createGrade({
        quizId: quiz.id,
        taskId: task.id,
        seatId,
        runId: existing.id,
        role,
        grade,
        startedAt: now,
      });
      if (existing.status !== 'running')
        await this.repository.updateGradeStatus(row.id, existing.status, existing.finishedAt);
      else await this.startClockIfReady(quiz, existing);
      return;
    }
    const taskRole = task.role as Role;
    const other: Role = taskRole === 'client' ? 'server' : 'client';
    const seats: Record<Role, string | null> = { client: null, server: null };
    const { partner, first } =
      task.pairing === 'pairs' ? await this.partnerOf(quiz, task, seatId) : { partner: null, first: true };
    seats[first ? taskRole : other] = seatId;
    if (partner) seats[first ? other : taskRole] = partner;
    const myRole: Role = seats.client === seatId ? 'client' : 'server';

    const progress = startTask(scriptOf(task));
    // solo: the student can act now, so the clock starts now; a pair's starts when the partner is here too
    const clockStartedAt = partner ? null : now;
    const deadlineAt = clockStartedAt || quiz.timeLimitScope === 'quiz' ? this.deadlineFrom(quiz, now) : null;
    const run = await this.repository.createRun({
      quizId: quiz.id,
      taskId: task.id,
      clientSeatId: seats.client,
      serverSeatId: seats.server,
      settings: progress.lab.settings,
      state: progress.lab,
      clockStartedAt,
      deadlineAt,
      startedAt: now,
    });
    await this.repository.createGrade({
      quizId: quiz.id,
      taskId: task.id,
      seatId,
      runId: run.id,
      role: myRole,
      grade: gradeTask(plan[myRole], [], false),
      startedAt: now,
    });
    const after = await this.advance(quiz, task, run, progress, []);
    if (after.status === 'running') {
      if (after.deadlineAt && after.deadlineAt <= now) await this.closeRun(quiz, after, 'timed-out');
      else if (after.deadlineAt) this.deadlines.arm(after);
    }
  }

  /** Plays the script on from `progress` (after `first`, e.g. a student's answer) and stores it all with the grades. */
  async advance(
    quiz: QuizWithTasks,
    task: QuizTaskRow,
    run: QuizRunRow,
    progress: TaskProgress,
    first: RecordedRunMove[],
  ): Promise<QuizRunRow> {
    const students = (['client', 'server'] as const).filter(
      (role) => (role === 'client' ? run.clientSeatId : run.serverSeatId) !== null,
    );
    const outcome = driveTask({ script: scriptOf(task), setupMoves: task.setupMoves }, progress, students);
    const moves = [
      ...first,
      ...outcome.applied.map((step): RecordedRunMove => ({
        entry: entryOf(step),
        actorKey: SYSTEM_ACTOR_KEY,
        clientMoveId: null,
      })),
    ];
    for (const step of outcome.applied) {
      if (!step.result.ok)
        this.logger.warn(
          `quiz ${quiz.id} run ${run.id}: scripted move refused (${step.result.code}); the task's check should have caught it`,
        );
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
    if (over) this.deadlines.disarm(run.id);
    return saved;
  }

  private runGrades(
    task: QuizTaskRow,
    run: QuizRunRow,
    entries: TranscriptEntry[],
    over: boolean,
  ): Array<{ seatId: string; grade: TaskGrade }> {
    const plan: TaskPlan = planOf(task);
    const grades: Array<{ seatId: string; grade: TaskGrade }> = [];
    for (const role of ['client', 'server'] as const) {
      const seatId = role === 'client' ? run.clientSeatId : run.serverSeatId;
      if (seatId)
        grades.push({
          seatId,
          grade: gradeTask(
            plan[role],
            entries.filter((entry) => isAnswerBy(entry, role)),
            over,
          ),
        });
    }
    return grades;
  }

  /** Ends a run without more moves: time is up ('timed-out') or the quiz ended ('finished'); open decisions are missed. */
  async closeRun(
    quiz: QuizWithTasks,
    run: QuizRunRow,
    status: 'finished' | 'timed-out',
  ): Promise<QuizRunRow> {
    const task = quiz.tasks.find((candidate) => candidate.id === run.taskId)!;
    const entries = await this.repository.runEntries(run.id);
    this.deadlines.disarm(run.id);
    return this.repository.saveRun(run, {
      moves: [],
      state: run.state,
      cursor: run.cursor,
      status,
      finishedAt: this.clock.now(),
      grades: this.runGrades(task, run, entries, true),
    });
  }

  /** Runs whose deadline has passed are closed and their seats moved on; returns how many. */
  async expireOverdue(quiz: QuizWithTasks): Promise<number> {
    if (quiz.status !== 'running') return 0;
    const now = this.clock.now();
    let expired = 0;
    for (let guard = 0; guard <= quiz.tasks.length; guard++) {
      const overdue = (await this.repository.runsOf(quiz.id, { status: 'running' })).filter(
        (run) => run.deadlineAt && run.deadlineAt <= now,
      );
      if (overdue.length === 0) break;
      for (const run of overdue) {
        await this.closeRun(quiz, run, 'timed-out');
        await this.ensureCurrentForRun(quiz, run);
        expired += 1;
      }
    }
    return expired;
  }
}
