import { Injectable } from '@nestjs/common';
import type {
  Bilingual,
  Lab,
  LabScript,
  LabSettings,
  Role,
  TaskPlan,
  TranscriptEntry,
} from '@tcp-lab/tcp-core';
import type { QuizFeedback, QuizTaskStatus } from '@tcp-lab/lab-protocol';
import type { $Enums, Prisma, Quiz, QuizGrade, QuizRun, QuizTask } from '../generated/prisma';
import { parseColumn } from '../database/json-columns';
import { PrismaService } from '../database/prisma.service';
import type { GradedDecision, TaskGrade } from './grading';

// Rows with their JSON columns parsed (database/json-columns.ts): the quiz code gets typed values, never casts.
export type QuizRow = Quiz;
export type QuizTaskRow = Omit<QuizTask, 'title' | 'script' | 'plan'> & {
  title: Bilingual;
  script: LabScript;
  plan: TaskPlan;
};
/** A run's (and its grades') status as the wire contract spells it; a task not started has no row. */
export type RunStatus = Exclude<QuizTaskStatus, 'not-started'>;
export type QuizRunRow = Omit<QuizRun, 'settings' | 'state' | 'status'> & {
  settings: LabSettings;
  state: Lab;
  status: RunStatus;
};
export type QuizGradeRow = Omit<QuizGrade, 'decisions' | 'status'> & {
  decisions: GradedDecision[];
  status: RunStatus;
};

// The Prisma enum QuizRunStatus stores 'timed-out' (@map) but hands the code the identifier 'timed_out'.
const statusOf = (status: $Enums.QuizRunStatus): RunStatus => (status === 'timed_out' ? 'timed-out' : status);
const dbStatus = (status: RunStatus): $Enums.QuizRunStatus => (status === 'timed-out' ? 'timed_out' : status);
export type QuizWithTasks = Quiz & { tasks: QuizTaskRow[] };

const taskRow = (task: QuizTask): QuizTaskRow => ({
  ...task,
  title: parseColumn('bilingual', task.title, 'QuizTask.title', task.id),
  script: parseColumn('labScript', task.script, 'QuizTask.script', task.id),
  plan: parseColumn('taskPlan', task.plan, 'QuizTask.plan', task.id),
});
const withTasks = (quiz: Quiz & { tasks: QuizTask[] }): QuizWithTasks => ({
  ...quiz,
  tasks: quiz.tasks.map(taskRow),
});
const maybeWithTasks = (quiz: (Quiz & { tasks: QuizTask[] }) | null) => quiz && withTasks(quiz);
const runRow = (run: QuizRun): QuizRunRow => ({
  ...run,
  status: statusOf(run.status),
  settings: parseColumn('labSettings', run.settings, 'QuizRun.settings', run.id),
  state: parseColumn('labState', run.state, 'QuizRun.state', run.id),
});
const maybeRunRow = (run: QuizRun | null) => run && runRow(run);
const gradeRow = (grade: QuizGrade): QuizGradeRow => ({
  ...grade,
  status: statusOf(grade.status),
  decisions: parseColumn('gradedDecisions', grade.decisions, 'QuizGrade.decisions', grade.id),
});
const entryOf = (row: { id: string; entry: unknown }): TranscriptEntry =>
  parseColumn('transcriptEntry', row.entry, 'QuizRunMove.entry', row.id);

export interface SeatRow {
  id: string;
  displayName: string;
  createdAt: Date;
  /** left or removed by the instructor: kept in the gradebook, never paired */
  removedAt: Date | null;
}

/** One recorded entry of a run's transcript. */
export interface RecordedRunMove {
  entry: TranscriptEntry;
  actorKey: string;
  clientMoveId: string | null;
}

/** What one change of a run writes, in one transaction with its grades. */
export interface RunChange {
  moves: RecordedRunMove[];
  state: Lab;
  cursor: number;
  status: RunStatus;
  finishedAt: Date | null;
  grades: Array<{ seatId: string; grade: TaskGrade }>;
}

const json = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;

/** The quiz area's only door to Postgres. */
@Injectable()
export class QuizRepository {
  constructor(private readonly prisma: PrismaService) {}

  createQuiz(
    classroomId: string,
    quiz: {
      title: string;
      feedback: QuizFeedback;
      examTcb: boolean;
      timeLimitScope: 'task' | 'quiz';
      timeLimitSeconds: number | null;
    },
    tasks: Array<
      Omit<QuizTask, 'id' | 'quizId' | 'title' | 'script' | 'plan'> & {
        title: unknown;
        script: unknown;
        plan: unknown;
      }
    >,
  ): Promise<QuizWithTasks> {
    return this.prisma.quiz
      .create({
        data: {
          classroomId,
          ...quiz,
          tasks: {
            create: tasks.map((task) => ({
              ...task,
              title: json(task.title),
              script: json(task.script),
              plan: json(task.plan),
            })),
          },
        },
        include: { tasks: { orderBy: { position: 'asc' } } },
      })
      .then(withTasks);
  }

  quizzesOf(classroomId: string): Promise<QuizWithTasks[]> {
    return this.prisma.quiz
      .findMany({
        where: { classroomId },
        orderBy: { createdAt: 'desc' },
        include: { tasks: { orderBy: { position: 'asc' } } },
      })
      .then((quizzes) => quizzes.map(withTasks));
  }

  findQuiz(quizId: string): Promise<QuizWithTasks | null> {
    return this.prisma.quiz
      .findUnique({
        where: { id: quizId },
        include: { tasks: { orderBy: { position: 'asc' } } },
      })
      .then(maybeWithTasks);
  }

  /** The quiz a student of this class is in: the running one, else the latest that ran. */
  async currentQuizOf(classroomId: string): Promise<QuizWithTasks | null> {
    const include = { tasks: { orderBy: { position: 'asc' as const } } };
    return maybeWithTasks(
      (await this.prisma.quiz.findFirst({
        where: { classroomId, status: 'running' },
        orderBy: { startedAt: 'desc' },
        include,
      })) ??
        (await this.prisma.quiz.findFirst({
          where: { classroomId, status: 'ended' },
          orderBy: { endedAt: 'desc' },
          include,
        })),
    );
  }

  runningQuizzes(): Promise<QuizRow[]> {
    return this.prisma.quiz.findMany({ where: { status: 'running' } });
  }

  updateQuiz(quizId: string, data: Prisma.QuizUpdateInput): Promise<QuizRow> {
    return this.prisma.quiz.update({ where: { id: quizId }, data });
  }

  /** Seats of the class in join order (the order pairs are formed in). */
  seatsOf(classroomId: string): Promise<SeatRow[]> {
    return this.prisma.seat.findMany({
      where: { classroomId },
      // join order, not createdAt: seats of a class that joins at once can tie at millisecond precision
      orderBy: { joinOrder: 'asc' },
      select: { id: true, displayName: true, createdAt: true, removedAt: true },
    });
  }

  gradesOf(quizId: string): Promise<QuizGradeRow[]> {
    return this.prisma.quizGrade
      .findMany({
        where: { quizId },
        orderBy: [{ seatId: 'asc' }, { taskId: 'asc' }],
      })
      .then((grades) => grades.map(gradeRow));
  }

  gradesOfSeat(quizId: string, seatId: string): Promise<QuizGradeRow[]> {
    return this.prisma.quizGrade
      .findMany({ where: { quizId, seatId } })
      .then((grades) => grades.map(gradeRow));
  }

  findRun(runId: string): Promise<QuizRunRow | null> {
    return this.prisma.quizRun.findUnique({ where: { id: runId } }).then(maybeRunRow);
  }

  runsOf(quizId: string, where: { status?: RunStatus } = {}): Promise<QuizRunRow[]> {
    const status = where.status && dbStatus(where.status);
    return this.prisma.quizRun
      .findMany({ where: { quizId, ...(status ? { status } : {}) }, orderBy: { startedAt: 'asc' } })
      .then((runs) => runs.map(runRow));
  }

  /** The grades of one run (one per seat playing it). */
  gradesOfRun(runId: string): Promise<QuizGradeRow[]> {
    return this.prisma.quizGrade.findMany({ where: { runId } }).then((grades) => grades.map(gradeRow));
  }

  /** Starts a run's clock, once: null when it had already started (or the run is gone). */
  async startRunClock(
    runId: string,
    clockStartedAt: Date,
    deadlineAt: Date | null,
  ): Promise<QuizRunRow | null> {
    const updated = await this.prisma.quizRun.updateMany({
      where: { id: runId, clockStartedAt: null },
      data: { clockStartedAt, deadlineAt },
    });
    return updated.count === 1 ? this.findRun(runId) : null;
  }

  /**
   * A seat leaves a pair run whose clock has not started (the partner left before the task began): the seat's side
   * goes to the built-in endpoint and the seat's grade row goes (nothing could be answered yet), in one transaction.
   */
  async leaveWaitingRun(run: QuizRunRow, seatId: string): Promise<QuizRunRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const side = run.clientSeatId === seatId ? { clientSeatId: null } : { serverSeatId: null };
      const updated = await tx.quizRun.updateMany({
        where: { id: run.id, clockStartedAt: null, moveCount: run.moveCount },
        data: side,
      });
      if (updated.count !== 1) return null;
      await tx.quizGrade.deleteMany({ where: { runId: run.id, seatId } });
      return runRow(await tx.quizRun.findUniqueOrThrow({ where: { id: run.id } }));
    });
  }

  /**
   * A removed seat leaves a pair run whose clock runs: its side goes to the built-in endpoint so the partner can
   * finish, and its grade row stays (the answers it gave) but is closed, in one transaction.
   */
  async leaveRunningRun(run: QuizRunRow, seatId: string, finishedAt: Date): Promise<QuizRunRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const side = run.clientSeatId === seatId ? { clientSeatId: null } : { serverSeatId: null };
      const updated = await tx.quizRun.updateMany({
        where: { id: run.id, status: 'running', moveCount: run.moveCount },
        data: side,
      });
      if (updated.count !== 1) return null;
      await tx.quizGrade.updateMany({
        where: { runId: run.id, seatId },
        data: { status: 'finished', finishedAt },
      });
      return runRow(await tx.quizRun.findUniqueOrThrow({ where: { id: run.id } }));
    });
  }

  /** A running pair run of this task that already names `seatId` (created when the partner arrived first). */
  pairRunFor(quizId: string, taskId: string, seatId: string): Promise<QuizRunRow | null> {
    return this.prisma.quizRun
      .findFirst({
        where: { quizId, taskId, OR: [{ clientSeatId: seatId }, { serverSeatId: seatId }] },
      })
      .then(maybeRunRow);
  }

  async runEntries(runId: string): Promise<TranscriptEntry[]> {
    const rows = await this.prisma.quizRunMove.findMany({
      where: { runId },
      orderBy: { step: 'asc' },
      select: { id: true, entry: true },
    });
    return rows.map(entryOf);
  }

  async findSeatMove(runId: string, seatId: string, clientMoveId: string): Promise<TranscriptEntry | null> {
    const row = await this.prisma.quizRunMove.findUnique({
      where: { runId_actorKey_clientMoveId: { runId, actorKey: seatId, clientMoveId } },
      select: { id: true, entry: true },
    });
    return row ? entryOf(row) : null;
  }

  /** A new run and the arriving seat's grade row, then the run's first change (the scene being set). */
  createRun(run: {
    quizId: string;
    taskId: string;
    clientSeatId: string | null;
    serverSeatId: string | null;
    settings: LabSettings;
    state: Lab;
    clockStartedAt: Date | null;
    deadlineAt: Date | null;
    startedAt: Date;
  }): Promise<QuizRunRow> {
    return this.prisma.quizRun
      .create({
        data: { ...run, status: 'running', settings: json(run.settings), state: json(run.state) },
      })
      .then(runRow);
  }

  createGrade(grade: {
    quizId: string;
    taskId: string;
    seatId: string;
    runId: string;
    role: Role;
    grade: TaskGrade;
    startedAt: Date;
  }): Promise<QuizGradeRow> {
    return this.prisma.quizGrade
      .upsert({
        where: { quizId_taskId_seatId: { quizId: grade.quizId, taskId: grade.taskId, seatId: grade.seatId } },
        update: {},
        create: {
          quizId: grade.quizId,
          taskId: grade.taskId,
          seatId: grade.seatId,
          runId: grade.runId,
          role: grade.role,
          status: 'running',
          expected: grade.grade.expected,
          answered: grade.grade.answered,
          correct: grade.grade.correct,
          decisions: json(grade.grade.decisions),
          startedAt: grade.startedAt,
        },
      })
      .then(gradeRow);
  }

  /**
   * Appends entries to a run's transcript and writes its new lab, cursor, status and its seats' grades in ONE
   * transaction; a run changed by someone else meanwhile (moveCount moved) fails instead of interleaving.
   */
  async saveRun(run: QuizRunRow, change: RunChange): Promise<QuizRunRow> {
    return this.prisma.$transaction(async (tx) => {
      let step = run.moveCount;
      for (const move of change.moves) {
        step += 1;
        await tx.quizRunMove.create({
          data: {
            runId: run.id,
            step,
            actor: move.entry.actor,
            actorKey: move.actorKey,
            clientMoveId: move.clientMoveId,
            correct: move.entry.correct ?? null,
            ruleId: move.entry.ruleId ?? null,
            entry: json({ ...move.entry, step }),
          },
        });
      }
      const updated = await tx.quizRun.updateMany({
        where: { id: run.id, moveCount: run.moveCount },
        data: {
          state: json(change.state),
          cursor: change.cursor,
          moveCount: step,
          status: dbStatus(change.status),
          finishedAt: change.finishedAt,
        },
      });
      if (updated.count !== 1)
        throw new Error(`quiz run ${run.id} changed under a move (expected moveCount ${run.moveCount})`);
      for (const { seatId, grade } of change.grades) {
        await tx.quizGrade.updateMany({
          where: { runId: run.id, seatId },
          data: {
            status: dbStatus(change.status),
            expected: grade.expected,
            answered: grade.answered,
            correct: grade.correct,
            decisions: json(grade.decisions),
            finishedAt: change.finishedAt,
          },
        });
      }
      return runRow(await tx.quizRun.findUniqueOrThrow({ where: { id: run.id } }));
    });
  }

  updateGradeStatus(gradeId: string, status: RunStatus, finishedAt: Date | null): Promise<QuizGradeRow> {
    return this.prisma.quizGrade
      .update({ where: { id: gradeId }, data: { status: dbStatus(status), finishedAt } })
      .then(gradeRow);
  }

  /** Regrade: overwrite one grade's numbers with the recomputed ones. */
  updateGrade(gradeId: string, grade: TaskGrade): Promise<QuizGradeRow> {
    return this.prisma.quizGrade
      .update({
        where: { id: gradeId },
        data: {
          expected: grade.expected,
          answered: grade.answered,
          correct: grade.correct,
          decisions: json(grade.decisions),
        },
      })
      .then(gradeRow);
  }
}
