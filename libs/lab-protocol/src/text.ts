import { isSafeText, unsafeTextProblem, type Bilingual } from '@tcp-lab/tcp-core';
import { z } from 'zod';

/**
 * Text rules of the contract (apps/server/README.md, "Bad input"). Every string a client sends, ids included, is
 * refused when it holds a NUL or a lone UTF-16 surrogate: the server checks whole payloads for that at its edge
 * (`findUnsafeText`), whatever the field. Names people read (display names, classroom, quiz and task titles)
 * also refuse the other control characters, line and paragraph separators and bidirectional overrides, which
 * would break or disguise a roster line.
 */

/** C0 and C1 controls, DEL, U+2028/U+2029 and the bidi embedding/override/isolate controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_NAME = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** Custom issues carry their reason in both languages in `params`, so the edge's reason is real Chinese. */
export interface TextIssueParams {
  en: string;
  zh: string;
}

export const UNSAFE_TEXT_REASON: Record<'nul' | 'lone-surrogate', Bilingual> = {
  nul: { en: 'contains a NUL character (U+0000)', zh: '包含空字符（U+0000）' },
  'lone-surrogate': {
    en: 'contains a lone UTF-16 surrogate (half of a character)',
    zh: '包含不成对的 UTF-16 代理项（半个字符）',
  },
};
const CONTROL_REASON: Bilingual = {
  en: 'contains a control character (names are one line of visible text)',
  zh: '包含控制字符（名称只能是一行可见文字）',
};

const safe = (schema: z.ZodString) =>
  schema.superRefine((text, ctx) => {
    const problem = unsafeTextProblem(text);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: UNSAFE_TEXT_REASON[problem].en,
        params: UNSAFE_TEXT_REASON[problem],
      });
  });

export const MAX_ID_LENGTH = 64;

/** An id a client names (a lab, a classroom, a quiz, a run, a move id it chose). */
export const Id = safe(z.string().min(1).max(MAX_ID_LENGTH));

/** A name people read: trimmed, 1..max characters, one line of visible text. */
export function Name(max: number) {
  return safe(z.string().trim().min(1).max(max)).superRefine((text, ctx) => {
    if (isSafeText(text) && CONTROL_IN_NAME.test(text))
      ctx.addIssue({ code: 'custom', message: CONTROL_REASON.en, params: CONTROL_REASON });
  });
}

/** Any other text field (a password, a script's JSON text): only NUL and lone surrogates are refused. */
export function SafeText(max: number) {
  return safe(z.string().max(max));
}

/**
 * The first string (or object key) in a payload that holds a NUL or a lone surrogate, with its path; null when
 * there is none. The server's edge runs it over every HTTP body, URL parameter, query and socket payload before
 * any schema, so no such text reaches a service or the database, whatever field it hides in.
 */
export function findUnsafeText(
  value: unknown,
  path: Array<string | number> = [],
  depth = 0,
): { path: Array<string | number>; reason: Bilingual } | null {
  if (typeof value === 'string') {
    const problem = unsafeTextProblem(value);
    return problem ? { path, reason: UNSAFE_TEXT_REASON[problem] } : null;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = unsafeTextProblem(key);
    if (keyProblem)
      return {
        path: [...path, JSON.stringify(key).slice(1, -1)],
        reason: {
          en: `the field name ${UNSAFE_TEXT_REASON[keyProblem].en}`,
          zh: `字段名${UNSAFE_TEXT_REASON[keyProblem].zh}`,
        },
      };
    const found = findUnsafeText(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * How transcript download links carry a token: `?token=<jwt>`, with exactly this key, unencoded. It is the only
 * query parameter a token is read from (and only on download routes); everywhere else a token travels in the
 * `Authorization: Bearer` header or the socket.io handshake's `auth.token`.
 */
export const DOWNLOAD_TOKEN_QUERY_KEY = 'token';
