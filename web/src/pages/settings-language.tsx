// The organisation's language in Settings: the default language of invitation emails whose campaign
// names none and of new surveys. Owners and administrators change it; everyone else reads it.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';
import { useSession } from '../session.js';
import { FieldError, fieldErrors } from './settings-act-form.js';
import { languageName as nameOf } from './survey-texts.js';
import './settings-act.css';

const PATH = '/api/v1/organisation/language';

/** The organisation's language: a picker and a save button for administrators, the value for others. */
export function OrganisationLanguage() {
  const session = useSession();
  const current = useApi<api.OrganisationLanguage>(PATH);
  const canChange = session.user.role === 'owner' || session.user.role === 'admin';
  if (current.error) return <p className="card-empty">{errorMessage(current.error)}</p>;
  if (!current.data) return <p className="card-empty">Loading the language…</p>;
  if (!canChange)
    return (
      <p className="muted settings-body" data-testid="org-language">
        Language: {nameOf(current.data.language)} (invitation emails and new surveys are written in it unless
        they name another; owners and administrators change it).
      </p>
    );
  // The form starts from the stored language; after a save it already shows it (and keeps its message).
  return <LanguageForm data={current.data} />;
}

function LanguageForm({ data }: { data: api.OrganisationLanguage }) {
  const client = useQueryClient();
  const [language, setLanguage] = useState(data.language);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { field: useId(), hint: useId(), error: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await apiSend<api.OrganisationLanguage>('PUT', PATH, { language });
      setErrors({});
      await client.invalidateQueries({ queryKey: [PATH] });
      setMessage(`Saved: ${nameOf(language)}.`);
    } catch (caught) {
      const found = fieldErrors(caught, (f) => (f === 'language' ? 'language' : null));
      setErrors(Object.keys(found).length > 0 ? found : { form: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="act-form" onSubmit={submit} noValidate aria-label="Organisation language">
      <div className="act-field">
        <label htmlFor={ids.field}>Language</label>
        <select
          id={ids.field}
          value={language}
          onChange={(e) => setLanguage(e.target.value)}
          aria-invalid={Boolean(errors.language)}
          aria-describedby={errors.language ? `${ids.hint} ${ids.error}` : ids.hint}
          data-testid="org-language"
        >
          {data.supported.map((l) => (
            <option key={l} value={l}>
              {nameOf(l)}
            </option>
          ))}
        </select>
        <FieldError id={ids.error} text={errors.language} />
      </div>
      <p className="muted act-wide" id={ids.hint}>
        Invitation emails whose campaign names no language, and new surveys, are written in it.
      </p>
      <div className="act-wide">
        <button type="submit" className="button button-small button-primary" disabled={busy}>
          Save the language
        </button>
      </div>
      {errors.form ? (
        <p className="form-error act-wide" role="alert">
          {errors.form}
        </p>
      ) : null}
      {message ? (
        <p className="muted act-wide" role="status" data-testid="org-language-message">
          {message}
        </p>
      ) : null}
    </form>
  );
}
