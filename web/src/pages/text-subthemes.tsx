// The sub-themes of one theme in the taxonomy editor: add, rename, their keywords and the words that count
// only where the parent theme is named in the same sentence, remove; with the API's errors beside them.
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';

type Theme = api.TaxonomyView['taxonomy']['themes'][number];
type SubTheme = NonNullable<Theme['subthemes']>[number];

/** A sub-theme as the editor holds it. */
export interface SubDraft {
  id: string;
  name: string;
  keywords: string;
  context: string;
  source: SubTheme | null;
}

/** A comma- or line-separated list of words. */
export const words = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((w) => w.trim())
    .filter(Boolean);

/** An id's last part from a name: lower-case words joined by dashes. */
export const slug = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** The editor's sub-theme drafts of a stored theme. */
export const subDrafts = (t: Theme): SubDraft[] =>
  (t.subthemes ?? []).map((s) => ({
    id: s.id,
    name: s.name.en ?? s.id,
    keywords: s.keywords.join(', '),
    context: (s.contextKeywords ?? []).join(', '),
    source: s,
  }));

/** The API's sub-theme of a draft (other stored fields, such as other languages' names, kept). */
export function subThemeOf(d: SubDraft): SubTheme {
  const { contextKeywords: _dropped, ...rest } = d.source ?? ({} as Partial<SubTheme>);
  const context = words(d.context);
  return {
    ...rest,
    id: d.id,
    name: { ...(d.source?.name ?? {}), en: d.name.trim() || d.id },
    keywords: words(d.keywords),
    ...(context.length > 0 ? { contextKeywords: context } : {}),
  };
}

/** The sub-themes block of a theme; `taken` says whether an id is already used anywhere. */
export function SubThemes({
  themeId,
  themeName,
  subs,
  errors,
  canEdit,
  taken,
  onChange,
  onAdded,
}: {
  themeId: string;
  themeName: string;
  subs: SubDraft[];
  errors: Record<string, string>;
  canEdit: boolean;
  taken: (id: string) => boolean;
  onChange: (subs: SubDraft[]) => void;
  onAdded: (name: string) => void;
}) {
  const id = useId();
  const [newName, setNewName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const edit = (i: number, patch: Partial<SubDraft>) =>
    onChange(subs.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = newName.trim();
    if (!name) return setProblem(`Name the new sub-theme of ${themeName}.`);
    setProblem(null);
    const base = `${themeId}.${slug(name) || 'sub'}`.slice(0, 100);
    let subId = base;
    for (let n = 2; taken(subId); n++) subId = `${base}-${n}`;
    onChange([...subs, { id: subId, name, keywords: '', context: '', source: null }]);
    setNewName('');
    onAdded(name);
  };
  if (!canEdit)
    return subs.length > 0 ? (
      <p className="tp-channel taxonomy-sub">Sub-themes: {subs.map((s) => s.name).join(', ')}</p>
    ) : null;
  return (
    <div className="taxonomy-subs" data-testid={`subthemes-${themeId}`}>
      <p className="taxonomy-subs-title">Sub-themes of {themeName}</p>
      {subs.length === 0 ? <p className="muted taxonomy-sub">None yet.</p> : null}
      <ul className="taxonomy-sub-list">
        {subs.map((s, i) => {
          const error = errors[s.id];
          return (
            <li key={s.id} className="taxonomy-subtheme" data-testid={`subtheme-${s.id}`}>
              <div className="campaign-field">
                <label htmlFor={`${id}-${s.id}-name`}>Sub-theme</label>
                <input
                  id={`${id}-${s.id}-name`}
                  value={s.name}
                  maxLength={100}
                  onChange={(e) => edit(i, { name: e.target.value })}
                />
              </div>
              <div className="campaign-field">
                <label htmlFor={`${id}-${s.id}-kw`}>Sub-theme keywords, comma-separated</label>
                <textarea
                  id={`${id}-${s.id}-kw`}
                  rows={2}
                  value={s.keywords}
                  onChange={(e) => edit(i, { keywords: e.target.value })}
                  aria-invalid={Boolean(error)}
                  aria-describedby={error ? `${id}-${s.id}-error` : undefined}
                />
              </div>
              <div className="campaign-field">
                <label htmlFor={`${id}-${s.id}-ctx`}>Words counted only with {themeName} named</label>
                <textarea
                  id={`${id}-${s.id}-ctx`}
                  rows={2}
                  value={s.context}
                  onChange={(e) => edit(i, { context: e.target.value })}
                />
              </div>
              <button
                type="button"
                className="button button-small button-ghost"
                onClick={() => onChange(subs.filter((_, j) => j !== i))}
                aria-label={`Remove the sub-theme ${s.name}`}
              >
                Remove
              </button>
              {error ? (
                <p className="act-field-error taxonomy-sub" id={`${id}-${s.id}-error`}>
                  {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      <form
        className="inline-form taxonomy-sub-add"
        onSubmit={add}
        aria-label={`Add a sub-theme to ${themeName}`}
      >
        <div className="filter-field">
          <label htmlFor={`${id}-new`}>New sub-theme of {themeName}</label>
          <input
            id={`${id}-new`}
            value={newName}
            maxLength={100}
            onChange={(e) => setNewName(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-small">
          Add sub-theme
        </button>
        {problem ? <p className="form-error">{problem}</p> : null}
      </form>
    </div>
  );
}
