import type { z } from 'zod';
import type { Bilingual } from '@tcp-lab/tcp-core';

// Every payload a client sends to the labs area is checked once, at the edge, with the schemas of the wire
// contract (@tcp-lab/lab-protocol: socket payloads and HTTP bodies). This file only says how a refusal reads.

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
