/**
 * Lab settings and the lab's enums, declared once. `LabSettingsSchema` (zod) is the only description of a setting:
 * its defaults, its bounds, the `LabSettingsInput`/`LabSettings` types (z.input / z.output), the transcript's
 * settings, the script format's `settings`, the server's request bodies and OpenAPI docs all come from it. Each
 * enum is one `as const` list with a bilingual label per value (`*_CHOICES`), which the web's forms list.
 *
 * Adding a setting: see "Adding a setting" in libs/tcp-core/README.md.
 */
import { z } from 'zod';
import type { Bilingual } from './types';

const uint32 = z.int().min(0).max(0xffffffff);

/** A value of an enum with what a person reads for it. */
export interface Choice<T extends string> {
  value: T;
  label: Bilingual;
}

function choices<T extends string>(values: readonly T[], labels: Record<T, Bilingual>): Choice<T>[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

// ───────────────────────── enums ─────────────────────────

/** Who plays the TCP stacks: tcp-core ('calls': students make socket calls) or the students ('stack'). */
export const LAB_MODES = ['calls', 'stack'] as const;
export type LabMode = (typeof LAB_MODES)[number];
export const LabModeSchema = z.enum(LAB_MODES);
export const LAB_MODE_CHOICES = choices<LabMode>(LAB_MODES, {
  calls: { en: 'Socket calls', zh: '套接字调用' },
  stack: { en: 'Be the TCP stack', zh: '扮演 TCP 协议栈' },
});

/** Who delivers segments: the students, one click each ('manual'), or the lab, oldest first ('auto'). */
export const NETWORK_MODES = ['manual', 'auto'] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];
export const NetworkModeSchema = z.enum(NETWORK_MODES);
export const NETWORK_MODE_CHOICES = choices<NetworkMode>(NETWORK_MODES, {
  manual: { en: 'Manual network', zh: '手动网络' },
  auto: { en: 'Automatic network', zh: '自动网络' },
});

/** What an armed fault does to the next segment an endpoint sends. */
export const FAULT_KINDS = ['drop', 'duplicate', 'delay', 'reorder'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const FaultKindSchema = z.enum(FAULT_KINDS);
export const FAULT_KIND_CHOICES = choices<FaultKind>(FAULT_KINDS, {
  drop: { en: 'Drop the next segment', zh: '丢弃下一个报文段' },
  duplicate: { en: 'Duplicate the next segment', zh: '复制下一个报文段' },
  delay: { en: 'Delay the next segment', zh: '延迟下一个报文段' },
  reorder: { en: 'Reorder the next segment', zh: '让下一个报文段乱序' },
});

/** A lab in a classroom waits for the instructor's start, runs, may be paused, and ends for good. */
export const LAB_STATUSES = ['waiting', 'running', 'paused', 'ended'] as const;
export type LabStatus = (typeof LAB_STATUSES)[number];
export const LabStatusSchema = z.enum(LAB_STATUSES);
export const LAB_STATUS_CHOICES = choices<LabStatus>(LAB_STATUSES, {
  waiting: { en: 'Waiting', zh: '等待开始' },
  running: { en: 'Running', zh: '进行中' },
  paused: { en: 'Paused', zh: '已暂停' },
  ended: { en: 'Ended', zh: '已结束' },
});

/**
 * Whose TCP the machine plays where RFC 9293 leaves a choice or Linux departs from it: 'rfc' (RFC 9293 as written)
 * or 'linux' (Linux 6.x). Each difference is one row of the transition table with `when: { profile: … }`.
 */
export const PROFILES = ['rfc', 'linux'] as const;
export type Profile = (typeof PROFILES)[number];
export const ProfileSchema = z.enum(PROFILES);
export const PROFILE_CHOICES = choices<Profile>(PROFILES, {
  rfc: { en: 'RFC 9293', zh: 'RFC 9293' },
  linux: { en: 'Linux 6.x', zh: 'Linux 6.x' },
});

/**
 * When the application reads what arrives: 'auto' (at once, as every lab did before the receive side existed: the
 * window never shrinks) or 'call' (data waits in the receive buffer until a `read` call; the window shrinks).
 */
export const APP_READS = ['auto', 'call'] as const;
export type AppReads = (typeof APP_READS)[number];
export const AppReadsSchema = z.enum(APP_READS);
export const APP_READS_CHOICES = choices<AppReads>(APP_READS, {
  auto: { en: 'The application reads data at once', zh: '应用程序立即读取数据' },
  call: { en: 'Data waits until the application calls read', zh: '数据等待应用程序调用 read 读取' },
});

// ───────────────────────── settings ─────────────────────────

/**
 * The bounds of the numeric settings a form offers, used by the schema below (so a form's `min`/`max` and its
 * check are the schema's own): the receive buffer fits the 16-bit window field, an MSS fits an IPv4 datagram of
 * 65535 octets (65535 − 20 − 20), a window scale is at most 14 (RFC 7323 2.3), TIME_WAIT at most two hours.
 */
export const SETTING_BOUNDS = {
  rcvWnd: { min: 1, max: 65535 },
  mss: { min: 1, max: 65495 },
  windowScale: { min: 0, max: 14 },
  timeWaitMs: { min: 1, max: 7_200_000 },
} as const;
const bounded = (name: keyof typeof SETTING_BOUNDS) =>
  z.int().min(SETTING_BOUNDS[name].min).max(SETTING_BOUNDS[name].max);

/**
 * Every lab setting with its default. Parsing `{}` gives the defaults; ISNs left out are derived from the seed by
 * `resolveSettings` (they are the only defaults that depend on another field).
 */
export const LabSettingsSchema = z.strictObject({
  /** initial sequence numbers; an ISN left out comes from `seed` */
  isn: z.strictObject({ client: uint32.optional(), server: uint32.optional() }).prefault({}),
  /** seeds the ISNs (tcp-core has no other randomness) */
  seed: uint32.default(1),
  network: NetworkModeSchema.default('manual'),
  mode: LabModeSchema.default('calls'),
  /** RFC 1337 section 3, "ignore RST segments in TIME-WAIT state" (Linux: net.ipv4.tcp_rfc1337); off as in RFC 9293 */
  rfc1337: z.boolean().default(false),
  /** whose TCP: RFC 9293 as written, or Linux 6.x where it differs (see the table's `when` column) */
  profile: ProfileSchema.default('rfc'),
  /** the receive buffer each endpoint has, in octets: the window it advertises while nothing waits (RFC 9293 3.8.6) */
  rcvWnd: bounded('rcvWnd').default(65535),
  /** when the application reads: at once, or on a `read` call (then the window shrinks as data waits unread) */
  appReads: AppReadsSchema.default('auto'),
  /** the MSS option each endpoint puts on its SYN (RFC 9293 3.7.1; 1460 on Ethernet with IPv4) */
  mss: bounded('mss').default(1460),
  /** the window scale option put on SYNs (RFC 7323 2.2), or null for none; used only if both SYNs carry it */
  windowScale: bounded('windowScale').nullable().default(null),
  timers: z
    .strictObject({
      /** initial retransmission timeout (RFC 6298 2.1 says 1 s) */
      rtoMs: z.int().min(1).max(3_600_000).default(1000),
      /** maximum segment lifetime; TIME_WAIT lasts 2×MSL (RFC 9293 3.4.2) */
      mslMs: z.int().min(1).max(3_600_000).default(30_000),
      /**
       * how long TIME_WAIT lasts; left out: 2 × MSL (RFC 9293 3.10.7.4). Shorter is unsafe on purpose: an old
       * duplicate can then reach a new incarnation of the connection (scenario old-duplicate-short-time-wait)
       */
      timeWaitMs: bounded('timeWaitMs').optional(),
      /** how long a connect waits in SYN_SENT before giving up */
      connectTimeoutMs: z.int().min(1).max(86_400_000).default(75_000),
      /** retransmissions of a SYN before the endpoint gives up (Linux's tcp_syn_retries; RFC 9293 3.8.3 R2 for a SYN) */
      synRetries: z.int().min(1).max(100).default(6),
      /** retransmissions of data, a FIN or a SYN,ACK before the endpoint gives up (Linux's tcp_retries2; RFC 9293 3.8.3 R2) */
      dataRetries: z.int().min(1).max(100).default(15),
    })
    .prefault({}),
});

/** Settings as a script, a request body or a transcript may write them: every field optional. */
export type LabSettingsInput = z.input<typeof LabSettingsSchema>;

type ParsedSettings = z.output<typeof LabSettingsSchema>;

/** Settings with every default resolved and both ISNs fixed: what a lab and a transcript carry. */
export type LabSettings = Omit<ParsedSettings, 'isn'> & { isn: { client: number; server: number } };

export type TimerSettings = LabSettings['timers'];

/**
 * The settings an instructor chooses for a class's labs (the pairing and 'set-scenario' bodies): every setting
 * but the ISNs and the seed, each optional; a field left out keeps the scenario's or the lab's value.
 */
export const LabSettingsChoiceSchema = LabSettingsSchema.omit({ isn: true, seed: true }).partial();
export type LabSettingsChoice = z.input<typeof LabSettingsChoiceSchema>;

/** The defaults, as `LabSettingsSchema` gives them for `{}` (ISNs are derived from the seed). */
export const DEFAULT_SETTINGS: Omit<LabSettings, 'isn'> = (() => {
  const { isn: _isn, ...rest } = LabSettingsSchema.parse({});
  return rest;
})();

/** mulberry32: a tiny seeded PRNG, so the same seed gives the same ISNs (tcp-core has no other randomness). */
export function seededIsns(seed: number): { client: number; server: number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { client: next(), server: next() };
}

/**
 * The settings with every default filled in (LabSettingsSchema's defaults; ISNs from the seed). Throws a ZodError
 * on a value out of bounds: callers with outside input validate it with the schema first.
 */
export function resolveSettings(input: LabSettingsInput = {}): LabSettings {
  const parsed = LabSettingsSchema.parse(input);
  const derived = seededIsns(parsed.seed);
  return {
    ...parsed,
    isn: { client: parsed.isn.client ?? derived.client, server: parsed.isn.server ?? derived.server },
  };
}

/**
 * Layers of settings, later ones winning field by field (objects such as `timers` merged, undefined ignored), then
 * resolved: e.g. `mergeSettings(scenario.settings, lab.settings, body.settings)`. A field none of the layers sets
 * takes its default; no field can be forgotten on the way, because none is named here.
 */
export function mergeSettings(...layers: (LabSettingsInput | LabSettings | undefined | null)[]): LabSettings {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const before = merged[key];
      merged[key] =
        value !== null && typeof value === 'object' && before !== null && typeof before === 'object'
          ? { ...(before as object), ...definedOnly(value as object) }
          : value;
    }
  }
  return resolveSettings(merged as LabSettingsInput);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The label of `value` among `list` (e.g. `labelOf(LAB_MODE_CHOICES, 'stack')`); the value itself if unknown. */
export function labelOf<T extends string>(list: readonly Choice<T>[], value: T | string): Bilingual {
  return list.find((choice) => choice.value === value)?.label ?? { en: String(value), zh: String(value) };
}
