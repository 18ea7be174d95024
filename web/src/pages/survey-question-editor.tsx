// One question in the survey builder: type, id, text (with earlier answers or contact attributes piped
// in), required, what its type needs (options, rows, attributes, scale, fields) and its logic (when it is
// shown, where it jumps), with the API's errors beside the fields they name.
import { useId, useRef, useState } from 'react';
import { FieldError } from './settings-act-form.js';
import {
  type Definition,
  itemsFromLines,
  listOf,
  newQuestion,
  plainText,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  withText,
} from './survey-draft.js';
import { QuestionLogic } from './survey-question-logic.js';
import { sourcesOf } from './survey-rules.js';
import { answerToken, attributeToken, insertToken } from './survey-texts.js';

const CONTACT_FIELDS = ['name', 'email', 'phone', 'company'] as const;
const LIST_LABEL = { options: 'Options', rows: 'Rows', attributes: 'Attributes' } as const;

interface Props {
  question: Question;
  index: number;
  count: number;
  /** The whole definition (the logic reads earlier questions and jumps to later ones or endings). */
  def: Definition;
  lang: string;
  errors: Record<string, string>;
  onChange: (q: Question) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** The editor of one question. */
export function QuestionEditor({
  question: q,
  index,
  count,
  def,
  lang,
  errors,
  onChange,
  onMove,
  onRemove,
}: Props) {
  const base = useId();
  const id = (field: string) => `${base}-${field}`;
  const err = (field: string) => errors[`q.${index}.${field}`];
  const described = (field: string) =>
    err(field) ? { 'aria-describedby': id(`${field}-err`), 'aria-invalid': true } : {};
  const list = listOf(q);
  const number = index + 1;
  const scale = 'scale' in q ? q.scale : undefined;
  const earlier = def.questions.slice(0, index);
  const textRef = useRef<HTMLInputElement>(null);
  const pipeIn = (token: string) => {
    const current = plainText(q.text, lang);
    const at = textRef.current?.selectionStart ?? current.length;
    onChange({ ...q, text: withText(q.text, lang, insertToken(current, token, at)) });
  };

  const setType = (type: QuestionType) =>
    onChange(
      newQuestion(type, q.id, {
        text: q.text,
        required: q.required,
        ...(q.showIf ? { showIf: q.showIf } : {}),
        ...(q.skipIf ? { skipIf: q.skipIf } : {}),
        ...(q.jump ? { jump: q.jump } : {}),
      }),
    );

  return (
    <li className="card builder-question" data-testid={`question-${number}`} aria-labelledby={id('title')}>
      <div className="card-head">
        <h3 className="card-title" id={id('title')}>
          Question {number}
          <span className="tp-channel"> {QUESTION_TYPES.find((t) => t.type === q.type)?.label}</span>
        </h3>
        <div className="row-actions">
          <button
            type="button"
            className="button button-small button-ghost"
            disabled={index === 0}
            onClick={() => onMove(-1)}
            aria-label={`Move question ${number} up`}
          >
            Up
          </button>
          <button
            type="button"
            className="button button-small button-ghost"
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            aria-label={`Move question ${number} down`}
          >
            Down
          </button>
          <button
            type="button"
            className="button button-small button-ghost"
            disabled={count === 1}
            onClick={onRemove}
            aria-label={`Remove question ${number}`}
          >
            Remove
          </button>
        </div>
      </div>
      <div className="act-form">
        <div className="act-field">
          <label htmlFor={id('type')}>Type</label>
          <select
            id={id('type')}
            value={q.type}
            onChange={(e) => setType(e.target.value as QuestionType)}
            data-testid={`question-${number}-type`}
          >
            {QUESTION_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div className="act-field">
          <label htmlFor={id('id')}>Id (in exports and logic)</label>
          <input
            id={id('id')}
            value={q.id}
            onChange={(e) => onChange({ ...q, id: e.target.value.trim() })}
            {...described('id')}
          />
          <FieldError id={id('id-err')} text={err('id')} />
        </div>
        <div className="act-field act-wide">
          <label htmlFor={id('text')}>Question text</label>
          <input
            id={id('text')}
            ref={textRef}
            value={plainText(q.text, lang)}
            onChange={(e) => onChange({ ...q, text: withText(q.text, lang, e.target.value) })}
            data-testid={`question-${number}-text`}
            {...described('text')}
          />
          <FieldError id={id('text-err')} text={err('text')} />
        </div>
        <PipeInsert earlier={earlier} lang={lang} testId={`question-${number}-pipe`} onInsert={pipeIn} />
        <div className="act-field act-wide">
          <label htmlFor={id('description')}>Description (optional, under the question)</label>
          <input
            id={id('description')}
            value={plainText(q.description, lang)}
            onChange={(e) => {
              const { description: _old, ...rest } = q;
              onChange(
                (e.target.value
                  ? { ...q, description: withText(q.description ?? '', lang, e.target.value) }
                  : rest) as Question,
              );
            }}
          />
        </div>
        <label className="builder-check">
          <input
            type="checkbox"
            checked={q.required}
            onChange={(e) => onChange({ ...q, required: e.target.checked })}
          />
          Required
        </label>
        {q.type === 'text' ? (
          <label className="builder-check">
            <input
              type="checkbox"
              checked={q.long}
              onChange={(e) => onChange({ ...q, long: e.target.checked })}
            />
            Several lines
          </label>
        ) : null}
        {q.type === 'rating' ? (
          <div className="act-field">
            <label htmlFor={id('display')}>Shown as</label>
            <select
              id={id('display')}
              value={q.display}
              onChange={(e) => onChange({ ...q, display: e.target.value as typeof q.display })}
            >
              <option value="stars">Stars</option>
              <option value="numbers">Numbers</option>
              <option value="smileys">Smileys</option>
            </select>
          </div>
        ) : null}
        {scale ? (
          <div className="act-field">
            <label htmlFor={id('scale')}>Scale from {scale.min} to</label>
            <input
              id={id('scale')}
              type="number"
              min={2}
              max={q.type === 'rating' ? 10 : 11}
              value={scale.max}
              onChange={(e) =>
                onChange({ ...q, scale: { ...scale, max: Number(e.target.value) } } as Question)
              }
              {...described('scale')}
            />
            <FieldError id={id('scale-err')} text={err('scale')} />
          </div>
        ) : null}
        {list ? (
          <div className="act-field act-wide">
            <label htmlFor={id('items')}>{LIST_LABEL[list.key]} (one per line)</label>
            <textarea
              key={`${q.type}-items`}
              id={id('items')}
              rows={Math.max(2, list.items.length + 1)}
              defaultValue={list.items.map((o) => plainText(o.text, lang)).join('\n')}
              onBlur={(e) =>
                onChange({ ...q, [list.key]: itemsFromLines(e.target.value, list.items, lang) } as Question)
              }
              data-testid={`question-${number}-items`}
              {...described('items')}
            />
            <FieldError id={id('items-err')} text={err('items')} />
          </div>
        ) : null}
        {q.type === 'contact_info' ? (
          <fieldset className="act-choices act-wide" {...described('fields')}>
            <legend>Fields asked</legend>
            {CONTACT_FIELDS.map((field) => (
              <label key={field} className="builder-check">
                <input
                  type="checkbox"
                  checked={q.fields.some((f) => f.field === field)}
                  onChange={(e) =>
                    onChange({
                      ...q,
                      fields: e.target.checked
                        ? [...q.fields, { field, required: false }]
                        : q.fields.filter((f) => f.field !== field),
                    })
                  }
                />
                {field}
              </label>
            ))}
            <FieldError id={id('fields-err')} text={err('fields')} />
          </fieldset>
        ) : null}
        <QuestionLogic
          def={def}
          index={index}
          sources={sourcesOf(earlier, lang)}
          selfSources={sourcesOf(def.questions.slice(0, index + 1), lang)}
          lang={lang}
          errors={{ showIf: err('showIf'), skipIf: err('skipIf'), jump: err('jump') }}
          onChange={onChange}
        />
      </div>
      {errors[`q.${index}`] ? (
        <p className="act-field-error builder-question-error" role="alert">
          {errors[`q.${index}`]}
        </p>
      ) : null}
    </li>
  );
}

/** "Insert: the answer to an earlier question / a contact attribute" into the question's text. */
function PipeInsert({
  earlier,
  lang,
  testId,
  onInsert,
}: {
  earlier: Question[];
  lang: string;
  testId: string;
  onInsert: (token: string) => void;
}) {
  const base = useId();
  const [attribute, setAttribute] = useState<{ name: string; fallback: string } | null>(null);
  return (
    <div className="act-field builder-pipe">
      <label htmlFor={`${base}-pipe`}>Insert into the text</label>
      <select
        id={`${base}-pipe`}
        value=""
        data-testid={testId}
        onChange={(e) => {
          const v = e.target.value;
          if (v === 'attribute') setAttribute({ name: '', fallback: '' });
          else if (v) onInsert(answerToken(v));
        }}
      >
        <option value="">choose…</option>
        {earlier.map((d) => (
          <option key={d.id} value={d.id}>
            the answer to "{plainText(d.text, lang).slice(0, 40)}"
          </option>
        ))}
        <option value="attribute">a contact attribute…</option>
      </select>
      {attribute ? (
        <span className="builder-pipe-attr">
          <label htmlFor={`${base}-attr`}>Attribute</label>
          <input
            id={`${base}-attr`}
            value={attribute.name}
            placeholder="firstName"
            data-testid={`${testId}-attribute`}
            onChange={(e) => setAttribute({ ...attribute, name: e.target.value.trim() })}
          />
          <label htmlFor={`${base}-fallback`}>if unknown</label>
          <input
            id={`${base}-fallback`}
            value={attribute.fallback}
            placeholder="there"
            onChange={(e) => setAttribute({ ...attribute, fallback: e.target.value })}
          />
          <button
            type="button"
            className="button button-small"
            disabled={!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(attribute.name)}
            onClick={() => {
              onInsert(attributeToken(attribute.name, attribute.fallback.replace(/[{}|]/g, '').trim()));
              setAttribute(null);
            }}
          >
            Insert
          </button>
        </span>
      ) : null}
    </div>
  );
}
