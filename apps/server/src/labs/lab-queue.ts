/**
 * Moves of one lab are applied strictly one at a time, so every seat, the instructor and the transcript see one
 * order (boardgame.io's master serializes the actions of a match the same way). Labs do not wait for each other.
 */
export class LabQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, number>();
  private total = 0;

  /** Tasks of `labId` queued or running: the bound on one lab's backlog is checked against it. */
  pending(labId: string): number {
    return this.waiting.get(labId) ?? 0;
  }

  /** Tasks of every lab queued or running. */
  get size(): number {
    return this.total;
  }

  run<T>(labId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(labId) ?? Promise.resolve();
    this.waiting.set(labId, this.pending(labId) + 1);
    this.total += 1;
    const result = previous.then(task).finally(() => {
      this.total -= 1;
      const left = this.pending(labId) - 1;
      if (left > 0) this.waiting.set(labId, left);
      else this.waiting.delete(labId);
    });
    // A failed task must not block the lab: the next one waits for this one to settle, not to succeed.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(labId, tail);
    void tail.then(() => {
      if (this.tails.get(labId) === tail) this.tails.delete(labId);
    });
    return result;
  }

  /** Resolves when every task queued so far (for every lab) has settled; used on shutdown. */
  async drain(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
