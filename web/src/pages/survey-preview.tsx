// The builder's live preview: the survey as respondents see it, drawn by the hosted page's own renderer
// (src/listen/channels/hosted/render.ts) with its stylesheet. Answers given in the preview drive the
// display logic, so the questions shown are those of the respondent's path.
import { useEffect, useMemo, useRef, useState } from 'react';
import { readAnswer, renderEnding, renderQuestion } from '../../../src/listen/channels/hosted/render.js';
import { SURVEY_CSS } from '../../../src/listen/channels/hosted/style.js';
import { surveyPath } from '../../../src/listen/surveys/logic.js';
import type { Definition } from './survey-draft.js';

type Answers = Record<string, unknown>;

/** The markup of every question on the path for the answers so far, then the ending. */
export function previewMarkup(def: Definition, answers: Answers): { html: string; shown: number } {
  const lang = def.defaultLanguage;
  const path = surveyPath(def, answers, {});
  const steps = path.questions.map(
    (question, i) =>
      `<form class="ns-form preview-step" data-question="${i}" novalidate>${renderQuestion({
        def,
        lang,
        question,
        answers,
        ctx: {},
        seed: 'preview',
        value: answers[question.id],
        problems: [],
        position: i + 1,
        total: path.questions.length,
        action: '',
        hidden: {},
      })}</form>`,
  );
  const ending = renderEnding(def, lang, path.ending, answers, {});
  return { html: steps.join('') + ending, shown: path.questions.length };
}

/** The live preview of a definition being built. */
export function SurveyPreview({ def }: { def: Definition }) {
  const [answers, setAnswers] = useState<Answers>({});
  const box = useRef<HTMLDivElement>(null);
  const rendered = useMemo(() => {
    try {
      return { ...previewMarkup(def, answers), error: null };
    } catch (caught) {
      return { html: '', shown: 0, error: caught instanceof Error ? caught.message : String(caught) };
    }
  }, [def, answers]);

  // Native `change` (not React's per-keystroke input): a text answer is read when its field is left, so the
  // markup is not redrawn under the respondent's cursor.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onChange = (event: Event) => {
      const form = (event.target as HTMLElement).closest('form[data-question]');
      if (!(form instanceof HTMLFormElement)) return;
      const path = surveyPath(def, answersRef.current, {});
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
    <section className="card builder-preview" aria-labelledby="preview-title" data-testid="survey-preview">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="preview-title">
            Preview
          </h2>
          <p className="card-subtitle">
            As respondents see it; answer here to follow the display logic ({rendered.shown} question
            {rendered.shown === 1 ? '' : 's'} on this path)
          </p>
        </div>
        <button type="button" className="button button-small button-ghost" onClick={() => setAnswers({})}>
          Clear answers
        </button>
      </div>
      <style>{SURVEY_CSS}</style>
      {rendered.error ? (
        <p className="form-error" role="alert">
          The preview cannot draw this definition yet: {rendered.error}
        </p>
      ) : (
        <div
          className="ns"
          ref={box}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the hosted page's renderer escapes every text it writes.
          dangerouslySetInnerHTML={{ __html: rendered.html }}
        />
      )}
    </section>
  );
}
