/** fetch against /api with the contract's error envelope turned into a value the UI can show in either language. */
import type { Bilingual } from '@tcp-lab/tcp-core';
import type { ApiErrorBody } from '@tcp-lab/lab-protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: Bilingual,
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
    );
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
