// The languages of a survey in the builder: the default language and those added, and the translation
// of every text a respondent reads, the default language's text beside each translation. A text left
// untranslated is shown in the default language (the hosted page's rule).
import { useId, useState } from 'react';
import type { Definition } from './survey-draft.js';
import {
  addLanguage,
  COMMON_LANGUAGES,
  isLanguageTag,
  languageName,
  languagesOf,
  ownText,
  removeLanguage,
  setDefaultLanguage,
  setTextAt,
  textEntries,
} from './survey-texts.js';

/** The languages card: add or remove a language, then translate side by side. */
export function LanguagesEditor({ def, onChange }: { def: Definition; onChange: (def: Definition) => void }) {
  const base = useId();
  const languages = languagesOf(def);
  const others = languages.filter((l) => l !== def.defaultLanguage);
  const offered = COMMON_LANGUAGES.filter((l) => !languages.includes(l.tag));
  const [adding, setAdding] = useState('');
  const [target, setTarget] = useState<string>(others[0] ?? '');
  const into = others.includes(target) ? target : (others[0] ?? '');
  const entries = textEntries(def);
  const missing = into ? entries.filter((e) => ownText(e.text, into, def.defaultLanguage) === '').length : 0;
  const add = () => {
    const tag = adding.trim();
    if (!isLanguageTag(tag) || languages.includes(tag)) return;
    onChange(addLanguage(def, tag));
    setTarget(tag);
    setAdding('');
  };
  return (
    <section className="card builder-add builder-languages" aria-labelledby={`${base}-title`}>
      <div className="card-head">
        <div>
          <h3 className="card-title" id={`${base}-title`}>
            Languages
          </h3>
          <p className="card-subtitle">
            Respondents get their language from the link (?lang=), their contact record or their browser;
            anything untranslated shows in {languageName(def.defaultLanguage)}
          </p>
        </div>
      </div>
      <ul className="builder-langs" aria-label="Languages offered">
        {languages.map((l) => (
          <li key={l} className="builder-lang">
            <span>
              {languageName(l)}{' '}
              <span className="tp-channel">
                {l}
                {l === def.defaultLanguage ? ' · default' : ''}
              </span>
            </span>
            {l === def.defaultLanguage ? null : (
              <span className="row-actions">
                {/^[a-z]{2,3}$/.test(l) ? (
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    onClick={() => onChange(setDefaultLanguage(def, l))}
                    aria-label={`Make default: ${languageName(l)}`}
                  >
                    Make default
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button-small button-ghost"
                  onClick={() => onChange(removeLanguage(def, l))}
                  aria-label={`Remove ${languageName(l)} and its translations`}
                >
                  Remove
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <div className="inline-form">
        <div className="filter-field">
          <label htmlFor={`${base}-add`}>Add a language</label>
          <input
            id={`${base}-add`}
            list={`${base}-common`}
            value={adding}
            placeholder="fr, de, pt-BR…"
            data-testid="add-language"
            onChange={(e) => setAdding(e.target.value)}
          />
          <datalist id={`${base}-common`}>
            {offered.map((l) => (
              <option key={l.tag} value={l.tag}>
                {l.name}
              </option>
            ))}
          </datalist>
        </div>
        <button
          type="button"
          className="button button-small"
          disabled={!isLanguageTag(adding.trim()) || languages.includes(adding.trim())}
          onClick={add}
          data-testid="add-language-button"
        >
          Add
        </button>
      </div>
      {into ? (
        <div className="builder-translate" data-testid="translations">
          <div className="filter-field">
            <label htmlFor={`${base}-into`}>Translate into</label>
            <select id={`${base}-into`} value={into} onChange={(e) => setTarget(e.target.value)}>
              {others.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </div>
          <p className="muted" data-testid="translations-missing">
            {missing === 0
              ? 'Every text is translated.'
              : `${missing} of ${entries.length} texts untranslated.`}
          </p>
          <ul className="translation-list">
            {entries.map((e) => (
              <li key={e.key} className="translation-row">
                <label htmlFor={`${base}-${e.key}`} className="translation-label">
                  {e.label}
                </label>
                <span className="translation-source" lang={def.defaultLanguage}>
                  {ownText(e.text, def.defaultLanguage, def.defaultLanguage)}
                </span>
                <input
                  id={`${base}-${e.key}`}
                  lang={into}
                  value={ownText(e.text, into, def.defaultLanguage)}
                  placeholder={`${languageName(into)} translation`}
                  data-testid={`translate-${e.key}`}
                  onChange={(ev) => onChange(setTextAt(def, e.key, into, ev.target.value))}
                />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
