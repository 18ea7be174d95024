// The closed set of errors that modules throw; the server maps each to RFC 9457 problem+json.

/** One offending input: where it is and what is wrong with it. */
export interface InvalidParam {
  name: string;
  reason: string;
}

/** Base class: a stable machine code, an HTTP status and a message a person can act on. */
export abstract class AppError extends Error {
  abstract readonly code: string;
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
