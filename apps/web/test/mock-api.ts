/**
 * The web's `api()` answered from a table instead of a server, for component tests:
 *   jest.mock('../src/api/http', () => jest.requireActual('./mock-api').mockedHttp());
 * then `answers.set('POST /labs/lab-1/linux-peer', {...})` (a function answer may throw an ApiError), and every
 * call is in `calls`.
 */
type Answer = unknown | (() => never);

export const calls: { path: string; method?: string; body: unknown }[] = [];
export const answers = new Map<string, Answer>();

export function resetApi(): void {
  calls.length = 0;
  answers.clear();
}

export function mockedHttp() {
  const actual = jest.requireActual('../src/api/http');
  return {
    ...actual,
    api: jest.fn(async (path: string, options?: { method?: string; body?: unknown }) => {
      const method = options?.method ?? (options?.body === undefined ? 'GET' : 'POST');
      calls.push({ path, method, body: options?.body });
      const answer = answers.get(`${method} ${path}`);
      if (typeof answer === 'function') return (answer as () => never)();
      return answer;
    }),
  };
}
