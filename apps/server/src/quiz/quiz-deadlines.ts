import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { QuizClock } from './quiz-clock';
import type { QuizRunRow } from './quiz.repository';

/**
 * One timer per running run with a deadline, so a task closes on time even if nobody answers. Timers live in
 * memory only; QuizService arms them again after a restart from the runs in Postgres.
 */
@Injectable()
export class QuizDeadlines implements OnModuleDestroy {
  private readonly timers = new Map<string, { run: QuizRunRow; timer: NodeJS.Timeout }>();
  private readonly stopListening: () => void;
  /** what to do when a run's deadline is reached (QuizService: close overdue runs in the quiz's queue) */
  onDue: (run: QuizRunRow) => void = () => undefined;

  constructor(private readonly clock: QuizClock) {
    // the clock moved (tests): every armed deadline falls at a different real time now
    this.stopListening = this.clock.onAdvance(() => {
      for (const { run } of [...this.timers.values()]) this.arm(run);
    });
  }

  arm(run: QuizRunRow): void {
    if (!run.deadlineAt || run.status !== 'running') return;
    this.disarm(run.id);
    // setTimeout takes at most 2^31-1 ms (24.8 days); limits are at most a day
    const delay = Math.max(0, Math.min(run.deadlineAt.getTime() - this.clock.now().getTime(), 2 ** 31 - 1));
    const timer = setTimeout(() => {
      this.timers.delete(run.id);
      this.onDue(run);
    }, delay + 50);
    timer.unref();
    this.timers.set(run.id, { run, timer });
  }

  disarm(runId: string): void {
    const armed = this.timers.get(runId);
    if (armed) clearTimeout(armed.timer);
    this.timers.delete(runId);
  }

  onModuleDestroy(): void {
    this.stopListening();
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
