import { z } from 'zod';

/**
 * Every body and payload the quiz accepts, checked once at the edge. The script of a task is checked by tcp-core's
 * own parser (parseLabScript) and the answer by tcp-core's move schema, not copied here.
 */
const id = z.string().min(1).max(64);
const bilingual = z.object({ en: z.string().min(1).max(200), zh: z.string().min(1).max(200) }).strict();
const role = z.enum(['client', 'server']);
const pairing = z.enum(['solo', 'pairs']);

export const CatalogueTaskInput = z
  .object({ catalogId: id, role: role.optional(), pairing: pairing.optional() })
  .strict();
export const ScriptTaskInput = z
  .object({
    title: bilingual,
    /** a tcp-lab/1 script (object or JSON text) in stack mode */
    script: z.union([z.string().max(100_000), z.record(z.string(), z.unknown())]),
    role,
    pairing: pairing.default('solo'),
    setupMoves: z.int().min(0).max(1000).default(0),
  })
  .strict();
export const TaskInput = z.union([CatalogueTaskInput, ScriptTaskInput]);

export const CreateQuizBody = z
  .object({
    title: z.string().trim().min(1).max(120),
    feedback: z.enum(['practice', 'exam']),
    timeLimit: z
      .object({ scope: z.enum(['task', 'quiz']), seconds: z.int().min(10).max(24 * 3600) })
      .strict()
      .nullable()
      .default(null),
    tasks: z.array(TaskInput).min(1).max(30),
  })
  .strict();
export type CreateQuizBody = z.infer<typeof CreateQuizBody>;

export const QUIZ_ACTIONS = ['start', 'end', 'show-leaderboard', 'hide-leaderboard'] as const;
export const QuizControlBody = z.object({ action: z.enum(QUIZ_ACTIONS) }).strict();
export type QuizControlBody = z.infer<typeof QuizControlBody>;

export const QuizJoinPayload = z.object({ quizId: id.optional() }).strict();
export const QuizWatchPayload = z.object({ quizId: id }).strict();
export const QuizAnswerPayload = z.object({ quizId: id, runId: id, moveId: id, move: z.unknown() }).strict();
