/** fetch against /api with the contract's error envelope turned into a value the UI can show in either language. */
import type { Bilingual } from '@tcp-lab/tcp-core';
import type { ApiErrorBody } from '@tcp-lab/lab-protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: Bilingual,
    /** the API's `details`, e.g. `[{ code: 'SEAT_REMOVED' }]` */
    readonly details: unknown[] = [],
  ) {
    super(`${code}: ${reason.en}`);
  }
}

export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', { en: 'The server cannot be reached.', zh: '无法连接服务器。' });
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) {
    // Not every failure comes from the API (a proxy's 502 page): each field of the contract's body may be missing.
    const error = (json as { error?: Partial<ApiErrorBody['error']> } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? {
        en: `Request failed (${response.status}).`,
        zh: `请求失败（${response.status}）。`,
      },
      error?.details ?? [],
    );
  }
  return json as T;
}

/** Does the error's `details` name this refusal code (e.g. a 401 UNAUTHORIZED naming SEAT_REMOVED)? */
export function detailsName(error: ApiError, code: string): boolean {
  return error.details.some(
    (detail) => typeof detail === 'object' && detail !== null && (detail as { code?: unknown }).code === code,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
