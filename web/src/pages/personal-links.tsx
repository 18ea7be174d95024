// Personal single-use links in a survey's distribution panel: one for anyone, or one tied to a contact
// found by part of their email or name (their answers are then theirs, and the link is recorded as an
// invitation; a contact who opted out or reached a frequency rule is refused, with the reason beside the
// contact field).
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';
import { FieldError, fieldErrors } from './settings-act-form.js';

type Contact = api.Contact;
const who = (c: Contact) => (c.name && c.email ? `${c.name} <${c.email}>` : (c.name ?? c.email ?? c.id));

/** The personal-link maker with its contact search. */
export function PersonalLinks({ surveyId }: { surveyId: string }) {
  const [links, setLinks] = useState<{ url: string; for: string | null }[]>([]);
  const [query, setQuery] = useState('');
  const [contact, setContact] = useState<Contact | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const ids = { search: useId(), error: useId(), results: useId() };
  const term = query.trim();
  const found = useApi<api.ContactPage>(
    '/api/v1/contacts',
    { q: term, limit: 8 },
    { enabled: term.length >= 2 },
  );
  const results = term.length >= 2 ? (found.data?.items ?? []) : [];

  const make = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const link = await apiSend<api.PersonalLink>(
        'POST',
        `/api/v1/surveys/${surveyId}/links`,
        contact ? { contactId: contact.id } : {},
      );
      setLinks((l) =>
        [{ url: `${window.location.origin}${link.path}`, for: contact ? who(contact) : null }, ...l].slice(
          0,
          5,
        ),
      );
      setErrors({});
    } catch (caught) {
      const named = fieldErrors(caught, (f) => (f === 'contactId' ? 'contact' : null));
      setErrors(Object.keys(named).length > 0 ? named : { form: errorMessage(caught) });
    }
  };
  return (
    <div className="personal" data-testid="personal">
      <h3 className="subhead">Personal links</h3>
      <p className="muted">
        A single-use link: it takes one response, so it can be given to one person. Tie it to a contact to
        have their answers recorded as theirs; the link then counts as an invitation, toward the frequency
        rules and in the response rates.
      </p>
      <form className="personal-form" onSubmit={make} noValidate>
        {contact ? (
          <p className="personal-chosen" data-testid="personal-contact">
            For <strong>{who(contact)}</strong>{' '}
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => {
                setContact(null);
                setErrors({});
              }}
            >
              Anyone instead
            </button>
          </p>
        ) : (
          <div className="campaign-field personal-search">
            <label htmlFor={ids.search}>For a contact (search by email or name; optional)</label>
            <input
              id={ids.search}
              type="search"
              value={query}
              autoComplete="off"
              onChange={(e) => setQuery(e.target.value)}
              aria-controls={ids.results}
            />
            <ul
              className="personal-results"
              id={ids.results}
              aria-label="Contacts found"
              data-testid="personal-results"
            >
              {results.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    onClick={() => {
                      setContact(c);
                      setQuery('');
                      setErrors({});
                    }}
                  >
                    {who(c)}
                  </button>
                </li>
              ))}
              {term.length >= 2 && found.data && results.length === 0 ? (
                <li className="muted">No contact found.</li>
              ) : null}
            </ul>
          </div>
        )}
        <FieldError id={ids.error} text={errors.contact} />
        <button type="submit" className="button button-small" data-testid="personal-link">
          {contact ? 'Make a link for this contact' : 'Make a personal link'}
        </button>
        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : null}
      </form>
      <ul className="personal-links" data-testid="personal-links">
        {links.map((l) => (
          <li key={l.url}>
            {l.for ? <span className="personal-for">For {l.for}: </span> : null}
            <code>{l.url}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
