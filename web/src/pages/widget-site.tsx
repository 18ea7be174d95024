// The website widget part of a survey's distribution panel: creating a widget site (its name and the
// origins allowed to call it) when there is none, the tag to add to the site's pages, and the survey's
// trigger rules on the site (when it is offered, on which pages, to what share of visitors, where, how
// often to one visitor, and to which visitors), shown as they stand and saved through the site's route
// with the API's errors beside the fields.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';
import { useSession } from '../session.js';
import { canConfigure, FieldError, fieldErrors, splitList } from './settings-act-form.js';
import { FrequencyFields, TargetingFields, targetingErrors } from './widget-audience.js';
import {
  describeRules,
  draftOf,
  EMPTY_TRIGGER,
  type RulesDraft,
  rulesOf,
  type TriggerDraft,
  URL_OPS,
} from './widget-rules.js';
import './widget-site.css';

const SITES = '/api/v1/widget/sites';
type Site = api.WidgetSite;

/** The widget for one survey: a site to create, or the tag and the survey's rules on the chosen site. */
export function WidgetSite({ surveyId, surveyName }: { surveyId: string; surveyName: string }) {
  const sites = useApi<api.WidgetSiteList>(SITES);
  const items = sites.data?.items ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const site =
    items.find((s) => s.id === chosen) ??
    items.find((s) => s.surveys.some((x) => x.surveyId === surveyId)) ??
    items[0];
  const pickId = useId();
  if (sites.isPending) return <p className="muted">Loading widget sites…</p>;
  if (sites.error) return <p className="form-error">{errorMessage(sites.error)}</p>;
  if (!site) return <NewSite surveyId={surveyId} surveyName={surveyName} />;
  return (
    <div className="widget-site" data-testid="widget-site">
      {items.length > 1 ? (
        <div className="campaign-field widget-pick">
          <label htmlFor={pickId}>Site</label>
          <select id={pickId} value={site.id} onChange={(e) => setChosen(e.target.value)}>
            {items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Snippet site={site} />
      <SiteRules
        // A fresh form whenever the stored rules or origins change (after a save, or another's).
        key={JSON.stringify([site.id, site.origins, site.surveys.find((x) => x.surveyId === surveyId)])}
        site={site}
        surveyId={surveyId}
        message={message}
        setMessage={setMessage}
      />
    </div>
  );
}

function Snippet({ site }: { site: Site }) {
  const snippet = `<script async src="${window.location.origin}/widget/loader.js" data-site="${site.siteKey}"></script>`;
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <>
      <p className="muted">
        Site “{site.name}”: add this tag to the pages of{' '}
        {site.origins.length > 0 ? site.origins.join(', ') : 'your site (no origin is allowed yet)'}.
      </p>
      <p className="copy-row">
        <code data-testid="widget-snippet">{snippet}</code>
        <button type="button" className="button button-small" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </p>
    </>
  );
}

/** The first form: a site with this survey on every page view. */
function NewSite({ surveyId, surveyName }: { surveyId: string; surveyName: string }) {
  const session = useSession();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), origins: useId(), nameError: useId(), originsError: useId() };
  if (!canConfigure(session))
    return <p className="muted">No widget site yet: an administrator or analyst can create one here.</p>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Give the site a name.';
    if (splitList(origins).length === 0)
      local.origins = 'Give at least one origin, such as https://shop.example.com.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await apiSend<Site>('POST', SITES, {
        name: name.trim(),
        origins: splitList(origins),
        surveys: [{ surveyId, triggers: [{ type: 'pageview' }] }],
      });
      await client.invalidateQueries({ queryKey: [SITES] });
    } catch (caught) {
      const found = fieldErrors(caught, (f) =>
        f.startsWith('origins') ? 'origins' : f === 'name' ? 'name' : null,
      );
      setErrors(Object.keys(found).length > 0 ? found : { form: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="campaign-form" onSubmit={submit} noValidate data-testid="widget-site-form">
      <p className="muted widget-wide">
        No widget site yet. Create one: the widget answers only pages of the origins you allow, and starts by
        offering {surveyName} on every page view (change that below once the site exists).
      </p>
      <div className="campaign-field">
        <label htmlFor={ids.name}>Site name</label>
        <input
          id={ids.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={errors.name ? ids.nameError : undefined}
        />
        <FieldError id={ids.nameError} text={errors.name} />
      </div>
      <div className="campaign-field widget-wide">
        <label htmlFor={ids.origins}>Allowed origins (one a line)</label>
        <textarea
          id={ids.origins}
          rows={2}
          value={origins}
          placeholder="https://shop.example.com"
          onChange={(e) => setOrigins(e.target.value)}
          aria-invalid={Boolean(errors.origins)}
          aria-describedby={errors.origins ? ids.originsError : undefined}
        />
        <FieldError id={ids.originsError} text={errors.origins} />
      </div>
      <button type="submit" className="button button-primary button-small" disabled={busy}>
        Create the widget site
      </button>
      {errors.form ? (
        <p className="form-error widget-wide" role="alert">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

/** The survey's rules on a site, and the site's origins: shown as they stand, edited, saved. */
function SiteRules({
  site,
  surveyId,
  message,
  setMessage,
}: {
  site: Site;
  surveyId: string;
  message: string | null;
  setMessage: (message: string | null) => void;
}) {
  const session = useSession();
  const client = useQueryClient();
  const index = site.surveys.findIndex((s) => s.surveyId === surveyId);
  const current = index >= 0 ? site.surveys[index] : undefined;
  const [draft, setDraft] = useState<RulesDraft>(() => draftOf(current));
  const [origins, setOrigins] = useState(site.origins.join('\n'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const ids = {
    origins: useId(),
    originsError: useId(),
    sampling: useId(),
    samplingError: useId(),
    position: useId(),
  };
  const editable = canConfigure(session);

  const save = async (surveys: api.WidgetSite['surveys'], done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await apiSend<Site>('PUT', `${SITES}/${site.id}`, {
        name: site.name,
        origins: splitList(origins),
        surveys,
      });
      setErrors({});
      setMessage(done);
      await client.invalidateQueries({ queryKey: [SITES] });
    } catch (caught) {
      const at = index >= 0 ? index : site.surveys.length;
      const found = fieldErrors(caught, (f) => {
        if (f.startsWith('origins')) return 'origins';
        const m = new RegExp(`^surveys\\.${at}\\.(.+)$`).exec(f);
        if (!m) return null;
        const rest = m[1]!;
        const t = /^triggers\.(\d+)(?:\.(\w+))?/.exec(rest);
        if (t) return `trigger.${t[1]}.${t[2] === 'url' ? 'url' : (t[2] ?? 'type')}`;
        if (rest.startsWith('frequency.')) return rest.split('.').slice(0, 2).join('.');
        return rest.split('.')[0]!;
      });
      setErrors(Object.keys(found).length > 0 ? found : { form: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local = targetingErrors(draft);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const mine = { surveyId, ...rulesOf(draft) };
    const surveys =
      index >= 0 ? site.surveys.map((s, i) => (i === index ? mine : s)) : [...site.surveys, mine];
    void save(surveys, index >= 0 ? 'Rules saved.' : 'Added to the site with these rules.');
  };
  const remove = () =>
    void save(
      site.surveys.filter((s) => s.surveyId !== surveyId),
      'Taken off the site: the widget no longer offers it.',
    );
  const setTrigger = (i: number, change: Partial<TriggerDraft>) =>
    setDraft((d) => ({ ...d, triggers: d.triggers.map((t, j) => (j === i ? { ...t, ...change } : t)) }));

  return (
    <div className="widget-rules" data-testid="widget-rules">
      <h4 className="widget-rules-title">When the widget offers this survey</h4>
      <ul className="widget-current" data-testid="widget-current">
        {current ? (
          describeRules(current).map((line) => <li key={line}>{line}</li>)
        ) : (
          <li>Not on this site.</li>
        )}
      </ul>
      {editable ? (
        <form className="widget-form" onSubmit={submit} noValidate>
          <fieldset className="widget-triggers">
            <legend>Triggers (any one offers the survey)</legend>
            {draft.triggers.map((t, i) => (
              <TriggerRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id.
                key={i}
                n={i + 1}
                trigger={t}
                errors={errors}
                index={i}
                onChange={(change) => setTrigger(i, change)}
                onRemove={
                  draft.triggers.length > 1
                    ? () => setDraft((d) => ({ ...d, triggers: d.triggers.filter((_, j) => j !== i) }))
                    : undefined
                }
              />
            ))}
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => setDraft((d) => ({ ...d, triggers: [...d.triggers, { ...EMPTY_TRIGGER }] }))}
              disabled={draft.triggers.length >= 20}
            >
              Add a trigger
            </button>
          </fieldset>
          <div className="campaign-form">
            <div className="campaign-field">
              <label htmlFor={ids.sampling}>Visitors offered it (%)</label>
              <input
                id={ids.sampling}
                type="number"
                min={0}
                max={100}
                value={draft.sampling}
                onChange={(e) => setDraft((d) => ({ ...d, sampling: e.target.value }))}
                aria-invalid={Boolean(errors.sampling)}
                aria-describedby={errors.sampling ? ids.samplingError : undefined}
              />
              <FieldError id={ids.samplingError} text={errors.sampling} />
            </div>
            <div className="campaign-field">
              <label htmlFor={ids.position}>Position</label>
              <select
                id={ids.position}
                value={draft.position}
                onChange={(e) =>
                  setDraft((d) => ({ ...d, position: e.target.value as RulesDraft['position'] }))
                }
              >
                <option value="bottom-right">Bottom right</option>
                <option value="bottom-left">Bottom left</option>
                <option value="center">Centre</option>
              </select>
            </div>
            <div className="campaign-field widget-wide">
              <label htmlFor={ids.origins}>Allowed origins of the site (one a line)</label>
              <textarea
                id={ids.origins}
                rows={2}
                value={origins}
                onChange={(e) => setOrigins(e.target.value)}
                aria-invalid={Boolean(errors.origins)}
                aria-describedby={errors.origins ? ids.originsError : undefined}
              />
              <FieldError id={ids.originsError} text={errors.origins} />
            </div>
          </div>
          <FrequencyFields draft={draft} setDraft={setDraft} errors={errors} />
          <TargetingFields draft={draft} setDraft={setDraft} errors={errors} />
          <div className="widget-actions">
            <button
              type="submit"
              className="button button-primary button-small"
              disabled={busy}
              data-testid="widget-save"
            >
              {current ? 'Save the rules' : 'Add to the site'}
            </button>
            {current ? (
              <button
                type="button"
                className="button button-small button-ghost"
                onClick={remove}
                disabled={busy}
              >
                Take off the site
              </button>
            ) : null}
          </div>
          {errors.form ? (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          {message ? (
            <p className="muted" role="status" data-testid="widget-message">
              {message}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

function TriggerRow({
  n,
  index,
  trigger,
  errors,
  onChange,
  onRemove,
}: {
  n: number;
  index: number;
  trigger: TriggerDraft;
  errors: Record<string, string>;
  onChange: (change: Partial<TriggerDraft>) => void;
  onRemove: (() => void) | undefined;
}) {
  const ids = { type: useId(), detail: useId(), op: useId(), value: useId(), error: useId() };
  const error = ['type', 'seconds', 'percent', 'name', 'url']
    .map((f) => errors[`trigger.${index}.${f}`])
    .filter(Boolean)
    .join('; ');
  return (
    <div className="widget-trigger" data-testid="widget-trigger">
      <div className="campaign-field">
        <label htmlFor={ids.type}>Trigger {n}</label>
        <select
          id={ids.type}
          value={trigger.type}
          onChange={(e) => onChange({ type: e.target.value as TriggerDraft['type'] })}
        >
          <option value="pageview">On page view</option>
          <option value="time">After time on page</option>
          <option value="exit">On exit intent</option>
          <option value="scroll">At a scroll depth</option>
          <option value="event">On a custom event</option>
        </select>
      </div>
      {trigger.type === 'time' ? (
        <div className="campaign-field">
          <label htmlFor={ids.detail}>Seconds on page</label>
          <input
            id={ids.detail}
            type="number"
            min={1}
            max={3600}
            value={trigger.seconds}
            onChange={(e) => onChange({ seconds: e.target.value })}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? ids.error : undefined}
          />
        </div>
      ) : trigger.type === 'scroll' ? (
        <div className="campaign-field">
          <label htmlFor={ids.detail}>Share of the page scrolled (%)</label>
          <input
            id={ids.detail}
            type="number"
            min={1}
            max={100}
            value={trigger.percent}
            onChange={(e) => onChange({ percent: e.target.value })}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? ids.error : undefined}
          />
        </div>
      ) : trigger.type === 'event' ? (
        <div className="campaign-field">
          <label htmlFor={ids.detail}>Event name</label>
          <input
            id={ids.detail}
            value={trigger.name}
            onChange={(e) => onChange({ name: e.target.value })}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? ids.error : undefined}
          />
        </div>
      ) : null}
      <div className="campaign-field">
        <label htmlFor={ids.op}>Page address</label>
        <select
          id={ids.op}
          value={trigger.urlOp}
          onChange={(e) => onChange({ urlOp: e.target.value as TriggerDraft['urlOp'] })}
        >
          {URL_OPS.map(([op, label]) => (
            <option key={op} value={op}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {trigger.urlOp !== 'any' ? (
        <div className="campaign-field">
          <label htmlFor={ids.value}>Address text</label>
          <input
            id={ids.value}
            value={trigger.urlValue}
            placeholder="/checkout"
            onChange={(e) => onChange({ urlValue: e.target.value })}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? ids.error : undefined}
          />
        </div>
      ) : null}
      {onRemove ? (
        <button type="button" className="button button-small button-ghost" onClick={onRemove}>
          Remove trigger {n}
        </button>
      ) : null}
      <FieldError id={ids.error} text={error || undefined} />
    </div>
  );
}
