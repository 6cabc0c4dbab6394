import { z } from 'zod';
import {
  FaultKindSchema,
  LabModeSchema,
  LabSettingsChoiceSchema,
  NetworkModeSchema,
  RoleSchema,
} from '@tcp-lab/tcp-core';
import { Id } from './text';

/**
 * The bodies an instructor sends to steer labs over HTTP. The server validates them with these schemas at the
 * edge (strict: unknown keys are refused) and describes them in OpenAPI from the same schemas; the web builds
 * them with the inferred types.
 */
const id = Id;
// the lab's settings and enums are tcp-core's (LabSettingsSchema): declared there once, used here as they are
const labMode = LabModeSchema;
const networkMode = NetworkModeSchema;

/** Lab time only moves forward, by at most a day at once (a whole lab needs minutes). */
export const MAX_ADVANCE_MS = 24 * 60 * 60 * 1000;

/**
 * A lab's clock pace: lab milliseconds per real millisecond while the lab runs. 0 stops the clock, so lab time
 * moves only by clock moves (a student letting a timer fire, the instructor's 'advance-clock'): in a manual
 * network beginners click "deliver" more slowly than a 1 s RTO. 1000 lets TIME_WAIT's 2×MSL pass in 60 ms.
 * `null` = the server's class-wide default (LAB_TIME_SCALE).
 */
export const MAX_CLOCK_RATE = 1000;
export const ClockRate = z.number().min(0).max(MAX_CLOCK_RATE);

const labStartOptions = {
  scenarioId: id.nullable().optional(),
  mode: labMode.optional(),
  network: networkMode.optional(),
  /**
   * any lab setting but the ISNs and seed (tcp-core's LabSettingsChoiceSchema); `mode`/`network` above win over
   * the same fields here. A setting left out is the scenario's, else tcp-core's default.
   */
  settings: LabSettingsChoiceSchema.optional(),
  /** extension: start the new labs at once instead of leaving them 'waiting' */
  start: z.boolean().optional(),
  /** the labs' clock pace; absent or null = the server's default */
  clockRate: ClockRate.nullable().optional(),
};

/** `POST /api/classrooms/:id/pairings`; in a manual pair, `null` = the built-in endpoint plays that side. */
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
/** What a client sends: the body before defaults are filled in (e.g. `settings.timers` with one field only). */
export type PairingRequest = z.input<typeof PairingBody>;

export const LAB_ACTIONS = [
  'start',
  'pause',
  'resume',
  'reset',
  'end',
  'swap-roles',
  'set-scenario',
  'advance-clock',
  'set-clock',
] as const;
export type LabAction = (typeof LAB_ACTIONS)[number];

/** `POST /api/labs/:id/control` and `POST /api/classrooms/:id/labs/control`. */
export const ControlBody = z
  .object({
    action: z.enum(LAB_ACTIONS),
    scenarioId: id.nullable().optional(),
    mode: labMode.optional(),
    network: networkMode.optional(),
    /** 'set-scenario': settings for the new round (tcp-core's LabSettingsChoiceSchema); left out = kept */
    settings: LabSettingsChoiceSchema.optional(),
    ms: z.number().int().positive().max(MAX_ADVANCE_MS).optional(),
    /** 'set-clock': the new pace; null = back to the server's default */
    clockRate: ClockRate.nullable().optional(),
  })
  .strict()
  .refine((body) => body.action !== 'advance-clock' || body.ms !== undefined, {
    message: "'advance-clock' needs ms",
    path: ['ms'],
  })
  .refine((body) => body.action !== 'set-clock' || body.clockRate !== undefined, {
    message: "'set-clock' needs clockRate (a number from 0 to 1000, or null for the server's default)",
    path: ['clockRate'],
  });
export type ControlBody = z.infer<typeof ControlBody>;

/** `POST /api/labs/:id/fault`: what happens to the next segment `from` sends. */
export const FaultBody = z
  .object({
    fault: FaultKindSchema,
    from: RoleSchema,
    delayMs: z.number().int().positive().max(MAX_ADVANCE_MS).optional(),
  })
  .strict();
export type FaultBody = z.infer<typeof FaultBody>;
