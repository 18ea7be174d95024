// Converting one read record into a contact, a response or a feedback item, with its problems
// named by column; value parsing shared by the run.
import { createHash } from 'node:crypto';
import type { AttributeValue, ContactInput, ContactRef } from '../contacts/index.js';
import { checkFeedback, type FeedbackInput } from '../feedback/ingest.js';
import type { ResponseInput } from '../responses/index.js';
import { checkAnswers, type SurveyDefinition } from '../surveys/index.js';
import type { Raw } from './read.js';
import { type RatingSpec, resolveScale, type ScaleReport } from './scales.js';
import type { ImportKind, ImportMapping } from './types.js';

export const str = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

export function num(v: unknown): number | null | 'bad' {
  const s = str(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : 'bad';
}

function date(v: unknown): Date | null | 'bad' {
  const s = str(v);
  if (s === null) return null;
  // ISO dates and date-times; day-first dates (31-12-2015 or 31/12/2015) as written in many exports.
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  const d = dmy ? new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1]))) : new Date(s);
  return Number.isNaN(d.getTime()) || (!dmy && !/^\d{4}-\d{2}-\d{2}/.test(s)) ? 'bad' : d;
}

/** A stable id for a row without one: the hash of its values. */
function rowHash(record: Raw): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 32)}`;
}

/** How the rating column's scale was read, in words, for the import's message. */
export function describeScale(report: ScaleReport | undefined, spec: RatingSpec | undefined): string {
  if (spec?.scale && spec.scale !== 'auto') return `rating scale ${spec.scale.min}-${spec.scale.max} (given)`;
  const rules = spec?.rules?.length ? `${spec.rules.length} scale rule(s) first, then ` : '';
  if (!report) return '';
  if (report.mode === 'mixed' && report.upper) {
    return `${rules}rating scale detected as mixed: ${report.values - report.above} values read on ${report.scale.min}-${report.scale.max}, ${report.above} above ${report.scale.max} read on ${report.upper.min}-${report.upper.max}`;
  }
  return `${rules}rating scale detected as ${report.scale.min}-${report.scale.max} (${report.values} values)`;
}

export interface RowContext {
  kind: ImportKind;
  byField: Map<string, string[]>;
  mapping: ImportMapping;
  definition: SurveyDefinition | undefined;
  attributeTypes: Record<string, string>;
  scale: ScaleReport | undefined;
}

export type Converted =
  | { kind: 'feedback'; item: FeedbackInput }
  | { kind: 'response'; item: ResponseInput }
  | { kind: 'contact'; item: ContactInput };

function attributeValue(type: string | undefined, raw: unknown): AttributeValue | 'bad' {
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
  const s = str(raw);
  if (s === null) return null;
  if (type === 'number') return Number.isFinite(Number(s)) ? Number(s) : 'bad';
  if (type === 'boolean') return /^(true|yes|1)$/i.test(s) ? true : /^(false|no|0)$/i.test(s) ? false : 'bad';
  return s;
}

/** Convert one record to an item, or its problems (each naming the column). */
export function convert(
  ctx: RowContext,
  record: Raw,
): { item?: Converted; errors: Array<{ column: string; reason: string }> } {
  const errors: Array<{ column: string; reason: string }> = [];
  const col = (field: string) => ctx.byField.get(field)?.[0];
  const get = (field: string) => {
    const c = col(field);
    return c === undefined ? undefined : record[c];
  };
  if ('__error' in record) return { errors: [{ column: '(row)', reason: String(record.__error) }] };
  const prefixed = (prefix: string) =>
    [...ctx.byField.entries()]
      .filter(([f]) => f.startsWith(prefix))
      .map(([f, cs]) => [f.slice(prefix.length), cs[0]!] as const);

  const contact: ContactInput = {};
  const contactPrefix = ctx.kind === 'contacts' ? '' : 'contact.';
  for (const k of ['externalId', 'email', 'name'] as const) {
    const v = str(get(`${contactPrefix}${k}`));
    if (v !== null) contact[k] = k === 'email' ? v.toLowerCase() : v;
  }
  if (contact.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email))
    errors.push({ column: col(`${contactPrefix}email`)!, reason: 'is not an email address' });
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, column] of prefixed(`${contactPrefix}attributes.`)) {
    const v = attributeValue(ctx.attributeTypes[key], record[column]);
    if (v === 'bad') errors.push({ column, reason: `must be a ${ctx.attributeTypes[key]}` });
    else if (v !== null) attributes[key] = v;
  }
  if (Object.keys(attributes).length > 0) contact.attributes = attributes;
  if (ctx.kind === 'contacts') {
    const consent: Record<string, boolean> = {};
    for (const [key, column] of prefixed('consent.')) {
      const v = attributeValue('boolean', record[column]);
      if (v === 'bad') errors.push({ column, reason: 'must be true or false' });
      else if (typeof v === 'boolean') consent[key] = v;
    }
    if (Object.keys(consent).length > 0) contact.consent = consent;
    if (!contact.externalId && !contact.email)
      errors.push({
        column: col('externalId') ?? col('email') ?? '(row)',
        reason: 'a contact needs an external id or an email',
      });
    return errors.length > 0 ? { errors } : { item: { kind: 'contact', item: contact }, errors };
  }
  const contactRef: ContactRef | undefined = contact.externalId || contact.email ? contact : undefined;
  const metadata: Record<string, unknown> = {};
  for (const [key, column] of prefixed('metadata.')) {
    const v = str(record[column]);
    if (v !== null) metadata[key] = v;
  }
  const occurredCol = col('occurredAt') ?? col('submittedAt');
  const occurred = occurredCol ? date(record[occurredCol]) : null;
  if (occurred === 'bad')
    errors.push({ column: occurredCol!, reason: 'is not a date (YYYY-MM-DD or DD-MM-YYYY)' });
  const channel = str(get('channel')) ?? ctx.mapping.channel ?? 'import';
  const language = str(get('language'));
  const touchpointId = str(get('touchpointId'));
  if (touchpointId && !/^[0-9a-f-]{36}$/i.test(touchpointId))
    errors.push({ column: col('touchpointId')!, reason: 'must be a touchpoint id (UUID)' });

  if (ctx.kind === 'responses') {
    const answers: Record<string, unknown> = {};
    const questions = new Map((ctx.definition?.questions ?? []).map((q) => [q.id, q]));
    for (const [qid, column] of prefixed('answers.')) {
      const q = questions.get(qid);
      if (!q) {
        errors.push({ column, reason: `"${qid}" is not a question of this survey` });
        continue;
      }
      const raw = record[column];
      if (str(raw) === null) continue;
      if (['nps', 'csat', 'ces', 'rating', 'number'].includes(q.type)) {
        const n = num(raw);
        if (n === 'bad') errors.push({ column, reason: 'must be a number' });
        else answers[qid] = n;
      } else if (q.type === 'multiple_choice')
        answers[qid] = String(raw)
          .split(/\s*;\s*/)
          .filter(Boolean);
      else answers[qid] = typeof raw === 'string' ? raw.trim() : raw;
    }
    if (ctx.definition && errors.length === 0) {
      const byQuestion = new Map([...ctx.byField.entries()].map(([f, cs]) => [f, cs[0]!]));
      for (const p of checkAnswers(ctx.definition, answers)) {
        const qid = p.name.split('.')[1] ?? '';
        errors.push({ column: byQuestion.get(`answers.${qid}`) ?? p.name, reason: `${p.name}: ${p.reason}` });
      }
    }
    if (errors.length > 0) return { errors };
    const key = str(get('idempotencyKey')) ?? str(get('sourceId')) ?? rowHash(record);
    return {
      item: {
        kind: 'response',
        item: {
          answers,
          contact: contactRef,
          channel,
          language,
          touchpointId,
          metadata,
          submittedAt: occurred instanceof Date ? occurred : null,
          idempotencyKey: key ? `import:${key}` : null,
        },
      },
      errors,
    };
  }

  const texts = (ctx.byField.get('text') ?? [])
    .map((c) => str(record[c]))
    .filter((t): t is string => t !== null);
  const item: FeedbackInput = {
    source: ctx.kind === 'reviews' ? 'review' : 'ticket',
    // Without an id column, the row's content is its id: importing the same file twice adds nothing.
    sourceId: str(get('sourceId')) ?? rowHash(record),
    channel,
    occurredAt: occurred instanceof Date ? occurred : null,
    text: texts.length > 0 ? texts.join('\n\n') : null,
    language,
    contact: contactRef,
    touchpointId,
    metadata,
  };
  for (const f of ['nps', 'csat', 'ces'] as const) {
    const c = col(f);
    if (!c) continue;
    const n = num(record[c]);
    if (n === 'bad') errors.push({ column: c, reason: 'must be a number' });
    else item[f] = n;
  }
  const ratingCol = col('rating');
  if (ratingCol) {
    const n = num(record[ratingCol]);
    if (n === 'bad') errors.push({ column: ratingCol, reason: 'must be a number' });
    else if (n !== null) {
      const scale = resolveScale(ctx.mapping.rating, ctx.scale, n, record);
      if (typeof scale === 'string') errors.push({ column: ratingCol, reason: scale });
      else item.rating = { value: n, min: scale.min, max: scale.max };
    }
  }
  if (errors.length === 0) {
    for (const p of checkFeedback(item)) {
      const field = p.name.split('.')[0]!;
      errors.push({
        column: col(field) ?? (field === 'text' ? (ctx.byField.get('text')?.join('+') ?? 'text') : field),
        reason: p.reason,
      });
    }
  }
  return errors.length > 0 ? { errors } : { item: { kind: 'feedback', item }, errors };
}
/** Types of attribute columns not declared yet, from their values: all numbers, all booleans, else strings. */
export function inferAttributeTypes(ctx: RowContext, rows: Array<{ record: Raw }>): void {
  for (const [field, columns] of ctx.byField) {
    if (!field.startsWith('attributes.')) continue;
    const key = field.slice('attributes.'.length);
    if (ctx.attributeTypes[key]) continue;
    let numbers = true;
    let booleans = true;
    let seen = 0;
    for (const { record } of rows) {
      const v = str(record[columns[0]!]);
      if (v === null) continue;
      seen++;
      if (numbers && !Number.isFinite(Number(v))) numbers = false;
      if (booleans && !/^(true|false)$/i.test(v)) booleans = false;
      if (!numbers && !booleans) break;
    }
    ctx.attributeTypes[key] = seen === 0 ? 'string' : numbers ? 'number' : booleans ? 'boolean' : 'string';
  }
}
