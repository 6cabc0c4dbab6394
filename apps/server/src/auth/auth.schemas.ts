import { Name, SafeText, type AuthResponse, type Instructor } from '@tcp-lab/lab-protocol';
import { z } from 'zod';

const email = z.string().trim().toLowerCase().pipe(z.email().max(254));

export const registerSchema = z.object({
  email,
  name: Name(80),
  password: SafeText(200).min(8),
});
export type RegisterBody = z.output<typeof registerSchema>;

export const loginSchema = z.object({
  email,
  password: SafeText(200).min(1),
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
