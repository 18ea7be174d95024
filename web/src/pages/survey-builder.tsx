// The survey builder: name and title, questions of every type of the definition format (add, reorder,
// remove, required, display logic) beside a live preview drawn by the hosted page's renderer. Saving
// creates a draft (POST) or a new version of a draft (PATCH); the API's field errors appear beside the
// fields they name.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiSend } from '../api.js';
import { errorMessage } from '../query.js';
import type { SurveySummary } from '../types.js';
import { FieldError, fieldErrors } from './settings-act-form.js';
import {
  builderField,
  type Definition,
  freshId,
  move,
  newQuestion,
  plainText,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  withText,
} from './survey-draft.js';
import { SurveyPreview } from './survey-preview.js';
import { QuestionEditor } from './survey-question-editor.js';
import './settings-act.css';
import './survey-builder.css';

/** What the builder starts from: a stored draft, or a name and a definition for a new survey. */
export type BuilderStart = { survey: SurveySummary } | { name: string; definition: Definition };

/** The builder, open on a new survey or a draft. */
export function SurveyBuilder({
  start,
  onDone,
}: {
  start: BuilderStart;
  onDone: (id: string | null) => void;
}) {
  const client = useQueryClient();
  const stored = 'survey' in start ? start.survey : null;
  const first = 'survey' in start ? start.survey : start;
  const [name, setName] = useState(first.name);
  const [def, setDef] = useState<Definition>(first.definition);
  const [addType, setAddType] = useState<QuestionType>('single_choice');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), title: useId(), add: useId(), endTitle: useId(), endText: useId() };
  const lang = def.defaultLanguage;

  const setQuestions = (questions: Question[]) => setDef({ ...def, questions });
  const change = (i: number, q: Question) => setQuestions(def.questions.map((x, j) => (j === i ? q : x)));
  // The plain ending (the one without a condition): its title and message; none means the default thanks.
  const ending = def.endings?.find((e) => !e.showIf);
  const setEnding = (change: { title?: string; text?: string }) => {
    const others = (def.endings ?? []).filter((e) => e !== ending);
    const title = change.title ?? plainText(ending?.title, lang);
    const text = change.text ?? plainText(ending?.text, lang);
    const next =
      title || text
        ? [
            ...others,
            {
              id: ending?.id ?? 'thanks',
              ...(title ? { title } : {}),
              text: text || 'Your answers have been recorded.',
            },
          ]
        : others;
    const { endings: _old, ...rest } = def;
    setDef(next.length > 0 ? { ...rest, endings: next } : rest);
  };
  const add = () => setQuestions([...def.questions, newQuestion(addType, freshId(def.questions))]);

  const save = async () => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    const definition = plainText(def.title, lang).trim()
      ? def
      : { ...def, title: withText(def.title, lang, name.trim()) };
    try {
      const saved = stored
        ? await apiSend<SurveySummary>('PATCH', `/api/v1/surveys/${stored.id}`, {
            name: name.trim(),
            definition,
          })
        : await apiSend<SurveySummary>('POST', '/api/v1/surveys', {
            name: name.trim(),
            status: 'draft',
            definition,
          });
      await client.invalidateQueries({ queryKey: ['/api/v1/surveys'] });
      onDone(saved.id);
    } catch (caught) {
      const found = fieldErrors(caught, builderField);
      setErrors(found);
      setMessage(
        Object.keys(found).length > 0
          ? 'The survey was not saved: see the messages beside the fields.'
          : errorMessage(caught),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    // Not a <form>: the preview holds the renderer's own forms, and forms do not nest.
    <section className="builder" aria-labelledby="builder-title" data-testid="survey-builder">
      <section className="card builder-main">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="builder-title">
              {stored ? `Edit draft: ${stored.name}` : 'New survey'}
            </h2>
            <p className="card-subtitle">
              {stored
                ? `Version ${stored.version}; saving makes a new version`
                : 'Saved as a draft; publish it from the list when ready'}
            </p>
          </div>
        </div>
        <div className="act-form">
          <div className="act-field">
            <label htmlFor={ids.name}>Name (in the dashboard)</label>
            <input
              id={ids.name}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="builder-name"
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? `${ids.name}-err` : undefined}
            />
            <FieldError id={`${ids.name}-err`} text={errors.name} />
          </div>
          <div className="act-field">
            <label htmlFor={ids.title}>Title (shown to respondents)</label>
            <input
              id={ids.title}
              value={plainText(def.title, lang)}
              placeholder={name}
              onChange={(e) => setDef({ ...def, title: withText(def.title, lang, e.target.value) })}
              aria-invalid={errors.title ? true : undefined}
              aria-describedby={errors.title ? `${ids.title}-err` : undefined}
            />
            <FieldError id={`${ids.title}-err`} text={errors.title} />
          </div>
        </div>
      </section>

      <div className="builder-columns">
        <div>
          <ol className="builder-questions" aria-label="Questions">
            {def.questions.map((q, i) => (
              <QuestionEditor
                // biome-ignore lint/suspicious/noArrayIndexKey: a question's place is its identity while its id is edited.
                key={i}
                question={q}
                index={i}
                count={def.questions.length}
                earlier={def.questions.slice(0, i)}
                lang={lang}
                errors={errors}
                onChange={(next) => change(i, next)}
                onMove={(by) => setQuestions(move(def.questions, i, by))}
                onRemove={() => setQuestions(def.questions.filter((_, j) => j !== i))}
              />
            ))}
          </ol>
          <div className="card builder-add builder-ending">
            <div className="act-field">
              <label htmlFor={ids.endTitle}>Ending title</label>
              <input
                id={ids.endTitle}
                value={plainText(ending?.title, lang)}
                placeholder="Thank you!"
                onChange={(e) => setEnding({ title: e.target.value })}
                data-testid="ending-title"
              />
            </div>
            <div className="act-field">
              <label htmlFor={ids.endText}>Ending message</label>
              <input
                id={ids.endText}
                value={plainText(ending?.text, lang)}
                placeholder="Your answers have been recorded."
                onChange={(e) => setEnding({ text: e.target.value })}
                data-testid="ending-text"
              />
            </div>
          </div>
          <div className="card builder-add">
            <div className="act-field">
              <label htmlFor={ids.add}>New question of type</label>
              <select
                id={ids.add}
                value={addType}
                onChange={(e) => setAddType(e.target.value as QuestionType)}
                data-testid="add-type"
              >
                {QUESTION_TYPES.map((t) => (
                  <option key={t.type} value={t.type}>
                    {t.label}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="button button-small" onClick={add} data-testid="add-question">
              Add question
            </button>
          </div>
        </div>
        <SurveyPreview def={def} />
      </div>

      <div className="builder-actions">
        {message ? (
          <p className="form-error" role="alert" data-testid="builder-error">
            {message}
            {errors.form ? ` ${errors.form}` : ''}
          </p>
        ) : null}
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={save}
          data-testid="builder-save"
        >
          {stored ? 'Save new version' : 'Save draft'}
        </button>
        <button type="button" className="button button-ghost" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </section>
  );
}
