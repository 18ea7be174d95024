// Request guards against cross-site request forgery: JSON-only bodies on the API, the origin of a
// cookie session's changes checked, and form bodies parsed only where a form is the contract.
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../platform/errors/index.js';
import { LIMITS } from '../shared/limits.js';
import { findUnstorableText } from '../shared/unstorable.js';
import { sendProblem } from './problem.js';
import { parseFormBody } from './routes/hosted/routes.js';

/** A cookie-authenticated change that did not come from the dashboard's own origin. */
export class CrossOriginError extends AppError {
  readonly code = 'cross_origin_request';
  readonly status = 403;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Register the body guards. Under `/api/` a body must be JSON: an HTML form (urlencoded, multipart
 * or text/plain, the three a page on another site can send without asking) is refused with 415
 * before anything runs. Form bodies are parsed for the routes whose contract is a form: the hosted
 * survey page (`POST /s/{id}`) and the email pages (`POST /e/{token}/…`).
 */
export async function registerBodyGuards(app: FastifyInstance): Promise<void> {
  await app.register(fastifyFormbody, {
    bodyLimit: LIMITS.publicBodyBytes,
    parser: (body: string) => parseFormBody(body),
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/') || SAFE_METHODS.has(req.method) || !hasBody(req)) return;
    if (isJson(req.headers['content-type'])) return;
    return sendProblem(reply, req, {
      status: 415,
      code: 'unsupported_media_type',
      detail: 'The API takes JSON bodies only: send "Content-Type: application/json"',
    });
  });
}

/**
 * Refuse text PostgreSQL cannot store (NUL, lone surrogates) anywhere in the query, path or body with
 * a 400 naming each field. Batch routes check their items one by one instead (see parseItems), so
 * one such item is reported on its own and never sinks the batch.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const batch = req.url.split('?')[0]!.endsWith('/batch') && Array.isArray(body?.items);
    const problems = [
      ...findUnstorableText(req.params, 'params'),
      ...findUnstorableText(req.query, 'query'),
      ...findUnstorableText(batch ? { ...body, items: [] } : body, 'body'),
    ];
    if (problems.length > 0) {
      throw new ValidationError(
        `Invalid request: ${problems.map((p) => `${p.name} ${p.reason}`).join('; ')}`,
        problems,
      );
    }
  });
}

/** The host (and port) an origin such as "https://cx.example.com:8443" names; undefined if unparseable. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Refuse a change made with the session cookie unless it comes from the dashboard itself: browsers
 * say so in `Sec-Fetch-Site` (same-origin, or none for what the user typed), and older ones in
 * `Origin`, whose host must be the one the request was sent to (or the configured public URL's).
 * Clients that send neither are not browsers, where forgery is not possible.
 */
export function checkSessionOrigin(req: FastifyRequest, trustedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers['sec-fetch-site'];
  if (site === 'same-origin' || site === 'none') return;
  const origin = req.headers.origin;
  if (site === undefined && origin === undefined) return;
  if (site === undefined && origin !== undefined) {
    const host = hostOf(origin);
    const own = (req.headers.host ?? '').toLowerCase();
    if (host !== undefined && (host === own || trustedOrigins.some((o) => hostOf(o) === host))) return;
  }
  throw new CrossOriginError(
    `A change sent with the session cookie must come from the dashboard's own origin (this came from ${origin ?? `a ${site} page`})`,
  );
}

/** The dashboard's policy: its own scripts only, inline styles (charts), never framed. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every response: no MIME sniffing, no referrer leaving with tokens in it, and for HTML
 * without a policy of its own (the dashboard) a Content-Security-Policy that forbids framing.
 * The hosted survey page and email pages set their own.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'same-origin');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', DASHBOARD_CSP);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
