import type {
  Bilingual,
  Lab,
  LabMode,
  LabStatus,
  NetworkMode,
  Role,
  State,
  TranscriptEntry,
} from '@tcp-lab/tcp-core';

/** A student playing one endpoint of a lab; `null` in its place means tcp-core's built-in endpoint plays it. */
export interface SeatRef {
  seatId: string;
  displayName: string;
}

/** One lab as the class dashboard shows it: `GET`/`POST` answers about many labs, and the `class:lab` event. */
export interface LabSummary {
  id: string;
  classroomId: string;
  /** tcp-core's LAB_STATUSES: waiting for the instructor's start, running, paused, ended for good */
  status: LabStatus;
  mode: LabMode;
  network: NetworkMode;
  scenarioId: string | null;
  /** `reset`, `swap-roles` and `set-scenario` start a new round in the same lab */
  round: number;
  seats: { client: SeatRef | null; server: SeatRef | null };
  states: { client: State; server: State };
  moveCount: number;
  /** the step of the lab's last transcript entry (0 before any): the view's step that a seat's move carries */
  step: number;
  mistakes: number;
  /** ISO 8601 */
  lastMoveAt: string | null;
  /** running, and idle for 90 s or going nowhere for 20 entries: the instructor should walk over */
  stuck: boolean;
  /**
   * the clock pace in effect: lab ms per real ms while running (the lab's own, else LAB_TIME_SCALE); 0 = stopped,
   * lab time moves only by clock moves
   */
  clockRate: number;
  /**
   * the scenario's goal is met (states, and for a goal naming a rule the entry that took it, which the server keeps
   * for open labs); absent in free play, and for a rule goal of a lab read straight from the database (ended)
   */
  goalReached?: boolean;
}

/** A lab scenario from the catalogue (`GET /api/scenarios`): one per seed path and special transition. */
export interface ScenarioSummary {
  id: string;
  title: Bilingual;
  goal: Bilingual;
  mode: LabMode;
  network: NetworkMode;
}

/** Everything a viewer needs to draw one lab: `GET /api/labs/:id`, acks of `lab:join`/`lab:move`, lab events. */
export interface LabSnapshot extends LabSummary {
  /** tcp-core's labView for this viewer: a student never sees the expected answers still pending */
  lab: Lab;
  /** the current round, oldest first; `step` counts across rounds */
  transcript: TranscriptEntry[];
  /** set for seats only */
  yourRole?: Role;
  scenario?: Pick<ScenarioSummary, 'id' | 'title' | 'goal'>;
  /** tcp-core goalReached for the scenario; false in free play */
  goalReached: boolean;
  /** the same as `clockRate` (kept for older clients): lab time passes this many times faster than real time */
  timeScale: number;
}

/** `POST /api/labs/:id/control` and `POST /api/labs/:id/fault`: the lab as it stands after the instructor's step. */
export interface LabResponse {
  lab: LabSnapshot;
}

/** `POST /api/classrooms/:id/pairings` (the labs made) and `POST /api/classrooms/:id/labs/control` (all the class's). */
export interface LabsResponse {
  labs: LabSummary[];
}

/** `GET /api/classrooms/:id/mistakes`: the class's stack-mode answers per transition-table rule. */
export interface MistakeStats {
  byRule: Record<string, { attempts: number; mistakes: number }>;
  /** incorrect answers */
  total: number;
  /** all answers */
  attempts: number;
}
