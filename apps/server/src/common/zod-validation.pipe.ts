import { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError } from './api-error';

/** One problem with an input, for `details` in a VALIDATION_FAILED error. */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

export function describeIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

/** Parses a value with a zod schema or throws 400 VALIDATION_FAILED with the issues; usable outside HTTP too. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError('VALIDATION_FAILED', undefined, describeIssues(result.error));
  return result.data;
}

/** Validation at the edge, once: `@Body(new ZodValidationPipe(registerSchema)) body: RegisterBody`. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    return parseOrThrow(this.schema, value);
  }
}
