import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import {
  ROLES,
  TRANSCRIPT_FORMAT,
  applyMove,
  autoplayMove,
  nextTimerDue,
  parseMove,
  controlEntry,
  replay,
  roundCounters,
  staleView,
  toTranscriptEntry,
  type Actor,
  type Lab,
  type Move,
  type Role,
  type Transcript,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import type { LabSnapshot, LabStatusMessage, LabUpdateMessage, MoveAck } from '@tcp-lab/lab-protocol';
import { ClassroomsService } from '../classrooms/classrooms.service';
import { LinuxPeerService, withKernel } from '../linux-peer/linux-peer.service';
import { LabEvents, rooms } from './lab-events';
import { LabRefusal, refusal } from './lab-errors';
import { SYSTEM_ACTOR_KEY, type Principal, type SeatPrincipal } from './lab-principal';
import { LabQueue } from './lab-queue';
import { LabTimers } from './lab-timers';
import { clockRateOf, labState, roleOfSeat, seatOf, snapshot, summarize, type Viewer } from './lab-views';
import { LabsRepository, type LabRow } from './labs.repository';

export const LAB_TIME_SCALE = Symbol('LAB_TIME_SCALE');

/** A built-in endpoint never needs more moves than this in a row; the bound only guards against a loop. */
const MAX_AUTOPLAY_MOVES = 16;

/**
 * The authoritative master of every lab (boardgame.io's `master` in spirit): it checks who may act, applies the
 * move with tcp-core's pure code, records the transcript entry and the new lab in one transaction, and only then
 * tells the players. All writes to one lab go through the lab's queue, one at a time.
 */
@Injectable()
export class LabsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LabsService');
  private readonly queue = new LabQueue();
  private readonly timers: LabTimers;
  private readonly lastFiring = new Map<string, { due: number; clock: number; moveCount: number }>();

  constructor(
    private readonly repository: LabsRepository,
    private readonly events: LabEvents,
    private readonly classrooms: ClassroomsService,
    /** the class-wide clock pace, for labs without their own `clockRate` */
    @Inject(LAB_TIME_SCALE) readonly timeScale: number,
    /** Linux as the peer (apps/server/src/linux-peer); absent where that module is not loaded */
    @Optional() private readonly linuxPeer?: LinuxPeerService,
  ) {
    this.timers = new LabTimers((labId, due) => void this.fireTimer(labId, due));
  }

  /** After a restart: check every open lab against its transcript and start its timers again. */
  async onApplicationBootstrap(): Promise<void> {
    const labs = await this.repository.labsNotEnded();
    for (const row of labs) {
      const agreed = await this.verifyAgainstTranscript(row);
      this.scheduleTimer(agreed ? row : ((await this.repository.findLab(row.id)) ?? row));
    }
    if (labs.length > 0) this.logger.log(`restored ${labs.length} open lab(s) from the database`);
  }

  async onModuleDestroy(): Promise<void> {
    this.timers.clearAll();
    await this.queue.drain();
    this.timers.clearAll();
  }

  // ---- reading ---------------------------------------------------------------------------------------------

  /** Loads a lab and decides what `principal` may see of it; refuses anyone else. */
  async authorize(principal: Principal, labId: string): Promise<{ row: LabRow; viewer: Viewer }> {
    const row = await this.repository.findLab(labId);
    if (!row) throw LabRefusal.of('NOT_FOUND');
    if (principal.kind === 'seat') {
      const role = roleOfSeat(row, principal.seatId);
      if (!role || row.classroomId !== principal.classroomId) throw LabRefusal.of('FORBIDDEN');
      return { row, viewer: { kind: 'seat', role } };
    }
    await this.classrooms.requireOwned(row.classroomId, principal.instructorId);
    return { row, viewer: { kind: 'instructor' } };
  }

  async snapshotFor(principal: Principal, labId: string): Promise<LabSnapshot> {
    const { row, viewer } = await this.authorize(principal, labId);
    return this.snapshotOf(row, viewer);
  }

  async snapshotOf(row: LabRow, viewer: Viewer): Promise<LabSnapshot> {
    return (await this.viewsOf(row)).view(viewer);
  }

  /** Loads what every view of the lab needs once; `view` then builds the snapshot for any viewer. */
  private async viewsOf(
    row: LabRow,
  ): Promise<{ names: Map<string, string>; view: (viewer: Viewer) => LabSnapshot }> {
    const [names, entries] = await Promise.all([
      this.repository.seatNames([row.clientSeatId, row.serverSeatId]),
      this.repository.roundEntries(row.id, row.round),
    ]);
    return { names, view: (viewer) => snapshot(row, names, entries, viewer, this.timeScale) };
  }

  async summaryOf(row: LabRow) {
    return summarize(
      row,
      await this.repository.seatNames([row.clientSeatId, row.serverSeatId]),
      this.timeScale,
    );
  }

  /**
   * One round as a tcp-core Transcript: replayable with `replay`, and `transcriptToScript` turns it into a
   * tcp-lab/1 script. Steps are the lab's log steps (one numbering, across rounds: the same as LabSnapshot.step).
   */
  async transcript(principal: Principal, labId: string, round?: number): Promise<Transcript> {
    const { row } = await this.authorize(principal, labId);
    const wanted = round ?? row.round;
    const start = await this.repository.roundStart(row.id, wanted);
    if (!start) throw LabRefusal.of('NOT_FOUND');
    const entries = await this.repository.roundEntries(row.id, wanted);
    return {
      format: TRANSCRIPT_FORMAT,
      title: `Lab ${row.id} round ${wanted}${start.scenarioId ? ` (${start.scenarioId})` : ''}`,
      settings: start.settings,
      entries,
    };
  }

  answersByRule(classroomId: string) {
    return this.repository.answersByRule(classroomId);
  }

  // ---- moves -----------------------------------------------------------------------------------------------

  /**
   * A seat's move. Refusals that are not tcp-core's (who, what shape, lab not running) change nothing;
   * a tcp-core rejection is recorded as an `ok:false` entry, as the transcript format says.
   */
  async move(
    seat: SeatPrincipal,
    labId: string,
    moveId: string,
    rawMove: unknown,
    viewStep?: number,
  ): Promise<MoveAck> {
    const parsed = parseMove(rawMove);
    if (!parsed.ok)
      return refusal(
        'VALIDATION_FAILED',
        {
          en: `move.${parsed.path}: ${parsed.reason.en}`,
          zh: `move.${parsed.path}：${parsed.reason.zh}`,
        },
        `move.${parsed.path}`,
      );
    const outcome = await this.queue.run(labId, async (): Promise<MoveAck> => {
      const { row, viewer } = await this.authorize(seat, labId);
      if (viewer.kind !== 'seat') throw LabRefusal.of('FORBIDDEN');

      // The same move id from the same seat is a retry (a lost ack, a reconnect): answer it, never apply it twice.
      const earlier = await this.repository.findSeatMove(labId, seat.seatId, moveId);
      if (earlier) return this.ackFor(earlier, true, await this.snapshotOf(row, viewer));

      if (row.status !== 'running') return refusal('LAB_NOT_RUNNING');
      // A move made from an out-of-date view, where that matters (tcp-core's staleView), is refused unrecorded,
      // with the lab as it stands now so the client can redraw.
      if (viewStep !== undefined) {
        const why = staleView(labState(row), parsed.move, viewStep, row.moveCount);
        if (why) return { ...refusal('STALE_VIEW', why), lab: await this.snapshotOf(row, viewer) };
      }
      const { entry, view } = await this.record(row, parsed.move, viewer.role, seat.seatId, moveId);
      return this.ackFor(entry, false, view(viewer));
    });
    if (outcome.ok || outcome.entry) this.settle(labId);
    return outcome;
  }

  private ackFor(entry: TranscriptEntry, duplicate: boolean, lab: LabSnapshot): MoveAck {
    if (entry.ok) return { ok: true, duplicate, entry, lab };
    return {
      ok: false,
      code: entry.code ?? 'BAD_MOVE',
      reason: entry.reason ?? refusal('INTERNAL_ERROR').reason,
      entry,
      duplicate,
      lab,
    };
  }

  /**
   * Applies one move with tcp-core and stores the entry and the new lab together, then tells everyone.
   * Must run inside the lab's queue.
   */
  async record(
    row: LabRow,
    move: Move | unknown,
    actor: Actor,
    actorKey: string,
    clientMoveId: string | null,
  ): Promise<{ row: LabRow; entry: TranscriptEntry; view: (viewer: Viewer) => LabSnapshot }> {
    const before = labState(row);
    const result = applyMove(before, move, actor);
    let entry = toTranscriptEntry(row.moveCount + 1, actor, move, before, result);
    // ── Linux as the peer (apps/server/src/linux-peer): where the kernel plays a side, it does the entry too, and
    // the entry carries what Linux did beside what tcp-core predicted (null, and no change, everywhere else) ──
    if (this.linuxPeer)
      entry = withKernel(
        entry,
        await this.linuxPeer.follow(row.id, entry, before, result.ok ? result.lab : before),
      );
    const after = await this.repository.recordMove(row, {
      entry,
      state: result.ok ? result.lab : before,
      actorKey,
      clientMoveId,
    });
    if (!entry.ok) this.logger.debug(`lab ${row.id}: ${actor} move rejected with ${entry.code}`);
    const view = await this.publish(after, (lab) => ({
      event: 'lab:update',
      payload: { labId: row.id, entry, lab },
    }));
    return { row: after, entry, view };
  }

  /** Runs `task` in the lab's queue and then lets the built-in endpoint and timers catch up. */
  async withLab<T>(labId: string, task: () => Promise<T>): Promise<T> {
    try {
      return await this.queue.run(labId, task);
    } finally {
      this.settle(labId);
    }
  }

  /**
   * After any change: the built-in endpoint (a side with no seat) makes its moves, then the lab's next timer is
   * scheduled. Queued behind the change, so it sees the lab the change left.
   */
  settle(labId: string): void {
    void this.queue
      .run(labId, async () => {
        let row = await this.repository.findLab(labId);
        for (let i = 0; row && row.status === 'running' && i < MAX_AUTOPLAY_MOVES; i++) {
          const next = this.builtInMove(row);
          if (!next) break;
          const recorded = await this.record(row, next.move, next.role, SYSTEM_ACTOR_KEY, null);
          row = recorded.row;
          if (!recorded.entry.ok) break;
        }
        if (row) this.scheduleTimer(row);
      })
      .catch((error: unknown) => this.logger.error(`lab ${labId}: settling failed: ${String(error)}`));
  }

  private builtInMove(row: LabRow): { role: Role; move: Move } | null {
    const lab = labState(row);
    for (const role of ROLES) {
      if (seatOf(row, role) !== null) continue;
      const move = autoplayMove(lab, role);
      if (move) return { role, move };
    }
    return null;
  }

  // ---- timers ----------------------------------------------------------------------------------------------

  /** Each lab at its own pace (a stopped clock schedules nothing: only clock moves move its time). */
  scheduleTimer(row: LabRow): void {
    const lab = labState(row);
    const running = row.status === 'running';
    if (!running) this.lastFiring.delete(row.id);
    let due = running ? nextTimerDue(lab) : null;
    // A firing that left the same timer due at the same lab time, with nothing else recorded since, would only
    // spin; wait for the next move instead (tcp-core should never do this: the guard is for its bugs).
    const last = this.lastFiring.get(row.id);
    if (
      due !== null &&
      last &&
      last.due === due &&
      last.clock === lab.clock &&
      last.moveCount === row.moveCount
    ) {
      this.logger.warn(`lab ${row.id}: the timer due at ${due} did not fire; waiting for the next move`);
      due = null;
    }
    this.timers.schedule(row.id, running, lab.clock, due, clockRateOf(row, this.timeScale));
  }

  /** A tcp-core timer fell due in real time: move the lab's clock to it, recorded like any move. */
  private async fireTimer(labId: string, due: number): Promise<void> {
    try {
      await this.withLab(labId, async () => {
        const row = await this.repository.findLab(labId);
        if (!row || row.status !== 'running') return;
        const lab = labState(row);
        // A move since scheduling may have stopped or moved the timer; `settle` schedules the right one.
        if (nextTimerDue(lab) !== due) return;
        // A timer due right now (its endpoint was busy answering when lab time reached it) fires with advance 0.
        const { row: after } = await this.record(
          row,
          { by: 'clock', advance: Math.max(0, due - lab.clock) },
          'system',
          SYSTEM_ACTOR_KEY,
          null,
        );
        this.lastFiring.set(labId, { due, clock: labState(after).clock, moveCount: after.moveCount });
      });
    } catch (error) {
      this.logger.error(`lab ${labId}: timer failed: ${String(error)}`);
    }
  }

  // ---- telling people --------------------------------------------------------------------------------------

  /** 'lab:status' after a control action or pairing. */
  async publishStatus(row: LabRow): Promise<void> {
    // ── Linux as the peer: an ended lab lets Linux go (namespace deleted), a new round gives it a fresh connection ──
    await this.linuxPeer?.sync(row.id, {
      status: row.status,
      round: row.round,
      settings: labState(row).settings,
      seats: { client: row.clientSeatId, server: row.serverSeatId },
    });
    await this.publish(row, (lab) => ({ event: 'lab:status', payload: { lab } }));
  }

  /**
   * Sends `message` to each seat with its own redacted view ('lab:update' after an entry, 'lab:status' after a
   * control) and to instructors who opened the lab, and the lab's summary to the class dashboard ('class:lab').
   */
  private async publish(
    row: LabRow,
    message: (
      lab: LabSnapshot,
    ) =>
      { event: 'lab:update'; payload: LabUpdateMessage } | { event: 'lab:status'; payload: LabStatusMessage },
  ): Promise<(viewer: Viewer) => LabSnapshot> {
    const { names, view } = await this.viewsOf(row);
    for (const role of ROLES) {
      const seatId = seatOf(row, role);
      if (seatId === null) continue;
      const { event, payload } = message(view({ kind: 'seat', role }));
      this.events.emit(rooms.seat(seatId), event, payload);
    }
    const { event, payload } = message(view({ kind: 'instructor' }));
    this.events.emit(rooms.lab(row.id), event, payload);
    this.events.emit(rooms.classroom(row.classroomId), 'class:lab', {
      classroomId: row.classroomId,
      lab: summarize(row, names, this.timeScale),
    });
    return view;
  }

  // ---- restart ---------------------------------------------------------------------------------------------

  /**
   * The log is the truth and Lab.state its cache: replaying the round's entries from its settings (tcp-core's
   * replayEntries) must give the stored lab. If not (something wrote outside the queue, a crash between writes, a
   * hand edit), the log wins: the lab and the round's counters are rebuilt from it, and a `rebuilt` control entry
   * says so in the log. Returns whether the stored lab agreed.
   */
  async verifyAgainstTranscript(row: LabRow): Promise<boolean> {
    try {
      const start = await this.repository.roundStart(row.id, row.round);
      if (!start) return true;
      const entries = await this.repository.roundEntries(row.id, row.round);
      const replayed: Lab = replay({ settings: start.settings, entries });
      const same = JSON.stringify(canonical(replayed)) === JSON.stringify(canonical(labState(row)));
      if (same) return true;
      const reason = `the stored lab differed from the replay of round ${row.round}'s ${entries.length} entries`;
      this.logger.warn(`lab ${row.id}: ${reason}; rebuilding it from its log`);
      const counters = roundCounters(entries);
      await this.repository.recordRebuild(row, {
        entry: controlEntry(
          row.moveCount + 1,
          'system',
          { by: 'control', action: 'rebuilt', reason },
          replayed,
        ),
        state: replayed,
        mistakes: counters.mistakes,
        sameStateMoves: counters.sameStateMoves,
      });
      return false;
    } catch (error) {
      this.logger.warn(`lab ${row.id}: could not replay its transcript: ${String(error)}`);
      return false;
    }
  }
}

/** JSON with sorted keys, so two equal labs compare equal whatever order their fields were written in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
