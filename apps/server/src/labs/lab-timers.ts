/**
 * Real timers for lab timers. tcp-core has no clock of its own: a lab's time moves only by `clock` moves. While a
 * lab runs, the server lets lab time pass with real time at the lab's clock pace (lab ms per real ms: 10 makes
 * TIME_WAIT's 2×MSL = 60 s pass in 6 s; 0 stops the clock), by applying `{by:'clock', advance}` exactly when the
 * next tcp-core timer falls due.
 *
 * The anchor pins "lab time T, plus `elapsed` lab ms not yet applied, was current at real time R, passing at
 * `rate`": student moves do not move lab time, so rescheduling after every move must not restart the countdown,
 * and a change of pace carries the time already passed over to the new pace (no jump, no restart). A clock move,
 * a resume or a restart sets a new anchor; time spent paused (or while the server was down) does not count.
 */
/** Node fires a longer timeout at once; a very slow pace waits this long and is rescheduled by the next move. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface Anchor {
  clock: number;
  elapsed: number;
  at: number;
  rate: number;
}

export class LabTimers {
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private readonly anchors = new Map<string, Anchor>();

  constructor(
    private readonly fire: (labId: string, due: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * (Re)schedules the lab's next timer at `rate` lab ms per real ms; `due` null, a rate of 0 or a lab that is not
   * running schedules nothing.
   */
  schedule(labId: string, running: boolean, clock: number, due: number | null, rate: number): void {
    this.clear(labId);
    if (!running) {
      this.anchors.delete(labId);
      return;
    }
    const now = this.now();
    let anchor = this.anchors.get(labId);
    if (!anchor || anchor.clock !== clock) {
      anchor = { clock, elapsed: 0, at: now, rate };
    } else if (anchor.rate !== rate) {
      anchor = { clock, elapsed: anchor.elapsed + (now - anchor.at) * anchor.rate, at: now, rate };
    }
    this.anchors.set(labId, anchor);
    if (due === null || rate <= 0) return;
    const fireAt = anchor.at + Math.max(0, due - clock - anchor.elapsed) / rate;
    const handle = setTimeout(
      () => {
        this.handles.delete(labId);
        this.fire(labId, due);
      },
      Math.min(MAX_TIMEOUT_MS, Math.max(0, fireAt - now)),
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
