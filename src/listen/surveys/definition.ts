// The survey definition format (schemaVersion 1, extended compatibly) and the checking of answers against it.
import { z } from 'zod';
import type { InvalidParam } from '../../platform/errors/index.js';
import type { Measures } from '../../shared/api/listen.js';
import { LIMITS } from '../../shared/limits.js';
import {
  type Condition as ConditionT,
  checkAnswer,
  checkComplete,
  isEmpty,
  type RespondentContext,
  surveyPath,
} from './logic.js';

/** Text in one or more languages: `{ "en": "...", "fr": "..." }` (a plain string means the default language). */
export const LocalisedText = z.union([
  z.string().min(1).max(LIMITS.questionTextLength),
  z.record(
    z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'language tag'),
    z.string().min(1).max(LIMITS.questionTextLength),
  ),
]);

const Id = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'letters, digits, _ or -, starting with a letter, at most 64');

const Comparable = z.union([z.string().max(500), z.number(), z.boolean()]);
const Op = z.enum([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'contains',
  'answered',
  'not_answered',
]);

/** A logic condition over earlier answers and contact attributes (see `Condition` in logic.ts). */
export const Condition: z.ZodType<ConditionT> = z.lazy(() =>
  z.union([
    z
      .object({
        question: Id,
        row: Id.optional(),
        part: Id.optional(),
        op: Op,
        value: z.union([Comparable, z.array(Comparable).max(100)]).optional(),
      })
      .strict(),
    z
      .object({
        attribute: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, 'an attribute name'),
        op: Op,
        value: z.union([Comparable, z.array(Comparable).max(100)]).optional(),
      })
      .strict(),
    z.object({ all: z.array(Condition).min(1).max(20) }).strict(),
    z.object({ any: z.array(Condition).min(1).max(20) }).strict(),
    z.object({ not: Condition }).strict(),
  ]),
);

const Base = {
  id: Id,
  text: LocalisedText,
  required: z.boolean().default(false),
  description: LocalisedText.optional(),
  /** Shown only when this holds. */
  showIf: Condition.optional(),
  /** Hidden when this holds. */
  skipIf: Condition.optional(),
  /** After this question, go to the first matching target: a later question or an ending. */
  jump: z
    .array(z.object({ if: Condition, to: Id }).strict())
    .max(20)
    .optional(),
};
const Option = z.object({ id: Id, text: LocalisedText, fixed: z.boolean().optional() }).strict();
const Row = z.object({ id: Id, text: LocalisedText }).strict();
const Options = z.array(Option).min(2).max(LIMITS.choicesPerQuestion);
const Scale = z
  .object({
    min: z.number().int().min(0).max(1),
    max: z.number().int().min(2).max(11),
    labels: z.object({ min: LocalisedText.optional(), max: LocalisedText.optional() }).strict().optional(),
  })
  .strict();
const PairBase = {
  ...Base,
  attributes: z.array(Row).min(1).max(LIMITS.rowsPerQuestion),
  scale: Scale.default({ min: 1, max: 7 }),
  randomize: z.boolean().optional(),
};

/** One question; the type decides the shape of its answer. */
export const Question = z.discriminatedUnion('type', [
  z.object({ ...Base, type: z.literal('nps') }).strict(),
  z.object({ ...Base, type: z.literal('csat') }).strict(),
  z.object({ ...Base, type: z.literal('ces') }).strict(),
  z
    .object({
      ...Base,
      type: z.literal('rating'),
      scale: z.object({ min: z.number().int().min(0).max(1), max: z.number().int().min(2).max(10) }).strict(),
      display: z.enum(['stars', 'numbers', 'smileys']).default('numbers'),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('single_choice'),
      options: Options,
      randomize: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('multiple_choice'),
      options: Options,
      randomize: z.boolean().optional(),
      maxSelected: z.number().int().min(1).max(LIMITS.choicesPerQuestion).optional(),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('dropdown'),
      options: Options,
      randomize: z.boolean().optional(),
      placeholder: LocalisedText.optional(),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('text'),
      long: z.boolean().default(true),
      maxLength: z.number().int().min(1).max(LIMITS.commentLength).optional(),
      placeholder: LocalisedText.optional(),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('matrix'),
      rows: z.array(Row).min(1).max(LIMITS.rowsPerQuestion),
      scale: Scale,
      randomize: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      ...PairBase,
      type: z.literal('expectation_perception'),
      /** Column headings (default: "Expected" / "Experienced"). */
      labels: z
        .object({ expectation: LocalisedText.optional(), perception: LocalisedText.optional() })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      ...PairBase,
      type: z.literal('importance_performance'),
      /** Column headings (default: "Importance" / "Performance"). */
      labels: z
        .object({ importance: LocalisedText.optional(), performance: LocalisedText.optional() })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('contact_info'),
      fields: z
        .array(
          z
            .object({
              field: z.enum(['name', 'email', 'phone', 'company']),
              required: z.boolean().default(false),
              label: LocalisedText.optional(),
            })
            .strict(),
        )
        .min(1)
        .max(4),
    })
    .strict(),
  z.object({ ...Base, type: z.literal('consent') }).strict(),
]);
/** One question. */
export type Question = z.infer<typeof Question>;

/** An ending: the message shown after the last question (the first whose `showIf` holds, else the plain one). */
export const Ending = z
  .object({
    id: Id,
    title: LocalisedText.optional(),
    text: LocalisedText,
    showIf: Condition.optional(),
    redirectUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .strict();

const Language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'language tag');

function conditionRefs(c: ConditionT, depth = 1): { questions: ConditionT[]; depth: number } {
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map((x) => conditionRefs(x, depth + 1));
    return {
      questions: parts.flatMap((p) => p.questions),
      depth: Math.max(depth, ...parts.map((p) => p.depth)),
    };
  }
  if ('not' in c) return conditionRefs(c.not, depth + 1);
  return { questions: 'question' in c ? [c] : [], depth };
}

const DefaultLanguage = z.string().regex(/^[a-z]{2,3}$/);
const definitionFields = {
  /** Languages offered to respondents (default: those the title is written in). */
  languages: z.array(Language).min(1).max(50).optional(),
  title: LocalisedText,
  questions: z.array(Question).min(1).max(LIMITS.questionsPerSurvey),
  endings: z.array(Ending).max(LIMITS.endingsPerSurvey).optional(),
};

/** A whole survey definition. */
export const SurveyDefinition = z
  .object({
    schemaVersion: z.literal(1).default(1),
    defaultLanguage: DefaultLanguage.default('en'),
    ...definitionFields,
  })
  .strict()
  .superRefine(checkDefinition);

/** A new survey's definition as sent: one that names no default language takes the organisation's. */
export const NewSurveyDefinition = z
  .object({
    schemaVersion: z.literal(1).default(1),
    defaultLanguage: DefaultLanguage.optional(),
    ...definitionFields,
  })
  .strict()
  .superRefine(checkDefinition);

/** The checks across a definition's parts: unique ids, conditions and pipes that read earlier questions only. */
function checkDefinition(
  def: { questions: z.infer<typeof Question>[]; endings?: z.infer<typeof Ending>[] | undefined },
  ctx: z.RefinementCtx,
): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const position = new Map<string, number>();
  def.questions.forEach((q, i) => {
    if (position.has(q.id)) issue(['questions', i, 'id'], `duplicate question id "${q.id}"`);
    else position.set(q.id, i);
    const lists: [string, { id: string }[]][] = [];
    if ('options' in q) lists.push(['options', q.options]);
    if (q.type === 'matrix') lists.push(['rows', q.rows]);
    if ('attributes' in q) lists.push(['attributes', q.attributes]);
    for (const [key, list] of lists) {
      const ids = new Set<string>();
      list.forEach((o, j) => {
        if (ids.has(o.id)) issue(['questions', i, key, j, 'id'], `duplicate id "${o.id}"`);
        ids.add(o.id);
      });
    }
    if (q.type === 'contact_info') {
      const fields = q.fields.map((f) => f.field);
      if (new Set(fields).size !== fields.length)
        issue(['questions', i, 'fields'], 'a field is listed twice');
    }
  });
  const endingIds = new Set<string>();
  (def.endings ?? []).forEach((e, k) => {
    if (endingIds.has(e.id) || position.has(e.id))
      issue(['endings', k, 'id'], `"${e.id}" is already a question or ending id`);
    endingIds.add(e.id);
  });
  // A condition may read only questions asked before (or, for a jump, the question itself).
  const checkCondition = (c: ConditionT, before: number, path: (string | number)[]) => {
    const { questions, depth } = conditionRefs(c);
    if (depth > LIMITS.conditionDepth) issue(path, `is nested deeper than ${LIMITS.conditionDepth} levels`);
    for (const ref of questions) {
      if (!('question' in ref)) continue;
      const at = position.get(ref.question);
      if (at === undefined) issue(path, `refers to unknown question "${ref.question}"`);
      else if (at > before) issue(path, `refers to question "${ref.question}", which comes later`);
    }
  };
  def.questions.forEach((q, i) => {
    if (q.showIf) checkCondition(q.showIf, i - 1, ['questions', i, 'showIf']);
    if (q.skipIf) checkCondition(q.skipIf, i - 1, ['questions', i, 'skipIf']);
    q.jump?.forEach((j, k) => {
      checkCondition(j.if, i, ['questions', i, 'jump', k, 'if']);
      const target = position.get(j.to);
      if (target === undefined && !endingIds.has(j.to))
        issue(['questions', i, 'jump', k, 'to'], `"${j.to}" is neither a question nor an ending`);
      else if (target !== undefined && target <= i)
        issue(['questions', i, 'jump', k, 'to'], `can only jump forward ("${j.to}" is not after "${q.id}")`);
    });
  });
  (def.endings ?? []).forEach((e, k) => {
    if (e.showIf) checkCondition(e.showIf, def.questions.length, ['endings', k, 'showIf']);
  });
  // A question's texts may pipe in only answers given before it (an ending's, any answer).
  def.questions.forEach((q, i) => {
    const { showIf: _s, skipIf: _k, jump: _j, ...texts } = q;
    for (const id of pipedAnswers(texts)) {
      const at = position.get(id);
      if (at === undefined) issue(['questions', i, 'text'], `pipes the answer to unknown question "${id}"`);
      else if (at >= i)
        issue(['questions', i, 'text'], `pipes the answer to "${id}", which is not asked before it`);
    }
  });
  (def.endings ?? []).forEach((e, k) => {
    for (const id of pipedAnswers(e))
      if (!position.has(id)) issue(['endings', k, 'text'], `pipes the answer to unknown question "${id}"`);
  });
}

/** The question ids a value's texts pipe in with `{{answer.<id>}}`. */
function pipedAnswers(value: unknown): Set<string> {
  const out = new Set<string>();
  for (const m of JSON.stringify(value).matchAll(/\{\{\s*answer\.([a-zA-Z][a-zA-Z0-9_-]*)/g))
    out.add(m[1] as string);
  return out;
}
/** A whole survey definition (parsed, defaults applied). */
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

/** An answer value as submitted. */
export type AnswerValue = number | string | boolean | string[] | Record<string, unknown> | null;

/**
 * Check answers against a definition and its logic; returns every problem, each naming
 * `answers.<questionId>` (and the row, attribute or field below it). A question off the respondent's
 * path (hidden by `showIf`/`skipIf`, or jumped over) is not required; an answer to it is still checked.
 */
export function checkAnswers(
  def: SurveyDefinition,
  answers: Record<string, unknown>,
  ctx: RespondentContext = {},
): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  for (const key of Object.keys(answers)) {
    if (!byId.has(key)) problems.push({ name: `answers.${key}`, reason: 'is not a question of this survey' });
  }
  const shown = new Set(surveyPath(def, answers, ctx).questions.map((q) => q.id));
  for (const q of def.questions) {
    const value = answers[q.id];
    const name = (sub?: string) => (sub ? `answers.${q.id}.${sub}` : `answers.${q.id}`);
    if (isEmpty(value)) {
      if (!shown.has(q.id)) continue;
      if (q.required) problems.push({ name: name(), reason: 'is required' });
      else if (q.type === 'contact_info')
        for (const p of checkComplete(q, {})) problems.push({ name: name(p.name), reason: p.reason });
      continue;
    }
    const found = [...checkAnswer(q, value), ...(shown.has(q.id) ? checkComplete(q, value) : [])];
    for (const p of found) problems.push({ name: name(p.name), reason: p.reason });
  }
  return problems;
}

/** The measures a response contributes to its feedback record: the first NPS/CSAT/CES/rating and text answers. */
export function extractMeasures(
  def: SurveyDefinition,
  answers: Record<string, unknown>,
): Measures & { text: string | null } {
  const out: Measures & { text: string | null } = {
    nps: null,
    csat: null,
    ces: null,
    rating: null,
    ratingScale: null,
    text: null,
  };
  const texts: string[] = [];
  for (const q of def.questions) {
    const v = answers[q.id];
    if (v === undefined || v === null) continue;
    if (
      (q.type === 'nps' || q.type === 'csat' || q.type === 'ces') &&
      out[q.type] === null &&
      typeof v === 'number'
    ) {
      out[q.type] = v;
    } else if (q.type === 'rating' && out.rating === null && typeof v === 'number') {
      // Ratings are normalised to 0..1 with their original scale kept beside them.
      out.rating = (v - q.scale.min) / (q.scale.max - q.scale.min);
      out.ratingScale = q.scale.max - q.scale.min + 1;
    } else if (q.type === 'text' && typeof v === 'string' && v.trim() !== '') {
      texts.push(v.trim());
    }
  }
  out.text = texts.length > 0 ? texts.join('\n\n') : null;
  return out;
}
