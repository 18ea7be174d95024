// The endings of a survey in the builder: the plain ending (shown when no other holds) and endings chosen
// by a condition on the answers or a contact attribute (the first that holds wins), each with a title,
// a message (earlier answers may be piped in) and an optional address to send the respondent on to.
// A question's jump may also lead straight to an ending.
import { useId } from 'react';
import { FieldError } from './settings-act-form.js';
import { type Definition, freshId, plainText, withText } from './survey-draft.js';
import { RuleGroupEditor } from './survey-rule-editor.js';
import { ruleCondition, sourcesOf, startRule } from './survey-rules.js';

type Ending = NonNullable<Definition['endings']>[number];
const DEFAULT_TEXT = 'Your answers have been recorded.';

/** The endings card of the builder. */
export function EndingsEditor({
  def,
  errors,
  onChange,
}: {
  def: Definition;
  errors: Record<string, string>;
  onChange: (def: Definition) => void;
}) {
  const lang = def.defaultLanguage;
  const stored = def.endings ?? [];
  // With no ending stored, the plain one is edited as if it were there (it is stored once it has text).
  const endings: Ending[] = stored.length > 0 ? stored : [{ id: 'thanks', text: '' }];
  const sources = sourcesOf(def.questions, lang);
  const setEndings = (next: Ending[]) => {
    const kept = next.filter((e) => e.showIf || plainText(e.title, lang) || plainText(e.text, lang));
    const { endings: _old, ...rest } = def;
    onChange(
      kept.length > 0
        ? { ...rest, endings: kept.map((e) => (plainText(e.text, lang) ? e : { ...e, text: DEFAULT_TEXT })) }
        : rest,
    );
  };
  const change = (k: number, e: Ending) => setEndings(endings.map((x, m) => (m === k ? e : x)));
  const add = () => {
    const first = sources[0];
    const id = freshId([...def.questions, ...endings], 'end');
    setEndings([
      ...endings,
      {
        id,
        title: 'Thank you',
        text: DEFAULT_TEXT,
        ...(first ? { showIf: ruleCondition(startRule(first), first.kind) } : {}),
      },
    ]);
  };
  return (
    <section className="card builder-add builder-endings" aria-labelledby="endings-title">
      <div className="card-head">
        <div>
          <h3 className="card-title" id="endings-title">
            Endings
          </h3>
          <p className="card-subtitle">
            The first ending whose condition holds is shown, else the plain one; a jump may also lead to one
          </p>
        </div>
      </div>
      <ol className="builder-ending-list">
        {endings.map((e, k) => (
          <EndingRow
            key={e.id}
            ending={e}
            n={k + 1}
            def={def}
            sources={sources}
            error={errors[`e.${k}`]}
            onChange={(next) => change(k, next)}
            onRemove={endings.length > 1 ? () => setEndings(endings.filter((_, m) => m !== k)) : undefined}
          />
        ))}
      </ol>
      <button type="button" className="button button-small" onClick={add} data-testid="add-ending">
        Add an ending
      </button>
    </section>
  );
}

function EndingRow({
  ending: e,
  n,
  def,
  sources,
  error,
  onChange,
  onRemove,
}: {
  ending: Ending;
  n: number;
  def: Definition;
  sources: ReturnType<typeof sourcesOf>;
  error: string | undefined;
  onChange: (e: Ending) => void;
  onRemove: (() => void) | undefined;
}) {
  const base = useId();
  const lang = def.defaultLanguage;
  const plain = !e.showIf;
  const without = (key: 'showIf' | 'title' | 'redirectUrl') => {
    const out = { ...e };
    delete out[key];
    return out;
  };
  return (
    <li className="builder-ending" data-testid={`ending-${n}`}>
      <div className="builder-ending-head">
        <strong>
          Ending {n} <span className="tp-channel">id {e.id}</span>
        </strong>
        {onRemove ? (
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={onRemove}
            aria-label={`Remove ending ${n}`}
          >
            Remove
          </button>
        ) : null}
      </div>
      <div className="act-form">
        <div className="act-field">
          <label htmlFor={`${base}-title`}>Title</label>
          <input
            id={`${base}-title`}
            value={plainText(e.title, lang)}
            placeholder="Thank you!"
            data-testid={plain ? 'ending-title' : `ending-${n}-title`}
            onChange={(ev) =>
              onChange(
                ev.target.value
                  ? { ...e, title: withText(e.title ?? '', lang, ev.target.value) }
                  : without('title'),
              )
            }
          />
        </div>
        <div className="act-field">
          <label htmlFor={`${base}-text`}>Message</label>
          <input
            id={`${base}-text`}
            value={plainText(e.text, lang)}
            placeholder={DEFAULT_TEXT}
            data-testid={plain ? 'ending-text' : `ending-${n}-text`}
            onChange={(ev) => onChange({ ...e, text: withText(e.text, lang, ev.target.value) })}
          />
        </div>
        <div className="act-field">
          <label htmlFor={`${base}-url`}>Then send to (optional)</label>
          <input
            id={`${base}-url`}
            type="url"
            value={e.redirectUrl ?? ''}
            placeholder="https://"
            onChange={(ev) =>
              onChange(
                ev.target.value ? { ...e, redirectUrl: ev.target.value.trim() } : without('redirectUrl'),
              )
            }
          />
        </div>
        <div className="act-field">
          <label htmlFor={`${base}-when`}>Shown</label>
          <select
            id={`${base}-when`}
            value={plain ? 'plain' : 'when'}
            data-testid={`ending-${n}-when`}
            onChange={(ev) => {
              const first = sources[0];
              if (ev.target.value === 'plain' || !first) onChange(without('showIf'));
              else onChange({ ...e, showIf: ruleCondition(startRule(first), first.kind) });
            }}
          >
            <option value="plain">when no other ending holds</option>
            <option value="when" disabled={sources.length === 0}>
              only when…
            </option>
          </select>
        </div>
        {e.showIf ? (
          <div className="act-wide">
            <RuleGroupEditor
              condition={e.showIf}
              sources={sources}
              lang={lang}
              label={`Show ending ${n} when`}
              testId={`ending-${n}-if`}
              onChange={(c) => onChange(c ? { ...e, showIf: c } : without('showIf'))}
            />
          </div>
        ) : null}
        <FieldError id={`${base}-err`} text={error} />
      </div>
    </li>
  );
}
