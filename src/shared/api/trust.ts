// Response shapes of API keys, the audit log and a contact's exported personal data.
import { z } from 'zod';
import { Id, JsonObject, listOf, pageOf, Timestamp } from './common.js';

/** An API key (never its secret). */
export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  role: z.enum(['viewer', 'agent', 'analyst', 'admin']),
  createdAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKey = z.output<typeof ApiKey>;
/** The organisation's keys. */
export const ApiKeyList = listOf(ApiKey);
export type ApiKeyList = z.output<typeof ApiKeyList>;
/** A key just created: the only answer that carries the key itself. */
export const ApiKeyCreated = ApiKey.extend({ key: z.string().describe('ns_<prefix>_<secret>; shown once') });
export type ApiKeyCreated = z.output<typeof ApiKeyCreated>;

/** One audited action. */
export const AuditEntry = z.object({
  at: Timestamp,
  actor: z.string().describe('user:<id>, key:<id>, cli or system'),
  action: z.string().describe('resource.verb, e.g. api_key.create, contact.erase'),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  detail: JsonObject,
});
export type AuditEntry = z.output<typeof AuditEntry>;
/** A page of the audit log, newest first. */
export const AuditPage = pageOf(AuditEntry);
export type AuditPage = z.output<typeof AuditPage>;

/** Everything held about a contact: the contact row and, by table, every row naming them. */
export const ContactExport = z.object({
  exportedAt: Timestamp,
  contact: JsonObject,
  related: z.record(z.string(), z.array(JsonObject)),
});
export type ContactExport = z.output<typeof ContactExport>;

/** How the dashboard's users may sign in on this server (asked by the login page before anyone is signed in). */
export const SignInMethods = z.object({
  password: z.boolean().describe('Email and password login is open'),
  sso: z
    .object({
      label: z.string().describe('What the button names: "Sign in with <label>"'),
      loginUrl: z.string().describe('Where the button goes: GET /api/v1/auth/oidc/login'),
    })
    .nullable()
    .describe('OpenID Connect single sign-on, when set up'),
});
export type SignInMethods = z.output<typeof SignInMethods>;
/** The organisation's retention policy for feedback. */
export const RetentionSettings = z.object({
  retentionMonths: z
    .number()
    .int()
    .nullable()
    .describe('feedback older than this many months is deleted or anonymised daily; null: kept for ever'),
  mode: z.enum(['delete', 'anonymise']),
  lastRunAt: Timestamp.nullable(),
});
export type RetentionSettings = z.output<typeof RetentionSettings>;
/** What one retention run did. */
export const RetentionRun = z.object({
  mode: z.enum(['delete', 'anonymise']),
  months: z.number().int(),
  cutoff: Timestamp,
  feedback: z.number().int(),
  responses: z.number().int(),
  sessions: z.number().int(),
});
export type RetentionRun = z.output<typeof RetentionRun>;
/** The organisation's language and the languages it may be. */
export const OrganisationLanguage = z.object({
  language: z.string().describe('the default language of invitation emails and of new surveys'),
  supported: z
    .array(z.string())
    .describe("the product's languages, any of which the organisation may choose"),
});
export type OrganisationLanguage = z.output<typeof OrganisationLanguage>;
