import { z } from 'zod';
import { Id, Name, SafeText } from './text';

/**
 * What clients send in quiz mode, over HTTP and on the `/quiz` namespace. The server checks every body and
 * payload once at its edge with these schemas (strict: unknown keys are refused) and describes the HTTP bodies in
 * OpenAPI from them; the web builds them with the types. A task's script is checked by tcp-core's own parser
 * (parseLabScript) and an answer by tcp-core's move schema, so neither is copied here.
 */
const id = Id;
const bilingual = z.object({ en: Name(200), zh: Name(200) }).strict();
const role = z.enum(['client', 'server']);
const pairing = z.enum(['solo', 'pairs']);

/** A built-in task (`GET /api/quiz-catalogue`), its role and pairing changed if wished. */
export const QuizCatalogueTaskInput = z
  .object({ catalogId: id, role: role.optional(), pairing: pairing.optional() })
  .strict();

/** An instructor's own task. */
export const QuizScriptTaskInput = z
  .object({
    title: bilingual,
    /** a tcp-lab/1 script (object or JSON text) in stack mode */
    script: z.union([SafeText(100_000), z.record(z.string(), z.unknown())]),
    role,
    pairing: pairing.default('solo'),
    setupMoves: z.int().min(0).max(1000).default(0),
  })
  .strict();

export const QuizTaskInput = z.union([QuizCatalogueTaskInput, QuizScriptTaskInput]);
/** A task as a client writes it (defaults may be left out). */
export type QuizTaskInput = z.input<typeof QuizTaskInput>;

/** `POST /api/classrooms/:id/quizzes`: a new quiz, as a draft. */
export const CreateQuizBody = z
  .object({
    title: Name(120),
    feedback: z.enum(['practice', 'exam']),
    /** the TCB panel (the student's own connection variables) during a task; practice always shows it */
    timeLimit: z
      .object({
        scope: z.enum(['task', 'quiz']),
        seconds: z
          .int()
          .min(10)
          .max(24 * 3600),
      })
      .strict()
      .nullable()
      .default(null),
    tasks: z.array(QuizTaskInput).min(1).max(30),
    /**
     * exam feedback: show students their endpoint's variables (ISS, SND.NXT, RCV.NXT, ...) while they answer. The
     * lab goes on from the correct answer, so the variables can tell whether an earlier answer was right: the
     * teacher decides. Practice feedback always shows them.
     */
    examTcb: z.boolean().default(false),
  })
  .strict();
/** The body once checked, defaults filled in (what the server works with). */
export type CreateQuizBody = z.infer<typeof CreateQuizBody>;
/** The body as a client writes it. */
export type CreateQuizRequest = z.input<typeof CreateQuizBody>;

export const QUIZ_ACTIONS = ['start', 'end', 'show-leaderboard', 'hide-leaderboard'] as const;
export type QuizAction = (typeof QUIZ_ACTIONS)[number];

/** `POST /api/quizzes/:id/control` */
export const QuizControlBody = z.object({ action: z.enum(QUIZ_ACTIONS) }).strict();
export type QuizControlBody = z.infer<typeof QuizControlBody>;

/** `quiz:join` (seats): without a quizId, the running quiz of the class, else the last one that ran. */
export const QuizJoinPayload = z.object({ quizId: id.optional() }).strict();
export type QuizJoinPayload = z.infer<typeof QuizJoinPayload>;

/** `quiz:watch` (the quiz's owner) */
export const QuizWatchPayload = z.object({ quizId: id }).strict();
export type QuizWatchPayload = z.infer<typeof QuizWatchPayload>;

/**
 * `quiz:answer` (seats): `moveId` is chosen by the client, unique per seat and run, so a retry is never graded
 * twice; `move` ({by, answer}) is checked by tcp-core's move schema.
 */
export const QuizAnswerPayload = z.object({ quizId: id, runId: id, moveId: id, move: z.unknown() }).strict();
export type QuizAnswerPayload = z.infer<typeof QuizAnswerPayload>;
