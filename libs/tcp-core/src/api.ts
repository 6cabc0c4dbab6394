/**
 * The public API of tcp-core (the contract server and web build against). Every name is implemented in the module
 * that owns its meaning; this file only gathers them.
 */
export {
  createLab,
  gradeAnswer,
  MAX_CLOCK_ADVANCE_MS,
  MAX_IN_FLIGHT,
  MAX_LAB_JSON_CHARS,
  OVERFLOW_REASON,
} from './lab';
export {
  resolveSettings,
  mergeSettings,
  seededIsns,
  DEFAULT_SETTINGS,
  LabSettingsSchema,
  LabSettingsChoiceSchema,
  LAB_MODES,
  LabModeSchema,
  LAB_MODE_CHOICES,
  NETWORK_MODES,
  NetworkModeSchema,
  NETWORK_MODE_CHOICES,
  FAULT_KINDS,
  FaultKindSchema,
  FAULT_KIND_CHOICES,
  LAB_STATUSES,
  LabStatusSchema,
  LAB_STATUS_CHOICES,
  APP_READS,
  AppReadsSchema,
  APP_READS_CHOICES,
  PROFILES,
  ProfileSchema,
  PROFILE_CHOICES,
  SETTING_BOUNDS,
  labelOf,
} from './settings';
export {
  applyMove,
  parseMove,
  labView,
  nextTimerDue,
  autoplayMove,
  referenceAnswer,
  isValidMoveFast,
  MoveSchema,
  RoleSchema,
  StateSchema,
  SegmentSchema,
  AnswerSchema,
  LabSettingsInputSchema,
  LabScriptSchema,
  formatPath,
  describeIssue,
} from './moves';
export {
  newTranscript,
  toTranscriptEntry,
  record,
  replay,
  replayEntries,
  replaySteps,
  controlEntry,
  linuxPeerOf,
  applyControl,
  isControlMove,
  leftStatesUnchanged,
  roundCounters,
  sameOutcome,
  transcriptToCsv,
  transcriptToScript,
  parseTranscript,
  summarizeMove,
} from './transcript';
export type { ReplayedEntry, RoundCounters } from './transcript';
export { isSafeText, unsafeTextProblem } from './text';
export { moveInWords } from './move-words';
export { parseLabScript, runLabScript, outputLine, checkExpectation } from './script';
export {
  react,
  describeEvent,
  initialEndpoint,
  frontOfRetransmissionQueue,
  receiveWindow,
  timeWaitLength,
  ruleState,
  SYNCHRONIZED,
} from './endpoint';
export {
  seqAdd,
  seqDiff,
  seqLt,
  seqLe,
  seqGt,
  seqGe,
  isAcceptable,
  sequenceLength,
  canonicalFlags,
  describeSegment,
  segmentLabel,
  RCV_WND,
} from './segment';
export { TRANSITIONS, RULE_IDS, ruleById, rulesFrom, isRuleId, holdsUnder } from './transitions';
export type { RuleId } from './transitions';
export { staleView } from './views';
export { STATE_INFO } from './states';
export type { LabScript, RunOutputLine, Scenario } from './types';

/** Scenario catalogue: one per seed path and special transition. */
export { SCENARIOS, goalReached, scenarioById } from './scenarios';

/** The wire format: segments as IPv4/IPv6 packets, pcap and pcapng (src/wire/, see the README's Packets section). */
export * from './wire';
