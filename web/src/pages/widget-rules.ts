// A widget survey's rules as the distribution form edits them (text fields, as typed) and back into the
// API's shape, and the rules in words for the "as it stands" list.
import type * as api from '../../../src/shared/api/index.js';

type Rules = api.WidgetSite['surveys'][number];
type Trigger = Rules['triggers'][number];
type UrlOp = NonNullable<Trigger['url']>['op'];
type Condition = NonNullable<Rules['targeting']>;
type Comparable = string | number | boolean;

/** One trigger as the form holds it. */
export interface TriggerDraft {
  type: Trigger['type'];
  seconds: string;
  percent: string;
  name: string;
  urlOp: UrlOp | 'any';
  urlValue: string;
}

/** The comparisons a targeting row may make on a visitor attribute. */
export type AttributeOp =
  | 'eq'
  | 'neq'
  | 'in'
  | 'not_in'
  | 'contains'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'answered';

/** One targeting condition on an attribute given to `northstar.identify`, as typed. */
export interface AttributeDraft {
  attribute: string;
  op: AttributeOp;
  value: string;
}

/** A survey's rules as the form holds them. */
export interface RulesDraft {
  triggers: TriggerDraft[];
  sampling: string;
  position: Rules['position'];
  /** Recontact rules: blank fields are not sent. */
  displayGapDays: string;
  responseGapDays: string;
  maxDisplays: string;
  /** Targeting: every row must hold ('all') or one of them ('any'); none: every visitor. */
  match: 'all' | 'any';
  targeting: AttributeDraft[];
  /** Targeting the form cannot show as rows (nested, or on answers): kept as it is unless cleared. */
  kept: Condition | null;
}

/** The page-address tests, with their labels. */
export const URL_OPS: ReadonlyArray<readonly [TriggerDraft['urlOp'], string]> = [
  ['any', 'Any page'],
  ['contains', 'Contains'],
  ['starts_with', 'Starts with'],
  ['ends_with', 'Ends with'],
  ['equals', 'Is exactly'],
  ['regex', 'Matches the regular expression'],
];

/** The attribute comparisons, with their labels. */
export const ATTRIBUTE_OPS: ReadonlyArray<readonly [AttributeOp, string]> = [
  ['eq', 'is'],
  ['neq', 'is not'],
  ['in', 'is one of (comma-separated)'],
  ['not_in', 'is none of (comma-separated)'],
  ['contains', 'contains'],
  ['gt', 'is more than'],
  ['gte', 'is at least'],
  ['lt', 'is less than'],
  ['lte', 'is at most'],
  ['answered', 'is given'],
];

const OP_WORDS: Record<UrlOp, string> = {
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  equals: 'is',
  regex: 'matches',
};

/** An empty trigger row. */
export const EMPTY_TRIGGER: TriggerDraft = {
  type: 'pageview',
  seconds: '10',
  percent: '50',
  name: '',
  urlOp: 'any',
  urlValue: '',
};

const text = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : v === undefined ? '' : String(v));

/** The stored targeting as rows, or null when it is not a flat list of attribute conditions. */
function rowsOf(c: Condition | undefined): { match: 'all' | 'any'; rows: AttributeDraft[] } | null {
  if (!c) return { match: 'all', rows: [] };
  const list = 'all' in c ? c.all : 'any' in c ? c.any : [c];
  const rows: AttributeDraft[] = [];
  for (const x of list) {
    if (!('attribute' in x) || x.op === 'not_answered') return null;
    rows.push({ attribute: x.attribute, op: x.op, value: text(x.value) });
  }
  return { match: 'any' in c ? 'any' : 'all', rows };
}

/** The form's fields for a survey's rules (a page-view trigger, everyone, bottom right when none). */
export function draftOf(rules: Rules | undefined): RulesDraft {
  const f = rules?.frequency;
  const t = rowsOf(rules?.targeting);
  return {
    triggers: rules
      ? rules.triggers.map((x) => ({
          ...EMPTY_TRIGGER,
          type: x.type,
          ...(x.type === 'time' ? { seconds: String(x.seconds) } : {}),
          ...(x.type === 'scroll' ? { percent: String(x.percent) } : {}),
          ...(x.type === 'event' ? { name: x.name } : {}),
          urlOp: x.url?.op ?? 'any',
          urlValue: x.url?.value ?? '',
        }))
      : [{ ...EMPTY_TRIGGER }],
    sampling: String(rules?.sampling ?? 100),
    position: rules?.position ?? 'bottom-right',
    displayGapDays: text(f?.displayGapDays),
    responseGapDays: text(f?.responseGapDays),
    maxDisplays: text(f?.maxDisplays),
    match: t?.match ?? 'all',
    targeting: t?.rows ?? [],
    kept: t ? null : (rules?.targeting ?? null),
  };
}

const number = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/** A typed value: true/false and numbers written as numbers are compared as such, the rest as text. */
export function typedValue(typed: string): Comparable {
  const t = typed.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  return t !== '' && String(Number(t)) === t ? Number(t) : t;
}

function conditionOf(row: AttributeDraft): Condition {
  const attribute = row.attribute.trim();
  if (row.op === 'answered') return { attribute, op: 'answered' };
  const value =
    row.op === 'in' || row.op === 'not_in'
      ? row.value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
          .map(typedValue)
      : typedValue(row.value);
  return { attribute, op: row.op, value };
}

/** The API's body for the form's fields; what is not valid is sent as typed for the server to name. */
export function rulesOf(draft: RulesDraft): Omit<Rules, 'surveyId'> {
  const frequency = Object.fromEntries(
    (['displayGapDays', 'responseGapDays', 'maxDisplays'] as const)
      .map((k) => [k, number(draft[k])] as const)
      .filter(([, v]) => v !== null),
  );
  const rows = draft.targeting.map(conditionOf);
  const targeting =
    draft.kept ?? (rows.length === 0 ? undefined : rows.length === 1 ? rows[0] : { [draft.match]: rows });
  return {
    triggers: draft.triggers.map((t) => {
      const url = t.urlOp === 'any' ? {} : { url: { op: t.urlOp, value: t.urlValue.trim() } };
      if (t.type === 'time') return { type: 'time', seconds: number(t.seconds) as number, ...url };
      if (t.type === 'scroll') return { type: 'scroll', percent: number(t.percent) as number, ...url };
      if (t.type === 'event') return { type: 'event', name: t.name.trim(), ...url };
      return { type: t.type, ...url };
    }),
    sampling: number(draft.sampling) as number,
    position: draft.position,
    ...(Object.keys(frequency).length > 0 ? { frequency } : {}),
    ...(targeting ? { targeting: targeting as Condition } : {}),
  };
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** The rules in words, one line each: the triggers, then who and where, how often, and to whom. */
export function describeRules(rules: Rules): string[] {
  const lines = rules.triggers.map((t) => {
    const when =
      t.type === 'pageview'
        ? 'On a page view'
        : t.type === 'time'
          ? `After ${t.seconds} s on the page`
          : t.type === 'exit'
            ? 'On exit intent'
            : t.type === 'scroll'
              ? `Once ${t.percent}% of the page is scrolled`
              : `On the event “${t.name}”`;
    return t.url
      ? `${when}, where the address ${OP_WORDS[t.url.op]} “${t.url.value}”`
      : `${when}, on any page`;
  });
  lines.push(
    `${rules.sampling}% of visitors, shown ${rules.position === 'center' ? 'in the centre' : `at the ${rules.position.replace('-', ' ')}`}`,
  );
  const f = rules.frequency;
  if (!f) lines.push('Once per visitor: not again after an answer or a close');
  else {
    const parts = [
      f.displayGapDays ? `not within ${days(f.displayGapDays)} of a display` : null,
      f.responseGapDays ? `not within ${days(f.responseGapDays)} of an answer` : 'not again after an answer',
      f.maxDisplays ? `at most ${f.maxDisplays} ${f.maxDisplays === 1 ? 'display' : 'displays'}` : null,
    ];
    lines.push(`Per visitor: ${parts.filter(Boolean).join(', ')}`);
  }
  const t = rowsOf(rules.targeting);
  if (t && t.rows.length > 0) {
    const said = t.rows.map((r) => {
      const op = ATTRIBUTE_OPS.find(([o]) => o === r.op)?.[1].replace(' (comma-separated)', '') ?? r.op;
      return r.op === 'answered' ? `${r.attribute} is given` : `${r.attribute} ${op} “${r.value}”`;
    });
    lines.push(`Only for visitors whose ${said.join(t.match === 'all' ? ' and ' : ' or ')}`);
  } else if (rules.targeting) lines.push("Only for visitors whose attributes match the site's targeting");
  return lines;
}
