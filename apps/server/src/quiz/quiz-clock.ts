import { Injectable } from '@nestjs/common';

/**
 * The quiz's wall clock (deadlines are real time, unlike a lab's clock). One injectable place so a test can move
 * time on (`advance`) instead of sleeping past a time limit.
 */
@Injectable()
export class QuizClock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: every deadline check from now on sees the time `ms` later. */
  advance(ms: number): void {
    this.offsetMs += ms;
    for (const listener of this.listeners) listener();
  }

  /** Called after each `advance`, so deadline timers can be set again for the new time. */
  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
