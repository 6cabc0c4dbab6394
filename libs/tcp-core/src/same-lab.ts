/**
 * Whether a stored lab is the lab its log gives. A lab read back from Postgres jsonb has lost its key order and
 * its undefined fields, so compare values, not texts: the server's start-up check and the quiz regrade both ask.
 */
import type { Lab } from './types';

/** JSON with sorted keys and no undefined fields: equal values give equal texts whatever order keys were written in. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, inner]) => inner !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, inner]) => [k, sort(inner)]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/** The same lab: every field equal, key order and undefined fields aside. */
export function sameLab(a: Lab, b: Lab): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
