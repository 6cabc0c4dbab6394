/**
 * The public API of tcp-core (the contract server and web build against). Every name is implemented in the module
 * that owns its meaning; this file only gathers them.
 */
export { resolveSettings, createLab, seededIsns, gradeAnswer, DEFAULT_SETTINGS } from './lab';
export {
  applyMove,
  parseMove,
  labView,
  nextTimerDue,
  autoplayMove,
  isValidMoveFast,
  MoveSchema,
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
  transcriptToCsv,
  transcriptToScript,
  parseTranscript,
  summarizeMove,
} from './transcript';
export { isSafeText, unsafeTextProblem } from './text';
export { parseLabScript, runLabScript, outputLine, checkExpectation } from './script';
export {
  react,
  describeEvent,
  initialEndpoint,
  frontOfRetransmissionQueue,
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
  RCV_WND,
} from './segment';
export { TRANSITIONS, ruleById, rulesFrom } from './transitions';
export { STATE_INFO } from './states';
export type { LabScript, RunOutputLine, Scenario } from './types';

/** Scenario catalogue: one per seed path and special transition. */
export { SCENARIOS, goalReached, scenarioById } from './scenarios';
