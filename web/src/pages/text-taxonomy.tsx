// The theme taxonomy editor of the comments page: each theme with its keyword rules and its sub-themes,
// add, rename, change the keywords, remove; saving makes a new revision and re-tags every comment in the
// background, with its progress shown; the API's errors show beside the theme or sub-theme they name.
// Analysts and administrators edit; others read.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { ApiError, apiGet, apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';
import { useSession } from '../session.js';
import { type SubDraft, SubThemes, slug, subDrafts, subThemeOf, words } from './text-subthemes.js';
import './survey-campaigns.css';
import './text-taxonomy.css';

type Theme = api.TaxonomyView['taxonomy']['themes'][number];
interface Draft {
  id: string;
  name: string;
  keywords: string;
  subs: SubDraft[];
  source: Theme | null;
}

const PATH = '/api/v1/text/taxonomy';
const toDraft = (t: Theme): Draft => ({
  id: t.id,
  name: t.name.en ?? t.id,
  keywords: t.keywords.join(', '),
  subs: subDrafts(t),
  source: t,
});

/**
 * The API's field errors by the id of the theme or sub-theme they name (`themes.2.subthemes.0.keywords`),
 * with the rest under "form".
 */
function errorsById(error: unknown, list: Draft[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const p of error.problem.invalid_params ?? []) {
    const m = /^(?:body\.)?themes\.(\d+)(?:\.subthemes\.(\d+))?/.exec(p.name);
    const theme = m ? list[Number(m[1])] : undefined;
    const sub = m?.[2] !== undefined ? theme?.subs[Number(m[2])] : undefined;
    const key = sub?.id ?? theme?.id ?? 'form';
    const field = p.name.split('.').at(-1);
    const text = `${field && !/^\d+$/.test(field) && key !== 'form' ? `${field}: ` : ''}${p.reason}`;
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}

/** The taxonomy card. */
export function TaxonomyEditor() {
  const session = useSession();
  const canEdit = ['owner', 'admin', 'analyst'].includes(session.user.role);
  const view = useApi<api.TaxonomyView>(PATH);
  const client = useQueryClient();
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  useEffect(() => {
    if (view.data && drafts === null) setDrafts(view.data.taxonomy.themes.map(toDraft));
  }, [view.data, drafts]);
  const run = useQuery<api.TextRun>({
    queryKey: ['/api/v1/text/runs', runId],
    queryFn: ({ signal }) => apiGet<api.TextRun>(`/api/v1/text/runs/${runId}`, undefined, signal),
    enabled: runId !== null,
    refetchInterval: (q) =>
      q.state.data && ['done', 'failed', 'superseded'].includes(q.state.data.status) ? false : 1000,
  });
  const list = drafts ?? [];
  const edit = (i: number, patch: Partial<Draft>) =>
    setDrafts(list.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const taken = (themeId: string) =>
    list.some((d) => d.id === themeId || d.subs.some((s) => s.id === themeId));
  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = newName.trim();
    if (!name) return setMessage('Name the new theme.');
    const base = slug(name) || 'theme';
    let themeId = base;
    for (let n = 2; taken(themeId); n++) themeId = `${base}-${n}`;
    setDrafts([...list, { id: themeId, name, keywords: '', subs: [], source: null }]);
    setNewName('');
    setMessage(`${name} added: give it keywords, then save.`);
  };
  const save = async () => {
    setMessage(null);
    const themes = list.map((d) => ({
      ...(d.source ?? {}),
      id: d.id,
      name: { ...(d.source?.name ?? {}), en: d.name.trim() || d.id },
      keywords: words(d.keywords),
      subthemes: d.subs.map(subThemeOf),
    }));
    setErrors({});
    try {
      const saved = await apiSend<api.TaxonomySaved>('PUT', PATH, { themes });
      setRunId(saved.run.id);
      setMessage('Saved as a new revision; re-tagging the comments…');
      await client.invalidateQueries({ queryKey: [PATH] });
    } catch (caught) {
      const named = errorsById(caught, list);
      setErrors(named);
      setMessage(
        Object.keys(named).some((k) => k !== 'form')
          ? `Not saved: ${named.form ?? 'see the errors beside the themes below.'}`
          : errorMessage(caught),
      );
    }
  };
  const r = run.data;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="taxonomy">
      <div className="card-head">
        <div>
          <h2 className="card-title" id={`${id}-title`}>
            Theme taxonomy
          </h2>
          <p className="card-subtitle">
            {view.data
              ? `${view.data.custom ? 'Your taxonomy' : 'The starter taxonomy'}, revision ${view.data.revision}: a comment gets a theme when it names one of its keywords`
              : 'Loading…'}
          </p>
        </div>
        {canEdit ? (
          <button
            type="button"
            className="button button-small button-primary"
            onClick={save}
            data-testid="taxonomy-save"
          >
            Save and re-tag
          </button>
        ) : null}
      </div>
      {message ? (
        <p className="muted taxonomy-message" role="status" data-testid="taxonomy-message">
          {message}
        </p>
      ) : null}
      {r ? (
        <div className="taxonomy-run" data-testid="taxonomy-run">
          <label htmlFor={`${id}-progress`}>
            Re-tagging: {r.status}
            {r.total !== null ? ` · ${r.done} of ${r.total} comments` : ''}
          </label>
          <progress id={`${id}-progress`} max={1} value={r.progress} />
        </div>
      ) : null}
      <ul className="taxonomy-list">
        {list.map((d, i) => (
          <li key={d.id} className="taxonomy-theme" data-testid={`theme-${d.id}`}>
            {canEdit ? (
              <>
                <div className="campaign-field">
                  <label htmlFor={`${id}-${d.id}-name`}>Theme</label>
                  <input
                    id={`${id}-${d.id}-name`}
                    value={d.name}
                    maxLength={100}
                    onChange={(e) => edit(i, { name: e.target.value })}
                  />
                </div>
                <div className="campaign-field taxonomy-keywords">
                  <label htmlFor={`${id}-${d.id}-kw`}>Keywords, comma-separated</label>
                  <textarea
                    id={`${id}-${d.id}-kw`}
                    rows={2}
                    value={d.keywords}
                    onChange={(e) => edit(i, { keywords: e.target.value })}
                  />
                </div>
                <button
                  type="button"
                  className="button button-small button-ghost"
                  onClick={() => setDrafts(list.filter((_, j) => j !== i))}
                  aria-label={`Remove the theme ${d.name}`}
                >
                  Remove
                </button>
              </>
            ) : (
              <p>
                <strong>{d.name}</strong> <span className="muted">{d.keywords || 'no keywords'}</span>
              </p>
            )}
            {errors[d.id] ? <p className="act-field-error taxonomy-sub">{errors[d.id]}</p> : null}
            <SubThemes
              themeId={d.id}
              themeName={d.name || d.id}
              subs={d.subs}
              errors={errors}
              canEdit={canEdit}
              taken={taken}
              onChange={(subs) => edit(i, { subs })}
              onAdded={(name) => setMessage(`${name} added: give it keywords, then save.`)}
            />
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form className="inline-form" onSubmit={add} aria-label="Add a theme">
          <div className="filter-field">
            <label htmlFor={`${id}-new`}>New theme</label>
            <input
              id={`${id}-new`}
              value={newName}
              maxLength={100}
              onChange={(e) => setNewName(e.target.value)}
              data-testid="taxonomy-new"
            />
          </div>
          <button type="submit" className="button button-small">
            Add theme
          </button>
        </form>
      ) : null}
    </section>
  );
}
