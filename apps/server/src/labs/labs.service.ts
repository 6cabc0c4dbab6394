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
  isControlMove,
  labView,
  leftStatesUnchanged,
  linuxPeerOf,
  replay,
  roundCounters,
  sameLab,
  staleView,
  toTranscriptEntry,
  type Actor,
  type Bilingual,
  type Lab,
  type Move,
  type Role,
  type Transcript,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import {
  labDelta,
  type LabDelta,
  type LabSnapshot,
  type LabStatusMessage,
  type MoveAck,
} from '@tcp-lab/lab-protocol';
import { ClassroomsService } from '../classrooms/classrooms.service';
import { LinuxPeerService, withKernel } from '../linux-peer/linux-peer.service';
import { LabEvents, rooms, type PeerEntry } from './lab-events';
import { LabRefusal, refusal } from './lab-errors';
import { SYSTEM_ACTOR_KEY, type Principal, type SeatPrincipal } from './lab-principal';
import { LabQueue } from './lab-queue';
import { LabTimers } from './lab-timers';
import {
  clockRateOf,
  goalEntriesOf,
  labState,
  roleOfSeat,
  seatOf,
  snapshot,
  summarize,
  type Viewer,
} from './lab-views';
import { LabsRepository, type LabRow } from './labs.repository';

export const LAB_TIME_SCALE = Symbol('LAB_TIME_SCALE');

/** A built-in endpoint never needs more moves than this in a row; the bound only guards against a loop. */
const MAX_AUTOPLAY_MOVES = 16;

/**
 * Bounds of the move pipeline (the BUSY refusal, retryable, nothing recorded, instead of queues that grow): moves
 * waiting in one lab's queue, and moves waiting in all labs' queues together. A student clicking fast has one or
 * two in flight; a flood fills only its own lab's share.
 */
export const MAX_QUEUED_MOVES_PER_LAB = 16;
export const MAX_QUEUED_MOVES = 5000;
/** Client move ids remembered per lab for retries without a read (older retries are found by the unique index). */
const RECENT_MOVE_IDS = 64;

/**
 * An open lab as the master holds it, inside its queue: the row as last written (its `state` the tcp-core Lab),
 * the seats' names, the round's entries a rule goal needs, and the latest client move ids. Moves read nothing
 * from the database; they write what they add.
 */
interface LiveLab {
  row: LabRow;
  names: Map<string, string>;
  goalEntries: TranscriptEntry[];
  recentMoves: Map<string, TranscriptEntry>;
  /** checked against its log since this process loaded it (the start-up check runs lazily, lab by lab) */
  verified: boolean;
}

/** Another process wrote the lab first (moveCount moved under us): reload it and try once more. */
class LabMovedElsewhere extends Error {}

/**
 * The authoritative master of every lab (boardgame.io's `master` in spirit). Each open lab lives in memory inside
 * its queue (LiveLab); a move is checked (who may act, the lab running, a stale view), applied with tcp-core's pure
 * code, and its entry and the new lab written in one statement; only then is it acknowledged and every viewer told,
 * with a delta. All changes to one lab go through the lab's queue, one at a time. Several processes may serve the
 * same database: the write is guarded by the lab's step, so Postgres is the arbiter and a process whose copy is
 * behind reloads it and tries again.
 */
@Injectable()
export class LabsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LabsService');
  private readonly queue = new LabQueue();
  private readonly timers: LabTimers;
  private readonly lastFiring = new Map<string, { due: number; clock: number; moveCount: number }>();
  private readonly live = new Map<string, LiveLab>();
  /** labs restored at start-up and not loaded yet: the first load ends a Linux peer the restart took away */
  private readonly restored = new Set<string>();
  private stopping = false;

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
    this.events.onPeerEntry((message) => this.followPeer(message));
  }

  /**
   * After a restart: every open lab is loaded in one query and its timers start again; each is then checked
   * against its transcript in the background, lab by lab inside its queue, so a move never sees a lab that was not
   * checked, and the server is healthy without waiting for a thousand replays.
   */
  async onApplicationBootstrap(): Promise<void> {
    const labs = await this.repository.labsNotEnded();
    for (const row of labs) {
      this.restored.add(row.id);
      this.live.set(row.id, {
        row,
        names: new Map(),
        goalEntries: [],
        recentMoves: new Map(),
        verified: false,
      });
      this.scheduleTimer(row);
    }
    if (labs.length > 0) {
      this.logger.log(
        `restored ${labs.length} open lab(s) from the database; checking them against their logs`,
      );
      void this.checkAll(labs.map((row) => row.id));
    }
  }

  private async checkAll(labIds: string[]): Promise<void> {
    for (const labId of labIds) {
      if (this.stopping) return;
      await this.queue
        .run(labId, () => this.liveLab(labId))
        .catch((error: unknown) => {
          this.logger.error(`lab ${labId}: start-up check failed: ${String(error)}`);
        });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.timers.clearAll();
    await this.queue.drain();
    this.timers.clearAll();
  }

  // ---- the labs in memory ------------------------------------------------------------------------------------

  /**
   * The lab as the master holds it, loaded (and checked against its log) on first use. Must run inside the lab's
   * queue. Null when there is no such lab.
   */
  private async liveLab(labId: string): Promise<LiveLab | null> {
    const live = this.live.get(labId);
    if (live?.verified) return live;
    // not checked yet (or loaded at start-up, when another process may have moved it since): from its row as it is now
    const row = await this.repository.findLab(labId);
    if (!row) {
      this.live.delete(labId);
      return null;
    }
    return this.load(row);
  }

  /** Reads what the lab's views need once, checks the lab against its log (the log wins), and keeps it. */
  private async load(stored: LabRow): Promise<LiveLab> {
    let row = stored;
    const entries = await this.repository.roundEntries(row.id, row.round);
    if (!(await this.verifyAgainstTranscript(row, entries))) {
      row = (await this.repository.findLab(row.id)) ?? row;
    }
    const linuxLost = this.restored.delete(row.id) ? this.linuxLostAtRestart(row, entries) : null;
    if (linuxLost) {
      row = await this.repository.recordControl(row, { entry: linuxLost, actorKey: SYSTEM_ACTOR_KEY });
      entries.push(linuxLost);
    }
    const live: LiveLab = {
      row,
      names: await this.repository.seatNames([row.clientSeatId, row.serverSeatId]),
      goalEntries: goalEntriesOf(row.scenarioId, entries),
      recentMoves: new Map(),
      verified: true,
    };
    this.keep(live);
    if (linuxLost) this.publishEntry(live, labState(row), linuxLost);
    return live;
  }

  /**
   * ── Linux as the peer, after a restart: the log says Linux played a side, but its kernel socket ended with the
   * process that held it (its namespace is deleted at start, LinuxPeerService). Linux is let go cleanly: a
   * `linux-peer` control with the reason both students read, and tcp-core's built-in endpoint plays on. ──
   */
  private linuxLostAtRestart(row: LabRow, entries: readonly TranscriptEntry[]): TranscriptEntry | null {
    const role = linuxPeerOf(entries);
    if (!role || this.linuxPeer?.roleIn(row.id)) return null;
    this.logger.warn(
      `lab ${row.id}: Linux played the ${role} before the restart; the built-in endpoint plays on`,
    );
    return controlEntry(
      row.moveCount + 1,
      'system',
      { by: 'control', action: 'linux-peer', role: null, reason: linuxLostReason(role) },
      labState(row),
    );
  }

  /** Linux stopped playing `role` without being asked (its bridge failed): an entry says so, with the reason. */
  private async linuxStopped(live: LiveLab, role: Role): Promise<void> {
    const before = live.row;
    const entry = controlEntry(
      before.moveCount + 1,
      'system',
      { by: 'control', action: 'linux-peer', role: null, reason: linuxFailedReason(role) },
      labState(before),
    );
    const after = await this.repository.recordControl(before, { entry, actorKey: SYSTEM_ACTOR_KEY });
    await this.controlRecorded(before, after, entry);
  }

  /**
   * ── Linux as the peer: Linux starts playing `role` (null: stops) in the lab. The change is an entry of the log
   * (tcp-core's `linux-peer` control), told to everyone like any control. Must run inside the lab's queue. ──
   */
  async recordLinuxPeer(
    labId: string,
    role: Role | null,
    actor: Actor,
    actorKey: string,
  ): Promise<TranscriptEntry> {
    const live = await this.liveLab(labId);
    if (!live) throw LabRefusal.of('NOT_FOUND');
    const before = live.row;
    const entry = controlEntry(
      before.moveCount + 1,
      actor,
      { by: 'control', action: 'linux-peer', role },
      labState(before),
    );
    await this.controlRecorded(
      before,
      await this.repository.recordControl(before, { entry, actorKey }),
      entry,
    );
    return entry;
  }

  /** Open labs stay in memory; an ended lab is let go (it is read from the database if anyone asks again). */
  private keep(live: LiveLab): void {
    if (live.row.status === 'ended') this.live.delete(live.row.id);
    else this.live.set(live.row.id, live);
  }

  /** The lab's current row, from memory when it is there (inside its queue: the lab as the master has it). */
  async currentRow(labId: string): Promise<LabRow> {
    const live = await this.liveLab(labId);
    if (!live) throw LabRefusal.of('NOT_FOUND');
    return live.row;
  }

  /** The open labs this process holds (the dashboard's stuck sweep reads them instead of the database). */
  openLabs(): LabRow[] {
    return [...this.live.values()].map((live) => live.row);
  }

  // ---- reading ---------------------------------------------------------------------------------------------

  /** Loads a lab and decides what `principal` may see of it; refuses anyone else. */
  async authorize(principal: Principal, labId: string): Promise<{ row: LabRow; viewer: Viewer }> {
    const row = this.live.get(labId)?.row ?? (await this.repository.findLab(labId));
    if (!row) throw LabRefusal.of('NOT_FOUND');
    return { row, viewer: await this.viewerOf(principal, row) };
  }

  private async viewerOf(principal: Principal, row: LabRow): Promise<Viewer> {
    if (principal.kind === 'seat') {
      const role = roleOfSeat(row, principal.seatId);
      if (!role || row.classroomId !== principal.classroomId) throw LabRefusal.of('FORBIDDEN');
      return { kind: 'seat', role };
    }
    await this.classrooms.requireOwned(row.classroomId, principal.instructorId);
    return { kind: 'instructor' };
  }

  /** The whole snapshot (with the round's transcript): joins, reconnects, HTTP; never the per-move path. */
  async snapshotFor(principal: Principal, labId: string): Promise<LabSnapshot> {
    const { row, viewer } = await this.authorize(principal, labId);
    return this.snapshotOf(row, viewer);
  }

  async snapshotOf(row: LabRow, viewer: Viewer): Promise<LabSnapshot> {
    const [names, entries] = await Promise.all([
      this.repository.seatNames([row.clientSeatId, row.serverSeatId]),
      this.repository.roundEntries(row.id, row.round),
    ]);
    return snapshot(row, names, entries, viewer, this.timeScale);
  }

  /** The dashboard card of a lab: from the master's copy when it holds the lab (a rule goal included). */
  async summaryOf(row: LabRow) {
    const live = this.live.get(row.id);
    if (live?.verified) return summarize(live.row, live.names, this.timeScale, new Date(), live.goalEntries);
    const names = await this.repository.seatNames([row.clientSeatId, row.serverSeatId]);
    return summarize(row, names, this.timeScale);
  }

  /**
   * One round as a tcp-core Transcript: replayable with `replay`, and `transcriptToScript` turns it into a
   * tcp-lab/1 script. Steps are the lab's log steps (one numbering, across rounds: the same as LabSnapshot.step).
   */
  async transcript(principal: Principal, labId: string, round?: number): Promise<Transcript> {
    return (await this.roundTranscript(principal, labId, round)).transcript;
  }

  /** The same, with when the round began in real time (a capture's timestamps start there). */
  async roundTranscript(
    principal: Principal,
    labId: string,
    round?: number,
  ): Promise<{ transcript: Transcript; startedAt: Date }> {
    const { row } = await this.authorize(principal, labId);
    const wanted = round ?? row.round;
    const start = await this.repository.roundStart(row.id, wanted);
    if (!start) throw LabRefusal.of('NOT_FOUND');
    const entries = await this.repository.roundEntries(row.id, wanted);
    return {
      transcript: {
        format: TRANSCRIPT_FORMAT,
        title: `Lab ${row.id} round ${wanted}${start.scenarioId ? ` (${start.scenarioId})` : ''}`,
        settings: start.settings,
        entries,
      },
      startedAt: start.startedAt,
    };
  }

  answersByRule(classroomId: string) {
    return this.repository.answersByRule(classroomId);
  }

  // ---- moves -----------------------------------------------------------------------------------------------

  /**
   * A seat's move. Refusals that are not tcp-core's (who, what shape, lab not running, stale view, busy) change
   * nothing; a tcp-core rejection is recorded as an `ok:false` entry, as the transcript format says.
   */
  async move(
    seat: SeatPrincipal,
    labId: string,
    moveId: string,
    rawMove: unknown,
    viewStep?: number,
    /** the socket the move came on: it gets the delta in its ack, so its seat's update skips it */
    originSocketId?: string,
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
    // Bounded queues: a lab (or the whole server) with this many moves waiting answers BUSY, nothing recorded.
    if (this.queue.pending(labId) >= MAX_QUEUED_MOVES_PER_LAB || this.queue.size >= MAX_QUEUED_MOVES)
      return refusal('BUSY');
    const attempt = async (): Promise<MoveAck> => {
      const live = await this.liveLab(labId);
      if (!live) throw LabRefusal.of('NOT_FOUND');
      const viewer = await this.viewerOf(seat, live.row);
      if (viewer.kind !== 'seat') throw LabRefusal.of('FORBIDDEN');

      // The same move id from the same seat is a retry (a lost ack, a reconnect): answer it, never apply it twice.
      const recent = live.recentMoves.get(moveKey(seat.seatId, moveId));
      if (recent) return this.ackFor(recent, true, await this.snapshotOf(live.row, viewer));

      if (live.row.status !== 'running') return refusal('LAB_NOT_RUNNING');
      // A move made from an out-of-date view, where that matters (tcp-core's staleView), is refused unrecorded,
      // with the lab as it stands now so the client can redraw.
      if (viewStep !== undefined) {
        const why = staleView(labState(live.row), parsed.move, viewStep, live.row.moveCount);
        if (why) return { ...refusal('STALE_VIEW', why), lab: await this.snapshotOf(live.row, viewer) };
      }
      const recorded = await this.record(live, parsed.move, viewer.role, seat.seatId, moveId, originSocketId);
      if ('earlier' in recorded)
        return this.ackFor(recorded.earlier, true, await this.snapshotOf(live.row, viewer));
      return this.ackFor(recorded.entry, false, recorded.deltas[viewer.role]);
    };
    const outcome = await this.queue.run(labId, async () => {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof LabMovedElsewhere)) throw error;
        // another process moved the lab: our copy is behind; load it again and decide afresh, once
        this.live.delete(labId);
        try {
          return await attempt();
        } catch (again) {
          if (again instanceof LabMovedElsewhere) return refusal('BUSY');
          throw again;
        }
      }
    });
    if (outcome.ok || outcome.entry) this.settle(labId);
    return outcome;
  }

  private ackFor(entry: TranscriptEntry, duplicate: boolean, lab: LabDelta | LabSnapshot): MoveAck {
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
   * Applies one move with tcp-core to the lab in memory, writes the entry and the new lab (one statement, nothing
   * read back), then tells everyone with deltas. Must run inside the lab's queue. A seat's move id that the
   * database already holds (a retry from before a restart) answers with that `earlier` entry instead.
   */
  private async record(
    live: LiveLab,
    move: Move | unknown,
    actor: Actor,
    actorKey: string,
    clientMoveId: string | null,
    originSocketId?: string,
  ): Promise<{ entry: TranscriptEntry; deltas: Record<Role, LabDelta> } | { earlier: TranscriptEntry }> {
    const row = live.row;
    const before = labState(row);
    const result = applyMove(before, move, actor);
    let entry = toTranscriptEntry(row.moveCount + 1, actor, move, before, result);
    const state = result.ok ? result.lab : before;
    // ── Linux as the peer (apps/server/src/linux-peer): where the kernel plays a side, it does the entry too, and
    // the entry carries what Linux did beside what tcp-core predicted (null, and no change, everywhere else) ──
    const linuxBefore = this.linuxPeer?.roleIn(row.id) ?? null;
    if (this.linuxPeer) entry = withKernel(entry, await this.linuxPeer.follow(row.id, entry, before, state));
    const at = new Date();
    const written = await this.repository.appendMove(row, { entry, state, actorKey, clientMoveId }, at);
    if (written === 'conflict') throw new LabMovedElsewhere(`lab ${row.id} moved past step ${row.moveCount}`);
    if (written === 'duplicate') {
      const earlier = await this.repository.findSeatMove(row.id, actorKey, clientMoveId ?? '');
      if (earlier) return { earlier };
      throw new LabMovedElsewhere(`lab ${row.id}: move id ${clientMoveId} raced another process`);
    }
    this.events.toPeers({ labId: row.id, round: row.round, entry });
    advance(live, entry, state, at);
    if (clientMoveId !== null) remember(live.recentMoves, moveKey(actorKey, clientMoveId), entry);
    if (!entry.ok) this.logger.debug(`lab ${row.id}: ${actor} move rejected with ${entry.code}`);
    const deltas = this.publishEntry(live, before, entry, originSocketId);
    // ── Linux as the peer: its bridge failed while following this entry (LinuxPeerService let it go); the log says
    // so, with the reason, and tcp-core's built-in endpoint plays on ──
    if (linuxBefore && this.linuxPeer?.roleIn(row.id) === null) await this.linuxStopped(live, linuxBefore);
    return { entry, deltas };
  }

  /**
   * A move of the instructor, the network's fault or the clock (not a seat's): recorded like any move. Runs inside
   * the lab's queue (LabControlsService calls it through `withLab`).
   */
  async recordOther(labId: string, move: Move, actor: Actor, actorKey: string): Promise<TranscriptEntry> {
    const live = await this.liveLab(labId);
    if (!live) throw LabRefusal.of('NOT_FOUND');
    const recorded = await this.record(live, move, actor, actorKey, null);
    if ('earlier' in recorded) return recorded.earlier;
    return recorded.entry;
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
        // a lab this process let go (ended, or moved by another process) has nothing to settle here
        const live = this.live.has(labId) ? await this.liveLab(labId) : null;
        for (let i = 0; live && live.row.status === 'running' && i < MAX_AUTOPLAY_MOVES; i++) {
          const next = this.builtInMove(live.row);
          if (!next) break;
          const recorded = await this.record(live, next.move, next.role, SYSTEM_ACTOR_KEY, null);
          if ('earlier' in recorded || !recorded.entry.ok) break;
        }
        if (live) this.scheduleTimer(live.row);
      })
      .catch((error: unknown) => {
        if (error instanceof LabMovedElsewhere) this.live.delete(labId);
        else this.logger.error(`lab ${labId}: settling failed: ${String(error)}`);
      });
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

  /**
   * Another process wrote an entry of a lab this one holds (several processes, REDIS_URL): the copy here follows
   * by applying the same move with tcp-core (pure, so it gives the same lab) instead of reading the lab back. A copy
   * that is not exactly one step behind, a control or a new round, is let go: it is loaded again when next needed,
   * and a write from a copy that fell behind anyway is caught by the guarded statement.
   */
  private followPeer({ labId, round, entry }: PeerEntry): void {
    void this.queue
      .run(labId, async () => {
        const live = this.live.get(labId);
        if (!live) return;
        const { row } = live;
        const follows = entry && live.verified && round === row.round && entry.step === row.moveCount + 1;
        if (!follows || isControlMove(entry.move)) return void this.live.delete(labId);
        const before = labState(row);
        const result = applyMove(before, entry.move, entry.actor);
        if (result.ok !== entry.ok) return void this.live.delete(labId);
        advance(live, entry, result.ok ? result.lab : before, new Date());
        this.scheduleTimer(live.row);
      })
      .catch((error: unknown) =>
        this.logger.error(`lab ${labId}: following another process failed: ${String(error)}`),
      );
  }

  // ---- controls --------------------------------------------------------------------------------------------

  /**
   * A control entry (start, pause, resume, end, set-clock) was written with its change (LabControlsService, inside
   * the lab's queue): the lab in memory becomes `row`, and every viewer gets the entry with a delta.
   */
  async controlRecorded(before: LabRow, row: LabRow, entry: TranscriptEntry): Promise<void> {
    this.events.toPeers({ labId: row.id, round: row.round, entry });
    await this.syncLinux(row);
    const live = this.live.get(row.id);
    const next: LiveLab = live
      ? { ...live, row }
      : { row, names: new Map(), goalEntries: [], recentMoves: new Map(), verified: false };
    this.keep(next);
    if (!live) return this.publishStatus(row);
    this.publishEntry(next, labState(before), entry);
  }

  /** A new round (reset, swap roles, set scenario) or a new lab: memory starts afresh and everyone gets the snapshot. */
  async roundStarted(row: LabRow): Promise<void> {
    this.live.delete(row.id);
    // the other processes let their copy go
    this.events.toPeers({ labId: row.id, round: row.round });
    const names = await this.repository.seatNames([row.clientSeatId, row.serverSeatId]);
    let current = row;
    // Linux goes on playing its side in the new round (a fresh connection), unless a student now plays it: the
    // round's own log says so, so a restart knows
    await this.syncLinux(current);
    const linux = this.linuxPeer?.roleIn(row.id) ?? null;
    if (linux) {
      const entry = controlEntry(
        row.moveCount + 1,
        'system',
        { by: 'control', action: 'linux-peer', role: linux },
        labState(row),
      );
      current = await this.repository.recordControl(row, { entry, actorKey: SYSTEM_ACTOR_KEY });
    }
    this.keep({ row: current, names, goalEntries: [], recentMoves: new Map(), verified: true });
    await this.publishStatus(current);
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
        const live = await this.liveLab(labId);
        if (!live || live.row.status !== 'running') return;
        const lab = labState(live.row);
        // A move since scheduling may have stopped or moved the timer; `settle` schedules the right one.
        if (nextTimerDue(lab) !== due) return;
        // A timer due right now (its endpoint was busy answering when lab time reached it) fires with advance 0.
        await this.record(
          live,
          { by: 'clock', advance: Math.max(0, due - lab.clock) },
          'system',
          SYSTEM_ACTOR_KEY,
          null,
        );
        this.lastFiring.set(labId, {
          due,
          clock: labState(live.row).clock,
          moveCount: live.row.moveCount,
        });
      });
    } catch (error) {
      if (error instanceof LabMovedElsewhere) this.live.delete(labId);
      else this.logger.error(`lab ${labId}: timer failed: ${String(error)}`);
    }
  }

  /**
   * ── Linux as the peer: an ended lab lets Linux go (namespace deleted), a new round gives it a fresh connection;
   * called after every control and new round. Never fails the control: a peer that cannot follow is logged. ──
   */
  private async syncLinux(row: LabRow): Promise<void> {
    try {
      await this.linuxPeer?.sync(row.id, {
        status: row.status,
        round: row.round,
        settings: labState(row).settings,
        seats: { client: row.clientSeatId, server: row.serverSeatId },
      });
    } catch (error) {
      this.logger.error(`lab ${row.id}: the Linux peer could not follow the control: ${String(error)}`);
    }
  }

  // ---- telling people --------------------------------------------------------------------------------------

  /** 'lab:status', the whole snapshot (with the round's transcript), after pairing or when a round begins. */
  async publishStatus(row: LabRow): Promise<void> {
    await this.syncLinux(row);
    const [names, entries] = await Promise.all([
      this.repository.seatNames([row.clientSeatId, row.serverSeatId]),
      this.repository.roundEntries(row.id, row.round),
    ]);
    const message = (viewer: Viewer): LabStatusMessage => ({
      lab: snapshot(row, names, entries, viewer, this.timeScale),
    });
    for (const role of ROLES) {
      const seatId = seatOf(row, role);
      if (seatId !== null)
        this.events.emit(rooms.seat(seatId), 'lab:status', message({ kind: 'seat', role }));
    }
    this.events.emit(rooms.lab(row.id), 'lab:status', message({ kind: 'instructor' }));
    this.events.emit(rooms.classroom(row.classroomId), 'class:lab', {
      classroomId: row.classroomId,
      lab: summarize(row, names, this.timeScale),
    });
  }

  /**
   * 'lab:update' after an entry: each seat gets the entry and its own redacted delta, instructors who opened the
   * lab theirs, and the class dashboard the lab's summary ('class:lab'). Nothing here reads the database. The
   * socket a seat's move came on (`originSocketId`) is left out of its seat's update: its ack carries the same
   * delta, and a second copy would only be encoded, written and dropped as old news (a quarter of a move's writes).
   */
  private publishEntry(
    live: LiveLab,
    before: Lab,
    entry: TranscriptEntry,
    originSocketId?: string,
  ): Record<Role, LabDelta> {
    const { row, names, goalEntries } = live;
    const after = labState(row);
    // a delta's head holds only what an entry can change, the same for every viewer, and the dashboard's summary
    // is made of the same fields: made once
    const summary = summarize(row, names, this.timeScale, new Date(), goalEntries);
    const head = { ...summary, goalReached: summary.goalReached ?? false, timeScale: summary.clockRate };
    const deltaFor = (view: Lab) => labDelta(head, before, after, view);
    const deltas: Record<Role, LabDelta> = {
      client: deltaFor(labView(after, 'client')),
      server: deltaFor(labView(after, 'server')),
    };
    for (const role of ROLES) {
      const seatId = seatOf(row, role);
      if (seatId !== null)
        this.events.emit(
          rooms.seat(seatId),
          'lab:update',
          { labId: row.id, entry, lab: deltas[role] },
          originSocketId,
        );
    }
    // a message for nobody still costs its making and encoding: instructors' rooms are often empty
    if (this.events.hasListeners(rooms.lab(row.id))) {
      const lab = deltaFor(labView(after, 'instructor'));
      this.events.emit(rooms.lab(row.id), 'lab:update', { labId: row.id, entry, lab });
    }
    if (this.events.hasListeners(rooms.classroom(row.classroomId)))
      this.events.emit(rooms.classroom(row.classroomId), 'class:lab', {
        classroomId: row.classroomId,
        lab: summary,
      });
    return deltas;
  }

  // ---- restart ---------------------------------------------------------------------------------------------

  /**
   * The log is the truth and Lab.state its cache: replaying the round's entries from its settings (tcp-core's
   * replay) must give the stored lab. If not (something wrote outside the queue, a crash between writes, a hand
   * edit), the log wins: the lab and the round's counters are rebuilt from it, and a `rebuilt` control entry says
   * so in the log. Returns whether the stored lab agreed.
   */
  async verifyAgainstTranscript(row: LabRow, roundEntries?: TranscriptEntry[]): Promise<boolean> {
    try {
      const start = await this.repository.roundStart(row.id, row.round);
      if (!start) return true;
      const entries = roundEntries ?? (await this.repository.roundEntries(row.id, row.round));
      const replayed: Lab = replay({ settings: start.settings, entries });
      const same = sameLab(replayed, labState(row));
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
      this.live.delete(row.id);
      return false;
    } catch (error) {
      this.logger.warn(`lab ${row.id}: could not replay its transcript: ${String(error)}`);
      return false;
    }
  }
}

/** What both students read when a restart took Linux away from the side it played. */
export function linuxLostReason(role: Role): Bilingual {
  return {
    en: `The server restarted, and Linux's connection ended with it: Linux no longer plays the ${role}. tcp-core's built-in ${role} plays on from where the lab is.`,
    zh: `服务器重新启动了，Linux 的连接也随之结束：Linux 不再扮演${role === 'client' ? '客户端' : '服务器'}。从实验现在的位置起，由 tcp-core 的内置${role === 'client' ? '客户端' : '服务器'}接着扮演。`,
  };
}

/** What both students read when the kernel bridge failed in the middle of a lab. */
export function linuxFailedReason(role: Role): Bilingual {
  const zh = role === 'client' ? '客户端' : '服务器';
  return {
    en: `The Linux peer stopped working: Linux no longer plays the ${role}. tcp-core's built-in ${role} plays on from where the lab is.`,
    zh: `Linux 对端停止工作了：Linux 不再扮演${zh}。从实验现在的位置起，由 tcp-core 的内置${zh}接着扮演。`,
  };
}

/** The lab in memory after `entry` (written by this process or another): its state and the round's counters. */
function advance(live: LiveLab, entry: TranscriptEntry, state: Lab, at: Date): void {
  const row = live.row;
  const stateUnchanged = leftStatesUnchanged(entry);
  live.row = {
    ...row,
    state,
    moveCount: row.moveCount + 1,
    mistakes: row.mistakes + (entry.correct === false ? 1 : 0),
    sameStateMoves: stateUnchanged ? row.sameStateMoves + 1 : 0,
    lastMoveAt: at,
    updatedAt: at,
  };
  if (live.goalEntries.length === 0) live.goalEntries = goalEntriesOf(row.scenarioId, [entry]);
}

const moveKey = (actorKey: string, clientMoveId: string) => `${actorKey}\u0000${clientMoveId}`;

/** Keeps the latest RECENT_MOVE_IDS entries (a Map iterates in insertion order: the first key is the oldest). */
function remember(recent: Map<string, TranscriptEntry>, key: string, entry: TranscriptEntry): void {
  recent.set(key, entry);
  if (recent.size > RECENT_MOVE_IDS) recent.delete(recent.keys().next().value as string);
}
