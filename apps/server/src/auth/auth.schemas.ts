import type { AuthResponse, Instructor } from '@tcp-lab/lab-protocol';
import { z } from 'zod';

const email = z.string().trim().toLowerCase().pipe(z.email().max(254));

export const registerSchema = z.object({
  email,
  name: z.string().trim().min(1).max(80),
  password: z.string().min(8).max(200),
});
export type RegisterBody = z.output<typeof registerSchema>;

export const loginSchema = z.object({
  email,
  password: z.string().min(1).max(200),
});
export type LoginBody = z.output<typeof loginSchema>;

// The answers' schemas only describe them in OpenAPI; `satisfies` keeps them the contract's shapes.
export const instructorSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
}) satisfies z.ZodType<Instructor>;
export const authResponseSchema = z.object({
  token: z.string(),
  instructor: instructorSchema,
}) satisfies z.ZodType<AuthResponse>;
