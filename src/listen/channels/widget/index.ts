// The website widget's module: sites (a public key, allowed origins, the surveys shown with their
// triggers, targeting and sampling), the public configuration, and responses through the one intake path.
import { randomBytes } from 'node:crypto';
import { createCache } from '../../../platform/cache/index.js';
import type { Sql } from '../../../platform/db/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import { submitResponse } from '../../responses/index.js';
import type { SurveyDefinition } from '../../surveys/index.js';
import { nonce, signToken, verifyToken } from '../hosted/tokens.js';
import {
  insertWidgetSite,
  selectKnownSurveyIds,
  selectLiveDefinitions,
  selectSiteByKey,
  selectWidgetSites,
  updateWidgetSiteRow,
} from './queries/sites.js';
import type { WidgetSurvey } from './rules.js';

export { Trigger, WidgetFrequency, WidgetSurvey } from './rules.js';

/** A site that embeds the widget. */
export interface WidgetSite {
  id: string;
  orgId: string;
  siteKey: string;
  name: string;
  origins: string[];
  surveys: WidgetSurvey[];
  createdAt: Date;
}

/** Origin of a URL, normalised (`https://shop.example.com`), or undefined when it is not http(s). */
export function normaliseOrigin(s: string): string | undefined {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The site's origins normalised and its surveys checked against the organisation's; field errors otherwise. */
async function checkSite(
  sql: Sql,
  orgId: string,
  input: { origins: string[]; surveys: WidgetSurvey[] },
): Promise<string[]> {
  const origins = input.origins.map((o, i) => {
    const n = normaliseOrigin(o);
    if (!n)
      throw new ValidationError('Bad origin', [
        { name: `origins.${i}`, reason: 'must be an http(s) origin, such as https://shop.example.com' },
      ]);
    return n;
  });
  const ids = input.surveys.map((s) => s.surveyId);
  const known = new Set(await selectKnownSurveyIds(sql, orgId, ids));
  const missing = input.surveys.flatMap((s, i) =>
    known.has(s.surveyId)
      ? []
      : [{ name: `surveys.${i}.surveyId`, reason: 'no such survey in this organisation' }],
  );
  if (missing.length > 0) throw new ValidationError('Unknown survey', missing);
  const seen = new Set<string>();
  const repeated = input.surveys.flatMap((s, i) => {
    if (!seen.has(s.surveyId)) {
      seen.add(s.surveyId);
      return [];
    }
    return [{ name: `surveys.${i}.surveyId`, reason: 'this survey is already on the site' }];
  });
  if (repeated.length > 0) throw new ValidationError('Repeated survey', repeated);
  return [...new Set(origins)];
}

/** Create a site with a new public key. */
export async function createWidgetSite(
  sql: Sql,
  orgId: string,
  input: { name: string; origins: string[]; surveys: WidgetSurvey[] },
): Promise<WidgetSite> {
  const origins = await checkSite(sql, orgId, input);
  const siteKey = `ws_${randomBytes(18).toString('base64url')}`;
  return insertWidgetSite(sql, orgId, { siteKey, name: input.name, origins, surveys: input.surveys });
}

/** Replace a site's name, origins and surveys (its public key stays); the public configuration follows at once. */
export async function updateWidgetSite(
  sql: Sql,
  orgId: string,
  siteId: string,
  input: { name: string; origins: string[]; surveys: WidgetSurvey[] },
): Promise<WidgetSite> {
  const origins = await checkSite(sql, orgId, input);
  const site = await updateWidgetSiteRow(sql, orgId, siteId, {
    name: input.name,
    origins,
    surveys: input.surveys,
  });
  if (!site) throw new NotFoundError(`Widget site ${siteId} not found`);
  cache.delete(site.siteKey);
  return site;
}

/** The organisation's sites. */
export async function listWidgetSites(sql: Sql, orgId: string): Promise<WidgetSite[]> {
  return selectWidgetSites(sql, orgId);
}

// Site lookups happen on every public widget call (CORS checks included): cache them briefly.
const CACHE_MS = 30_000;
const cache = createCache<{ site: WidgetSite | undefined }>({ max: 10_000, ttlMs: CACHE_MS });

/** Find a site by its public key (cached for 30 s). */
export async function findSiteByKey(sql: Sql, siteKey: string): Promise<WidgetSite | undefined> {
  if (!/^ws_[A-Za-z0-9_-]{16,64}$/.test(siteKey)) return undefined;
  const hit = cache.get(siteKey);
  if (hit) return hit.site;
  const site = await selectSiteByKey(sql, siteKey);
  cache.set(siteKey, { site });
  return site;
}

/** Whether a browser origin may call a site's widget endpoints (no origins configured: none may). */
export function originAllowed(site: WidgetSite, origin: string | undefined): boolean {
  const o = origin ? normaliseOrigin(origin) : undefined;
  return o !== undefined && site.origins.includes(o);
}

/** What the widget receives: each live survey with its definition, rules, and a signed single-use token. */
export interface WidgetConfig {
  surveys: (Omit<WidgetSurvey, 'surveyId'> & { id: string; def: SurveyDefinition; token: string })[];
}

/** The public configuration of a site. */
export async function getWidgetConfig(sql: Sql, siteKey: string): Promise<WidgetConfig> {
  const site = await findSiteByKey(sql, siteKey);
  if (!site) throw new NotFoundError('There is no such widget site');
  const ids = site.surveys.map((s) => s.surveyId);
  const defs = await selectLiveDefinitions(sql, site.orgId, ids);
  const byId = new Map(defs.map((d) => [d.id, d.definition]));
  const surveys: WidgetConfig['surveys'] = [];
  for (const { surveyId, ...rules } of site.surveys) {
    const def = byId.get(surveyId);
    if (!def) continue;
    const token = await signToken(sql, site.orgId, {
      k: 'w',
      s: surveyId,
      n: nonce(),
      x: Math.floor(Date.now() / 1000) + 24 * 3600,
    });
    surveys.push({ id: surveyId, def, token, ...rules });
  }
  return { surveys };
}

/** A response from the widget. */
export interface WidgetResponseInput {
  surveyId: string;
  token: string;
  answers: Record<string, unknown>;
  language?: string | undefined;
  user?: { id?: string | undefined; email?: string | undefined } | undefined;
  url?: string | undefined;
}

/**
 * Store a widget response: the survey must be on the site, the token signed for it (one response per
 * token), and the answers valid. The identified user becomes the contact (by external id or email);
 * attributes given to `identify` are used only for targeting in the browser, never written to the contact.
 */
export async function submitWidgetResponse(
  sql: Sql,
  siteKey: string,
  input: WidgetResponseInput,
): Promise<{ id: string; duplicate: boolean }> {
  const site = await findSiteByKey(sql, siteKey);
  if (!site) throw new NotFoundError('There is no such widget site');
  if (!site.surveys.some((s) => s.surveyId === input.surveyId))
    throw new NotFoundError('This survey is not on this site');
  const token = await verifyToken(sql, site.orgId, input.surveyId, input.token, 'w');
  if (!token) throw new ForbiddenError('The widget token is not valid or has expired; reload the page');
  const contact =
    input.user && (input.user.id || input.user.email)
      ? { externalId: input.user.id, email: input.user.email }
      : undefined;
  const { response, duplicate } = await submitResponse(sql, site.orgId, input.surveyId, {
    answers: input.answers,
    contact,
    channel: 'widget',
    language: input.language ?? null,
    metadata: input.url ? { url: input.url, site: site.name } : { site: site.name },
    idempotencyKey: `widget:${token.n}`,
  });
  return { id: response.id, duplicate };
}
