// One question in the survey builder: type, id, text, required, what its type needs (options, rows,
// attributes, scale, fields) and its display logic ("show only if an earlier answer …"), with the API's
// errors beside the fields they name.
import { useId } from 'react';
import { FieldError } from './settings-act-form.js';
import {
  type Condition,
  canDrive,
  firstValue,
  itemsFromLines,
  listOf,
  makeCondition,
  newQuestion,
  type Op,
  operatorsFor,
  plainText,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  simpleCondition,
  withText,
} from './survey-draft.js';

const CONTACT_FIELDS = ['name', 'email', 'phone', 'company'] as const;
const LIST_LABEL = { options: 'Options', rows: 'Rows', attributes: 'Attributes' } as const;

interface Props {
  question: Question;
  index: number;
  count: number;
  /** The questions before this one (the display logic may read only those). */
  earlier: Question[];
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
  earlier,
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
  const drivers = earlier.filter(canDrive);

  const setType = (type: QuestionType) =>
    onChange(
      newQuestion(type, q.id, {
        text: q.text,
        required: q.required,
        ...(q.showIf ? { showIf: q.showIf } : {}),
      }),
    );
  const setLogic = (showIf: Condition | undefined) => {
    const { showIf: _old, ...rest } = q;
    onChange((showIf ? { ...rest, showIf } : rest) as Question);
  };

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
            value={plainText(q.text, lang)}
            onChange={(e) => onChange({ ...q, text: withText(q.text, lang, e.target.value) })}
            data-testid={`question-${number}-text`}
            {...described('text')}
          />
          <FieldError id={id('text-err')} text={err('text')} />
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
        <Logic q={q} drivers={drivers} lang={lang} idOf={id} error={err('showIf')} onChange={setLogic} />
      </div>
      {errors[`q.${index}`] ? (
        <p className="act-field-error builder-question-error" role="alert">
          {errors[`q.${index}`]}
        </p>
      ) : null}
    </li>
  );
}

/** "Show this question always / only if <earlier question> <comparison> <value>". */
function Logic({
  q,
  drivers,
  lang,
  idOf,
  error,
  onChange,
}: {
  q: Question;
  drivers: Question[];
  lang: string;
  idOf: (field: string) => string;
  error: string | undefined;
  onChange: (c: Condition | undefined) => void;
}) {
  const simple = simpleCondition(q.showIf);
  const source = simple ? drivers.find((d) => d.id === simple.question) : undefined;
  if (q.showIf && !simple)
    return (
      <p className="muted act-wide">
        Shown under a combined condition (kept as written; edit it through the API).
        <FieldError id={idOf('showIf-err')} text={error} />
      </p>
    );
  const start = (d: Question) => {
    const op = operatorsFor(d)[0]?.op ?? 'answered';
    onChange(makeCondition(d, op, firstValue(d)));
  };
  const value = simple?.value === undefined ? '' : String(simple.value);
  return (
    <fieldset
      className="act-choices act-wide builder-logic"
      aria-describedby={error ? idOf('showIf-err') : undefined}
    >
      <legend>Display logic</legend>
      <div className="act-field">
        <label htmlFor={idOf('logic-source')}>Show this question</label>
        <select
          id={idOf('logic-source')}
          value={simple?.question ?? ''}
          data-testid="logic-source"
          onChange={(e) => {
            const d = drivers.find((x) => x.id === e.target.value);
            if (d) start(d);
            else onChange(undefined);
          }}
        >
          <option value="">always</option>
          {simple && !source ? (
            <option value={simple.question}>if "{simple.question}" (not an earlier question)</option>
          ) : null}
          {drivers.map((d) => (
            <option key={d.id} value={d.id}>
              only if "{plainText(d.text, lang).slice(0, 40)}"
            </option>
          ))}
        </select>
      </div>
      {simple && source ? (
        <>
          <div className="act-field">
            <label htmlFor={idOf('logic-op')}>Answer</label>
            <select
              id={idOf('logic-op')}
              value={simple.op}
              data-testid="logic-op"
              onChange={(e) =>
                onChange(makeCondition(source, e.target.value as Op, value || firstValue(source)))
              }
            >
              {operatorsFor(source).map((o) => (
                <option key={o.op} value={o.op}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          {simple.op === 'answered' || simple.op === 'not_answered' ? null : (
            <div className="act-field">
              <label htmlFor={idOf('logic-value')}>Value</label>
              {'options' in source || source.type === 'consent' ? (
                <select
                  id={idOf('logic-value')}
                  value={value}
                  data-testid="logic-value"
                  onChange={(e) => onChange(makeCondition(source, simple.op, e.target.value))}
                >
                  {'options' in source
                    ? source.options.map((o) => (
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
              ) : (
                <input
                  id={idOf('logic-value')}
                  type={source.type === 'text' ? 'text' : 'number'}
                  value={value}
                  data-testid="logic-value"
                  onChange={(e) => onChange(makeCondition(source, simple.op, e.target.value))}
                />
              )}
            </div>
          )}
        </>
      ) : null}
      <FieldError id={idOf('showIf-err')} text={error} />
    </fieldset>
  );
}
