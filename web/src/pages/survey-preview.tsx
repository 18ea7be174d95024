// The builder's live preview: the survey as respondents see it, drawn by the hosted page's own renderer
// (src/listen/channels/hosted/render.ts) with its stylesheet, in a chosen language and for a contact with
// chosen attributes. Answers given in the preview drive the logic (shown, skipped and jumped questions,
// the ending) and the piped texts, so what is shown is the respondent's path.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { readAnswer, renderEnding, renderQuestion } from '../../../src/listen/channels/hosted/render.js';
import { SURVEY_CSS } from '../../../src/listen/channels/hosted/style.js';
import { chooseLanguage, type RespondentContext, surveyPath } from '../../../src/listen/surveys/logic.js';
import type { Definition } from './survey-draft.js';
import { languageName, languagesOf } from './survey-texts.js';

type Answers = Record<string, unknown>;

/** Contact attributes typed as `name=value` pairs, comma between (numbers and true/false typed). */
export function parseAttributes(text: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at < 1) continue;
    const name = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(name)) continue;
    out[name] = /^-?\d+(\.\d+)?$/.test(raw)
      ? Number(raw)
      : raw === 'true' || raw === 'false'
        ? raw === 'true'
        : raw;
  }
  return out;
}

/**
 * The markup of every question on the path for the answers so far, then the ending, in the language the
 * hosted page would choose for a link asking for `asked`.
 */
export function previewMarkup(
  def: Definition,
  answers: Answers,
  asked: string = def.defaultLanguage,
  ctx: RespondentContext = {},
): { html: string; shown: number; lang: string } {
  const lang = chooseLanguage(def, { link: asked });
  const path = surveyPath(def, answers, ctx);
  const steps = path.questions.map(
    (question, i) =>
      `<form class="ns-form preview-step" data-question="${i}" novalidate>${renderQuestion({
        def,
        lang,
        question,
        answers,
        ctx,
        seed: 'preview',
        value: answers[question.id],
        problems: [],
        position: i + 1,
        total: path.questions.length,
        action: '',
        hidden: {},
      })}</form>`,
  );
  const ending = renderEnding(def, lang, path.ending, answers, ctx);
  return { html: steps.join('') + ending, shown: path.questions.length, lang };
}

/** The live preview of a definition being built. */
export function SurveyPreview({ def, readOnly = false }: { def: Definition; readOnly?: boolean }) {
  const base = useId();
  const [answers, setAnswers] = useState<Answers>({});
  const [asked, setAsked] = useState(def.defaultLanguage);
  const [attributeText, setAttributeText] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const languages = languagesOf(def);
  const ctx = useMemo(() => ({ attributes: parseAttributes(attributeText) }), [attributeText]);
  const rendered = useMemo(() => {
    try {
      return { ...previewMarkup(def, answers, asked, ctx), error: null };
    } catch (caught) {
      return {
        html: '',
        shown: 0,
        lang: asked,
        error: caught instanceof Error ? caught.message : String(caught),
      };
    }
  }, [def, answers, asked, ctx]);
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;

  // Native `change` (not React's per-keystroke input): a text answer is read when its field is left, so the
  // markup is not redrawn under the respondent's cursor.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onChange = (event: Event) => {
      const form = (event.target as HTMLElement).closest('form[data-question]');
      if (!(form instanceof HTMLFormElement)) return;
      const path = surveyPath(def, answersRef.current, ctxRef.current);
      const question = path.questions[Number(form.dataset.question)];
      if (!question) return;
      const data = new FormData(form);
      const value = readAnswer(question, (name) => data.getAll(name).map(String));
      setAnswers((prev) => ({ ...prev, [question.id]: value }));
    };
    el.addEventListener('change', onChange);
    return () => el.removeEventListener('change', onChange);
  }, [def]);
  const answersRef = useRef(answers);
  answersRef.current = answers;

  return (
    <section
      className="card builder-preview"
      aria-labelledby={`${base}-title`}
      data-testid={readOnly ? 'version-preview' : 'survey-preview'}
    >
      <div className="card-head">
        <div>
          <h2 className="card-title" id={`${base}-title`}>
            {readOnly ? 'As respondents saw it' : 'Preview'}
          </h2>
          <p className="card-subtitle">
            {readOnly ? 'Read-only' : 'As respondents see it'}; answer here to follow the logic (
            {rendered.shown} question
            {rendered.shown === 1 ? '' : 's'} on this path)
          </p>
        </div>
        <button type="button" className="button button-small button-ghost" onClick={() => setAnswers({})}>
          Clear answers
        </button>
      </div>
      <div className="inline-form preview-options">
        {languages.length > 1 ? (
          <div className="filter-field">
            <label htmlFor={`${base}-lang`}>Language</label>
            <select
              id={`${base}-lang`}
              value={asked}
              data-testid="preview-language"
              onChange={(e) => setAsked(e.target.value)}
            >
              {languages.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="filter-field">
          <label htmlFor={`${base}-attrs`}>Contact attributes</label>
          <input
            id={`${base}-attrs`}
            value={attributeText}
            placeholder="firstName=Ana, plan=pro"
            data-testid="preview-attributes"
            onChange={(e) => setAttributeText(e.target.value)}
          />
        </div>
      </div>
      <style>{SURVEY_CSS}</style>
      {rendered.error ? (
        <p className="form-error" role="alert">
          The preview cannot draw this definition yet: {rendered.error}
        </p>
      ) : (
        <div
          className="ns"
          lang={rendered.lang}
          ref={box}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the hosted page's renderer escapes every text it writes.
          dangerouslySetInnerHTML={{ __html: rendered.html }}
        />
      )}
    </section>
  );
}
