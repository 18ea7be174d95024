// Contacts: who the organisation hears from, with their attributes; segments built from rules on those
// attributes with a live count; saved segments and lists with their sizes; one contact with its feedback.
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiGet, apiSend } from '../api.js';
import { formatCount } from '../format.js';
import { errorMessage, useApi } from '../query.js';
import type { Contact, FeedbackRecord } from '../types.js';
import { useSearchParam } from '../use-filters.js';
import { scoreText } from './responses-page.js';

/** One test of the builder (the API's rules allow nesting; the builder makes one level). */
interface Test {
  attribute: string;
  op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'exists' | 'not_exists';
  value?: string | number;
}
type Segment = api.Segment;
type ContactList = api.ContactList;

const OPS: { value: Test['op']; label: string }[] = [
  { value: 'eq', label: 'is' },
  { value: 'neq', label: 'is not' },
  { value: 'gt', label: 'greater than' },
  { value: 'lt', label: 'less than' },
  { value: 'contains', label: 'contains' },
  { value: 'exists', label: 'is set' },
  { value: 'not_exists', label: 'is not set' },
];

/** The rules of a segment from the builder's rows: numbers stay numbers so they compare numerically. */
export function toRules(tests: Test[], match: 'all' | 'any') {
  return {
    [match]: tests
      .filter((t) => t.attribute && (t.op === 'exists' || t.op === 'not_exists' || `${t.value ?? ''}` !== ''))
      .map((t) =>
        t.op === 'exists' || t.op === 'not_exists'
          ? { attribute: t.attribute, op: t.op }
          : {
              attribute: t.attribute,
              op: t.op,
              value: /^-?\d+(\.\d+)?$/.test(`${t.value}`) ? Number(t.value) : t.value,
            },
      ),
  };
}

function usePreview(body: unknown, enabled = true) {
  return useQuery({
    queryKey: ['/api/v1/audiences/preview', body],
    queryFn: () => apiSend<api.AudiencePreview>('POST', '/api/v1/audiences/preview', body),
    enabled,
    placeholderData: (previous) => previous,
  });
}

/** The contacts page. */
export default function ContactsPage() {
  const [selected, setSelected] = useSearchParam('id');
  const contacts = useInfiniteQuery({
    queryKey: ['/api/v1/contacts'],
    queryFn: ({ pageParam, signal }) =>
      apiGet<{ items: Contact[]; nextCursor: string | null }>(
        '/api/v1/contacts',
        { limit: 50, cursor: pageParam ?? undefined },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = contacts.data?.pages.flatMap((p) => p.items) ?? [];
  const attributes = [...new Set(rows.flatMap((c) => Object.keys(c.attributes)))].sort();
  // Every contact: a test every contact passes (with an email or without).
  const everyone = usePreview({
    rules: {
      any: [
        { field: 'email', op: 'exists' },
        { field: 'email', op: 'not_exists' },
      ],
    },
  });

  return (
    <div className="page" aria-busy={contacts.isPending}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Contacts</h1>
          <p className="page-subtitle">
            <span data-figure>{formatCount(everyone.data?.count ?? 0)}</span> contacts · attributes, segments
            and lists
          </p>
        </div>
      </div>

      {selected ? <ContactDetail id={selected} onClose={() => setSelected('')} /> : null}

      <SegmentBuilder attributes={attributes} />
      <SavedAudiences />

      <section className="card table-card" aria-labelledby="contacts-title">
        <div className="card-head">
          <h2 className="card-title" id="contacts-title">
            All contacts
          </h2>
        </div>
        {contacts.error ? <p className="card-empty">{errorMessage(contacts.error)}</p> : null}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
        <section className="table-scroll" tabIndex={0} aria-label="Contacts table">
          <table className="touchpoints" data-testid="contacts-table">
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">External id</th>
                {attributes.slice(0, 5).map((a) => (
                  <th key={a} scope="col">
                    {a}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="col-name">
                    <button type="button" className="link-button" onClick={() => setSelected(c.id)}>
                      {c.name ?? c.email ?? c.externalId ?? c.id}
                    </button>
                    {c.email ? <span className="tp-channel">{c.email}</span> : null}
                  </th>
                  <td>{c.externalId ?? '—'}</td>
                  {attributes.slice(0, 5).map((a) => (
                    <td key={a}>{c.attributes[a] === undefined ? '—' : String(c.attributes[a])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {contacts.hasNextPage ? (
          <div className="load-more">
            <button
              type="button"
              className="button button-small"
              disabled={contacts.isFetchingNextPage}
              onClick={() => contacts.fetchNextPage()}
            >
              {contacts.isFetchingNextPage ? 'Loading…' : 'Show 50 more'}
            </button>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function SegmentBuilder({ attributes }: { attributes: string[] }) {
  const client = useQueryClient();
  const [tests, setTests] = useState<Test[]>([{ attribute: 'plan', op: 'eq', value: 'premium' }]);
  const [match, setMatch] = useState<'all' | 'any'>('all');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const rules = toRules(tests, match);
  const preview = usePreview({ rules }, (rules[match]?.length ?? 0) > 0);
  const update = (i: number, change: Partial<Test>) =>
    setTests((list) => list.map((t, j) => (j === i ? { ...t, ...change } : t)));
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setMessage('Name the segment to save it.');
    try {
      await apiSend('POST', '/api/v1/segments', { name: name.trim(), rules });
      setName('');
      setMessage('Saved.');
      await client.invalidateQueries({ queryKey: ['/api/v1/segments'] });
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  return (
    <section className="card" aria-labelledby="segment-title">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="segment-title">
            Segment builder
          </h2>
          <p className="card-subtitle">Rules on contact attributes; the count updates as you type</p>
        </div>
        <p className="segment-count" role="status" aria-live="polite" data-testid="segment-count">
          <strong data-figure>{preview.data ? formatCount(preview.data.count) : '…'}</strong> contacts match
        </p>
      </div>
      <form className="segment-form" onSubmit={save}>
        <div className="filter-field">
          <label htmlFor={`${id}-match`}>Match</label>
          <select
            id={`${id}-match`}
            value={match}
            onChange={(e) => setMatch(e.target.value as 'all' | 'any')}
          >
            <option value="all">all of these</option>
            <option value="any">any of these</option>
          </select>
        </div>
        {tests.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place.
          <fieldset key={i} className="rule-row">
            <legend className="visually-hidden">Rule {i + 1}</legend>
            <div className="filter-field">
              <label htmlFor={`${id}-a${i}`}>Attribute</label>
              <input
                id={`${id}-a${i}`}
                list={`${id}-attributes`}
                value={t.attribute}
                onChange={(e) => update(i, { attribute: e.target.value })}
              />
            </div>
            <div className="filter-field">
              <label htmlFor={`${id}-o${i}`}>Test</label>
              <select
                id={`${id}-o${i}`}
                value={t.op}
                onChange={(e) => update(i, { op: e.target.value as Test['op'] })}
              >
                {OPS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            {t.op === 'exists' || t.op === 'not_exists' ? null : (
              <div className="filter-field">
                <label htmlFor={`${id}-v${i}`}>Value</label>
                <input
                  id={`${id}-v${i}`}
                  value={t.value ?? ''}
                  onChange={(e) => update(i, { value: e.target.value })}
                />
              </div>
            )}
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => setTests((list) => list.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </fieldset>
        ))}
        <datalist id={`${id}-attributes`}>
          {attributes.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <div className="row-actions">
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => setTests((list) => [...list, { attribute: '', op: 'eq', value: '' }])}
          >
            Add a rule
          </button>
          <label htmlFor={`${id}-name`} className="visually-hidden">
            Segment name
          </label>
          <input
            id={`${id}-name`}
            className="text-input"
            placeholder="Segment name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button button-small button-primary">
            Save segment
          </button>
          {message ? <span className="muted">{message}</span> : null}
          {preview.error ? <span className="form-error">{errorMessage(preview.error)}</span> : null}
        </div>
      </form>
    </section>
  );
}

function SavedAudiences() {
  const segments = useApi<{ items: Segment[] }>('/api/v1/segments');
  const lists = useApi<{ items: ContactList[] }>('/api/v1/contact-lists');
  const segs = segments.data?.items ?? [];
  const ls = lists.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="audiences-title">
      <div className="card-head">
        <h2 className="card-title" id="audiences-title">
          Segments and lists
        </h2>
      </div>
      {segs.length === 0 && ls.length === 0 ? (
        <p className="card-empty">No saved segment or list yet.</p>
      ) : null}
      <ul className="plain-list audience-list">
        {segs.map((s) => (
          <SegmentRow key={s.id} segment={s} />
        ))}
        {ls.map((l) => (
          <li key={l.id}>
            List <strong>{l.name}</strong> · {formatCount(l.size)} contacts
          </li>
        ))}
      </ul>
    </section>
  );
}

function SegmentRow({ segment }: { segment: Segment }) {
  const count = usePreview({ segmentId: segment.id });
  return (
    <li>
      Segment <strong>{segment.name}</strong> · {count.data ? formatCount(count.data.count) : '…'} contacts
      now
    </li>
  );
}

function ContactDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const contact = useApi<Contact>(`/api/v1/contacts/${id}`);
  const feedback = useApi<{ items: FeedbackRecord[] }>('/api/v1/feedback', { contact: id, limit: 10 });
  const c = contact.data;
  return (
    <section className="card" aria-labelledby="contact-title" data-testid="contact-detail">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="contact-title">
            {c ? (c.name ?? c.email ?? c.externalId ?? 'Contact') : 'Contact'}
          </h2>
          <p className="card-subtitle">{c?.email ?? ''}</p>
        </div>
        <button type="button" className="button button-small button-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      {contact.error ? <p className="card-empty">{errorMessage(contact.error)}</p> : null}
      {c ? (
        <div className="tp-detail-body">
          <div>
            <h3 className="subhead">Attributes</h3>
            <dl className="kv">
              {Object.entries(c.attributes).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{String(v)}</dd>
                </div>
              ))}
              <div>
                <dt>Consent</dt>
                <dd>{Object.keys(c.consent).length ? JSON.stringify(c.consent) : 'Not recorded'}</dd>
              </div>
            </dl>
          </div>
          <div>
            <h3 className="subhead">Latest feedback</h3>
            <ul className="plain-list">
              {(feedback.data?.items ?? []).map((f) => (
                <li key={f.id}>
                  <time dateTime={f.occurredAt}>{new Date(f.occurredAt).toLocaleDateString()}</time> ·{' '}
                  {scoreText(f.measures)}
                  {f.text ? <q className="muted"> {f.text}</q> : null}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </section>
  );
}
