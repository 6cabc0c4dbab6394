export * from './types';
export * from './api';

/** Stack-mode tasks and scenarios (the quiz plays these) and the label of an answer. */
export { startTask, taskTurn, driveTask, answerTask, planTask } from './stack-task';
export type {
  PlannedDecision,
  TaskPlan,
  StackTask,
  TaskProgress,
  DrivenMove,
  DriveOutcome,
  TaskCheck,
} from './stack-task';
export { toStackScript, stackScenario } from './stack-script';
export type { StackScript } from './stack-script';
export { answerLabel } from './answer-label';
export { sameLab, canonicalJson } from './same-lab';
