// The builder's texts without React: every text of a definition a respondent reads (title, questions,
// options, rows, attributes, labels, endings) with its translations, adding and removing a language, and
// the piping tokens (`{{answer.<id>}}`, `{{attribute.<name>|fallback}}`) the hosted renderer fills in.
import type { Definition, Question } from './survey-draft.js';
import { plainText } from './survey-draft.js';

type Localised = Question['text'];
type Ending = NonNullable<Definition['endings']>[number];

/**
 * Languages a definition offers, default first: its `languages`, else those its title is written in
 * (the hosted page's rule, `surveyLanguages`).
 */
export function languagesOf(def: Definition): string[] {
  const fromTitle = typeof def.title === 'string' ? [] : Object.keys(def.title);
  const list = def.languages && def.languages.length > 0 ? def.languages : fromTitle;
  return [...new Set([def.defaultLanguage, ...list])];
}

/** Common languages offered when adding one (any BCP 47 tag the format accepts may be typed instead). */
export const COMMON_LANGUAGES: readonly { tag: string; name: string }[] = [
  { tag: 'en', name: 'English' },
  { tag: 'fr', name: 'French' },
  { tag: 'de', name: 'German' },
  { tag: 'es', name: 'Spanish' },
  { tag: 'it', name: 'Italian' },
  { tag: 'nl', name: 'Dutch' },
  { tag: 'pt', name: 'Portuguese' },
  { tag: 'sv', name: 'Swedish' },
  { tag: 'da', name: 'Danish' },
  { tag: 'fi', name: 'Finnish' },
  { tag: 'no', name: 'Norwegian' },
  { tag: 'pl', name: 'Polish' },
  { tag: 'ja', name: 'Japanese' },
  { tag: 'zh', name: 'Chinese' },
];

/** A language's name for the builder (its tag when it is not a common one). */
export const languageName = (tag: string): string => COMMON_LANGUAGES.find((l) => l.tag === tag)?.name ?? tag;

/** Whether a tag is one the definition format accepts (`fr`, `pt-BR`). */
export const isLanguageTag = (tag: string): boolean => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(tag);

/**
 * A localised value with one language's text set. The default language's text on a plain string stays
 * plain; another language turns it into a record. An empty translation is removed (the respondent then
 * reads the default language), an empty default-language text is kept so the API can say it is missing.
 */
export function withLanguage(text: Localised, lang: string, value: string, defaultLang: string): Localised {
  if (typeof text === 'string') {
    if (lang === defaultLang) return value;
    return value === '' ? text : { [defaultLang]: text, [lang]: value };
  }
  if (value === '' && lang !== defaultLang) {
    const { [lang]: _gone, ...rest } = text;
    return Object.keys(rest).length > 0 ? rest : (text[defaultLang] ?? '');
  }
  return { ...text, [lang]: value };
}

/** One language's own text of a value ('' when it has none: the respondent reads the default). */
export function ownText(text: Localised | undefined, lang: string, defaultLang: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return lang === defaultLang ? text : '';
  return text[lang] ?? '';
}

function mapOptional<T extends Localised | undefined>(t: T, fn: (t: Localised) => Localised): T {
  return (t === undefined ? t : fn(t)) as T;
}

function mapQuestion(q: Question, fn: (t: Localised) => Localised): Question {
  const out = { ...q, text: fn(q.text), description: mapOptional(q.description, fn) } as Question & {
    [k: string]: unknown;
  };
  if (q.description === undefined) delete out.description;
  if ('options' in q)
    (out as { options: unknown }).options = q.options.map((o) => ({ ...o, text: fn(o.text) }));
  if (q.type === 'matrix') (out as { rows: unknown }).rows = q.rows.map((r) => ({ ...r, text: fn(r.text) }));
  if ('attributes' in q)
    (out as { attributes: unknown }).attributes = q.attributes.map((a) => ({ ...a, text: fn(a.text) }));
  if ('placeholder' in q && q.placeholder !== undefined)
    (out as { placeholder: unknown }).placeholder = fn(q.placeholder);
  if ('scale' in q && 'labels' in q.scale && q.scale.labels) {
    const l = q.scale.labels;
    (out as { scale: unknown }).scale = {
      ...q.scale,
      labels: Object.fromEntries(Object.entries(l).map(([k, v]) => [k, v === undefined ? v : fn(v)])),
    };
  }
  if ((q.type === 'expectation_perception' || q.type === 'importance_performance') && q.labels)
    (out as { labels: unknown }).labels = Object.fromEntries(
      Object.entries(q.labels).map(([k, v]) => [k, v === undefined ? v : fn(v as Localised)]),
    );
  if (q.type === 'contact_info')
    (out as { fields: unknown }).fields = q.fields.map((f) =>
      f.label === undefined ? f : { ...f, label: fn(f.label) },
    );
  return out;
}

/** The definition with every text a respondent reads passed through `fn`. */
export function mapTexts(def: Definition, fn: (t: Localised) => Localised): Definition {
  const endings = def.endings?.map((e): Ending => {
    const { title, ...rest } = e;
    return { ...rest, ...(title === undefined ? {} : { title: fn(title) }), text: fn(e.text) };
  });
  return {
    ...def,
    title: fn(def.title),
    questions: def.questions.map((q) => mapQuestion(q, fn)),
    ...(endings ? { endings } : {}),
  };
}

/** The definition offering one more language (texts stay untranslated until typed). */
export function addLanguage(def: Definition, tag: string): Definition {
  const list = languagesOf(def);
  if (list.includes(tag)) return def;
  return { ...def, languages: [...list, tag] };
}

/** The definition without a language: its translations are dropped everywhere. */
export function removeLanguage(def: Definition, tag: string): Definition {
  if (tag === def.defaultLanguage) return def;
  const list = languagesOf(def).filter((l) => l !== tag);
  const stripped = mapTexts(def, (t) =>
    typeof t === 'string' ? t : withLanguage(t, tag, '', def.defaultLanguage),
  );
  const { languages: _old, ...rest } = stripped;
  return list.length > 1 ? { ...rest, languages: list } : rest;
}

/**
 * The definition with another default language (one it offers, a primary tag such as `fr`): each text
 * written as plain text is kept as the old default language's, so nothing changes language silently.
 */
export function setDefaultLanguage(def: Definition, tag: string): Definition {
  if (tag === def.defaultLanguage || !/^[a-z]{2,3}$/.test(tag)) return def;
  const old = def.defaultLanguage;
  const kept = mapTexts(def, (t) => (typeof t === 'string' ? { [old]: t } : t));
  const rest = languagesOf(def).filter((l) => l !== tag);
  return { ...kept, defaultLanguage: tag, languages: [tag, ...rest] };
}

/** One text of the definition for the side-by-side translation table. */
export interface TextEntry {
  /** Where it is: `title`, `q.<i>.text`, `q.<i>.item.<j>`, `e.<k>.title`, `e.<k>.text`. */
  key: string;
  /** What it is, for the table's row heading. */
  label: string;
  text: Localised;
}

/** The texts the builder translates: the title, each question and its items, each ending. */
export function textEntries(def: Definition): TextEntry[] {
  const lang = def.defaultLanguage;
  const out: TextEntry[] = [{ key: 'title', label: 'Survey title', text: def.title }];
  def.questions.forEach((q, i) => {
    out.push({ key: `q.${i}.text`, label: `Question ${i + 1}`, text: q.text });
    if (q.description !== undefined)
      out.push({ key: `q.${i}.description`, label: `Question ${i + 1} description`, text: q.description });
    itemsOf(q).forEach((item, j) => {
      out.push({
        key: `q.${i}.item.${j}`,
        label: `Question ${i + 1}, ${plainText(item.text, lang)}`,
        text: item.text,
      });
    });
  });
  (def.endings ?? []).forEach((e, k) => {
    if (e.title !== undefined)
      out.push({ key: `e.${k}.title`, label: `Ending ${k + 1} title`, text: e.title });
    out.push({ key: `e.${k}.text`, label: `Ending ${k + 1} message`, text: e.text });
  });
  return out;
}

function itemsOf(q: Question): { id: string; text: Localised }[] {
  if ('options' in q) return q.options;
  if (q.type === 'matrix') return q.rows;
  if ('attributes' in q) return q.attributes;
  return [];
}

/** The definition with the text at `key` (see `TextEntry`) set in one language. */
export function setTextAt(def: Definition, key: string, lang: string, value: string): Definition {
  const set = (t: Localised) => withLanguage(t, lang, value, def.defaultLanguage);
  const parts = key.split('.');
  if (parts[0] === 'title') return { ...def, title: set(def.title) };
  const i = Number(parts[1]);
  if (parts[0] === 'q') {
    const questions = def.questions.map((q, n) => {
      if (n !== i) return q;
      if (parts[2] === 'text') return { ...q, text: set(q.text) };
      if (parts[2] === 'description') return { ...q, description: set(q.description ?? '') };
      const j = Number(parts[3]);
      const field = 'options' in q ? 'options' : q.type === 'matrix' ? 'rows' : 'attributes';
      const items = itemsOf(q).map((it, m) => (m === j ? { ...it, text: set(it.text) } : it));
      return { ...q, [field]: items } as Question;
    });
    return { ...def, questions };
  }
  const endings = (def.endings ?? []).map((e, n) => {
    if (n !== i) return e;
    return parts[2] === 'title' ? { ...e, title: set(e.title ?? '') } : { ...e, text: set(e.text) };
  });
  return { ...def, endings };
}

/** The piping token of an earlier answer. */
export const answerToken = (questionId: string): string => `{{answer.${questionId}}}`;

/** The piping token of a contact attribute, with the text shown when the contact has none. */
export const attributeToken = (name: string, fallback = ''): string =>
  `{{attribute.${name}${fallback ? `|${fallback}` : ''}}}`;

/** A text with a token inserted at a cursor position (at the end when none), spaced from its neighbours. */
export function insertToken(text: string, token: string, at = text.length): string {
  const before = text.slice(0, at);
  const after = text.slice(at);
  const pad = before !== '' && !/\s$/.test(before) ? ' ' : '';
  const padAfter = after !== '' && !/^[\s?!.,;:]/.test(after) ? ' ' : '';
  return `${before}${pad}${token}${padAfter}${after}`;
}

/** The answers and attributes a text pipes in. */
export function tokensIn(text: string): { answers: string[]; attributes: string[] } {
  const answers: string[] = [];
  const attributes: string[] = [];
  for (const m of text.matchAll(/\{\{\s*(answer|attribute)\.([a-zA-Z][a-zA-Z0-9_-]*)\s*(?:\|[^}]*)?\}\}/g))
    (m[1] === 'answer' ? answers : attributes).push(m[2] as string);
  return { answers, attributes };
}
