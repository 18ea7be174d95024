// The numeric items and pair items of a survey definition, and reading their values from answers. Pure.
/** A numeric item of a survey: a scored question, or one row/attribute of a matrix or pair question. */
export interface NumericItem {
  /** `questionId`, or `questionId.rowId` for matrix rows and pair attributes. */
  id: string;
  questionId: string;
  label: string;
  type: string;
  scale: { min: number; max: number };
  /** For pair questions: which part of the pair ('perception', 'performance'...); null otherwise. */
  part: string | null;
}

/** A pair item (expectation-perception or importance-performance) of a survey. */
export interface PairItem {
  questionId: string;
  questionLabel: string;
  attributeId: string;
  label: string;
  kind: 'expectation_perception' | 'importance_performance';
  scale: { min: number; max: number };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text of a localised string in the definition's default language (or the first one given). */
export function localText(t: unknown, lang = 'en'): string {
  if (typeof t === 'string') return t;
  if (isObject(t)) {
    const v = t[lang] ?? Object.values(t)[0];
    if (typeof v === 'string') return v;
  }
  return '';
}

const FIXED_SCALES: Record<string, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

function questions(def: unknown): { lang: string; list: Json[] } {
  if (!isObject(def) || !Array.isArray(def.questions)) return { lang: 'en', list: [] };
  const lang = typeof def.defaultLanguage === 'string' ? def.defaultLanguage : 'en';
  return { lang, list: def.questions.filter(isObject) };
}

function scaleOf(q: Json): { min: number; max: number } | null {
  const fixed = FIXED_SCALES[String(q.type)];
  if (fixed) return fixed;
  if (isObject(q.scale) && typeof q.scale.min === 'number' && typeof q.scale.max === 'number') {
    return { min: q.scale.min, max: q.scale.max };
  }
  return null;
}

/** Numeric items: nps, csat, ces and rating questions, and each row of a matrix question. */
export function numericItems(def: unknown): NumericItem[] {
  const { lang, list } = questions(def);
  const out: NumericItem[] = [];
  for (const q of list) {
    const id = String(q.id);
    const type = String(q.type);
    const scale = scaleOf(q);
    if (!scale) continue;
    if (type in FIXED_SCALES || type === 'rating') {
      out.push({ id, questionId: id, label: localText(q.text, lang), type, scale, part: null });
    } else if (type === 'matrix' && Array.isArray(q.rows)) {
      for (const r of q.rows.filter(isObject)) {
        out.push({
          id: `${id}.${String(r.id)}`,
          questionId: id,
          label: `${localText(q.text, lang)}: ${localText(r.text, lang)}`,
          type,
          scale,
          part: null,
        });
      }
    }
  }
  return out;
}

/** The attributes of the pair questions of a kind (default 1-7 scale as in the survey format). */
export function pairItems(def: unknown, kind: PairItem['kind']): PairItem[] {
  const { lang, list } = questions(def);
  const out: PairItem[] = [];
  for (const q of list) {
    if (q.type !== kind || !Array.isArray(q.attributes)) continue;
    const scale = scaleOf(q) ?? { min: 1, max: 7 };
    for (const a of q.attributes.filter(isObject)) {
      out.push({
        questionId: String(q.id),
        questionLabel: localText(q.text, lang),
        attributeId: String(a.id),
        label: localText(a.text, lang),
        kind,
        scale,
      });
    }
  }
  return out;
}

/** The numeric value of an item in one response's answers; NaN when missing or not a number. */
export function itemValue(answers: Record<string, unknown>, id: string): number {
  const dot = id.indexOf('.');
  const v = dot < 0 ? answers[id] : (answers[id.slice(0, dot)] as Json | undefined)?.[id.slice(dot + 1)];
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}

/** A pair answer's two parts: `{ expectation, perception }` or `{ importance, performance }`; NaN when missing. */
export function pairValue(
  answers: Record<string, unknown>,
  questionId: string,
  attributeId: string,
  part: string,
): number {
  const q = answers[questionId];
  if (!isObject(q)) return Number.NaN;
  const a = q[attributeId];
  if (!isObject(a)) return Number.NaN;
  const v = a[part];
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}

/** A contact attribute as a number: numbers as is, true/yes/1 = 1 and false/no/0 = 0; NaN otherwise. */
export function attributeNumber(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'yes') return 1;
    if (s === 'false' || s === 'no') return 0;
    if (s !== '' && Number.isFinite(Number(s))) return Number(s);
  }
  return Number.NaN;
}
