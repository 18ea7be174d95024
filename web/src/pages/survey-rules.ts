// The builder's logic model without React: a rule group ("all" / "any" / "none" of several comparisons,
// each on an earlier answer, a matrix row, one part of a pair, or a contact attribute) and its conversion
// to and from the definition format's conditions, with every operator the format has.
import type { Condition, Definition, Question } from './survey-draft.js';
import { plainText } from './survey-draft.js';
import { mapTexts } from './survey-texts.js';

type OpOf<C> = C extends { op: infer O } ? O : never;
/** A comparison operator of the definition format. */
export type Op = OpOf<Condition>;
type Comparable = string | number | boolean;

/** How the comparisons of a group combine: every one, at least one, or none of them holds. */
export type GroupMode = 'all' | 'any' | 'none';

/**
 * One comparison as the builder edits it. `source` names what is compared: `q:<id>`, `q:<id>:<row>`,
 * `q:<id>:<row>:<part>` or `a:<attribute>`; `value` is the raw text typed or chosen (a list joins with `,`).
 */
export interface Rule {
  source: string;
  op: Op;
  value: string;
}

/** Comparisons combined one way. */
export interface RuleGroup {
  mode: GroupMode;
  rules: Rule[];
}

/** Something a rule can compare: an answer (or a row or part of one) or a contact attribute. */
export interface Source {
  key: string;
  label: string;
  /** What its value is: a score, one of options, a list of options, free text, consent, or an attribute. */
  kind: 'number' | 'option' | 'options' | 'text' | 'boolean' | 'presence' | 'attribute';
  question?: Question;
  min?: number;
  max?: number;
}

const LABELS: Record<Op, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  in: 'is one of',
  not_in: 'is none of',
  contains: 'contains',
  answered: 'is answered',
  not_answered: 'is not answered',
};

const PRESENCE: Op[] = ['answered', 'not_answered'];
const OPS_BY_KIND: Record<Source['kind'], Op[]> = {
  number: ['lte', 'gte', 'lt', 'gt', 'eq', 'neq', 'in', 'not_in', ...PRESENCE],
  option: ['eq', 'neq', 'in', 'not_in', ...PRESENCE],
  options: ['contains', 'in', 'eq', 'not_in', ...PRESENCE],
  text: ['contains', 'eq', 'neq', ...PRESENCE],
  boolean: ['eq', ...PRESENCE],
  presence: PRESENCE,
  attribute: ['eq', 'neq', 'in', 'not_in', 'contains', 'gt', 'gte', 'lt', 'lte', ...PRESENCE],
};
const OPTION_LIST_LABELS: Partial<Record<Op, string>> = {
  contains: 'includes',
  in: 'includes any of',
  eq: 'includes all of',
  not_in: 'includes none of',
};

/** A contact attribute not named yet: what a rule starts from where no earlier question can be read. */
export const ANY_ATTRIBUTE: Source = { key: 'a:', label: 'a contact attribute', kind: 'attribute' };

/** The comparisons offered for a source, with their labels. */
export function operatorsOf(source: Source): { op: Op; label: string }[] {
  return OPS_BY_KIND[source.kind].map((op) => ({
    op,
    label: (source.kind === 'options' ? OPTION_LIST_LABELS[op] : undefined) ?? LABELS[op],
  }));
}

/** Whether an operator takes a list of values. */
export const takesList = (op: Op, kind: Source['kind']): boolean =>
  op === 'in' || op === 'not_in' || (kind === 'options' && op === 'eq');

/** Whether an operator takes no value. */
export const takesNoValue = (op: Op): boolean => op === 'answered' || op === 'not_answered';

const SCORE_RANGE: Partial<Record<Question['type'], [number, number]>> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
};

/** What a rule may compare for these questions (in order), plus contact attributes named in `attributes`. */
export function sourcesOf(
  questions: readonly Question[],
  lang: string,
  attributes: readonly string[] = [],
): Source[] {
  const out: Source[] = [];
  for (const q of questions) {
    const name = `"${plainText(q.text, lang).slice(0, 40)}"`;
    const key = `q:${q.id}`;
    const range = SCORE_RANGE[q.type];
    if (range) out.push({ key, label: name, kind: 'number', question: q, min: range[0], max: range[1] });
    else if (q.type === 'rating')
      out.push({ key, label: name, kind: 'number', question: q, min: q.scale.min, max: q.scale.max });
    else if (q.type === 'single_choice' || q.type === 'dropdown')
      out.push({ key, label: name, kind: 'option', question: q });
    else if (q.type === 'multiple_choice') out.push({ key, label: name, kind: 'options', question: q });
    else if (q.type === 'text') out.push({ key, label: name, kind: 'text', question: q });
    else if (q.type === 'consent') out.push({ key, label: name, kind: 'boolean', question: q });
    else if (q.type === 'contact_info') out.push({ key, label: name, kind: 'presence', question: q });
    else if (q.type === 'matrix') {
      for (const r of q.rows)
        out.push({
          key: `${key}:${r.id}`,
          label: `${name}: ${plainText(r.text, lang)}`,
          kind: 'number',
          question: q,
          min: q.scale.min,
          max: q.scale.max,
        });
    } else if (q.type === 'expectation_perception' || q.type === 'importance_performance') {
      const parts =
        q.type === 'expectation_perception' ? ['expectation', 'perception'] : ['importance', 'performance'];
      for (const a of q.attributes)
        for (const p of parts)
          out.push({
            key: `${key}:${a.id}:${p}`,
            label: `${name}: ${plainText(a.text, lang)} (${p})`,
            kind: 'number',
            question: q,
            min: q.scale.min,
            max: q.scale.max,
          });
    }
  }
  for (const a of attributes)
    out.push({ key: `a:${a}`, label: `contact attribute "${a}"`, kind: 'attribute' });
  return out;
}

/** A new rule on a source: its first comparison and a starting value (a low score, the first option, yes). */
export function startRule(source: Source): Rule {
  const op = operatorsOf(source)[0]?.op ?? 'answered';
  return { source: source.key, op, value: startValue(source, op) };
}

/** A starting value for a comparison on a source. */
export function startValue(source: Source, op: Op): string {
  if (takesNoValue(op)) return '';
  const q = source.question;
  if (source.kind === 'number') {
    const lo = source.min ?? 0;
    const hi = source.max ?? 10;
    return String(q?.type === 'nps' ? 6 : Math.floor((lo + hi) / 2));
  }
  if (q && 'options' in q) return q.options[0]?.id ?? '';
  if (source.kind === 'boolean') return 'true';
  return '';
}

function typed(raw: string, kind: Source['kind']): Comparable {
  const s = raw.trim();
  if (kind === 'number') return s === '' ? 0 : Number(s);
  if (kind === 'boolean') return s === 'true';
  if (kind === 'attribute') {
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    if (s === 'true' || s === 'false') return s === 'true';
  }
  return s;
}

/** The definition format's condition for one rule (the source's kind types its value). */
export function ruleCondition(rule: Rule, kind: Source['kind']): Condition {
  const [what, id = '', row, part] = rule.source.split(':');
  const value: Comparable | Comparable[] | undefined = takesNoValue(rule.op)
    ? undefined
    : takesList(rule.op, kind)
      ? rule.value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
          .map((v) => typed(v, kind))
      : typed(rule.value, kind);
  const tail = { op: rule.op, ...(value === undefined ? {} : { value }) };
  if (what === 'a') return { attribute: id, ...tail };
  return { question: id, ...(row ? { row } : {}), ...(part ? { part } : {}), ...tail };
}

/** The condition of a group: one rule alone, or `all` / `any` / `not any` of them; undefined when empty. */
export function groupCondition(group: RuleGroup, sources: readonly Source[]): Condition | undefined {
  const kindOf = (key: string) =>
    sources.find((s) => s.key === key)?.kind ?? (key.startsWith('a:') ? 'attribute' : 'text');
  const parts = group.rules.map((r) => ruleCondition(r, kindOf(r.source)));
  if (parts.length === 0) return undefined;
  if (group.mode === 'none') return { not: parts.length === 1 ? parts[0]! : { any: parts } };
  if (parts.length === 1) return parts[0];
  return group.mode === 'all' ? { all: parts } : { any: parts };
}

function leafRule(c: Condition): Rule | null {
  if ('all' in c || 'any' in c || 'not' in c) return null;
  const source =
    'attribute' in c
      ? `a:${c.attribute}`
      : ['q', c.question, c.row, c.part].filter((x) => x !== undefined).join(':');
  const value = c.value === undefined ? '' : Array.isArray(c.value) ? c.value.join(',') : String(c.value);
  return { source, op: c.op, value };
}

/**
 * A condition as a rule group, or null when it has a shape the builder does not edit (groups inside
 * groups): such a condition is kept as written.
 */
export function conditionGroup(c: Condition | undefined): RuleGroup | null {
  if (!c) return { mode: 'all', rules: [] };
  const leaf = leafRule(c);
  if (leaf) return { mode: 'all', rules: [leaf] };
  if ('not' in c) {
    const inner = 'any' in c.not ? c.not.any : [c.not];
    const rules = inner.map(leafRule);
    return rules.every((r): r is Rule => r !== null) ? { mode: 'none', rules } : null;
  }
  const list = 'all' in c ? c.all : 'any' in c ? c.any : [];
  const rules = list.map(leafRule);
  if (!rules.every((r): r is Rule => r !== null)) return null;
  return { mode: 'all' in c ? 'all' : 'any', rules };
}

/** Contact attributes a condition reads (to offer them again in the builder). */
export function attributesIn(c: Condition | undefined): string[] {
  if (!c) return [];
  if ('all' in c) return c.all.flatMap(attributesIn);
  if ('any' in c) return c.any.flatMap(attributesIn);
  if ('not' in c) return attributesIn(c.not);
  return 'attribute' in c ? [c.attribute] : [];
}

/** A condition with the question `from` renamed `to`. */
export function renameIn(c: Condition, from: string, to: string): Condition {
  if ('all' in c) return { all: c.all.map((x) => renameIn(x, from, to)) };
  if ('any' in c) return { any: c.any.map((x) => renameIn(x, from, to)) };
  if ('not' in c) return { not: renameIn(c.not, from, to) };
  return 'question' in c && c.question === from ? { ...c, question: to } : c;
}

/**
 * The definition after question `from` was renamed `to`: its logic (show, skip, jumps and their targets,
 * endings) and the texts that pipe its answer follow the new id. Nothing changes when `to` is the id of
 * another question or an ending (the references would merge), or is not an id yet.
 */
export function renameQuestion(def: Definition, from: string, to: string): Definition {
  if (from === to || !/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(to)) return def;
  const taken =
    def.questions.filter((q) => q.id === to).length > 1 || (def.endings ?? []).some((e) => e.id === to);
  if (taken) return def;
  const on = (c: Condition | undefined) => (c ? renameIn(c, from, to) : c);
  const pattern = new RegExp(`\\{\\{\\s*answer\\.${from.replace(/[-]/g, '\\-')}\\s*(\\||\\}\\})`, 'g');
  const piped = (t: string) => t.replace(pattern, `{{answer.${to}$1`);
  const texts = mapTexts(def, (t) =>
    typeof t === 'string' ? piped(t) : Object.fromEntries(Object.entries(t).map(([k, v]) => [k, piped(v)])),
  );
  const questions = texts.questions.map((q) => {
    const out = { ...q };
    if (q.showIf) out.showIf = on(q.showIf);
    if (q.skipIf) out.skipIf = on(q.skipIf);
    if (q.jump)
      out.jump = q.jump.map((j) => ({ if: renameIn(j.if, from, to), to: j.to === from ? to : j.to }));
    return out as Question;
  });
  const endings = texts.endings?.map((e) => (e.showIf ? { ...e, showIf: renameIn(e.showIf, from, to) } : e));
  return { ...texts, questions, ...(endings ? { endings } : {}) };
}
