// Import of SurveyJS JSON (a widely used open survey format) into a Northstar definition, with a report
// of what could not be mapped. Pure: no I/O.
import type { Condition, ConditionOp } from './logic.js';

/** What the import did not carry over, and what it changed on the way. */
export interface ImportReport {
  /** Questions carried over: SurveyJS name and type → Northstar id and type. */
  mapped: { name: string; from: string; to: string }[];
  /** Elements left out, with the reason. */
  unmapped: { path: string; name: string; type: string; reason: string }[];
  /** Things carried over approximately (renamed ids, dropped options, conditions left out). */
  warnings: { path: string; message: string }[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const ID = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

function stripHtml(s: string): string {
  return s
    .replace(/<\/?(b|i|em|strong|span|a|u|small|code)\b[^>]*>/gi, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** SurveyJS text (a string, or `{ default, fr, … }`) → Northstar localised text. */
function text(v: unknown, lang: string, html = false): string | Record<string, string> | undefined {
  const clean = (s: string) => (html ? stripHtml(s) : s.trim()).slice(0, 2000);
  if (typeof v === 'string') return clean(v) || undefined;
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(v)) {
    if (typeof s !== 'string' || !clean(s)) continue;
    const key = k === 'default' ? lang : k.toLowerCase();
    if (/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/.test(key)) out[key] = clean(s);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A SurveyJS expression such as `{nps} <= 6 and {plan} = 'pro'` → a condition, or undefined. */
export function parseExpression(expr: string): Condition | undefined {
  const orParts = expr.split(/\s+or\s+/i);
  if (orParts.length > 1) {
    const any = orParts.map(parseExpression);
    return any.every(Boolean) ? { any: any as Condition[] } : undefined;
  }
  const andParts = expr.split(/\s+and\s+/i);
  if (andParts.length > 1) {
    const all = andParts.map(parseExpression);
    return all.every(Boolean) ? { all: all as Condition[] } : undefined;
  }
  const m =
    /^\s*\{([a-zA-Z][\w-]*)(?:\.([a-zA-Z][\w-]*))?\}\s*(=|==|!=|<>|<=|>=|<|>|notempty|empty|contains|notcontains|anyof|allof|noneof)\s*(.*?)\s*$/i.exec(
      expr,
    );
  if (!m) return undefined;
  const [, question, row, rawOp, rawValue = ''] = m;
  const op = rawOp!.toLowerCase();
  const value = (s: string): string | number | boolean | undefined => {
    const t = s.trim();
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
    const q = /^(['"])(.*)\1$/.exec(t);
    return q ? q[2] : undefined;
  };
  const list = () => {
    const inner = /^\[(.*)\]$/.exec(rawValue.trim())?.[1];
    if (inner === undefined) return undefined;
    const items = inner.split(',').map(value);
    return items.every((x) => x !== undefined) ? (items as (string | number | boolean)[]) : undefined;
  };
  const base = { question: question!, ...(row ? { row } : {}) };
  const ops: Record<string, ConditionOp> = {
    '=': 'eq',
    '==': 'eq',
    '!=': 'neq',
    '<>': 'neq',
    '<': 'lt',
    '<=': 'lte',
    '>': 'gt',
    '>=': 'gte',
    contains: 'contains',
  };
  if (op === 'empty') return { ...base, op: 'not_answered' };
  if (op === 'notempty') return { ...base, op: 'answered' };
  if (op === 'anyof' || op === 'noneof') {
    const l = list();
    return l ? { ...base, op: op === 'anyof' ? 'in' : 'not_in', value: l } : undefined;
  }
  if (op === 'allof') {
    const l = list();
    return l ? { ...base, op: 'eq', value: l } : undefined;
  }
  if (op === 'notcontains') {
    const v = value(rawValue);
    return v === undefined ? undefined : { not: { ...base, op: 'contains', value: v } };
  }
  const v = value(rawValue);
  const mapped = ops[op];
  return v === undefined || !mapped ? undefined : { ...base, op: mapped, value: v };
}

function questionRefs(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(questionRefs);
  if ('any' in c) return c.any.flatMap(questionRefs);
  if ('not' in c) return questionRefs(c.not);
  return 'question' in c ? [c.question] : [];
}

/**
 * Convert SurveyJS JSON to a Northstar definition (not yet validated: pass it to `parseDefinition`).
 * Carried over: rating (0–10 becomes NPS), radiogroup, checkbox, dropdown, tagbox, boolean, text, comment,
 * matrix with a numeric column scale, multipletext with name/email/phone/company items, panels (flattened),
 * pages (concatenated), isRequired, description, visibleIf, choicesOrder random, completedHtml(OnCondition).
 */
export function importSurveyJs(json: unknown): { definition: Json; report: ImportReport } {
  const report: ImportReport = { mapped: [], unmapped: [], warnings: [] };
  const src = isObj(json) ? json : {};
  const lang = typeof src.locale === 'string' && /^[a-z]{2,3}$/.test(src.locale) ? src.locale : 'en';
  const questions: Json[] = [];
  const ids = new Map<string, string>(); // SurveyJS name → Northstar id
  const used = new Set<string>();

  const idFor = (name: string, path: string): string => {
    let base =
      name
        .replace(/[^a-zA-Z0-9_-]+/g, '_')
        .replace(/^[^a-zA-Z]+/, '')
        .slice(0, 60) || 'q';
    if (!ID.test(base)) base = `q_${base}`.slice(0, 60);
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    if (id !== name) report.warnings.push({ path, message: `name "${name}" became id "${id}"` });
    return id;
  };

  const options = (el: Json, path: string) => {
    const raw = Array.isArray(el.choices) ? el.choices : [];
    const seen = new Set<string>();
    const out: Json[] = [];
    raw.forEach((c, i) => {
      const value = isObj(c) ? c.value : c;
      const label = text(isObj(c) ? (c.text ?? c.value) : c, lang) ?? String(value);
      let id = String(value ?? '').replace(/[^a-zA-Z0-9_-]+/g, '_');
      if (!/^[a-zA-Z]/.test(id)) id = `o_${id}`;
      id = id.slice(0, 64);
      if (seen.has(id)) {
        report.warnings.push({
          path: `${path}.choices.${i}`,
          message: `duplicate choice "${String(value)}" left out`,
        });
        return;
      }
      if (id !== String(value))
        report.warnings.push({
          path: `${path}.choices.${i}`,
          message: `choice "${String(value)}" became "${id}"`,
        });
      seen.add(id);
      out.push({ id, text: label });
    });
    if (el.hasOther) {
      out.push({ id: 'other', text: text(el.otherText, lang) ?? 'Other', fixed: true });
      report.warnings.push({ path, message: 'the "other" choice is kept, its comment box is not' });
    }
    if (el.hasNone) out.push({ id: 'none', text: text(el.noneText, lang) ?? 'None', fixed: true });
    return out;
  };

  const rows = (list: unknown) =>
    (Array.isArray(list) ? list : []).map((r) => {
      const value = String(isObj(r) ? r.value : r);
      return {
        id: value
          .replace(/[^a-zA-Z0-9_-]+/g, '_')
          .replace(/^([^a-zA-Z])/, 'r_$1')
          .slice(0, 64),
        text: text(isObj(r) ? (r.text ?? r.value) : r, lang) ?? value,
      };
    });

  const convert = (el: Json, path: string): Json | string => {
    const type = String(el.type ?? '');
    switch (type) {
      case 'rating': {
        const values = Array.isArray(el.rateValues)
          ? el.rateValues.map((v) => Number(isObj(v) ? v.value : v))
          : undefined;
        const min = values ? Math.min(...values) : Number(el.rateMin ?? 1);
        const max = values ? Math.max(...values) : Number(el.rateMax ?? 5);
        if (min === 0 && max === 10) return { type: 'nps' };
        if ((min === 0 || min === 1) && max >= 2 && max <= 10 && Number.isInteger(max)) {
          const display =
            el.rateType === 'stars' ? 'stars' : el.rateType === 'smileys' ? 'smileys' : 'numbers';
          return { type: 'rating', scale: { min, max }, display };
        }
        return `rating scale ${min}–${max} is outside what Northstar supports (min 0 or 1, max 2–10)`;
      }
      case 'radiogroup':
      case 'dropdown':
      case 'checkbox':
      case 'tagbox': {
        const opts = options(el, path);
        if (opts.length < 2) return 'fewer than two choices (choicesByUrl is not supported)';
        const t =
          type === 'radiogroup' ? 'single_choice' : type === 'dropdown' ? 'dropdown' : 'multiple_choice';
        const q: Json = { type: t, options: opts };
        if (el.choicesOrder === 'random') q.randomize = true;
        if (t === 'multiple_choice' && typeof el.maxSelectedChoices === 'number' && el.maxSelectedChoices > 0)
          q.maxSelected = el.maxSelectedChoices;
        if (t === 'dropdown' && el.placeholder) q.placeholder = text(el.placeholder, lang);
        return q;
      }
      case 'boolean':
        return {
          type: 'single_choice',
          options: [
            { id: 'yes', text: text(el.labelTrue, lang) ?? 'Yes' },
            { id: 'no', text: text(el.labelFalse, lang) ?? 'No' },
          ],
        };
      case 'text':
      case 'comment': {
        if (
          type === 'text' &&
          el.inputType &&
          !['text', 'email', 'tel', 'url'].includes(String(el.inputType))
        )
          return `text input of type "${String(el.inputType)}" has no Northstar equivalent`;
        const q: Json = { type: 'text', long: type === 'comment' };
        if (typeof el.maxLength === 'number' && el.maxLength > 0)
          q.maxLength = Math.min(el.maxLength, 10_000);
        if (el.placeholder) q.placeholder = text(el.placeholder, lang);
        return q;
      }
      case 'matrix': {
        const cols = (Array.isArray(el.columns) ? el.columns : []).map((c) => Number(isObj(c) ? c.value : c));
        const min = Math.min(...cols);
        const max = Math.max(...cols);
        const consecutive = cols.every((c, i) => c === min + i);
        if (!cols.length || !consecutive || !(min === 0 || min === 1) || max < 2 || max > 11)
          return 'matrix columns are not a numeric scale starting at 0 or 1 (2 to 11 points)';
        const r = rows(el.rows);
        if (r.length === 0) return 'matrix has no rows';
        return { type: 'matrix', rows: r, scale: { min, max } };
      }
      case 'multipletext': {
        const items = Array.isArray(el.items) ? el.items.filter(isObj) : [];
        const fields = items.map((it) => String(it.name ?? '').toLowerCase());
        const known = ['name', 'email', 'phone', 'company'];
        if (items.length === 0 || fields.some((f) => !known.includes(f)))
          return 'multipletext maps only to contact info with items named name, email, phone or company';
        return {
          type: 'contact_info',
          fields: items.map((it) => ({
            field: String(it.name).toLowerCase(),
            required: it.isRequired === true,
          })),
        };
      }
      default:
        return `question type "${type || 'unknown'}" has no Northstar equivalent`;
    }
  };

  const walk = (elements: unknown, path: string) => {
    if (!Array.isArray(elements)) return;
    elements.forEach((el, i) => {
      const p = `${path}.${i}`;
      if (!isObj(el)) return;
      const name = String(el.name ?? `question${questions.length + 1}`);
      if (el.type === 'panel') {
        if (el.visibleIf)
          report.warnings.push({
            path: p,
            message: `the panel's visibleIf was not carried to its questions`,
          });
        walk(el.elements ?? el.questions, `${p}.elements`);
        return;
      }
      const converted = convert(el, p);
      if (typeof converted === 'string') {
        report.unmapped.push({ path: p, name, type: String(el.type ?? ''), reason: converted });
        return;
      }
      const id = idFor(name, p);
      ids.set(name, id);
      const q: Json = { id, ...converted, text: text(el.title, lang) ?? text(el.name, lang) ?? id };
      if (el.isRequired === true) q.required = true;
      const desc = text(el.description, lang);
      if (desc) q.description = desc;
      if (typeof el.visibleIf === 'string') {
        const cond = parseExpression(el.visibleIf);
        const refs = cond ? questionRefs(cond) : [];
        if (cond && refs.every((r) => ids.has(r) && ids.get(r) !== id)) {
          q.showIf = JSON.parse(JSON.stringify(cond), (k, v) => (k === 'question' ? ids.get(v) : v));
        } else {
          report.warnings.push({
            path: p,
            message: `visibleIf "${el.visibleIf}" could not be mapped; the question is always shown`,
          });
        }
      }
      questions.push(q);
      report.mapped.push({ name, from: String(el.type), to: String(converted.type) });
    });
  };

  if (Array.isArray(src.pages)) {
    src.pages.forEach((page, i) => {
      if (isObj(page)) walk(page.elements ?? page.questions, `pages.${i}.elements`);
    });
  }
  walk(src.questions ?? src.elements, 'questions');
  if (src.triggers) report.warnings.push({ path: 'triggers', message: 'SurveyJS triggers are not imported' });
  if (src.calculatedValues)
    report.warnings.push({ path: 'calculatedValues', message: 'calculated values are not imported' });

  const endings: Json[] = [];
  if (Array.isArray(src.completedHtmlOnCondition)) {
    src.completedHtmlOnCondition.forEach((c, i) => {
      if (!isObj(c)) return;
      const cond = typeof c.expression === 'string' ? parseExpression(c.expression) : undefined;
      const t = text(c.html, lang, true);
      if (!cond || !t || !questionRefs(cond).every((r) => ids.has(r))) {
        report.warnings.push({
          path: `completedHtmlOnCondition.${i}`,
          message: 'ending condition could not be mapped; left out',
        });
        return;
      }
      endings.push({
        id: `ending_${i + 1}`,
        text: t,
        showIf: JSON.parse(JSON.stringify(cond), (k, v) => (k === 'question' ? ids.get(v) : v)),
      });
    });
  }
  const done = text(src.completedHtml, lang, true);
  if (done) endings.push({ id: 'ending', text: done });

  const definition: Json = {
    schemaVersion: 1,
    defaultLanguage: lang,
    title: text(src.title, lang) ?? 'Imported survey',
    questions,
  };
  if (endings.length > 0) definition.endings = endings;
  return { definition, report };
}
