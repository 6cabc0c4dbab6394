import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  ROLES,
  controlEntry,
  createLab,
  mergeSettings,
  type Actor,
  type ControlMove,
  type LabSettings,
  type LabStatus,
  type Profile,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import type {
  ControlBody,
  FaultBody,
  LabAction,
  LabResponse,
  LabsResponse,
  LabSnapshot,
  LabSummary,
  PairingBody,
} from '@tcp-lab/lab-protocol';
import { ClassroomsService } from '../classrooms/classrooms.service';
import { SeatRemovals, type SeatRemoval } from '../classrooms/seat-removals';
import { LabRefusal } from './lab-errors';
import { LabQueue } from './lab-queue';
import { actorKeyOf, SYSTEM_ACTOR_KEY, type InstructorPrincipal, type SeatPrincipal } from './lab-principal';
import { labState, roleOfSeat, scenarioById, seatOf, summarize } from './lab-views';
import { LabsRepository, type LabRow, type NewRound } from './labs.repository';
import { LabsService } from './labs.service';
import { checkManualPairs, pairInJoinOrder, type Pair } from './pairing';
import { LabEvents, rooms } from './lab-events';

/** Where each status may go; an action missing here does not apply to a lab in that status. */
const STATUS_AFTER: Record<'start' | 'pause' | 'resume' | 'end', Partial<Record<LabStatus, LabStatus>>> = {
  start: { waiting: 'running', paused: 'running' },
  pause: { running: 'paused' },
  resume: { paused: 'running' },
  end: { waiting: 'ended', running: 'ended', paused: 'ended' },
};

/** A new round keeps the lab's status, except that an ended lab comes back waiting. */
const statusOfNewRound = (status: LabStatus): LabStatus => (status === 'ended' ? 'waiting' : status);

/** The instructor's side: pairing seats into labs and steering labs (start, pause, reset, faults, ...). */
@Injectable()
export class LabControlsService implements OnModuleInit {
  private readonly pairings = new LabQueue();

  constructor(
    private readonly labs: LabsService,
    private readonly repository: LabsRepository,
    private readonly events: LabEvents,
    private readonly classrooms: ClassroomsService,
    private readonly removals: SeatRemovals,
  ) {}

  onModuleInit(): void {
    this.removals.register("ending the seat's lab", (removal) => this.endLabOfRemovedSeat(removal));
  }

  /**
   * A seat left the class or was removed: its open lab ends, with an entry that says why (the log is the truth),
   * told to the partner and the dashboard like any end. The partner's seat is free again, so the teacher's next
   * pairing gives them a new partner; the ended lab keeps its rounds for replay.
   */
  async endLabOfRemovedSeat({ seatId }: SeatRemoval): Promise<void> {
    const open = await this.repository.activeLabOfSeat(seatId);
    if (!open) return;
    await this.labs.withLab(open.id, async () => {
      const row = await this.labs.currentRow(open.id);
      const seat = roleOfSeat(row, seatId);
      if (row.status === 'ended' || !seat) return;
      const entry = controlEntry(
        row.moveCount + 1,
        'system',
        { by: 'control', action: 'end', cause: 'seat-removed', seat },
        labState(row),
      );
      const after = await this.repository.recordControl(row, {
        entry,
        actorKey: SYSTEM_ACTOR_KEY,
        status: 'ended',
      });
      await this.labs.controlRecorded(row, after, entry);
    });
  }

  async pair(instructor: InstructorPrincipal, classroomId: string, body: PairingBody): Promise<LabsResponse> {
    await this.classrooms.requireOwned(classroomId, instructor.instructorId);
    // One pairing of a class at a time: a double click must not put a seat into two labs.
    return this.pairings.run(classroomId, () => this.pairFreeSeats(instructor, classroomId, body));
  }

  private async pairFreeSeats(
    instructor: InstructorPrincipal,
    classroomId: string,
    body: PairingBody,
  ): Promise<LabsResponse> {
    const [seats, existing] = await Promise.all([
      this.repository.seatsOfClassroom(classroomId),
      this.repository.labsOfClassroom(classroomId),
    ]);
    const busy = new Set(
      existing
        .filter((lab) => lab.status !== 'ended')
        .flatMap((lab) => [lab.clientSeatId, lab.serverSeatId])
        .filter((id): id is string => id !== null),
    );
    let pairs: Pair[];
    if (body.strategy === 'auto') {
      pairs = pairInJoinOrder(seats.map((seat) => seat.id).filter((seatId) => !busy.has(seatId)));
    } else {
      const problem = checkManualPairs(body.pairs, new Set(seats.map((seat) => seat.id)), busy);
      if (problem) throw LabRefusal.of(problem.code, { en: problem.en, zh: problem.zh });
      pairs = body.pairs;
    }
    const settings = settingsFor(body.scenarioId ?? null, body);
    const status = body.start ? 'running' : 'waiting';
    const rows = await this.repository.createLabs(
      classroomId,
      pairs.map((pair) => newRound(settings, body.scenarioId ?? null, pair, status)),
      body.clockRate ?? null,
      {
        entry: (state) => controlEntry(1, 'instructor', { by: 'control', action: 'start' }, state),
        actorKey: actorKeyOf(instructor),
      },
    );
    const names = await this.repository.seatNames(seats.map((seat) => seat.id));
    for (const row of rows) {
      this.announcePairing(row);
      await this.labs.roundStarted(row);
      this.labs.settle(row.id);
    }
    return { labs: rows.map((row) => summarize(row, names, this.labs.timeScale)) };
  }

  async control(instructor: InstructorPrincipal, labId: string, body: ControlBody): Promise<LabResponse> {
    const row = await this.controlOne(instructor, labId, body, true);
    return { lab: await this.labs.snapshotOf(row, { kind: 'instructor' }) };
  }

  /** The same action for every lab of a class; labs it does not apply to (e.g. 'pause' on an ended lab) are left as they are. */
  async controlClass(
    instructor: InstructorPrincipal,
    classroomId: string,
    body: ControlBody,
  ): Promise<LabsResponse> {
    await this.classrooms.requireOwned(classroomId, instructor.instructorId);
    const labs = await this.repository.labsOfClassroom(classroomId);
    const summaries: LabSummary[] = [];
    for (const lab of labs)
      summaries.push(await this.labs.summaryOf(await this.controlOne(instructor, lab.id, body, false)));
    return { labs: summaries };
  }

  /** Arms a tcp-core fault for the next segment `from` sends; recorded in the transcript like a move. */
  async fault(instructor: InstructorPrincipal, labId: string, body: FaultBody): Promise<LabResponse> {
    await this.labs.authorize(instructor, labId);
    const row = await this.labs.withLab(labId, async () => {
      const current = await this.labs.currentRow(labId);
      if (current.status === 'ended') throw LabRefusal.of('LAB_NOT_RUNNING');
      const move = {
        by: 'network' as const,
        action: 'fault' as const,
        fault: body.fault,
        from: body.from,
        ...(body.delayMs ? { delayMs: body.delayMs } : {}),
      };
      const entry = await this.labs.recordOther(labId, move, 'instructor', actorKeyOf(instructor));
      if (!entry.ok)
        throw new LabRefusal({
          ok: false,
          code: entry.code ?? 'BAD_MOVE',
          reason: entry.reason ?? { en: '', zh: '' },
          entry,
        });
      return this.labs.currentRow(labId);
    });
    return { lab: await this.labs.snapshotOf(row, { kind: 'instructor' }) };
  }

  /**
   * A student tries their lab under the other profile: a new round with only `profile` changed (the scenario,
   * mode, network and every other setting stay the lab's), so both students see where RFC 9293 and Linux differ.
   * The old round stays in the lab's history. Either student may do it, without the partner's consent: it is a
   * practice lab, both see the new round at once (with who started it), nothing is graded, and either can go back
   * the same way; asking for agreement would make a 30-second experiment a negotiation. Refused: outside the
   * student's own lab, while the lab is not running (the instructor waits, paused or ended it), while a quiz runs
   * in the class (then the profile is the teacher's choice), and when the lab already runs under that profile.
   */
  async studentProfile(seat: SeatPrincipal, labId: string, profile: Profile): Promise<LabSnapshot> {
    await this.labs.authorize(seat, labId);
    const { row, viewer } = await this.labs.withLab(labId, async () => {
      // inside the lab's queue: the seat's role as it is now (a swap of roles may have come first)
      const { viewer } = await this.labs.authorize(seat, labId);
      if (viewer.kind !== 'seat') throw LabRefusal.of('FORBIDDEN');
      const current = await this.labs.currentRow(labId);
      if (current.status !== 'running') throw LabRefusal.of('LAB_NOT_RUNNING');
      if (await this.repository.quizRunning(current.classroomId)) throw LabRefusal.of('QUIZ_RUNNING');
      const settings = labState(current).settings;
      if (settings.profile === profile)
        throw LabRefusal.of('CONFLICT', {
          en: `This round already runs under the ${profile === 'linux' ? 'Linux' : 'RFC 9293'} profile.`,
          zh: `本轮已经在 ${profile === 'linux' ? 'Linux' : 'RFC 9293'} 行为配置下进行。`,
        });
      const round = newRound(
        mergeSettings(settings, { profile }),
        current.scenarioId,
        seatsOf(current),
        current.status,
      );
      const after = await this.startRound(current, viewer.role, actorKeyOf(seat), 'profile', round);
      await this.labs.roundStarted(after);
      return { row: after, viewer };
    });
    return this.labs.snapshotOf(row, viewer);
  }

  /** A new round: its `new-round` entry and the fresh lab, written together. */
  private startRound(
    row: LabRow,
    actor: Actor,
    actorKey: string,
    cause: 'reset' | 'swap-roles' | 'set-scenario' | 'profile',
    round: NewRound,
  ): Promise<LabRow> {
    const entry = controlEntry(
      row.moveCount + 1,
      actor,
      {
        by: 'control',
        action: 'new-round',
        cause,
        round: row.round + 1,
        settings: round.settings,
        scenarioId: round.scenarioId,
        seats: { client: round.clientSeatId, server: round.serverSeatId },
      },
      labState(row),
    );
    return this.repository.startRound(row, round, entry, actorKey);
  }

  private async controlOne(
    instructor: InstructorPrincipal,
    labId: string,
    body: ControlBody,
    strict: boolean,
  ): Promise<LabRow> {
    await this.labs.authorize(instructor, labId);
    return this.labs.withLab(labId, async () => {
      const row = await this.labs.currentRow(labId);
      const outcome = await this.apply(instructor, row, body);
      if (!outcome) {
        if (strict)
          throw LabRefusal.of('CONFLICT', {
            en: `'${body.action}' does not apply to a ${row.status} lab.`,
            zh: `“${body.action}”不适用于状态为 ${row.status} 的实验。`,
          });
        return row;
      }
      // what changed is told once: a control's entry as a delta, a new round as the whole snapshot (a clock move
      // was told when it was recorded)
      if (outcome.told === 'control') await this.labs.controlRecorded(row, outcome.row, outcome.entry);
      if (outcome.told === 'round') await this.labs.roundStarted(outcome.row);
      if (body.action === 'swap-roles') this.announcePairing(outcome.row);
      return outcome.row;
    });
  }

  /**
   * The lab after `action`, or null when the action does not apply. Runs inside the lab's queue. Every change is an
   * entry of the lab's log (tcp-core's ControlMove), written with the change in one transaction.
   */
  private async apply(
    instructor: InstructorPrincipal,
    row: LabRow,
    body: ControlBody,
  ): Promise<Applied | null> {
    const action: LabAction = body.action;
    const actorKey = actorKeyOf(instructor);
    const entryOf = (move: ControlMove) => controlEntry(row.moveCount + 1, 'instructor', move, labState(row));
    const control = async (move: ControlMove, change: { status?: LabStatus; clockRate?: number | null }) => {
      const entry = entryOf(move);
      const after = await this.repository.recordControl(row, { entry, actorKey, ...change });
      return { told: 'control' as const, row: after, entry };
    };
    const newRoundOf = async (cause: 'reset' | 'swap-roles' | 'set-scenario', round: NewRound) => ({
      told: 'round' as const,
      row: await this.startRound(row, 'instructor', actorKey, cause, round),
    });
    switch (action) {
      case 'start':
      case 'pause':
      case 'resume':
      case 'end': {
        const next = STATUS_AFTER[action][row.status as LabStatus];
        if (!next) return null;
        return control({ by: 'control', action }, { status: next });
      }
      case 'reset':
        return newRoundOf(
          'reset',
          newRound(labState(row).settings, row.scenarioId, seatsOf(row), statusOfNewRound(row.status)),
        );
      case 'swap-roles':
        return newRoundOf(
          'swap-roles',
          newRound(
            labState(row).settings,
            row.scenarioId,
            { client: row.serverSeatId, server: row.clientSeatId },
            statusOfNewRound(row.status),
          ),
        );
      case 'set-scenario': {
        const scenarioId = body.scenarioId === undefined ? row.scenarioId : body.scenarioId;
        const settings = settingsFor(scenarioId, body, labState(row).settings);
        return newRoundOf(
          'set-scenario',
          newRound(settings, scenarioId, seatsOf(row), statusOfNewRound(row.status)),
        );
      }
      case 'advance-clock': {
        if (row.status === 'ended' || body.ms === undefined) return null;
        const advance = { by: 'clock' as const, advance: body.ms };
        const entry = await this.labs.recordOther(row.id, advance, 'instructor', actorKey);
        return { told: 'move' as const, row: await this.labs.currentRow(row.id), entry };
      }
      case 'set-clock':
        // The pace is recorded as a control entry; firings are recorded as clock moves with their advance, so the
        // replay of a lab needs no pace. An ended lab has no clock left to run.
        if (row.status === 'ended' || body.clockRate === undefined) return null;
        return control(
          { by: 'control', action: 'set-clock', clockRate: body.clockRate },
          { clockRate: body.clockRate },
        );
    }
  }

  /** 'seat:paired' to each student of the lab: their lab was created or their role changed. */
  private announcePairing(row: LabRow): void {
    for (const role of ROLES) {
      const seatId = seatOf(row, role);
      if (seatId) this.events.emit(rooms.seat(seatId), 'seat:paired', { labId: row.id, role });
    }
  }
}

/** What a control did, and how it is told: as a control entry's delta, a new round's snapshot, or a move. */
type Applied =
  | { told: 'control'; row: LabRow; entry: TranscriptEntry }
  | { told: 'round'; row: LabRow }
  | { told: 'move'; row: LabRow; entry: TranscriptEntry };

const seatsOf = (row: LabRow): Pair => ({ client: row.clientSeatId, server: row.serverSeatId });

function newRound(settings: LabSettings, scenarioId: string | null, pair: Pair, status: LabStatus): NewRound {
  return {
    settings,
    state: createLab(settings),
    clientSeatId: pair.client,
    serverSeatId: pair.server,
    scenarioId,
    mode: settings.mode,
    status,
  };
}

/**
 * A lab starts from its scenario's settings (the scenario's scripted moves are not played: the students play
 * them) or from tcp-core's defaults for free play. Layers, later ones winning field by field (tcp-core's
 * mergeSettings, which names no field, so none can be forgotten): the lab's current choices, the scenario's
 * settings, the body's `settings`, then the body's `mode` and `network`.
 */
function settingsFor(
  scenarioId: string | null,
  body: Pick<ControlBody, 'mode' | 'network' | 'settings'>,
  current?: LabSettings,
): LabSettings {
  const scenario = scenarioById(scenarioId);
  if (scenarioId && !scenario) {
    throw LabRefusal.of('VALIDATION_FAILED', {
      en: `scenarioId: no scenario '${scenarioId}'`,
      zh: `scenarioId：没有名为“${scenarioId}”的场景`,
    });
  }
  // the lab's own choices carry over; ISNs, seed and timers are the scenario's (a new setting carries over too)
  const kept = current ? { ...current, isn: undefined, seed: undefined, timers: undefined } : undefined;
  return mergeSettings(kept, scenario?.script.settings, body.settings, {
    mode: body.mode,
    network: body.network,
  });
}
