// Column mappings: the fields a column may feed per kind, `--map` flags, checks against the file's
// header, and the mapping schema the API and the import job share.
import { z } from 'zod';
import { ValidationError } from '../../platform/errors/index.js';
import type { ImportKind, ImportMapping } from './types.js';

/** The fields a column may map to, per kind (prefix fields end with a dot). */
export const IMPORT_FIELDS: Record<ImportKind, string[]> = {
  responses: [
    'answers.',
    'submittedAt',
    'occurredAt',
    'channel',
    'language',
    'idempotencyKey',
    'sourceId',
    'touchpointId',
    'contact.externalId',
    'contact.email',
    'contact.name',
    'contact.attributes.',
    'metadata.',
    'ignore',
  ],
  reviews: [
    'sourceId',
    'occurredAt',
    'text',
    'rating',
    'nps',
    'csat',
    'ces',
    'channel',
    'language',
    'touchpointId',
    'contact.externalId',
    'contact.email',
    'contact.name',
    'contact.attributes.',
    'metadata.',
    'ignore',
  ],
  tickets: [],
  contacts: ['externalId', 'email', 'name', 'attributes.', 'consent.', 'ignore'],
};
IMPORT_FIELDS.tickets = IMPORT_FIELDS.reviews;

/** Parse `col=field` flags into a mapping's columns. */
export function parseMapFlags(flags: string[]): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.lastIndexOf('=');
    if (eq <= 0 || eq === flag.length - 1) {
      throw new ValidationError(`--map takes column=field, got "${flag}"`, [{ name: 'map', reason: flag }]);
    }
    columns[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return columns;
}

/** Refuse a mapping that names columns the file lacks or fields the kind does not take. */
export function checkMapping(kind: ImportKind, mapping: ImportMapping, header: string[]): void {
  const problems: Array<{ name: string; reason: string }> = [];
  const allowed = IMPORT_FIELDS[kind];
  const seen = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping.columns)) {
    if (!header.includes(column))
      problems.push({ name: `columns.${column}`, reason: 'no such column in the file' });
    const ok = allowed.some((a) =>
      a.endsWith('.') ? field.startsWith(a) && field.length > a.length : field === a,
    );
    if (!ok) problems.push({ name: `columns.${column}`, reason: `unknown field "${field}" for ${kind}` });
    // Several columns may feed `text` (joined); any other field comes from one column.
    if (field !== 'text' && field !== 'ignore' && seen.has(field)) {
      problems.push({
        name: `columns.${column}`,
        reason: `"${field}" is already mapped from ${seen.get(field)}`,
      });
    }
    seen.set(field, column);
  }
  if (kind === 'responses' && !mapping.surveyId)
    problems.push({ name: 'survey', reason: 'responses need a survey' });
  if (problems.length > 0) throw new ValidationError('The column mapping does not fit the file', problems);
}

/** The columns mapped to each field, defaulting unmapped columns named like a field to it. */
export function columnsByField(
  kind: ImportKind,
  mapping: ImportMapping,
  header: string[],
): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  const mapped = { ...mapping.columns };
  if (Object.keys(mapped).length === 0) {
    for (const h of header) {
      if (IMPORT_FIELDS[kind].includes(h)) mapped[h] = h;
      else if (kind === 'contacts') {
        // A contacts file needs no mapping: the usual id/email/name columns, every other column an attribute.
        const alias = CONTACT_ALIASES[h.toLowerCase().replace(/[^a-z]/g, '')];
        const key = h.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^[^a-zA-Z]+/, '');
        if (alias) mapped[h] = alias;
        else if (key) mapped[h] = `attributes.${key}`;
      }
    }
  }
  for (const [column, field] of Object.entries(mapped)) {
    if (field === 'ignore') continue;
    byField.set(field, [...(byField.get(field) ?? []), column]);
  }
  return byField;
}

const CONTACT_ALIASES: Record<string, string> = {
  externalid: 'externalId',
  id: 'externalId',
  customerid: 'externalId',
  email: 'email',
  emailaddress: 'email',
  name: 'name',
  fullname: 'name',
};

const Scale = z.object({ min: z.number(), max: z.number() }).strict();

/** A column mapping as `POST /api/v1/imports` takes it and the import job carries it. */
export const ImportMappingSchema = z
  .object({
    columns: z.record(z.string().max(200), z.string().max(200)).default({}),
    rating: z
      .object({
        scale: z.union([z.literal('auto'), Scale]).optional(),
        rules: z
          .array(
            Scale.extend({
              column: z.string(),
              from: z.string().optional(),
              to: z.string().optional(),
              equals: z.string().optional(),
            }),
          )
          .max(20)
          .optional(),
      })
      .strict()
      .optional(),
    channel: z.string().max(50).optional(),
    surveyId: z.uuid({ message: 'must be a UUID' }).optional(),
  })
  .strict();
