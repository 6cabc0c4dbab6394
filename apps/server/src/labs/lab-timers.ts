/**
 * Real timers for lab timers. tcp-core has no clock of its own: a lab's time moves only by `clock` moves. While a
 * lab runs, the server lets lab time pass with real time, LAB_TIME_SCALE times faster (10 makes TIME_WAIT's
 * 2×MSL = 60 s pass in 6 s), by applying `{by:'clock', advance}` exactly when the next tcp-core timer falls due.
 *
 * The anchor pins "lab time T was current at real time R": student moves do not move lab time, so rescheduling
 * after every move must not restart the countdown. A clock move, a resume or a restart sets a new anchor; time
 * spent paused (or while the server was down) does not count.
 */
export class LabTimers {
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private readonly anchors = new Map<string, { clock: number; at: number }>();

  constructor(
    private readonly timeScale: number,
    private readonly fire: (labId: string, due: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** (Re)schedules the lab's next timer; `due` null or a lab that is not running cancels it. */
  schedule(labId: string, running: boolean, clock: number, due: number | null): void {
    this.clear(labId);
    if (!running) {
      this.anchors.delete(labId);
      return;
    }
    let anchor = this.anchors.get(labId);
    if (!anchor || anchor.clock !== clock) {
      anchor = { clock, at: this.now() };
      this.anchors.set(labId, anchor);
    }
    if (due === null) return;
    const fireAt = anchor.at + Math.max(0, due - clock) / this.timeScale;
    const handle = setTimeout(
      () => {
        this.handles.delete(labId);
        this.fire(labId, due);
      },
      Math.max(0, fireAt - this.now()),
    );
    this.handles.set(labId, handle);
  }

  clear(labId: string): void {
    const handle = this.handles.get(labId);
    if (handle) clearTimeout(handle);
    this.handles.delete(labId);
  }

  clearAll(): void {
    for (const labId of [...this.handles.keys()]) this.clear(labId);
    this.anchors.clear();
  }
}
