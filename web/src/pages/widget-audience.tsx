// The widget rule editor's audience part: how often one visitor may be offered the survey (recontact
// rules kept in the visitor's browser) and which visitors, by the attributes the site gives to
// `northstar.identify`. The API's errors show beside the fields.
import { useId } from 'react';
import { FieldError } from './settings-act-form.js';
import { ATTRIBUTE_OPS, type AttributeDraft, type AttributeOp, type RulesDraft } from './widget-rules.js';

type SetDraft = (change: (d: RulesDraft) => RulesDraft) => void;

const ATTRIBUTE_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;

/** The attribute names the form refuses before sending: empty, or not a letter then letters, digits or _. */
export function targetingErrors(draft: RulesDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  draft.targeting.forEach((r, i) => {
    if (!ATTRIBUTE_NAME.test(r.attribute.trim()))
      errors[`targeting.${i}`] = 'An attribute name: a letter, then letters, digits or _ (such as plan).';
  });
  return errors;
}

/** How often one visitor may see the survey. */
export function FrequencyFields({
  draft,
  setDraft,
  errors,
}: {
  draft: RulesDraft;
  setDraft: SetDraft;
  errors: Record<string, string>;
}) {
  const base = useId();
  const fields = [
    ['displayGapDays', 'Wait after a display (days)', 3650],
    ['responseGapDays', 'Wait after an answer (days)', 3650],
    ['maxDisplays', 'Most displays per visitor', 1000],
  ] as const;
  return (
    <fieldset className="widget-triggers" data-testid="widget-frequency">
      <legend>How often one visitor sees it</legend>
      <p className="muted widget-hint">
        All blank: once, never again after an answer or a close. Otherwise each rule given holds; without a
        wait after an answer, a visitor who answered is not asked again.
      </p>
      <div className="widget-trigger">
        {fields.map(([key, label, max]) => {
          const error =
            errors[`frequency.${key}`] ?? (key === 'displayGapDays' ? errors.frequency : undefined);
          return (
            <div className="campaign-field" key={key}>
              <label htmlFor={`${base}-${key}`}>{label}</label>
              <input
                id={`${base}-${key}`}
                type="number"
                min={1}
                max={max}
                value={draft[key]}
                onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
                aria-invalid={Boolean(error)}
                aria-describedby={error ? `${base}-${key}-error` : undefined}
              />
              <FieldError id={`${base}-${key}-error`} text={error} />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Which visitors: conditions on the attributes given to `northstar.identify`. */
export function TargetingFields({
  draft,
  setDraft,
  errors,
}: {
  draft: RulesDraft;
  setDraft: SetDraft;
  errors: Record<string, string>;
}) {
  const base = useId();
  const setRow = (i: number, change: Partial<AttributeDraft>) =>
    setDraft((d) => ({ ...d, targeting: d.targeting.map((r, j) => (j === i ? { ...r, ...change } : r)) }));
  if (draft.kept)
    return (
      <fieldset className="widget-triggers" data-testid="widget-targeting">
        <legend>Which visitors</legend>
        <p className="muted">
          Its targeting was set through the API with conditions this form cannot show; it is kept as set.
        </p>
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => setDraft((d) => ({ ...d, kept: null, targeting: [] }))}
        >
          Replace it with attribute conditions
        </button>
      </fieldset>
    );
  return (
    <fieldset className="widget-triggers" data-testid="widget-targeting">
      <legend>Which visitors (attributes given to northstar.identify)</legend>
      {draft.targeting.length === 0 ? <p className="muted widget-hint">Every visitor.</p> : null}
      {draft.targeting.length > 1 ? (
        <div className="campaign-field widget-pick">
          <label htmlFor={`${base}-match`}>Visitors who match</label>
          <select
            id={`${base}-match`}
            value={draft.match}
            onChange={(e) => setDraft((d) => ({ ...d, match: e.target.value as RulesDraft['match'] }))}
          >
            <option value="all">every condition</option>
            <option value="any">any condition</option>
          </select>
        </div>
      ) : null}
      {draft.targeting.map((row, i) => {
        const id = `${base}-${i}`;
        const error = errors[`targeting.${i}`] ?? (i === 0 ? errors.targeting : undefined);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id.
          <div className="widget-trigger" key={i} data-testid="widget-condition">
            <div className="campaign-field">
              <label htmlFor={`${id}-attr`}>Attribute {i + 1}</label>
              <input
                id={`${id}-attr`}
                value={row.attribute}
                placeholder="plan"
                onChange={(e) => setRow(i, { attribute: e.target.value })}
                aria-invalid={Boolean(error)}
                aria-describedby={error ? `${id}-error` : undefined}
              />
            </div>
            <div className="campaign-field">
              <label htmlFor={`${id}-op`}>Test</label>
              <select
                id={`${id}-op`}
                value={row.op}
                onChange={(e) => setRow(i, { op: e.target.value as AttributeOp })}
              >
                {ATTRIBUTE_OPS.map(([op, label]) => (
                  <option key={op} value={op}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            {row.op === 'answered' ? null : (
              <div className="campaign-field">
                <label htmlFor={`${id}-value`}>Value</label>
                <input
                  id={`${id}-value`}
                  value={row.value}
                  placeholder="pro"
                  onChange={(e) => setRow(i, { value: e.target.value })}
                />
              </div>
            )}
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => setDraft((d) => ({ ...d, targeting: d.targeting.filter((_, j) => j !== i) }))}
            >
              Remove condition {i + 1}
            </button>
            <FieldError id={`${id}-error`} text={error} />
          </div>
        );
      })}
      <p className="muted widget-hint">
        Numbers and true or false are compared as such; other values as text.
      </p>
      <button
        type="button"
        className="button button-small button-ghost"
        onClick={() =>
          setDraft((d) => ({ ...d, targeting: [...d.targeting, { attribute: '', op: 'eq', value: '' }] }))
        }
        disabled={draft.targeting.length >= 20}
      >
        Add a condition
      </button>
    </fieldset>
  );
}
