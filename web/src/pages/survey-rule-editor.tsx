// A condition of the survey logic as the builder edits it: "all / any / none of" several comparisons,
// each on an earlier answer (a matrix row, one part of a pair) or a contact attribute, with every
// operator of the definition format. A condition the builder cannot show (groups in groups) is kept.
import { useId } from 'react';
import type { Condition } from './survey-draft.js';
import { plainText } from './survey-draft.js';
import {
  ANY_ATTRIBUTE,
  conditionGroup,
  groupCondition,
  type Op,
  operatorsOf,
  type Rule,
  type RuleGroup,
  type Source,
  startRule,
  startValue,
  takesList,
  takesNoValue,
} from './survey-rules.js';

const MODES = [
  { mode: 'all', label: 'all of these hold' },
  { mode: 'any', label: 'any of these holds' },
  { mode: 'none', label: 'none of these holds' },
] as const;

/** The editor of one condition over `sources`; `onChange(undefined)` when its last comparison is removed. */
export function RuleGroupEditor({
  condition,
  sources,
  lang,
  label,
  testId,
  onChange,
}: {
  condition: Condition | undefined;
  sources: Source[];
  lang: string;
  /** What the condition decides, for the screen reader ("Show question 3 when"). */
  label: string;
  testId: string;
  onChange: (c: Condition | undefined) => void;
}) {
  const base = useId();
  const group = conditionGroup(condition);
  if (!group)
    return (
      <p className="muted" data-testid={testId}>
        A nested condition, made outside the builder: it is kept as written. Remove it to build a new one
        here.{' '}
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => onChange(undefined)}
        >
          Remove it
        </button>
      </p>
    );
  const set = (next: RuleGroup) => onChange(groupCondition(next, sources));
  const setRule = (i: number, rule: Rule) =>
    set({ ...group, rules: group.rules.map((r, j) => (j === i ? rule : r)) });
  const first = sources.find((s) => s.question) ?? sources[0] ?? ANY_ATTRIBUTE;
  return (
    <fieldset className="rule-group" data-testid={testId} aria-label={label}>
      {group.rules.length > 1 ? (
        <div className="act-field">
          <label htmlFor={`${base}-mode`}>When</label>
          <select
            id={`${base}-mode`}
            value={group.mode}
            data-testid={`${testId}-mode`}
            onChange={(e) => set({ ...group, mode: e.target.value as RuleGroup['mode'] })}
          >
            {MODES.map((m) => (
              <option key={m.mode} value={m.mode}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
      ) : group.mode === 'none' ? (
        <p className="muted">Unless this holds:</p>
      ) : null}
      <ol className="rule-list">
        {group.rules.map((rule, i) => (
          <RuleRow
            // biome-ignore lint/suspicious/noArrayIndexKey: a comparison's place is its identity while it is edited.
            key={i}
            rule={rule}
            n={i + 1}
            sources={sources}
            lang={lang}
            testId={`${testId}-rule-${i + 1}`}
            onChange={(r) => setRule(i, r)}
            onRemove={() => set({ ...group, rules: group.rules.filter((_, j) => j !== i) })}
          />
        ))}
      </ol>
      <button
        type="button"
        className="button button-small button-ghost"
        data-testid={`${testId}-add`}
        onClick={() => set({ ...group, rules: [...group.rules, startRule(first)] })}
      >
        {group.rules.length === 0 ? 'Add a condition' : 'And another condition'}
      </button>
    </fieldset>
  );
}

function RuleRow({
  rule,
  n,
  sources,
  lang,
  testId,
  onChange,
  onRemove,
}: {
  rule: Rule;
  n: number;
  sources: Source[];
  lang: string;
  testId: string;
  onChange: (r: Rule) => void;
  onRemove: () => void;
}) {
  const base = useId();
  const isAttribute = rule.source.startsWith('a:');
  const known = sources.find((s) => s.key === rule.source);
  const source: Source = known ?? {
    key: rule.source,
    label: rule.source,
    kind: isAttribute ? 'attribute' : 'text',
  };
  const ops = operatorsOf(source);
  const choose = (key: string) => {
    if (key === 'a:') return onChange({ source: 'a:', op: 'eq', value: '' });
    const s = sources.find((x) => x.key === key);
    if (s) onChange(startRule(s));
  };
  const options = source.question && 'options' in source.question ? source.question.options : undefined;
  const list = takesList(rule.op, source.kind);
  const chosen = new Set(rule.value.split(',').filter(Boolean));
  return (
    <li className="rule-row" data-testid={testId}>
      <div className="act-field">
        <label htmlFor={`${base}-source`}>Condition {n}</label>
        <select
          id={`${base}-source`}
          value={isAttribute ? 'a:' : rule.source}
          data-testid={`${testId}-source`}
          onChange={(e) => choose(e.target.value)}
        >
          {known || isAttribute ? null : (
            <option value={rule.source}>{rule.source} (not an earlier question)</option>
          )}
          {sources.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
          <option value="a:">a contact attribute…</option>
        </select>
      </div>
      {isAttribute ? (
        <div className="act-field">
          <label htmlFor={`${base}-attr`}>Attribute name</label>
          <input
            id={`${base}-attr`}
            value={rule.source.slice(2)}
            data-testid={`${testId}-attribute`}
            onChange={(e) => onChange({ ...rule, source: `a:${e.target.value.trim()}` })}
          />
        </div>
      ) : null}
      <div className="act-field">
        <label htmlFor={`${base}-op`}>Comparison</label>
        <select
          id={`${base}-op`}
          value={rule.op}
          data-testid={`${testId}-op`}
          onChange={(e) => {
            const op = e.target.value as Op;
            const keep = takesNoValue(rule.op) || takesList(op, source.kind) !== list;
            onChange({ ...rule, op, value: keep ? startValue(source, op) : rule.value });
          }}
        >
          {ops.map((o) => (
            <option key={o.op} value={o.op}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {takesNoValue(rule.op) ? null : options && list ? (
        <fieldset className="rule-values">
          <legend>Options</legend>
          {options.map((o) => (
            <label key={o.id} className="builder-check">
              <input
                type="checkbox"
                checked={chosen.has(o.id)}
                onChange={(e) => {
                  const next = options
                    .map((x) => x.id)
                    .filter((id) => (id === o.id ? e.target.checked : chosen.has(id)));
                  onChange({ ...rule, value: next.join(',') });
                }}
              />
              {plainText(o.text, lang)}
            </label>
          ))}
        </fieldset>
      ) : options || source.kind === 'boolean' ? (
        <div className="act-field">
          <label htmlFor={`${base}-value`}>Value</label>
          <select
            id={`${base}-value`}
            value={rule.value}
            data-testid={`${testId}-value`}
            onChange={(e) => onChange({ ...rule, value: e.target.value })}
          >
            {options
              ? options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {plainText(o.text, lang)}
                  </option>
                ))
              : [
                  <option key="true" value="true">
                    agreed
                  </option>,
                  <option key="false" value="false">
                    not agreed
                  </option>,
                ]}
          </select>
        </div>
      ) : (
        <div className="act-field">
          <label htmlFor={`${base}-value`}>{list ? 'Values (comma between)' : 'Value'}</label>
          <input
            id={`${base}-value`}
            type={source.kind === 'number' && !list ? 'number' : 'text'}
            min={source.min}
            max={source.max}
            value={rule.value}
            data-testid={`${testId}-value`}
            onChange={(e) => onChange({ ...rule, value: e.target.value })}
          />
        </div>
      )}
      <button
        type="button"
        className="button button-small button-ghost rule-remove"
        onClick={onRemove}
        aria-label={`Remove condition ${n}`}
      >
        Remove
      </button>
    </li>
  );
}
