// The survey builder: name and title, questions of every type of the definition format (add, reorder,
// remove, required, logic, piping), endings, languages and translations, beside a live preview drawn by
// the hosted page's renderer. Saving creates a survey (POST, as a draft or published) or a new version of
// a stored one (PATCH: a draft stays a draft unless published, a live survey's new version is live at
// once); the API's field errors appear beside the fields they name.
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
import { EndingsEditor } from './survey-endings.js';
import { LanguagesEditor } from './survey-languages.js';
import { SurveyPreview } from './survey-preview.js';
import { QuestionEditor } from './survey-question-editor.js';
import { renameQuestion } from './survey-rules.js';
import './settings-act.css';
import './survey-builder.css';

/**
 * What the builder starts from: a stored survey (with another definition to start from, such as a past
 * version's), or a name and a definition for a new survey.
 */
export type BuilderStart =
  | { survey: SurveySummary; definition?: Definition }
  | { name: string; definition: Definition };

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
  const [def, setDef] = useState<Definition>(start.definition ?? first.definition);
  const [addType, setAddType] = useState<QuestionType>('single_choice');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), title: useId(), add: useId() };
  const lang = def.defaultLanguage;
  const [original] = useState(() => (stored ? JSON.stringify(stored.definition) : ''));

  const setQuestions = (questions: Question[]) => setDef({ ...def, questions });
  // A renamed question takes its logic and piped texts along (see renameQuestion).
  const change = (i: number, q: Question) => {
    const before = def.questions[i]?.id ?? q.id;
    const next = { ...def, questions: def.questions.map((x, j) => (j === i ? q : x)) };
    setDef(before === q.id ? next : renameQuestion(next, before, q.id));
  };
  const add = () => setQuestions([...def.questions, newQuestion(addType, freshId(def.questions))]);

  /** Save: `status` publishes (live), keeps it a draft, or leaves a stored survey's status as it is. */
  const save = async (status?: SurveySummary['status']) => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    const definition = plainText(def.title, lang).trim()
      ? def
      : { ...def, title: withText(def.title, lang, name.trim()) };
    const changed = JSON.stringify(definition) !== original;
    try {
      const saved = stored
        ? await apiSend<SurveySummary>('PATCH', `/api/v1/surveys/${stored.id}`, {
            name: name.trim(),
            ...(changed ? { definition } : {}),
            ...(status && status !== stored.status ? { status } : {}),
          })
        : await apiSend<SurveySummary>('POST', '/api/v1/surveys', {
            name: name.trim(),
            status: status ?? 'draft',
            definition,
          });
      await client.invalidateQueries({
        predicate: (q) => String(q.queryKey[0]).startsWith('/api/v1/surveys'),
      });
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
              {stored
                ? `Edit ${stored.status === 'draft' ? 'draft' : 'survey'}: ${stored.name}`
                : 'New survey'}
            </h2>
            <p className="card-subtitle">
              {stored
                ? stored.status === 'live'
                  ? `Live at version ${stored.version}; publishing makes version ${stored.version + 1}, and answers already given keep theirs`
                  : `Version ${stored.version} (${stored.status}); saving a change makes version ${stored.version + 1}`
                : 'Save it as a draft, or publish it to accept responses'}
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
                def={def}
                lang={lang}
                errors={errors}
                onChange={(next) => change(i, next)}
                onMove={(by) => setQuestions(move(def.questions, i, by))}
                onRemove={() => setQuestions(def.questions.filter((_, j) => j !== i))}
              />
            ))}
          </ol>
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
      <div className="builder-columns">
        <EndingsEditor def={def} errors={errors} onChange={setDef} />
        <LanguagesEditor def={def} onChange={setDef} />
      </div>

      <div className="builder-actions">
        {message ? (
          <p className="form-error" role="alert" data-testid="builder-error">
            {message}
            {errors.form ? ` ${errors.form}` : ''}
          </p>
        ) : null}
        <SaveButtons stored={stored} busy={busy} onSave={save} />
        <button type="button" className="button button-ghost" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** The save buttons for a new survey, a draft, a live or a closed one. */
function SaveButtons({
  stored,
  busy,
  onSave,
}: {
  stored: SurveySummary | null;
  busy: boolean;
  onSave: (status?: SurveySummary['status']) => void;
}) {
  const next = stored ? stored.version + 1 : 1;
  const buttons: { label: string; status?: SurveySummary['status']; primary?: boolean }[] =
    !stored || stored.status === 'draft'
      ? [
          { label: 'Publish', status: 'live', primary: true },
          { label: 'Save draft', status: 'draft' },
        ]
      : stored.status === 'live'
        ? [{ label: `Publish version ${next}`, primary: true }]
        : [{ label: 'Save and reopen', status: 'live', primary: true }, { label: 'Save (stays closed)' }];
  return (
    <>
      {buttons.map((b) => (
        <button
          key={b.label}
          type="button"
          className={`button ${b.primary ? 'button-primary' : ''}`}
          disabled={busy}
          onClick={() => onSave(b.status)}
          data-testid={b.primary ? 'builder-publish' : 'builder-save'}
        >
          {b.label}
        </button>
      ))}
    </>
  );
}
