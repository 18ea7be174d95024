// A widget survey's rules as the distribution form edits them (text fields, as typed) and back into the
// API's shape, and the rules in words for the "as it stands" list.
import type * as api from '../../../src/shared/api/index.js';

type Rules = api.WidgetSite['surveys'][number];
type Trigger = Rules['triggers'][number];
type UrlOp = NonNullable<Trigger['url']>['op'];

/** One trigger as the form holds it. */
export interface TriggerDraft {
  type: Trigger['type'];
  seconds: string;
  name: string;
  urlOp: UrlOp | 'any';
  urlValue: string;
}

/** A survey's rules as the form holds them. */
export interface RulesDraft {
  triggers: TriggerDraft[];
  sampling: string;
  position: Rules['position'];
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

const OP_WORDS: Record<UrlOp, string> = {
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  equals: 'is',
  regex: 'matches',
};

/** The form's fields for a survey's rules (a page-view trigger, everyone, bottom right when none). */
export function draftOf(rules: Rules | undefined): RulesDraft {
  if (!rules)
    return {
      triggers: [{ type: 'pageview', seconds: '10', name: '', urlOp: 'any', urlValue: '' }],
      sampling: '100',
      position: 'bottom-right',
    };
  return {
    triggers: rules.triggers.map((t) => ({
      type: t.type,
      seconds: t.type === 'time' ? String(t.seconds) : '10',
      name: t.type === 'event' ? t.name : '',
      urlOp: t.url?.op ?? 'any',
      urlValue: t.url?.value ?? '',
    })),
    sampling: String(rules.sampling),
    position: rules.position,
  };
}

const number = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/** The API's body for the form's fields; what is not valid is sent as typed for the server to name. */
export function rulesOf(draft: RulesDraft): Omit<Rules, 'surveyId' | 'targeting'> {
  return {
    triggers: draft.triggers.map((t) => {
      const url = t.urlOp === 'any' ? {} : { url: { op: t.urlOp, value: t.urlValue.trim() } };
      if (t.type === 'time') return { type: 'time', seconds: number(t.seconds) as number, ...url };
      if (t.type === 'event') return { type: 'event', name: t.name.trim(), ...url };
      return { type: t.type, ...url };
    }),
    sampling: number(draft.sampling) as number,
    position: draft.position,
  };
}

/** The rules in words, one line each: the triggers, then who and where. */
export function describeRules(rules: Rules): string[] {
  const lines = rules.triggers.map((t) => {
    const when =
      t.type === 'pageview'
        ? 'On a page view'
        : t.type === 'time'
          ? `After ${t.seconds} s on the page`
          : t.type === 'exit'
            ? 'On exit intent'
            : `On the event “${t.name}”`;
    return t.url
      ? `${when}, where the address ${OP_WORDS[t.url.op]} “${t.url.value}”`
      : `${when}, on any page`;
  });
  lines.push(
    `${rules.sampling}% of visitors, shown ${rules.position === 'center' ? 'in the centre' : `at the ${rules.position.replace('-', ' ')}`}`,
  );
  if (rules.targeting) lines.push("Only for visitors whose attributes match the site's targeting");
  return lines;
}
