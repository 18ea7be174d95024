// The cases inbox's client: API calls with problem details as messages, deadlines as countdowns.

/** Case statuses in their order. */
export const STATUSES = ['open', 'in_progress', 'waiting', 'closed'] as const;
/** How a status reads. */
export const STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  waiting: 'Waiting on customer',
  closed: 'Closed',
};
/** Priorities, most urgent first. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

/** A failed API call: its HTTP status and a message naming the fields at fault. */
export class CallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Call the API with the session cookie. */
export async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const p = json as {
      detail?: string;
      title?: string;
      invalid_params?: { name: string; reason: string }[];
    } | null;
    const fields = p?.invalid_params?.map((f) => `${f.name}: ${f.reason}`).join('; ');
    throw new CallError(
      res.status,
      [p?.detail ?? p?.title ?? `Request failed (${res.status})`, fields].filter(Boolean).join(' — '),
    );
  }
  return json as T;
}

/** "due in 3 h 20 min" or "overdue by 2 h", from now. */
export function countdown(dueAt: string, now: number): { text: string; overdue: boolean } {
  const ms = new Date(dueAt).getTime() - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
  return ms >= 0 ? { text: `due in ${span}`, overdue: false } : { text: `overdue by ${span}`, overdue: true };
}

/** A moment as people read it. */
export const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
