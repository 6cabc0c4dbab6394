import { PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { describeIssue, formatPath, type Bilingual } from '@tcp-lab/tcp-core';
import { findUnsafeText, type TextIssueParams } from '@tcp-lab/lab-protocol';
import type { z } from 'zod';
import { ApiError } from './api-error';

/**
 * Validation at the edge, once, for HTTP and sockets alike. A refusal is VALIDATION_FAILED naming the field
 * (`field`, and in the reason, in English and Chinese) and nothing behind the edge runs.
 */

/** One problem with an input, for `details` in an HTTP VALIDATION_FAILED error. */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/** What the edge says about refused input: the field, a reason in both languages, the issues (HTTP details). */
export interface InputProblem {
  field: string;
  reason: Bilingual;
  issues: ValidationIssue[];
}

function describeOne(issue: z.core.$ZodIssue, input: unknown): { path: string; reason: Bilingual } {
  // Our own text rules carry their Chinese in `params` (lab-protocol text.ts); tcp-core words the rest.
  const params = (issue as { params?: Partial<TextIssueParams> }).params;
  if (issue.code === 'custom' && params?.en && params.zh) {
    const path = formatPath(issue.path);
    return {
      path,
      reason: { en: `${path || '(top level)'}: ${params.en}`, zh: `${path || '（顶层）'}：${params.zh}` },
    };
  }
  return describeIssue(issue, input);
}

/** The issues of a failed parse, the first one worded for people (the field it names comes first). */
export function describeProblem(error: z.ZodError, input: unknown): InputProblem {
  const first = describeOne(error.issues[0], input);
  return {
    field: first.path,
    reason: first.reason,
    issues: error.issues.map((issue) => ({
      path: issue.path.join('.'),
      code: issue.code,
      message: describeOne(issue, input).reason.en,
    })),
  };
}

/** A NUL or a lone surrogate anywhere in the input (values and keys), under `prefix`; null when there is none. */
export function unsafeTextProblem(input: unknown, prefix: string[] = []): InputProblem | null {
  const found = findUnsafeText(input, prefix);
  if (!found) return null;
  const path = formatPath(found.path);
  const where = path || '(top level)';
  return {
    field: path,
    reason: { en: `${where}: ${found.reason.en}`, zh: `${path || '（顶层）'}：${found.reason.zh}` },
    issues: [{ path: found.path.join('.'), code: 'unsafe_text', message: `${where}: ${found.reason.en}` }],
  };
}

/** Checks the input for unsafe text, then parses it with the schema. */
export function checkInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | ({ ok: false } & InputProblem) {
  const unsafe = unsafeTextProblem(input);
  if (unsafe) return { ok: false, ...unsafe };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, ...describeProblem(parsed.error, input) };
}

export function validationError(problem: InputProblem): ApiError {
  return new ApiError(
    'VALIDATION_FAILED',
    {
      en: `The request is not valid. ${problem.reason.en}`,
      zh: `请求内容不符合要求。${problem.reason.zh}`,
    },
    problem.issues,
  );
}

/** Parses a value with a zod schema or throws 400 VALIDATION_FAILED naming the field; usable outside HTTP too. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = checkInput(schema, value);
  if (!result.ok) throw validationError(result);
  return result.value;
}

/** A body's schema: `@Body(new ZodValidationPipe(registerSchema)) body: RegisterBody`. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    return parseOrThrow(this.schema, value);
  }
}

/**
 * Global pipe: no body, URL parameter or query value of any route holds a NUL or a lone surrogate (an id in a
 * URL is refused naming its parameter, e.g. `id`). It runs before each route's own schema.
 */
export class SafeTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const prefix = metadata.type !== 'body' && metadata.data ? [metadata.data] : [];
    const unsafe = unsafeTextProblem(value, prefix);
    if (unsafe) throw validationError(unsafe);
    return value;
  }
}
