// The organisation's own settings: its language (of invitation emails and new surveys by default).
import { z } from 'zod';
import { getOrganisationLanguage, setOrganisationLanguage } from '../../../listen/organisation/index.js';
import { actorOf } from '../../../platform/audit/index.js';
import * as api from '../../../shared/api/index.js';
import { PRODUCT_LANGUAGES } from '../../../shared/languages.js';
import { defineRoute } from '../../route.js';

// Any text here: the service names the field with the languages it may be (one message for every caller).
const LanguageBody = z.strictObject({ language: z.string().max(20) });

const presentLanguage = (language: string) => ({ language, supported: [...PRODUCT_LANGUAGES] });

/** GET /api/v1/organisation/language */
export const getLanguageRoute = defineRoute({
  summary:
    "The organisation's language (the default of invitation emails and new surveys) and those it may be",
  tags: ['organisation'],
  schema: { response: { 200: api.OrganisationLanguage } },
  handler: async ({ principal, deps }) =>
    presentLanguage(await getOrganisationLanguage(deps.sql, principal.orgId)),
});

/** PUT /api/v1/organisation/language */
export const putLanguageRoute = defineRoute({
  summary: "Set the organisation's language: one of the product's languages (audited)",
  tags: ['organisation'],
  schema: { body: LanguageBody, response: { 200: api.OrganisationLanguage } },
  handler: async ({ body, principal, deps, req }) =>
    presentLanguage(
      await setOrganisationLanguage(deps.sql, principal.orgId, body.language, {
        actor: actorOf(principal),
        ip: req.ip,
      }),
    ),
});
