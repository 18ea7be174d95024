// JSON calls of the initiatives page and its sections (credentials of the session; errors as ApiError).
import { ApiError } from '../api.js';

/** GET `path` (no body) or send `body` with `method` (POST by default); the parsed JSON answer. */
export async function getJson<T>(
  path: string,
  signal?: AbortSignal,
  body?: unknown,
  method = 'POST',
): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    signal: signal ?? null,
  });
  const parsed = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, parsed ?? { status: response.status });
  return parsed as T;
}

/** A score with its interval as text: "25 (95% CI −11.7 to 51.7)". */
export function scoreWithCi(c: { enps: number; ci: { low: number; high: number } | null } | null): string {
  if (!c) return '—';
  const f = (v: number) => v.toFixed(1).replace('-', '−');
  return c.ci ? `${f(c.enps)} (95% CI ${f(c.ci.low)} to ${f(c.ci.high)})` : f(c.enps);
}
