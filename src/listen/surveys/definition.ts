// The survey definition format (schemaVersion 1) and the checking of answers against it.
import { z } from 'zod';
import type { InvalidParam } from '../../platform/errors/index.js';
import { LIMITS } from '../../shared/limits.js';

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

const Base = {
  id: Id,
  text: LocalisedText,
  required: z.boolean().default(false),
  description: LocalisedText.optional(),
};
const Option = z.object({ id: Id, text: LocalisedText });

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
      options: z.array(Option).min(2).max(LIMITS.choicesPerQuestion),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('multiple_choice'),
      options: z.array(Option).min(2).max(LIMITS.choicesPerQuestion),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('text'),
      long: z.boolean().default(true),
      maxLength: z.number().int().min(1).max(LIMITS.commentLength).optional(),
    })
    .strict(),
]);
/** One question. */
export type Question = z.infer<typeof Question>;

/** A whole survey definition. */
export const SurveyDefinition = z
  .object({
    schemaVersion: z.literal(1).default(1),
    defaultLanguage: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .default('en'),
    title: LocalisedText,
    questions: z.array(Question).min(1).max(LIMITS.questionsPerSurvey),
  })
  .strict()
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    def.questions.forEach((q, i) => {
      if (seen.has(q.id))
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `duplicate question id "${q.id}"`,
        });
      seen.add(q.id);
      if ('options' in q) {
        const ids = new Set<string>();
        q.options.forEach((o, j) => {
          if (ids.has(o.id))
            ctx.addIssue({
              code: 'custom',
              path: ['questions', i, 'options', j, 'id'],
              message: `duplicate option id "${o.id}"`,
            });
          ids.add(o.id);
        });
      }
    });
  });
/** A whole survey definition (parsed, defaults applied). */
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

/** An answer value as submitted. */
export type AnswerValue = number | string | string[] | null;

const RANGES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

function checkAnswer(q: Question, value: unknown): string | undefined {
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces': {
      const [lo, hi] = RANGES[q.type];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
        return `must be a whole number from ${lo} to ${hi}`;
      }
      return undefined;
    }
    case 'rating':
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < q.scale.min ||
        value > q.scale.max
      ) {
        return `must be a whole number from ${q.scale.min} to ${q.scale.max}`;
      }
      return undefined;
    case 'single_choice':
      if (typeof value !== 'string' || !q.options.some((o) => o.id === value)) {
        return `must be one of: ${q.options.map((o) => o.id).join(', ')}`;
      }
      return undefined;
    case 'multiple_choice':
      if (
        !Array.isArray(value) ||
        value.some((v) => typeof v !== 'string' || !q.options.some((o) => o.id === v))
      ) {
        return `must be a list of: ${q.options.map((o) => o.id).join(', ')}`;
      }
      if (new Set(value).size !== value.length) return 'must not repeat an option';
      return undefined;
    case 'text': {
      if (typeof value !== 'string') return 'must be text';
      const max = q.maxLength ?? LIMITS.commentLength;
      if (value.length > max) return `must be at most ${max} characters (got ${value.length})`;
      return undefined;
    }
  }
}

/** Check answers against a definition; returns every problem, each naming `answers.<questionId>`. */
export function checkAnswers(def: SurveyDefinition, answers: Record<string, unknown>): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  for (const key of Object.keys(answers)) {
    if (!byId.has(key)) problems.push({ name: `answers.${key}`, reason: 'is not a question of this survey' });
  }
  for (const q of def.questions) {
    const value = answers[q.id];
    const empty =
      value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (q.required) problems.push({ name: `answers.${q.id}`, reason: 'is required' });
      continue;
    }
    const problem = checkAnswer(q, value);
    if (problem) problems.push({ name: `answers.${q.id}`, reason: problem });
  }
  return problems;
}

/** The measures a response contributes to its feedback record: the first NPS/CSAT/CES/rating and text answers. */
export function extractMeasures(
  def: SurveyDefinition,
  answers: Record<string, unknown>,
): {
  nps: number | null;
  csat: number | null;
  ces: number | null;
  rating: number | null;
  ratingScale: number | null;
  text: string | null;
} {
  const out = { nps: null, csat: null, ces: null, rating: null, ratingScale: null, text: null } as {
    nps: number | null;
    csat: number | null;
    ces: number | null;
    rating: number | null;
    ratingScale: number | null;
    text: string | null;
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
