// The hosted survey page: server-rendered HTML that works without JavaScript, plus the JSON endpoints its
// script uses to save partial answers and complete; and personal single-use links for admins.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  answerStep,
  complete,
  createPersonalToken,
  esc,
  openVisit,
  readAnswer,
  renderVisitPage,
  resumeVisit,
  savePartial,
} from '../../../listen/channels/hosted/index.js';
import { packageRoot } from '../../../platform/config/index.js';
import { AppError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { defineRoute, media } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import {
  CompleteBody,
  PartialBody,
  PersonalLinkCreate,
  SurveyFormBody,
  SurveyPageParams,
  SurveyPageQuery,
} from './schema.js';

/** The respondent session cookie (scoped to one survey's path). */
export const RESPONDENT_COOKIE = 'ns_rs';
const SCRIPT = '/widget/page.js';
let scriptBuilt = false;

function scriptUrl(): string | undefined {
  // The page works without its script; it is linked only once the widget build produced it.
  scriptBuilt ||= existsSync(path.join(packageRoot(), 'dist', 'widget', 'page.js'));
  return scriptBuilt ? SCRIPT : undefined;
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function html(reply: FastifyReply, body: string, status = 200): string {
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', CSP)
    // Personal tokens travel in the URL: never leak them in a Referer.
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store');
  return body;
}

/** Errors on the page itself are shown as a short HTML page, not JSON. */
async function asPage(reply: FastifyReply, run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return html(
      reply,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Survey</title></head><body><main><h1>Survey</h1><p>${esc(err.message)}</p></main></body></html>`,
      err.status,
    );
  }
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, surveyId: string, value: string): void {
  reply.setCookie(RESPONDENT_COOKIE, value, {
    path: `/s/${surveyId}`,
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: 30 * 24 * 3600,
  });
}

/** GET /s/:id */
export const surveyPageRoute = defineRoute({
  summary: 'The hosted survey page (HTML); `?t=` a personal token, `?lang=` a language',
  tags: ['hosted'],
  schema: {
    params: SurveyPageParams,
    querystring: SurveyPageQuery,
    response: { 200: media('text/html', 'The survey page') },
  },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, query, deps, req, reply }) =>
    asPage(reply, async () => {
      const { visit, newCookie } = await openVisit(deps.sql, {
        surveyId: params.id,
        personalToken: query.t,
        cookie: req.cookies[RESPONDENT_COOKIE],
        lang: query.lang,
        acceptLanguage: req.headers['accept-language'],
      });
      if (newCookie) setSessionCookie(req, reply, params.id, newCookie);
      return html(reply, renderVisitPage(visit, { scriptUrl: scriptUrl() }));
    }),
});

/** POST /s/:id (a plain form post: one question's answer, then a redirect to the next) */
export const surveyFormRoute = defineRoute({
  summary: 'Answer one question of the hosted page (form post, works without JavaScript)',
  tags: ['hosted'],
  schema: {
    params: SurveyPageParams,
    body: SurveyFormBody,
    response: {
      200: media('text/html', 'The next page'),
      303: media('text/html', 'On to the next step'),
      422: media('text/html', 'The page again with the refused answers named'),
    },
  },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, body, deps, req, reply }) =>
    asPage(reply, async () => {
      const field = (name: string): string[] => {
        const v = body[name];
        return v === undefined ? [] : Array.isArray(v) ? v : [v];
      };
      const personalToken = field('t')[0];
      const visit = await resumeVisit(deps.sql, {
        surveyId: params.id,
        formToken: field('ft')[0],
        cookie: req.cookies[RESPONDENT_COOKIE],
        personalToken,
      });
      const next = `/s/${params.id}${personalToken ? `?t=${encodeURIComponent(personalToken)}` : ''}`;
      const question = visit.survey.definition.questions.find((q) => q.id === field('q')[0]);
      if (question) {
        const nav = field('nav')[0] === 'back' ? 'back' : 'next';
        const outcome = await answerStep(deps.sql, visit, question.id, readAnswer(question, field), nav);
        if (outcome.kind === 'invalid') {
          // 422 with the page itself: the message sits next to the question, the other answers are kept.
          return html(reply, renderVisitPage(visit, { scriptUrl: scriptUrl(), shown: outcome }), 422);
        }
      }
      reply.status(303).header('location', next);
      return html(reply, `<a href="${esc(next)}">Continue</a>`, 303);
    }),
});

/** POST /s/:id/partial */
export const surveyPartialRoute = defineRoute({
  summary: "Save the hosted page's partial answers (its script calls this as the respondent goes)",
  tags: ['hosted'],
  schema: { params: SurveyPageParams, body: PartialBody, response: { 204: api.NoContent } },
  rateLimit: LIMITS.publicRatePerMinute * 5,
  handler: async ({ params, body, deps, req, reply }) => {
    const visit = await resumeVisit(deps.sql, {
      surveyId: params.id,
      formToken: body.ft,
      cookie: req.cookies[RESPONDENT_COOKIE],
      personalToken: body.t,
    });
    await savePartial(deps.sql, visit, body.answers, body.done);
    reply.status(204);
    return null;
  },
});

/** POST /s/:id/complete */
export const surveyCompleteRoute = defineRoute({
  summary: "Complete the hosted page's response; refused answers are named `answers.<questionId>[.<part>]`",
  tags: ['hosted'],
  schema: { params: SurveyPageParams, body: CompleteBody, response: { 200: api.HostedCompletion } },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, body, deps, req }) => {
    const visit = await resumeVisit(deps.sql, {
      surveyId: params.id,
      formToken: body.ft,
      cookie: req.cookies[RESPONDENT_COOKIE],
      personalToken: body.t,
    });
    if (visit.completed) return { status: 'already' as const };
    await savePartial(deps.sql, visit, body.answers, Object.keys(body.answers));
    const result = await complete(deps.sql, visit);
    return { status: result.kind };
  },
});

/** POST /api/v1/surveys/:id/links */
export const createPersonalLinkRoute = defineRoute({
  summary: 'Create a personal single-use link to the hosted page (one response per link)',
  tags: ['surveys'],
  schema: { params: IdParams, body: PersonalLinkCreate, response: { 201: api.PersonalLink } },
  handler: async ({ params, body, principal, deps, reply }) => {
    const token = await createPersonalToken(deps.sql, principal.orgId, params.id, {
      contactId: body.contactId,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
    });
    reply.status(201);
    return { token, path: `/s/${params.id}?t=${token}` };
  },
});

/**
 * Parse an `application/x-www-form-urlencoded` body: repeated fields become lists. Registered by the app
 * for the hosted page's plain form posts.
 */
export function parseFormBody(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const prior = out[k];
    out[k] = prior === undefined ? v : Array.isArray(prior) ? [...prior, v] : [prior, v];
  }
  return out;
}
