/**
 * Errors that mean "the database is saturated right now", not "something is wrong": no connection free in the pool
 * within its wait, or no transaction started within Prisma's `maxWait`. They are answered with the retryable BUSY
 * (sockets) or 503 SERVICE_UNAVAILABLE with Retry-After (HTTP), nothing recorded, never INTERNAL_ERROR.
 */
export function isOverload(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // P2024: timed out fetching a connection from the pool; P2028: unable to start a transaction in the given time
  if (code === 'P2024' || code === 'P2028') return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Unable to start a transaction in the given time|timeout exceeded when trying to connect/i.test(
    message,
  );
}
