// Creating a journey from the journeys page: its name and its stages in order, with the API's errors
// beside the fields they name.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { apiSend } from '../api.js';
import { errorMessage } from '../query.js';
import { useSession } from '../session.js';
import { canConfigure, FieldError, fieldErrors, splitList } from './settings-act-form.js';

/** The new-journey form (for those who may configure; a line for the others). */
export function JourneyForm() {
  const session = useSession();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [stages, setStages] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const ids = { name: useId(), stages: useId(), nameError: useId(), stagesError: useId() };
  if (!canConfigure(session))
    return <p className="muted">An administrator or analyst can create one here.</p>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setErrors({ name: 'Give the journey a name.' });
    setErrors({});
    try {
      await apiSend('POST', '/api/v1/journeys', { name: name.trim(), stages: splitList(stages) });
      setName('');
      setStages('');
      await client.invalidateQueries({ queryKey: ['/api/v1/journeys'] });
    } catch (caught) {
      const found = fieldErrors(caught, (f) =>
        f === 'name' ? 'name' : f.startsWith('stages') ? 'stages' : null,
      );
      setErrors(Object.keys(found).length > 0 ? found : { form: errorMessage(caught) });
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate data-testid="journey-form">
      <div className="filter-field">
        <label htmlFor={ids.name}>Journey name</label>
        <input
          id={ids.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={errors.name ? ids.nameError : undefined}
        />
        <FieldError id={ids.nameError} text={errors.name} />
      </div>
      <div className="filter-field">
        <label htmlFor={ids.stages}>Stages, in order (comma-separated)</label>
        <input
          id={ids.stages}
          value={stages}
          placeholder="Discover, Buy, Receive, Get help"
          onChange={(e) => setStages(e.target.value)}
          aria-invalid={Boolean(errors.stages)}
          aria-describedby={errors.stages ? ids.stagesError : undefined}
        />
        <FieldError id={ids.stagesError} text={errors.stages} />
      </div>
      <button type="submit" className="button button-primary button-small">
        Create the journey
      </button>
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}
