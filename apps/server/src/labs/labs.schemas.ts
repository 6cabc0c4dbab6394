import { z } from 'zod';
import type { Bilingual } from '@tcp-lab/tcp-core';

/**
 * Every payload a client sends to the labs area, checked once at the edge. A tcp-core Move inside `lab:move`
 * is checked by tcp-core's own schema (parseMove), not copied here: the move schema lives in tcp-core once.
 */
const id = z.string().min(1).max(64);

export const LabJoinPayload = z.object({ labId: id }).strict();
export const LabMovePayload = z
  .object({ labId: id, moveId: z.string().min(1).max(64), move: z.unknown() })
  .strict();
export const ClassWatchPayload = z.object({ classroomId: id }).strict();

const labMode = z.enum(['calls', 'stack']);
const networkMode = z.enum(['manual', 'auto']);
const labStartOptions = {
  scenarioId: id.nullable().optional(),
  mode: labMode.optional(),
  network: networkMode.optional(),
  /** extension: start the new labs at once instead of leaving them 'waiting' */
  start: z.boolean().optional(),
};

export const PairingBody = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('auto'), ...labStartOptions }).strict(),
  z
    .object({
      strategy: z.literal('manual'),
      pairs: z
        .array(z.object({ client: id.nullable(), server: id.nullable() }).strict())
        .min(1)
        .max(200),
      ...labStartOptions,
    })
    .strict(),
]);
export type PairingBody = z.infer<typeof PairingBody>;

export const LAB_ACTIONS = [
  'start',
  'pause',
  'resume',
  'reset',
  'end',
  'swap-roles',
  'set-scenario',
  'advance-clock',
] as const;
export type LabAction = (typeof LAB_ACTIONS)[number];

/** Lab time only moves forward, by at most a day at once (a whole lab needs minutes). */
const MAX_ADVANCE_MS = 24 * 60 * 60 * 1000;

export const ControlBody = z
  .object({
    action: z.enum(LAB_ACTIONS),
    scenarioId: id.nullable().optional(),
    mode: labMode.optional(),
    network: networkMode.optional(),
    ms: z.number().int().positive().max(MAX_ADVANCE_MS).optional(),
  })
  .strict()
  .refine((body) => body.action !== 'advance-clock' || body.ms !== undefined, {
    message: "'advance-clock' needs ms",
    path: ['ms'],
  });
export type ControlBody = z.infer<typeof ControlBody>;

export const FaultBody = z
  .object({
    fault: z.enum(['drop', 'duplicate', 'delay', 'reorder']),
    from: z.enum(['client', 'server']),
    delayMs: z.number().int().positive().max(MAX_ADVANCE_MS).optional(),
  })
  .strict();
export type FaultBody = z.infer<typeof FaultBody>;

/** `path: message` lines a person can read, e.g. "moveId: Too small: expected string to have >=1 characters". */
export function describeIssues(error: z.ZodError): Bilingual {
  const lines = error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`,
  );
  const text = lines.join('; ');
  return { en: text, zh: `格式问题：${text}` };
}

export type ParseOutcome<T> =
  { ok: true; value: T } | { ok: false; reason: Bilingual; issues: z.core.$ZodIssue[] };

export function parsePayload<T>(schema: z.ZodType<T>, raw: unknown): ParseOutcome<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: describeIssues(parsed.error), issues: parsed.error.issues };
}
