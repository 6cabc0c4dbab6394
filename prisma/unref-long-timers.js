// Preloaded into the Prisma CLI by prisma/cli.js (see the note there): timers of 10 s or more no longer keep a
// finished command alive. They still fire while anything else (an open database socket) keeps the process up.
const LINGERING_TIMER_MS = 10_000;
const setTimeoutOriginal = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = setTimeoutOriginal(callback, ms, ...args);
  if (Number(ms) >= LINGERING_TIMER_MS) timer.unref();
  return timer;
};
