// The public links inside invitation emails: one-click answers, the open pixel, and unsubscribe.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  looksAutomated,
  recordOneClick,
  recordOpen,
  unsubscribe,
} from '../../../listen/channels/email/index.js';
import { AppError } from '../../../platform/errors/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { defineRoute, media } from '../../route.js';

const TokenParams = z.object({ token: z.string().min(10).max(2000) });
const ScoreParams = TokenParams.extend({ score: z.coerce.number().int().min(0).max(10) });

// A transparent 1x1 GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function page(reply: FastifyReply, status: number, title: string, body: string): string {
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body style="font:16px sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem"><main><h1>${title}</h1>${body}</main></body></html>`;
}

async function asPage(reply: FastifyReply, run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return page(reply, err.status, 'Survey', `<p>${err.message.replace(/[<>&]/g, '')}</p>`);
  }
}

const escapeHtml = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

async function oneClick(
  reply: FastifyReply,
  run: () => Promise<{ redirect: string; confirm?: boolean }>,
  score: number,
): Promise<string> {
  return asPage(reply, async () => {
    const { redirect, confirm } = await run();
    if (confirm) {
      // Nothing recorded yet: a person confirms with one more click; link scanners do not POST.
      return page(
        reply,
        200,
        'Confirm your answer',
        `<p>Your answer: <strong>${score}</strong></p><form method="post"><button type="submit">Confirm</button></form>` +
          `<p><a href="${escapeHtml(redirect)}">Open the survey instead</a></p>`,
      );
    }
    reply.header('location', redirect);
    return page(reply, 303, 'Thank you', `<p><a href="${escapeHtml(redirect)}">Continue</a></p>`);
  });
}

/** GET /e/:token/:score */
export const oneClickRoute = defineRoute({
  summary:
    'One click on a score in an invitation email: records the answer once, then opens the rest of the survey. ' +
    'Requests that look automated (HEAD, prefetch, mail scanners), and every click on an invitation whose ' +
    'links a scanner followed, get a confirm page instead and record nothing until it is posted',
  tags: ['email'],
  schema: {
    params: ScoreParams,
    response: {
      200: media('text/html', 'A confirm page'),
      303: media('text/html', 'Recorded: on to the rest of the survey'),
    },
  },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, deps, req, reply }) =>
    oneClick(
      reply,
      () =>
        recordOneClick(deps.sql, params.token, params.score, {
          automated: looksAutomated(req.method, req.headers),
        }),
      params.score,
    ),
});

/** POST /e/:token/:score */
export const oneClickConfirmRoute = defineRoute({
  summary: 'The confirm page of a one-click answer: records it, then opens the rest of the survey',
  tags: ['email'],
  schema: {
    params: ScoreParams,
    response: { 303: media('text/html', 'Recorded: on to the rest of the survey') },
  },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, deps, reply }) =>
    oneClick(
      reply,
      () => recordOneClick(deps.sql, params.token, params.score, { confirmed: true }),
      params.score,
    ),
});

/** GET /e/:token/open.gif */
export const openPixelRoute = defineRoute({
  summary: 'Tracking pixel: marks the invitation opened',
  tags: ['email'],
  schema: { params: TokenParams, response: { 200: media('image/gif', 'A transparent 1x1 GIF') } },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, deps, reply }) => {
    // A bad token still gets the image: mail clients must never show a broken picture.
    await recordOpen(deps.sql, params.token).catch(() => {});
    reply.type('image/gif').header('cache-control', 'no-store');
    return PIXEL;
  },
});

/** GET /e/:token/unsubscribe */
export const unsubscribePageRoute = defineRoute({
  summary: 'Unsubscribe page (a confirm button: link scanners that follow GETs do not unsubscribe anyone)',
  tags: ['email'],
  schema: { params: TokenParams, response: { 200: media('text/html', 'The unsubscribe page') } },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ reply }) =>
    page(
      reply,
      200,
      'Unsubscribe',
      '<p>Stop receiving survey emails from us?</p><form method="post"><button type="submit">Unsubscribe</button></form>',
    ),
});

/** POST /e/:token/unsubscribe */
export const unsubscribeRoute = defineRoute({
  summary: 'Unsubscribe (also the RFC 8058 one-click List-Unsubscribe-Post target)',
  tags: ['email'],
  schema: { params: TokenParams, response: { 200: media('text/html', 'The confirmation page') } },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, deps, reply }) =>
    asPage(reply, async () => {
      await unsubscribe(deps.sql, params.token);
      return page(reply, 200, 'Unsubscribed', '<p>You will not receive survey emails from us any more.</p>');
    }),
});
