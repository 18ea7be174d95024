// Survey runtime rules without I/O or zod: conditions, the respondent's path, endings, piping, languages,
// option order and the check of one answer. Shared by the server and the browser renderer.
import { LIMITS } from '../../shared/limits.js';
import type { Question, SurveyDefinition } from './definition.js';

/** Text in one or more languages (a plain string means the default language). */
export type Localised = string | Record<string, string>;

/** A value a condition compares with. */
export type Comparable = string | number | boolean;

/** Comparison operators of a condition. */
export type ConditionOp =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'in'
  | 'not_in'
  | 'contains'
  | 'answered'
  | 'not_answered';

/**
 * A condition over earlier answers (`question`, with `row`/`part` for matrix and pair answers) or
 * contact attributes (`attribute`), combined with `all`, `any` and `not`.
 */
export type Condition =
  | { question: string; row?: string; part?: string; op: ConditionOp; value?: Comparable | Comparable[] }
  | { attribute: string; op: ConditionOp; value?: Comparable | Comparable[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** What the rules may read besides the answers. */
export interface RespondentContext {
  /** Contact attributes (from a personal link, the widget's `identify`, or the API). */
  attributes?: Record<string, unknown> | undefined;
}

/** Answers keyed by question id. */
export type Answers = Record<string, unknown>;

/** One ending of a survey. */
export type Ending = NonNullable<SurveyDefinition['endings']>[number];

/** Whether an answer counts as not given. */
export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

function subject(cond: { question: string; row?: string; part?: string }, answers: Answers): unknown {
  let v: unknown = answers[cond.question];
  for (const key of [cond.row, cond.part]) {
    if (key === undefined) continue;
    v =
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? (v as Record<string, unknown>)[key]
        : undefined;
  }
  return v;
}

function compare(op: ConditionOp, actual: unknown, expected: Comparable | Comparable[] | undefined): boolean {
  if (op === 'answered') return !isEmpty(actual);
  if (op === 'not_answered') return isEmpty(actual);
  // Every comparison with a missing value is false: a condition never fires on what was not said.
  if (isEmpty(actual)) return false;
  const list = Array.isArray(expected) ? expected : expected === undefined ? [] : [expected];
  const values = Array.isArray(actual) ? actual : [actual];
  switch (op) {
    case 'eq':
      return Array.isArray(actual) ? list.every((e) => values.includes(e)) : actual === expected;
    case 'neq':
      return Array.isArray(actual) ? !list.some((e) => values.includes(e)) : actual !== expected;
    case 'in':
      return values.some((v) => list.includes(v as Comparable));
    case 'not_in':
      return !values.some((v) => list.includes(v as Comparable));
    case 'contains':
      if (typeof actual === 'string')
        return list.some((e) => actual.toLowerCase().includes(String(e).toLowerCase()));
      return list.some((e) => values.includes(e));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = typeof actual === 'number' ? actual : Number(actual);
      const b = typeof expected === 'number' ? expected : Number(expected);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
  }
}

/** Evaluate a condition against the answers so far and the contact's attributes. */
export function evaluate(cond: Condition, answers: Answers, ctx: RespondentContext = {}): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, answers, ctx));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, answers, ctx));
  if ('not' in cond) return !evaluate(cond.not, answers, ctx);
  if ('attribute' in cond) return compare(cond.op, ctx.attributes?.[cond.attribute], cond.value);
  return compare(cond.op, subject(cond, answers), cond.value);
}

function conditionReadsAttributes(cond: Condition | undefined): boolean {
  if (!cond) return false;
  if ('all' in cond) return cond.all.some(conditionReadsAttributes);
  if ('any' in cond) return cond.any.some(conditionReadsAttributes);
  if ('not' in cond) return conditionReadsAttributes(cond.not);
  return 'attribute' in cond;
}

/**
 * Whether a rule that decides which questions are shown (show/skip, jumps) reads contact attributes:
 * only then must intake know the contact's attributes to check which answers were required.
 */
export function readsAttributes(def: SurveyDefinition): boolean {
  return def.questions.some(
    (q) =>
      conditionReadsAttributes(q.showIf) ||
      conditionReadsAttributes(q.skipIf) ||
      (q.jump ?? []).some((j) => conditionReadsAttributes(j.if)),
  );
}

/** Whether a question is shown, judged on its own `showIf`/`skipIf` (jumps are judged by `surveyPath`). */
export function isShown(q: Question, answers: Answers, ctx: RespondentContext = {}): boolean {
  if (q.showIf && !evaluate(q.showIf, answers, ctx)) return false;
  if (q.skipIf && evaluate(q.skipIf, answers, ctx)) return false;
  return true;
}

/** The respondent's path through the survey for the answers so far, and the ending it leads to. */
export interface SurveyPath {
  questions: Question[];
  ending: Ending | undefined;
}

/**
 * Walk the survey: skip hidden questions, follow the first matching jump of each shown question
 * (forward to a question, or to an ending), and pick the ending. Questions not on the path are hidden.
 */
export function surveyPath(def: SurveyDefinition, answers: Answers, ctx: RespondentContext = {}): SurveyPath {
  const index = new Map(def.questions.map((q, i) => [q.id, i]));
  const endings = def.endings ?? [];
  const out: Question[] = [];
  let i = 0;
  while (i < def.questions.length) {
    const q = def.questions[i]!;
    if (!isShown(q, answers, ctx)) {
      i++;
      continue;
    }
    out.push(q);
    let next = i + 1;
    for (const j of q.jump ?? []) {
      if (!evaluate(j.if, answers, ctx)) continue;
      const target = index.get(j.to);
      if (target === undefined) {
        return {
          questions: out,
          ending: endings.find((e) => e.id === j.to) ?? pickEnding(def, answers, ctx),
        };
      }
      next = target;
      break;
    }
    i = next;
  }
  return { questions: out, ending: pickEnding(def, answers, ctx) };
}

function conditionReads(cond: Condition | undefined, questionId: string): boolean {
  if (!cond) return false;
  if ('all' in cond) return cond.all.some((c) => conditionReads(c, questionId));
  if ('any' in cond) return cond.any.some((c) => conditionReads(c, questionId));
  if ('not' in cond) return conditionReads(cond.not, questionId);
  return 'question' in cond && cond.question === questionId;
}

/**
 * Whether the answer to this question may still bring a later question onto the path: it has a jump, or
 * a later question's show/skip condition reads it. The last question of a path that may grow says
 * "Next", not "Submit".
 */
export function mayLeadOn(def: SurveyDefinition, questionId: string): boolean {
  const at = def.questions.findIndex((q) => q.id === questionId);
  if (at < 0) return false;
  if ((def.questions[at]?.jump ?? []).length > 0) return true;
  return def.questions
    .slice(at + 1)
    .some((q) => conditionReads(q.showIf, questionId) || conditionReads(q.skipIf, questionId));
}

function pickEnding(def: SurveyDefinition, answers: Answers, ctx: RespondentContext): Ending | undefined {
  const endings = def.endings ?? [];
  return (
    endings.find((e) => e.showIf !== undefined && evaluate(e.showIf, answers, ctx)) ??
    endings.find((e) => e.showIf === undefined)
  );
}

/** The text of a localised value in a language, falling back to the default language, then any. */
export function localise(text: Localised | undefined, lang: string, fallback: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const primary = lang.split('-')[0] ?? lang;
  return text[lang] ?? text[primary] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

/** Languages a definition offers: `languages`, else every language its title is written in. */
export function surveyLanguages(def: SurveyDefinition): string[] {
  if (def.languages && def.languages.length > 0) return def.languages;
  const fromTitle = typeof def.title === 'string' ? [] : Object.keys(def.title);
  return [...new Set([def.defaultLanguage, ...fromTitle])];
}

/** Languages from an Accept-Language header, best first. */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag !== '' && x.tag !== '*' && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}

/**
 * The respondent's language: the link's `?lang=`, then the contact's language, then Accept-Language,
 * then the survey's default. Each candidate matches exactly or on its primary subtag (`fr-CA` → `fr`).
 */
export function chooseLanguage(
  def: SurveyDefinition,
  from: { link?: string | undefined; contact?: string | undefined; acceptLanguage?: string | undefined },
): string {
  const offered = surveyLanguages(def);
  const lower = new Map(offered.map((l) => [l.toLowerCase(), l]));
  const candidates = [from.link, from.contact, ...parseAcceptLanguage(from.acceptLanguage)];
  for (const c of candidates) {
    if (!c) continue;
    const tag = c.toLowerCase();
    const hit = lower.get(tag) ?? lower.get(tag.split('-')[0] ?? tag);
    if (hit) return hit;
  }
  return def.defaultLanguage;
}

function optionText(q: Question, id: unknown, lang: string, fallback: string): string | undefined {
  if (!('options' in q) || typeof id !== 'string') return undefined;
  const o = q.options.find((x) => x.id === id);
  return o ? localise(o.text, lang, fallback) : undefined;
}

/** A piped answer as text: option ids become their text; lists are joined; objects are left out. */
function answerText(q: Question | undefined, value: unknown, lang: string, fallback: string): string {
  if (isEmpty(value)) return '';
  if (q && Array.isArray(value))
    return value.map((v) => optionText(q, v, lang, fallback) ?? String(v)).join(', ');
  if (q && typeof value === 'string') return optionText(q, value, lang, fallback) ?? value;
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return '';
}

/**
 * Replace `{{answer.<questionId>}}` and `{{attribute.<name>}}` in a text, with an optional fallback
 * after a bar: `{{attribute.firstName|there}}`. The result is plain text (escape it when writing HTML).
 */
export function pipe(
  text: string,
  def: SurveyDefinition,
  lang: string,
  answers: Answers,
  ctx: RespondentContext = {},
): string {
  if (!text.includes('{{')) return text;
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  return text.replace(
    /\{\{\s*(answer|attribute)\.([a-zA-Z][a-zA-Z0-9_-]*)\s*(?:\|([^}]*))?\}\}/g,
    (_m, kind: string, name: string, fallback: string | undefined) => {
      const value =
        kind === 'answer'
          ? answerText(byId.get(name), answers[name], lang, def.defaultLanguage)
          : answerText(undefined, ctx.attributes?.[name], lang, def.defaultLanguage);
      return value !== '' ? value : (fallback ?? '').trim();
    },
  );
}

function hash32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/**
 * Items in the order a respondent sees them: shuffled when `randomize` is set, with a seed (the
 * respondent's session) so the order stays the same on every page; items marked `fixed` keep their place.
 */
export function orderItems<T extends object>(
  items: readonly T[],
  randomize: boolean | undefined,
  seed: string,
): T[] {
  if (!randomize) return [...items];
  let state = hash32(seed) || 1;
  const rand = () => {
    // xorshift32: small, seedable and good enough to shuffle a list of options.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const fixed = (o: T) => (o as { fixed?: boolean }).fixed === true;
  const movable = items.filter((o) => !fixed(o));
  for (let i = movable.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [movable[i], movable[j]] = [movable[j]!, movable[i]!];
  }
  return items.map((o) => (fixed(o) ? o : movable.shift()!));
}

/** The two parts of a pair question's answer. */
export function pairParts(q: Question): [string, string] | undefined {
  if (q.type === 'expectation_perception') return ['expectation', 'perception'];
  if (q.type === 'importance_performance') return ['importance', 'performance'];
  return undefined;
}

/** The fixed scales of the standard score questions. */
export const SCORE_RANGES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{5,30}$/;

/** One problem with an answer: `name` is the part below the question (a row, an attribute, a field). */
export interface AnswerProblem {
  name?: string;
  reason: string;
}

const whole = (v: unknown, lo: number, hi: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Check a non-empty answer to one question; returns each problem (none when the answer is valid). */
export function checkAnswer(q: Question, value: unknown): AnswerProblem[] {
  const one = (reason: string | undefined): AnswerProblem[] => (reason ? [{ reason }] : []);
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces': {
      const [lo, hi] = SCORE_RANGES[q.type];
      return one(whole(value, lo, hi) ? undefined : `must be a whole number from ${lo} to ${hi}`);
    }
    case 'rating':
      return one(
        whole(value, q.scale.min, q.scale.max)
          ? undefined
          : `must be a whole number from ${q.scale.min} to ${q.scale.max}`,
      );
    case 'single_choice':
    case 'dropdown':
      return one(
        typeof value === 'string' && q.options.some((o) => o.id === value)
          ? undefined
          : `must be one of: ${q.options.map((o) => o.id).join(', ')}`,
      );
    case 'multiple_choice': {
      if (
        !Array.isArray(value) ||
        value.some((v) => typeof v !== 'string' || !q.options.some((o) => o.id === v))
      )
        return one(`must be a list of: ${q.options.map((o) => o.id).join(', ')}`);
      if (new Set(value).size !== value.length) return one('must not repeat an option');
      if (q.maxSelected !== undefined && value.length > q.maxSelected)
        return one(`must have at most ${q.maxSelected} options (got ${value.length})`);
      return [];
    }
    case 'text': {
      if (typeof value !== 'string') return one('must be text');
      const max = q.maxLength ?? (q.long ? LIMITS.commentLength : LIMITS.shortTextLength);
      return one(value.length > max ? `must be at most ${max} characters (got ${value.length})` : undefined);
    }
    case 'consent':
      return one(typeof value === 'boolean' ? undefined : 'must be true (given) or false (refused)');
    case 'contact_info': {
      if (!isRecord(value)) return one('must be an object of contact fields');
      const out: AnswerProblem[] = [];
      const fields = new Set(q.fields.map((f) => f.field));
      for (const [k, v] of Object.entries(value)) {
        if (!fields.has(k as never)) out.push({ name: k, reason: 'is not a field of this question' });
        else if (typeof v !== 'string' || v.length > 320)
          out.push({ name: k, reason: 'must be text of at most 320 characters' });
        else if (k === 'email' && v !== '' && !EMAIL.test(v))
          out.push({ name: k, reason: 'must be an email address' });
        else if (k === 'phone' && v !== '' && !PHONE.test(v))
          out.push({ name: k, reason: 'must be a phone number (digits, spaces, + ( ) - .)' });
      }
      return out;
    }
    case 'matrix':
    case 'expectation_perception':
    case 'importance_performance': {
      const items = q.type === 'matrix' ? q.rows : q.attributes;
      const what = q.type === 'matrix' ? 'row' : 'attribute';
      if (!isRecord(value)) return one(`must be an object keyed by ${what} id`);
      const ids = new Set(items.map((r) => r.id));
      const { min, max } = q.scale;
      const parts = pairParts(q);
      const out: AnswerProblem[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (!ids.has(k)) {
          out.push({ name: k, reason: `is not a ${what} of this question` });
        } else if (!parts) {
          if (!whole(v, min, max))
            out.push({ name: k, reason: `must be a whole number from ${min} to ${max}` });
        } else if (!isRecord(v)) {
          out.push({ name: k, reason: `must be { "${parts[0]}": n, "${parts[1]}": n }` });
        } else {
          for (const key of Object.keys(v))
            if (!parts.includes(key))
              out.push({ name: `${k}.${key}`, reason: `is not one of: ${parts.join(', ')}` });
          for (const p of parts) {
            if (v[p] === undefined || v[p] === null)
              out.push({ name: `${k}.${p}`, reason: 'is required (both parts of a pair are)' });
            else if (!whole(v[p], min, max))
              out.push({ name: `${k}.${p}`, reason: `must be a whole number from ${min} to ${max}` });
          }
        }
      }
      return out;
    }
  }
}

/** Problems of a required question whose answer is only partly given (matrix rows, pairs, contact fields, consent). */
export function checkComplete(q: Question, value: unknown): AnswerProblem[] {
  if (q.type === 'consent')
    return value === true || !q.required ? [] : [{ reason: 'must be given to continue' }];
  if (!isRecord(value)) return [];
  if (q.type === 'contact_info') {
    return q.fields
      .filter((f) => f.required && isEmpty(value[f.field]))
      .map((f) => ({ name: f.field, reason: 'is required' }));
  }
  if (!q.required) return [];
  if (q.type === 'matrix')
    return q.rows.filter((r) => isEmpty(value[r.id])).map((r) => ({ name: r.id, reason: 'is required' }));
  if (q.type === 'expectation_perception' || q.type === 'importance_performance') {
    return q.attributes
      .filter((a) => isEmpty(value[a.id]))
      .map((a) => ({ name: a.id, reason: 'is required' }));
  }
  return [];
}
