// The logic of one question in the builder: when it is shown ("only when" → `showIf`, "except when" →
// `skipIf`), and where the respondent goes after it ("if … go to" a later question or an ending → `jump`).
import { useId } from 'react';
import type { Condition, Definition, Question } from './survey-draft.js';
import { plainText } from './survey-draft.js';
import { RuleGroupEditor } from './survey-rule-editor.js';
import { ANY_ATTRIBUTE, ruleCondition, type Source, startRule } from './survey-rules.js';

type Jump = NonNullable<Question['jump']>[number];

/** Visibility and jumps of question `index` of `def`. */
export function QuestionLogic({
  def,
  index,
  sources,
  selfSources,
  lang,
  errors,
  onChange,
}: {
  def: Definition;
  index: number;
  /** What the show/skip rules may read: earlier answers, contact attributes. */
  sources: Source[];
  /** What a jump may read: the same and this question's own answer. */
  selfSources: Source[];
  lang: string;
  errors: { showIf?: string | undefined; skipIf?: string | undefined; jump?: string | undefined };
  onChange: (q: Question) => void;
}) {
  const base = useId();
  const q = def.questions[index] as Question;
  const n = index + 1;
  const visibility = q.showIf ? 'show' : q.skipIf ? 'skip' : 'always';
  const without = (...keys: ('showIf' | 'skipIf' | 'jump')[]) => {
    const out = { ...q } as Question;
    for (const k of keys) delete out[k];
    return out;
  };
  const setVisibility = (v: string) => {
    // On the first question only a contact attribute can be read.
    const first = sources[0] ?? ANY_ATTRIBUTE;
    if (v === 'always') return onChange(without('showIf', 'skipIf'));
    const cond = (visibility !== 'always' ? (q.showIf ?? q.skipIf) : undefined) ?? ruleOf(first);
    onChange({ ...without('showIf', 'skipIf'), [v === 'show' ? 'showIf' : 'skipIf']: cond } as Question);
  };
  const setCondition = (key: 'showIf' | 'skipIf', c: Condition | undefined) =>
    onChange(c ? ({ ...q, [key]: c } as Question) : without(key));
  const jumps = q.jump ?? [];
  const setJumps = (next: Jump[]) => onChange(next.length > 0 ? { ...q, jump: next } : without('jump'));
  const targets = [
    ...def.questions.slice(index + 1).map((t, k) => ({
      id: t.id,
      label: `question ${index + 2 + k}: "${plainText(t.text, lang).slice(0, 30)}"`,
    })),
    ...(def.endings ?? []).map((e, k) => ({
      id: e.id,
      label: `ending ${k + 1}: "${plainText(e.title ?? e.text, lang).slice(0, 30)}"`,
    })),
  ];
  const own = selfSources.find((s) => s.question?.id === q.id) ?? selfSources[0];
  return (
    <fieldset className="act-choices act-wide builder-logic" data-testid={`question-${n}-logic`}>
      <legend>Logic</legend>
      <div className="act-field">
        <label htmlFor={`${base}-vis`}>Show this question</label>
        <select
          id={`${base}-vis`}
          value={visibility}
          data-testid="logic-visibility"
          onChange={(e) => setVisibility(e.target.value)}
        >
          <option value="always">always</option>
          <option value="show">only when…</option>
          <option value="skip">except when…</option>
        </select>
      </div>
      {q.showIf ? (
        <RuleGroupEditor
          condition={q.showIf}
          sources={sources}
          lang={lang}
          label={`Show question ${n} only when`}
          testId="show-if"
          onChange={(c) => setCondition('showIf', c)}
        />
      ) : null}
      {q.skipIf ? (
        <RuleGroupEditor
          condition={q.skipIf}
          sources={sources}
          lang={lang}
          label={`Skip question ${n} when`}
          testId="skip-if"
          onChange={(c) => setCondition('skipIf', c)}
        />
      ) : null}
      {errors.showIf || errors.skipIf ? (
        <p className="act-field-error" role="alert">
          {errors.showIf ?? errors.skipIf}
        </p>
      ) : null}
      {jumps.map((j, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a jump's place is its identity (the first that holds wins).
        <div className="rule-jump" key={k} data-testid={`jump-${k + 1}`}>
          <RuleGroupEditor
            condition={j.if}
            sources={selfSources}
            lang={lang}
            label={`After question ${n}, jump ${k + 1} when`}
            testId={`jump-${k + 1}-if`}
            onChange={(c) =>
              setJumps(
                c ? jumps.map((x, m) => (m === k ? { ...x, if: c } : x)) : jumps.filter((_, m) => m !== k),
              )
            }
          />
          <div className="act-field">
            <label htmlFor={`${base}-to-${k}`}>then go to</label>
            <select
              id={`${base}-to-${k}`}
              value={j.to}
              data-testid={`jump-${k + 1}-to`}
              onChange={(e) => setJumps(jumps.map((x, m) => (m === k ? { ...x, to: e.target.value } : x)))}
            >
              {targets.some((t) => t.id === j.to) ? null : <option value={j.to}>{j.to} (not later)</option>}
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      ))}
      {errors.jump ? (
        <p className="act-field-error" role="alert">
          {errors.jump}
        </p>
      ) : null}
      {own && targets[0] ? (
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid={`question-${n}-add-jump`}
          onClick={() => setJumps([...jumps, { if: ruleOf(own), to: (targets[0] as { id: string }).id }])}
        >
          {jumps.length === 0 ? 'Add a jump after this question' : 'Add another jump'}
        </button>
      ) : null}
    </fieldset>
  );
}

function ruleOf(source: Source): Condition {
  return ruleCondition(startRule(source), source.kind);
}
