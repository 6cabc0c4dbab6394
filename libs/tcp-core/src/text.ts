/**
 * Text that can be stored and shown: no NUL (Postgres text and jsonb refuse U+0000) and no lone UTF-16 surrogate
 * (half a character: it cannot be written as UTF-8, so it would come back as U+FFFD or be refused).
 * Used by the move schema for `send` data, and by the server's edge for every text field and id.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isSafeText(text: string): boolean {
  return !UNSAFE_TEXT.test(text);
}

/** What is wrong with a text, for a reason a person reads; null when it is safe. */
export function unsafeTextProblem(text: string): 'nul' | 'lone-surrogate' | null {
  const found = UNSAFE_TEXT.exec(text);
  if (!found) return null;
  return found[0] === '\u0000' ? 'nul' : 'lone-surrogate';
}
