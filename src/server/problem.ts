// One place where errors become RFC 9457 problem+json responses with a stable code and the offending fields.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  AppError,
  type InvalidParam,
  isDatabaseUnreachable,
  type ProblemCode,
  problemType,
} from '../platform/errors/index.js';
import { ResponseContractError } from './response-check.js';

/** The problem+json body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  invalid_params?: InvalidParam[];
  request_id?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Send a problem response. */
export function sendProblem(
  reply: FastifyReply,
  req: FastifyRequest,
  p: Omit<Problem, 'type' | 'title'> & { title?: string },
): FastifyReply {
  const body: Problem = {
    type: problemType(p.code),
    title: p.title ?? TITLES[p.status] ?? 'Error',
    status: p.status,
    detail: p.detail,
    code: p.code,
    instance: req.url,
    request_id: String(req.id),
    ...(p.invalid_params && p.invalid_params.length > 0 ? { invalid_params: p.invalid_params } : {}),
  };
  return reply.status(p.status).type('application/problem+json').send(body);
}

function zodParams(err: FastifyError): InvalidParam[] {
  const where = (err as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const prefix = where === 'querystring' ? 'query' : where;
  return (err.validation ?? []).map((v) => {
    const path = v.instancePath.split('/').filter(Boolean);
    const issue = { keys: (v.params as { keys?: string[] } | undefined)?.keys ?? [] };
    if (v.keyword === 'unrecognized_keys' && issue.keys.length > 0) {
      return {
        name: [prefix, ...path, issue.keys[0]].join('.'),
        reason: `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`,
      };
    }
    return { name: [prefix, ...path].join('.'), reason: v.message ?? 'is invalid' };
  });
}

/** Fastify error handler: every error leaves as problem+json; 5xx details are logged, not shown. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AppError) {
    const retry = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    return sendProblem(reply, req, {
      status: err.status,
      code: err.code,
      detail: err.message,
      invalid_params: err.invalidParams,
    });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const params = zodParams(err);
    const detail = params.map((p) => `${p.name} ${p.reason}`).join('; ');
    return sendProblem(reply, req, {
      status: 400,
      code: 'validation_failed',
      detail: `Invalid request: ${detail}`,
      invalid_params: params,
    });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code: ProblemCode =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'body_too_large'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported_media_type'
          : status === 429
            ? 'rate_limited'
            : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
                err instanceof SyntaxError ||
                err.code?.startsWith('FST_ERR_CTP')
              ? 'malformed_body'
              : 'bad_request';
    return sendProblem(reply, req, { status, code, detail: err.message });
  }
  if (isDatabaseUnreachable(err)) {
    req.log.warn({ code: (err as { code?: string }).code }, 'database unreachable');
    reply.header('retry-after', '5');
    return sendProblem(reply, req, {
      status: 503,
      code: 'database_unreachable',
      detail: 'The database is not reachable right now; please retry in a few seconds',
    });
  }
  if (err instanceof ResponseContractError) {
    // Raised only while responses are checked (tests, development): show what does not match.
    req.log.error({ err }, 'response does not match its schema');
    return sendProblem(reply, req, { status: 500, code: 'internal_error', detail: err.message });
  }
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, req, {
    status: 500,
    code: 'internal_error',
    detail: 'Something went wrong on our side; the error has been logged.',
  });
}
