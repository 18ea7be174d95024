// The survey builder's model without React: a question of each type with its defaults, the editing of
// lists (options, rows, attributes) as lines, and the API's field errors keyed by the builder's fields
// (the logic is in survey-rules.ts, the texts and languages in survey-texts.ts). Types come from the API contract (the server's definition format).
import type * as api from '../../../src/shared/api/index.js';

/** A survey definition as the API stores it (defaults applied). */
export type Definition = api.Survey['definition'];
/** One question of a definition. */
export type Question = Definition['questions'][number];
/** A question's type. */
export type QuestionType = Question['type'];
/** A condition of the display logic. */
export type Condition = NonNullable<Question['showIf']>;
type Localised = Question['text'];

/** Every question type of the definition format, with its name in the builder. */
export const QUESTION_TYPES: readonly { type: QuestionType; label: string }[] = [
  { type: 'nps', label: 'Net Promoter Score (0–10)' },
  { type: 'csat', label: 'Satisfaction (CSAT, 1–5)' },
  { type: 'ces', label: 'Customer effort (CES, 1–7)' },
  { type: 'rating', label: 'Rating scale' },
  { type: 'single_choice', label: 'Single choice' },
  { type: 'multiple_choice', label: 'Multiple choice' },
  { type: 'dropdown', label: 'Dropdown' },
  { type: 'text', label: 'Free text' },
  { type: 'matrix', label: 'Matrix (rows on a scale)' },
  { type: 'expectation_perception', label: 'Expectation and perception pairs' },
  { type: 'importance_performance', label: 'Importance and performance pairs' },
  { type: 'contact_info', label: 'Contact details' },
  { type: 'consent', label: 'Consent' },
];

const DEFAULT_TEXT: Record<QuestionType, string> = {
  nps: 'How likely are you to recommend us to a friend or colleague?',
  csat: 'How satisfied are you with your experience?',
  ces: 'It was easy to get what I needed.',
  rating: 'How would you rate us?',
  single_choice: 'Which one applies?',
  multiple_choice: 'Which apply? Choose all that do.',
  dropdown: 'Choose one',
  text: 'What is the main reason for your answer?',
  matrix: 'How would you rate each of these?',
  expectation_perception: 'For each, what did you expect and what did you get?',
  importance_performance: 'For each, how important is it and how well did we do?',
  contact_info: 'How can we reach you?',
  consent: 'May we contact you about your answers?',
};

const choices = (texts: string[]) => texts.map((text, i) => ({ id: `o${i + 1}`, text }));

/** A new question of a type with the format's defaults, keeping the id, text and flags it is given. */
export function newQuestion(
  type: QuestionType,
  id: string,
  keep: {
    text?: Localised;
    required?: boolean;
    showIf?: Condition;
    skipIf?: Condition;
    jump?: Question['jump'];
  } = {},
): Question {
  const base = {
    id,
    text: keep.text ?? DEFAULT_TEXT[type],
    required: keep.required ?? false,
    ...(keep.showIf ? { showIf: keep.showIf } : {}),
    ...(keep.skipIf ? { skipIf: keep.skipIf } : {}),
    ...(keep.jump ? { jump: keep.jump } : {}),
  };
  switch (type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'consent':
      return { ...base, type };
    case 'rating':
      return { ...base, type, scale: { min: 1, max: 5 }, display: 'stars' };
    case 'single_choice':
    case 'multiple_choice':
      return { ...base, type, options: choices(['First option', 'Second option']) };
    case 'dropdown':
      return { ...base, type, options: choices(['First option', 'Second option']) };
    case 'text':
      return { ...base, type, long: true };
    case 'matrix':
      return {
        ...base,
        type,
        rows: choices(['First row']),
        scale: { min: 1, max: 5 },
      };
    case 'expectation_perception':
    case 'importance_performance':
      return { ...base, type, attributes: choices(['First attribute']), scale: { min: 1, max: 7 } };
    case 'contact_info':
      return { ...base, type, fields: [{ field: 'email', required: true }] };
  }
}

/** An id for a new question that no question has yet (`q1`, `q2`, …). */
export function freshId(questions: readonly { id: string }[], stem = 'q'): string {
  const taken = new Set(questions.map((q) => q.id));
  for (let n = questions.length + 1; ; n++) if (!taken.has(`${stem}${n}`)) return `${stem}${n}`;
}

/** The text of a localised value in the definition's default language (or its first language). */
export function plainText(text: Localised | undefined, lang: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? Object.values(text)[0] ?? '';
}

/** A localised value with its default-language text replaced (a plain string stays plain). */
export function withText(text: Localised, lang: string, value: string): Localised {
  return typeof text === 'string' ? value : { ...text, [lang]: value };
}

/** The items of a list question (options, rows or attributes), or undefined for other types. */
export function listOf(q: Question): { key: 'options' | 'rows' | 'attributes'; items: Item[] } | undefined {
  if ('options' in q) return { key: 'options', items: q.options };
  if (q.type === 'matrix') return { key: 'rows', items: q.rows };
  if ('attributes' in q) return { key: 'attributes', items: q.attributes };
  return undefined;
}
type Item = { id: string; text: Localised };

/**
 * Items from lines of text, one per line, blanks dropped: an item keeps its id where a line repeats its
 * text (so logic that names it still holds); a new line gets the next free `o<n>`.
 */
export function itemsFromLines(text: string, previous: readonly Item[], lang: string): Item[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const byText = new Map(previous.map((o) => [plainText(o.text, lang), o]));
  const out: Item[] = [];
  for (const line of lines) {
    const kept = byText.get(line);
    if (kept && !out.some((o) => o.id === kept.id)) out.push(kept);
    else out.push({ id: freshId([...previous, ...out], 'o'), text: line });
  }
  return out;
}

/** Moves the item at `from` by `by` places (a no-op at either end). */
export function move<T>(list: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

/**
 * A field of the builder an API error names: `name`, `title`, `q.<index>.<field>` for a question
 * (`id`, `text`, `showIf`, `skipIf`, `jump`, `items`, `scale`, `fields`), `e.<index>` for an ending, or
 * `form` for the rest.
 */
export function builderField(apiName: string): string {
  const name = apiName.replace(/^body\.?/, '');
  if (name === 'name') return 'name';
  if (name === 'definition.title' || name.startsWith('definition.title.')) return 'title';
  const e = /^definition\.endings\.(\d+)/.exec(name);
  if (e) return `e.${e[1]}`;
  const m = /^definition\.questions\.(\d+)(?:\.([a-zA-Z]+))?/.exec(name);
  if (!m) return 'form';
  const field = m[2] ?? '';
  if (['options', 'rows', 'attributes'].includes(field)) return `q.${m[1]}.items`;
  if (['id', 'text', 'showIf', 'skipIf', 'jump', 'scale', 'fields'].includes(field))
    return `q.${m[1]}.${field}`;
  return `q.${m[1]}`;
}
