// The closed set of errors that modules throw; the server maps each to RFC 9457 problem+json.

/**
 * Every problem the API answers with: its stable `code`, HTTP status and what it means. The problem's `type`
 * is `https://northstar.dev/problems/<code with dashes>`. A new code is added here (and in docs/api.md).
 */
export const PROBLEM_TYPES = [
  {
    code: 'validation_failed',
    status: 400,
    meaning: 'The input failed validation; invalid_params names each field',
  },
  {
    code: 'malformed_body',
    status: 400,
    meaning: 'The body could not be parsed (bad JSON, empty JSON body)',
  },
  { code: 'bad_request', status: 400, meaning: 'Any other malformed request' },
  { code: 'unauthorized', status: 401, meaning: 'No valid API key or session' },
  { code: 'forbidden', status: 403, meaning: "The caller's role, or the request's origin, may not do this" },
  {
    code: 'cross_origin_request',
    status: 403,
    meaning: "A change sent with the session cookie did not come from the dashboard's own origin",
  },
  { code: 'not_found', status: 404, meaning: "The resource does not exist in the caller's organisation" },
  { code: 'route_not_found', status: 404, meaning: 'No route has this method and path' },
  {
    code: 'conflict',
    status: 409,
    meaning: 'The request conflicts with the current state (duplicate, closed, stale)',
  },
  { code: 'body_too_large', status: 413, meaning: "The body is larger than the route's limit" },
  { code: 'limit_exceeded', status: 413, meaning: 'A size or count limit was exceeded' },
  {
    code: 'unsupported_media_type',
    status: 415,
    meaning: 'The body has a content type the route does not take',
  },
  { code: 'rate_limited', status: 429, meaning: 'Too many requests; retry after the time given' },
  {
    code: 'login_locked',
    status: 429,
    meaning: 'Too many failed logins for this account; retry after the time given',
  },
  {
    code: 'sso_failed',
    status: 400,
    meaning:
      'Single sign-on did not complete (state missing, unknown, used or expired, or the provider refused); start again',
  },
  {
    code: 'password_login_disabled',
    status: 403,
    meaning: 'Password login is turned off on this server; sign in with single sign-on',
  },
  { code: 'sso_not_configured', status: 404, meaning: 'Single sign-on is not set up on this server' },
  {
    code: 'sso_unavailable',
    status: 503,
    meaning: 'The identity provider could not be reached; retry in a moment',
  },
  { code: 'internal_error', status: 500, meaning: 'Something went wrong on the server (logged, not shown)' },
  {
    code: 'database_unreachable',
    status: 503,
    meaning: 'The database is not reachable right now (down or restarting); retry after the time given',
  },
] as const;

/** A problem code: one of `PROBLEM_TYPES`. */
export type ProblemCode = (typeof PROBLEM_TYPES)[number]['code'];

/** Every problem code, in the order of `PROBLEM_TYPES`. */
export const PROBLEM_CODES = PROBLEM_TYPES.map((p) => p.code) as [ProblemCode, ...ProblemCode[]];

/** The problem `type` URI of a code. */
export const problemType = (code: ProblemCode): string =>
  `https://northstar.dev/problems/${code.replaceAll('_', '-')}`;

/** One offending input: where it is and what is wrong with it. */
export interface InvalidParam {
  name: string;
  reason: string;
}

/** Base class: a stable machine code, an HTTP status and a message a person can act on. */
export abstract class AppError extends Error {
  abstract readonly code: ProblemCode;
  abstract readonly status: number;
  readonly invalidParams: InvalidParam[];
  constructor(message: string, invalidParams: InvalidParam[] = []) {
    super(message);
    this.name = new.target.name;
    this.invalidParams = invalidParams;
  }
}

/** Input failed validation; `invalidParams` names each field. */
export class ValidationError extends AppError {
  readonly code = 'validation_failed';
  readonly status = 400;
}

/** The caller is not authenticated. */
export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
  readonly status = 401;
}

/** The caller is authenticated but not allowed to do this. */
export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
}

/** The resource does not exist in the caller's organisation. */
export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
}

/** The request conflicts with the current state (duplicate, closed survey, stale version). */
export class ConflictError extends AppError {
  readonly code = 'conflict';
  readonly status = 409;
}

/** A size or rate limit was exceeded. */
export class LimitExceededError extends AppError {
  readonly code = 'limit_exceeded';
  readonly status = 413;
}
export { isDatabaseUnreachable } from './unreachable.js';
