import {
  LabSettingsSchema,
  RoleSchema,
  StateSchema,
  type Bilingual,
  type Lab,
  type LabScript,
  type LabSettings,
  type TaskPlan,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import { z } from 'zod';
import type { GradedDecision } from '../quiz/grading';

/**
 * The JSON columns' schemas. A repository parses every JSON column it reads with one of these (`parseColumn`), so
 * the rest of the server gets typed values and a row that does not hold what its column says fails loudly, naming
 * the table, column and row, instead of being cast and failing somewhere else.
 *
 * They check the shape the server relies on and keep every other key (`z.looseObject`): the stored lab and
 * transcript entries are tcp-core's own values, which tcp-core may extend (segment ids, new entry kinds) without
 * a migration. Lab settings are checked with tcp-core's own LabSettingsSchema (one schema per concept; a setting
 * added since a row was written has a default there); TranscriptEntry has no tcp-core schema yet.
 */

const role = RoleSchema;
const state = StateSchema;
const both = <S extends z.ZodType>(schema: S) => z.looseObject({ client: schema, server: schema });

const LabSettingsShape = LabSettingsSchema;

const EndpointShape = z.looseObject({
  role,
  state,
  iss: z.number(),
  sndUna: z.number(),
  sndNxt: z.number(),
  rcvNxt: z.number(),
  timers: z.looseObject({}),
});

const LabShape = z.looseObject({
  settings: LabSettingsShape,
  clock: z.number(),
  client: EndpointShape,
  server: EndpointShape,
  inFlight: z.array(z.looseObject({ from: role })),
  step: z.number(),
  pending: both(z.unknown()),
});

const TranscriptEntryShape = z.looseObject({
  step: z.int().min(1),
  actor: z.string(),
  move: z.unknown(),
  ok: z.boolean(),
  clock: z.number(),
});

/**
 * A task's script was checked in full by tcp-core's parseLabScript when the quiz was created; read back (on every
 * answer) it is checked for its frame only, since the full move schema costs more than the answer itself.
 */
const LabScriptShape = z.looseObject({
  format: z.literal('tcp-lab/1'),
  moves: z.array(z.looseObject({ by: z.string() })),
});

const BilingualShape = z.object({ en: z.string(), zh: z.string() });
const PlannedDecisionShape = z.looseObject({
  index: z.int(),
  ruleId: z.string().nullable(),
  event: BilingualShape,
});
const GradedDecisionShape = PlannedDecisionShape.extend({
  outcome: z.enum(['correct', 'incorrect', 'missed', 'open']),
});

/** A schema whose output is the TypeScript type T, checked at run time by `shape`. */
function column<T>(shape: z.ZodType): z.ZodType<T> {
  return z.custom<T>((value) => shape.safeParse(value).success);
}

export const JSON_COLUMNS = {
  labState: { schema: column<Lab>(LabShape), shape: LabShape },
  labSettings: { schema: column<LabSettings>(LabSettingsShape), shape: LabSettingsShape },
  transcriptEntry: { schema: column<TranscriptEntry>(TranscriptEntryShape), shape: TranscriptEntryShape },
  bilingual: { schema: column<Bilingual>(BilingualShape), shape: BilingualShape },
  labScript: { schema: column<LabScript>(LabScriptShape), shape: LabScriptShape },
  taskPlan: {
    schema: column<TaskPlan>(both(z.array(PlannedDecisionShape))),
    shape: both(z.array(PlannedDecisionShape)),
  },
  gradedDecisions: {
    schema: column<GradedDecision[]>(z.array(GradedDecisionShape)),
    shape: z.array(GradedDecisionShape),
  },
} as const;

type ColumnName = keyof typeof JSON_COLUMNS;
type ColumnType<C extends ColumnName> = z.output<(typeof JSON_COLUMNS)[C]['schema']>;

/** A row whose JSON column does not hold what the column says (a bug or a hand edit): never a client's fault. */
export class CorruptColumnError extends Error {}

/**
 * The value of a JSON column, parsed: `parseColumn('labState', row.state, 'Lab.state', row.id)`. A value that
 * does not match throws CorruptColumnError naming the column, the row and the first problem.
 */
export function parseColumn<C extends ColumnName>(
  kind: C,
  value: unknown,
  where: string,
  rowId: string,
): ColumnType<C> {
  const { schema, shape } = JSON_COLUMNS[kind];
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as ColumnType<C>;
  const issue = shape.safeParse(value).error?.issues[0];
  throw new CorruptColumnError(
    `${where} of row ${rowId} is not a ${kind}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'no match'}`,
  );
}
