/**
 * Moves: the one schema (zod) shared by the CLI, the server and the web, the rules on who may make which move,
 * and `applyMove`, the single entry point that validates and applies a move.
 *
 * Like a boardgame.io move, an illegal move never throws: it comes back as `{ ok: false, code, reason }` with
 * the lab untouched (the very same object).
 */
import { z } from 'zod';
import {
  applyAdvance,
  applyAnswer,
  applyCall,
  applyDeliverAll,
  applyFault,
  applyInject,
  applyNetworkOnSegment,
  applyNetworkOnSegmentId,
  earliestTimer,
  reject,
} from './lab';
import { FaultKindSchema, LabSettingsSchema } from './settings';
import {
  CALLS,
  FLAGS,
  ROLES,
  STATES,
  type Actor,
  type Answer,
  type Bilingual,
  type Lab,
  type Move,
  type MoveResult,
  type RejectionCode,
  type Role,
} from './types';
import { isSafeText } from './text';

const UINT32_MAX = 0xffffffff;
const SEND_DATA_UNSAFE = 'must not contain a NUL character (U+0000) or a lone UTF-16 surrogate';

// ───────────────────────── schema ─────────────────────────

export const RoleSchema = z.enum(ROLES as [Role, ...Role[]]);
export const StateSchema = z.enum(STATES);
const uint32 = z.int().min(0).max(UINT32_MAX);

export const SegmentSchema = z
  .strictObject({
    flags: z.array(z.enum(FLAGS)).max(4),
    seq: uint32,
    ack: uint32.optional(),
    len: z.int().min(0).max(65535),
    /** the window field (tcp-core extension; 65535 when left out) */
    wnd: z.int().min(0).max(65535).optional(),
    /** SYN options (tcp-core extension): MSS and window scale */
    options: z
      .strictObject({ mss: z.int().min(1).max(65535).optional(), wscale: z.int().min(0).max(14).optional() })
      .optional(),
  })
  .superRefine((s, ctx) => {
    const ackFlag = s.flags.includes('ACK');
    if (ackFlag && s.ack === undefined)
      ctx.addIssue({ code: 'custom', path: ['ack'], message: 'required when ACK is set' });
    if (!ackFlag && s.ack !== undefined)
      ctx.addIssue({ code: 'custom', path: ['ack'], message: 'only allowed when ACK is set' });
    if (new Set(s.flags).size !== s.flags.length)
      ctx.addIssue({ code: 'custom', path: ['flags'], message: 'a flag is listed twice' });
  });

export const AnswerSchema = z.strictObject({ state: StateSchema, send: z.array(SegmentSchema).max(8) });

export const ExpectationSchema = z.strictObject({
  client: StateSchema.optional(),
  server: StateSchema.optional(),
  ok: z.boolean().optional(),
});

/** A move by a seat: a socket call, or (stack mode) an answer. */
const EndpointMoveSchema = z
  .strictObject({
    by: RoleSchema,
    call: z.enum(CALLS as [string, ...string[]]).optional(),
    bytes: z.int().min(1).max(65535).optional(),
    data: z.string().max(1000).refine(isSafeText, { message: SEND_DATA_UNSAFE }).optional(),
    answer: AnswerSchema.optional(),
    expect: ExpectationSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.answer !== undefined) {
      if (m.call !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['call'],
          message: 'a move is either a call or an answer, not both',
        });
      return;
    }
    if (m.call === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['call'],
        message: `required: expected one of ${CALLS.join(', ')} (or an answer)`,
      });
      return;
    }
    if (m.call === 'send' && m.bytes === undefined)
      ctx.addIssue({ code: 'custom', path: ['bytes'], message: 'required for send' });
    if (m.call !== 'send' && m.call !== 'read' && m.bytes !== undefined)
      ctx.addIssue({ code: 'custom', path: ['bytes'], message: 'only allowed with send or read' });
    if (m.call !== 'send' && m.data !== undefined)
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'only allowed with send' });
  });

const expect = ExpectationSchema.optional();
const NetworkMoveSchema = z.discriminatedUnion('action', [
  z
    .strictObject({
      by: z.literal('network'),
      action: z.enum(['deliver', 'drop', 'duplicate']),
      from: RoleSchema.optional(),
      index: z.int().min(0).max(1000).optional(),
      /** the segment's id (WireSegment.id), instead of `from` + `index` */
      id: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
      expect,
    })
    .superRefine((m, ctx) => {
      if (m.id !== undefined && (m.from !== undefined || m.index !== undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['id'],
          message: 'name a segment by id or by from/index, not both',
        });
      if (m.id === undefined && m.from === undefined)
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'expected one of client, server' });
    }),
  z.strictObject({ by: z.literal('network'), action: z.literal('deliver-all'), expect }),
  z.strictObject({
    by: z.literal('network'),
    action: z.literal('inject'),
    to: RoleSchema,
    segment: SegmentSchema,
    expect,
  }),
  z.strictObject({
    by: z.literal('network'),
    action: z.literal('fault'),
    fault: FaultKindSchema,
    from: RoleSchema,
    delayMs: z.int().min(0).max(86_400_000).optional(),
    expect,
  }),
]);

const ClockMoveSchema = z.strictObject({
  by: z.literal('clock'),
  // the lab refuses more than MAX_CLOCK_ADVANCE_MS with its own code (ADVANCE_TOO_LONG) and reason
  advance: z.int().min(0),
  expect,
});

export const MoveSchema = z.discriminatedUnion('by', [
  EndpointMoveSchema,
  NetworkMoveSchema,
  ClockMoveSchema,
]) as unknown as z.ZodType<Move>;

/** A script's (and a request's) settings: the one settings schema, every field optional (see settings.ts). */
export const LabSettingsInputSchema = LabSettingsSchema;

export const LabScriptSchema = z.strictObject({
  format: z.literal('tcp-lab/1'),
  title: z.string().max(500).optional(),
  settings: LabSettingsInputSchema.optional(),
  moves: z.array(MoveSchema).max(100_000),
});

// ───────────────────────── error messages: `path: message` in both languages ─────────────────────────

type Issue = z.core.$ZodIssue;

/** `moves[3].call` from ['moves', 3, 'call']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return v;
}

/** One zod issue as `path: message`, in English and Chinese. */
export function describeIssue(
  issue: Issue,
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): { path: string; reason: Bilingual } {
  let path = [...prefix, ...issue.path];
  let en: string;
  let zh: string;
  switch (issue.code) {
    case 'invalid_value':
      if (issue.values.length === 1) {
        en = `expected ${String(issue.values[0])}`;
        zh = `应为 ${String(issue.values[0])}`;
      } else {
        en = `expected one of ${list(issue.values)}`;
        zh = `应为 ${issue.values.map(String).join('、')} 之一`;
      }
      break;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options) {
        en = `expected one of ${list(options)}`;
        zh = `应为 ${options.map(String).join('、')} 之一`;
      } else {
        en = 'does not match any allowed form';
        zh = '不符合任何允许的格式';
      }
      break;
    }
    case 'invalid_type': {
      const missing = valueAt(input, issue.path) === undefined;
      const what =
        issue.expected === 'int'
          ? 'an integer'
          : issue.expected === 'array'
            ? 'an array'
            : issue.expected === 'object'
              ? 'an object'
              : `a ${issue.expected}`;
      const whatZh =
        { int: '整数', number: '数字', string: '字符串', boolean: '布尔值', array: '数组', object: '对象' }[
          issue.expected as string
        ] ?? issue.expected;
      en = missing ? `required (expected ${what})` : `expected ${what}`;
      zh = missing ? `缺少此字段（应为${whatZh}）` : `应为${whatZh}`;
      break;
    }
    case 'unrecognized_keys':
      path = [...path, issue.keys[0]];
      en = issue.keys.length > 1 ? `unknown fields ${list(issue.keys)}` : 'unknown field';
      zh = issue.keys.length > 1 ? `未知字段 ${issue.keys.join('、')}` : '未知字段';
      break;
    case 'too_big':
      en =
        issue.origin === 'array' || issue.origin === 'string'
          ? `at most ${issue.maximum} ${issue.origin === 'array' ? 'items' : 'characters'}`
          : `at most ${issue.maximum}`;
      zh =
        issue.origin === 'array'
          ? `最多 ${issue.maximum} 项`
          : issue.origin === 'string'
            ? `最多 ${issue.maximum} 个字符`
            : `不得大于 ${issue.maximum}`;
      break;
    case 'too_small':
      en = issue.origin === 'array' ? `at least ${issue.minimum} items` : `at least ${issue.minimum}`;
      zh = issue.origin === 'array' ? `至少 ${issue.minimum} 项` : `不得小于 ${issue.minimum}`;
      break;
    case 'custom':
      en = issue.message;
      zh = CUSTOM_ZH[issue.message] ?? issue.message;
      break;
    default:
      en = issue.message;
      zh = issue.message;
  }
  const where = formatPath(path) || '(top level)';
  const whereZh = formatPath(path) || '（顶层）';
  return { path: formatPath(path), reason: { en: `${where}: ${en}`, zh: `${whereZh}：${zh}` } };
}

const CUSTOM_ZH: Record<string, string> = {
  'required when ACK is set': '设置了 ACK 时必须给出',
  'only allowed when ACK is set': '只有设置了 ACK 时才允许',
  'a flag is listed twice': '有标志位重复出现',
  'a move is either a call or an answer, not both': '一个动作要么是调用，要么是作答，不能两者兼有',
  [`required: expected one of ${CALLS.join(', ')} (or an answer)`]: `缺少此字段：应为 ${CALLS.join('、')} 之一（或者作答 answer）`,
  'required for send': 'send 调用必须给出',
  'name a segment by id or by from/index, not both':
    '报文段要么用 id 指定，要么用 from/index 指定，不能两者兼有',
  // a network move naming its segment by neither `from` nor `id`: the same words zod uses for a bad `from`
  'expected one of client, server': '应为 client、server 之一',
  'only allowed with send': '只允许用于 send 调用',
  'only allowed with send or read': '只允许用于 send 或 read 调用',
  [SEND_DATA_UNSAFE]: '不能包含空字符（U+0000）或不成对的 UTF-16 代理项',
};

/** Picks the issue a person should read first: the first one zod reports. */
export function firstIssue(
  error: z.ZodError,
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): { path: string; reason: Bilingual } {
  return describeIssue(error.issues[0], input, prefix);
}

// ───────────────────────── fast path ─────────────────────────

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isRole = (v: unknown) => v === 'client' || v === 'server';
const STATE_SET = new Set<unknown>(STATES);
const CALL_SET = new Set<unknown>(CALLS);

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const k in o) if (!allowed.includes(k)) return false;
  return true;
}

function fastExpectation(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isObj(v) || !onlyKeys(v, ['client', 'server', 'ok'])) return false;
  return (
    (v.client === undefined || STATE_SET.has(v.client)) &&
    (v.server === undefined || STATE_SET.has(v.server)) &&
    (v.ok === undefined || typeof v.ok === 'boolean')
  );
}

function fastSegment(v: unknown): boolean {
  if (!isObj(v) || !onlyKeys(v, ['flags', 'seq', 'ack', 'len'])) return false; // wnd, options: zod decides
  const flags = v.flags;
  if (!Array.isArray(flags) || flags.length > 4) return false;
  let ackFlag = false;
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    if (f !== 'SYN' && f !== 'ACK' && f !== 'FIN' && f !== 'RST') return false;
    if (flags.indexOf(f) !== i) return false;
    if (f === 'ACK') ackFlag = true;
  }
  if (!isInt(v.seq, 0, UINT32_MAX) || !isInt(v.len, 0, 65535)) return false;
  return ackFlag ? isInt(v.ack, 0, UINT32_MAX) : v.ack === undefined;
}

/**
 * A hand-written check that accepts exactly the common, valid moves without calling zod (the hot path of the
 * server and of replay). It may say "not sure" (false) for a valid move: zod then decides and explains.
 */
export function isValidMoveFast(raw: unknown): raw is Move {
  if (!isObj(raw)) return false;
  if (!fastExpectation(raw.expect)) return false;
  switch (raw.by) {
    case 'client':
    case 'server':
      if (raw.answer !== undefined) {
        if (!onlyKeys(raw, ['by', 'answer', 'expect'])) return false;
        const a = raw.answer;
        if (!isObj(a) || !onlyKeys(a, ['state', 'send']) || !STATE_SET.has(a.state)) return false;
        return Array.isArray(a.send) && a.send.length <= 8 && a.send.every(fastSegment);
      }
      if (!CALL_SET.has(raw.call)) return false;
      if (raw.call === 'send') {
        return (
          onlyKeys(raw, ['by', 'call', 'bytes', 'data', 'expect']) &&
          isInt(raw.bytes, 1, 65535) &&
          (raw.data === undefined ||
            (typeof raw.data === 'string' && raw.data.length <= 1000 && isSafeText(raw.data)))
        );
      }
      if (raw.call === 'read')
        return (
          onlyKeys(raw, ['by', 'call', 'bytes', 'expect']) &&
          (raw.bytes === undefined || isInt(raw.bytes, 1, 65535))
        );
      return onlyKeys(raw, ['by', 'call', 'expect']);
    case 'network':
      switch (raw.action) {
        case 'deliver':
        case 'drop':
        case 'duplicate':
          if (raw.id !== undefined)
            return (
              onlyKeys(raw, ['by', 'action', 'id', 'expect']) && isInt(raw.id, 1, Number.MAX_SAFE_INTEGER)
            );
          return (
            onlyKeys(raw, ['by', 'action', 'from', 'index', 'expect']) &&
            isRole(raw.from) &&
            (raw.index === undefined || isInt(raw.index, 0, 1000))
          );
        case 'deliver-all':
          return onlyKeys(raw, ['by', 'action', 'expect']);
        case 'inject':
          return (
            onlyKeys(raw, ['by', 'action', 'to', 'segment', 'expect']) &&
            isRole(raw.to) &&
            fastSegment(raw.segment)
          );
        default:
          return false; // faults and anything unusual go through zod
      }
    case 'clock':
      return onlyKeys(raw, ['by', 'advance', 'expect']) && isInt(raw.advance, 0, 86_400_000);
    default:
      return false;
  }
}

/** Schema check only: a clear `path: message` on failure. */
export function parseMove(
  raw: unknown,
): { ok: true; move: Move } | { ok: false; code: RejectionCode; reason: Bilingual; path: string } {
  if (isValidMoveFast(raw)) return { ok: true, move: raw };
  const parsed = MoveSchema.safeParse(raw);
  if (parsed.success) return { ok: true, move: parsed.data };
  const { path, reason } = firstIssue(parsed.error, raw);
  return { ok: false, code: 'BAD_MOVE', path, reason };
}

// ───────────────────────── who may move ─────────────────────────

const ACTORS = new Set<unknown>(['client', 'server', 'instructor', 'system']);

/** null when `actor` may make `move`; otherwise the rejection. */
function permission(lab: Lab, move: Move, actor: Actor): MoveResult | null {
  if (!ACTORS.has(actor))
    return reject(lab, 'NOT_ALLOWED', `unknown actor ${String(actor)}`, `未知的操作者 ${String(actor)}`);
  if (move.by === 'client' || move.by === 'server') {
    if ((actor === 'client' || actor === 'server') && actor !== move.by) {
      return reject(
        lab,
        'NOT_YOUR_ENDPOINT',
        `you play the ${actor}; only the ${move.by}'s participant moves the ${move.by}`,
        `你扮演的是${actor === 'client' ? '客户端' : '服务器'}，只有${move.by === 'client' ? '客户端' : '服务器'}的参与者才能操作它`,
      );
    }
    if (actor === 'instructor' && 'answer' in move) {
      return reject(lab, 'NOT_ALLOWED', 'the instructor does not answer for a seat', '教师不能替学生作答');
    }
    return null;
  }
  if (
    move.by === 'network' &&
    (move.action === 'inject' || move.action === 'fault') &&
    (actor === 'client' || actor === 'server')
  ) {
    return reject(
      lab,
      'NOT_ALLOWED',
      `only the instructor may ${move.action === 'inject' ? 'inject segments' : 'arm network faults'}`,
      `只有教师才能${move.action === 'inject' ? '注入报文段' : '设置网络故障'}`,
    );
  }
  return null;
}

/** Validates (schema) then applies one move; never throws, never mutates `lab`. */
export function applyMove(lab: Lab, rawMove: unknown, actor: Actor = 'system'): MoveResult {
  try {
    const parsed = parseMove(rawMove);
    if (!parsed.ok) return { ok: false, lab, code: parsed.code, reason: parsed.reason };
    const move = parsed.move;
    const denied = permission(lab, move, actor);
    if (denied) return denied;
    return dispatch(lab, move);
  } catch (error) {
    // a lab that is not a lab, or a bug: still a value, never an exception
    const text = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      lab,
      code: 'BAD_MOVE',
      reason: { en: `the move could not be applied: ${text}`, zh: `无法执行该动作：${text}` },
    };
  }
}

function dispatch(lab: Lab, move: Move): MoveResult {
  switch (move.by) {
    case 'client':
    case 'server':
      if ('answer' in move) return applyAnswer(lab, move.by, move.answer);
      if (move.call === 'send') return applyCall(lab, move.by, move.call, move.bytes, move.data);
      if (move.call === 'read') return applyCall(lab, move.by, move.call, move.bytes);
      return applyCall(lab, move.by, move.call);
    case 'clock':
      return applyAdvance(lab, move.advance);
    case 'network':
      switch (move.action) {
        case 'deliver':
        case 'drop':
        case 'duplicate':
          return 'id' in move
            ? applyNetworkOnSegmentId(lab, move.action, move.id)
            : applyNetworkOnSegment(lab, move.action, move.from, move.index ?? 0);
        case 'deliver-all':
          return applyDeliverAll(lab);
        case 'inject':
          return applyInject(lab, move.to, move.segment);
        case 'fault':
          return applyFault(lab, move.fault, move.from, move.delayMs);
      }
  }
}

// ───────────────────────── views and helpers for apps ─────────────────────────

/** The lab as `viewer` may see it: a student never sees `pending.*.expected` (for either seat). */
export function labView(lab: Lab, viewer: Role | 'instructor'): Lab {
  if (viewer === 'instructor' || (!lab.pending.client && !lab.pending.server)) return lab;
  const strip = (p: Lab['pending']['client']) => {
    if (!p) return null;
    const copy: Record<string, unknown> = { ...p };
    // The expected answer, and the rule it follows (a rule id such as 'listen--syn--syn-rcvd' names the answer's
    // state), are for the grader: a student sees them only after answering.
    delete copy.expected;
    delete copy.ruleId;
    return copy as unknown as NonNullable<Lab['pending']['client']>;
  };
  return { ...lab, pending: { client: strip(lab.pending.client), server: strip(lab.pending.server) } };
}

/** The lab time of the next timer that would fire, or null (an endpoint owing an answer fires nothing). */
export function nextTimerDue(lab: Lab): number | null {
  let due = earliestTimer(lab, true)?.at ?? null;
  if (lab.settings.network === 'auto') {
    for (const s of lab.inFlight)
      if (s.holdUntil !== undefined && (due === null || s.holdUntil < due)) due = s.holdUntil;
  }
  return due;
}

/**
 * The reference machine's answer to the event `role` owes an answer to (stack mode), or null: what the built-in
 * endpoint (autoplay), a quiz's scripted answers and the grader use. Never sent to a student before they answer.
 */
export function referenceAnswer(lab: Lab, role: Role): Answer | null {
  return lab.pending[role]?.expected ?? null;
}

/**
 * The built-in correct endpoint, for a student without a partner. Stack mode: the reference answer to a pending
 * event. Otherwise the socket calls a simple program makes: the server listens once at the start and closes when
 * the peer has closed (CLOSE_WAIT), reading first what waits unread; the client connects once at the start. Everything else (data, closing first)
 * is left to the student.
 */
export function autoplayMove(lab: Lab, role: Role): Move | null {
  const answer = referenceAnswer(lab, role);
  if (lab.pending[role]) return answer && lab.settings.mode === 'stack' ? { by: role, answer } : null;
  const e = lab[role];
  const atStart = e.state === 'CLOSED' && e.irs === null && e.sndNxt === e.iss && !e.passiveOpen;
  if (role === 'server') {
    if (atStart) return { by: role, call: 'listen' };
    // a program reads to the end before it closes (closing with data unread would reset the connection)
    if (e.state === 'CLOSE_WAIT')
      return e.rcvBuffered > 0 ? { by: role, call: 'read' } : { by: role, call: 'close' };
    return null;
  }
  return atStart ? { by: role, call: 'connect' } : null;
}
