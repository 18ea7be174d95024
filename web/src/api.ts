// Typed client for the Northstar API v1; requests carry the session cookie (same origin).
import type {
  ImportRequest,
  ImportStatus,
  Journey,
  Metric,
  Problem,
  ScoreSummary,
  Session,
  SignInMethods,
  TextRun,
  Touchpoint,
} from './types.js';

/** An API error carrying the problem document the server returned. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      title: 'Network error',
      detail: 'Northstar could not be reached. Check your connection and try again.',
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const problem: Problem = parsed && typeof parsed === 'object' ? (parsed as Problem) : {};
    throw new ApiError(response.status, { status: response.status, ...problem });
  }
  return parsed as T;
}

/** Query parameters; undefined and empty values are left out. */
export type Params = Record<string, string | number | boolean | undefined | null>;

/** A path with its query string, parameters in the order given (so equal queries give equal URLs). */
export function withParams(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** `GET` a path of the API with query parameters. */
export function apiGet<T>(path: string, params?: Params, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', withParams(path, params), undefined, signal);
}

/** Sends a JSON body (or none) to the API. */
export function apiSend<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  return request<T>(method, path, body);
}

/** Query of `GET /api/v1/scores`. */
export interface ScoreQuery {
  metric: Metric;
  interval?: 'day' | 'week' | 'month';
  groupBy?: 'touchpoint' | 'stage' | 'journey' | 'survey' | 'channel';
  from?: string;
  to?: string;
  journey?: string;
  touchpoint?: string;
  survey?: string;
  channel?: string;
}

/** Builds the `/api/v1/scores` URL for a query; parameters in a fixed order. */
export function scoresPath(query: ScoreQuery): string {
  return withParams('/api/v1/scores', {
    metric: query.metric,
    interval: query.interval,
    groupBy: query.groupBy,
    from: query.from,
    to: query.to,
    journey: query.journey,
    touchpoint: query.touchpoint,
    survey: query.survey,
    channel: query.channel,
  });
}

export const api = {
  /** Signs in; the server sets the session cookie. */
  login: (email: string, password: string) =>
    request<Session>('POST', '/api/v1/auth/login', { email, password }),
  /** How users sign in here: password login on or off, single sign-on when set up. */
  signInMethods: (signal?: AbortSignal) =>
    request<SignInMethods>('GET', '/api/v1/auth/methods', undefined, signal),
  /** The current session, or an ApiError with status 401. */
  me: (signal?: AbortSignal) => request<Session>('GET', '/api/v1/auth/me', undefined, signal),
  logout: () => request<void>('POST', '/api/v1/auth/logout'),
  scores: (query: ScoreQuery, signal?: AbortSignal) =>
    request<ScoreSummary>('GET', scoresPath(query), undefined, signal),
  journeys: (signal?: AbortSignal) =>
    request<{ items: Journey[] }>('GET', '/api/v1/journeys', undefined, signal),
  touchpoints: (signal?: AbortSignal) =>
    request<{ items: Touchpoint[] }>('GET', '/api/v1/touchpoints', undefined, signal),
  /** Starts an import; a worker runs it (202 with its first status). */
  startImport: (body: ImportRequest) => request<ImportStatus>('POST', '/api/v1/imports', body),
  importStatus: (id: string, signal?: AbortSignal) =>
    request<ImportStatus>('GET', `/api/v1/imports/${encodeURIComponent(id)}`, undefined, signal),
  imports: (signal?: AbortSignal) =>
    request<{ items: ImportStatus[] }>('GET', '/api/v1/imports', undefined, signal),
  textRuns: (signal?: AbortSignal) =>
    request<{ items: TextRun[] }>('GET', '/api/v1/text/runs', undefined, signal),
};

/** Where the live feed of new feedback streams from (server-sent events, session cookie). */
export const FEEDBACK_STREAM_PATH = '/api/v1/feedback/stream';
