// Marking a mirror survey from the gaps page: a survey answered by staff as they believe customers would,
// tied to the customer survey it copies (its answers then leave customer scores).
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { apiSend } from '../api.js';
import { errorMessage } from '../query.js';
import { useSession } from '../session.js';
import type { SurveySummary } from '../types.js';
import { canConfigure, FieldError, fieldErrors } from './settings-act-form.js';

/** The form: the staff survey, the customer survey it mirrors. */
export function MirrorForm({ surveys }: { surveys: SurveySummary[] }) {
  const session = useSession();
  const client = useQueryClient();
  const [mirror, setMirror] = useState('');
  const [of, setOf] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const ids = { mirror: useId(), of: useId(), mirrorError: useId(), ofError: useId() };
  if (!canConfigure(session)) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!mirror) local.mirror = 'Choose the survey staff answer.';
    if (!of) local.of = 'Choose the customer survey it mirrors.';
    else if (of === mirror) local.of = 'Choose a survey other than the mirror itself.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      await apiSend('PUT', `/api/v1/analytics/mirrors/${mirror}`, { mirrorOf: of });
      await client.invalidateQueries({ queryKey: ['/api/v1/surveys'] });
    } catch (caught) {
      const found = fieldErrors(caught, (f) => (f === 'mirrorOf' ? 'of' : null));
      setErrors(Object.keys(found).length > 0 ? found : { form: errorMessage(caught) });
    }
  };
  const options = surveys.map((s) => (
    <option key={s.id} value={s.id}>
      {s.name}
    </option>
  ));
  return (
    <form
      className="inline-form"
      onSubmit={submit}
      noValidate
      data-testid="mirror-form"
      aria-label="Mark a mirror survey"
    >
      <div className="filter-field">
        <label htmlFor={ids.mirror}>Survey staff answer</label>
        <select
          id={ids.mirror}
          value={mirror}
          onChange={(e) => setMirror(e.target.value)}
          aria-invalid={Boolean(errors.mirror)}
          aria-describedby={errors.mirror ? ids.mirrorError : undefined}
        >
          <option value="">Choose…</option>
          {options}
        </select>
        <FieldError id={ids.mirrorError} text={errors.mirror} />
      </div>
      <div className="filter-field">
        <label htmlFor={ids.of}>Customer survey it mirrors</label>
        <select
          id={ids.of}
          value={of}
          onChange={(e) => setOf(e.target.value)}
          aria-invalid={Boolean(errors.of)}
          aria-describedby={errors.of ? ids.ofError : undefined}
        >
          <option value="">Choose…</option>
          {options}
        </select>
        <FieldError id={ids.ofError} text={errors.of} />
      </div>
      <button type="submit" className="button button-primary button-small">
        Mark as its mirror
      </button>
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}
