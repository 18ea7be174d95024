// Surveys: every survey with its status, version, questions and responses; build one from a template in the
// builder (or edit a draft), publish, close or reopen it; distribute it by link, QR code or the website widget.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { OrganisationLanguage } from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { QrCode } from '../components/qr-code.js';
import { formatCount } from '../format.js';
import { errorMessage, useApi, useApiMany } from '../query.js';
import type { Metric, ScoreSummary, SurveySummary } from '../types.js';
import { useCatalogue } from '../use-catalogue.js';
import { useSearchParam } from '../use-filters.js';
import { type BuilderStart, SurveyBuilder } from './survey-builder.js';
import { SurveyCampaigns } from './survey-campaigns.js';
import type { Definition } from './survey-draft.js';
import { templateTexts } from './survey-templates.js';
import { SurveyVersions } from './survey-versions.js';
import { WidgetSite } from './widget-site.js';

const METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'rating'];

/** Starting points for a new survey: a headline question and a comment (their texts in `survey-templates.ts`). */
export const TEMPLATES = {
  nps: {
    label: 'Net Promoter Score',
    question: {
      id: 'nps',
      type: 'nps',
      required: true,
    },
  },
  csat: {
    label: 'Customer satisfaction',
    question: {
      id: 'csat',
      type: 'csat',
      required: true,
    },
  },
  ces: {
    label: 'Customer effort',
    question: { id: 'ces', type: 'ces', required: true },
  },
} as const;

/**
 * The definition of a new survey from a template (the format's defaults written out), in `language` (the
 * organisation's) when the product has the template's words in it, else in English.
 */
export function templateDefinition(key: keyof typeof TEMPLATES, title: string, language = 'en'): Definition {
  const t = templateTexts(language);
  return {
    schemaVersion: 1,
    defaultLanguage: t.language,
    title,
    questions: [
      { ...TEMPLATES[key].question, text: t.texts[key] },
      {
        id: 'comment',
        type: 'text',
        text: t.texts.comment,
        required: false,
        long: true,
      },
    ],
  };
}

/** The surveys page. */
export default function SurveysPage() {
  const { surveys, touchpoints, loading } = useCatalogue();
  const [open, setOpen] = useSearchParam('survey');
  const counts = useApiMany<ScoreSummary>(
    METRICS.map((metric) => ({ path: '/api/v1/scores', params: { metric, groupBy: 'survey' } })),
  );
  const responses = new Map<string, number>();
  for (const q of counts)
    for (const b of q.data?.buckets ?? [])
      if (b.group) responses.set(b.group.id, Math.max(responses.get(b.group.id) ?? 0, b.n));
  const tpName = new Map(touchpoints.map((t) => [t.id, t.name]));
  const chosen = surveys.find((s) => s.id === open);
  const [building, setBuilding] = useState<BuilderStart | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const historyOf = surveys.find((s) => s.id === history);
  const busy = loading || counts.some((q) => q.isPending);

  return (
    <div className="page" aria-busy={busy}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Surveys</h1>
          <p className="page-subtitle">
            <span data-figure>{formatCount(surveys.length)}</span> surveys ·{' '}
            {formatCount(surveys.filter((s) => s.status === 'live').length)} live
          </p>
        </div>
      </div>

      {building ? (
        <SurveyBuilder
          start={building}
          onDone={() => {
            setBuilding(null);
          }}
        />
      ) : (
        <NewSurvey onStart={setBuilding} />
      )}

      {chosen ? <Distribute survey={chosen} onClose={() => setOpen('')} /> : null}
      {historyOf && !building ? (
        <SurveyVersions
          survey={historyOf}
          onClose={() => setHistory(null)}
          onEditFrom={(definition) => setBuilding({ survey: historyOf, definition })}
        />
      ) : null}

      <section className="card table-card" aria-labelledby="surveys-title">
        <div className="card-head">
          <h2 className="card-title" id="surveys-title">
            All surveys
          </h2>
        </div>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
        <section className="table-scroll" tabIndex={0} aria-label="Surveys table">
          <table className="touchpoints" data-testid="surveys-table">
            <thead>
              <tr>
                <th scope="col">Survey</th>
                <th scope="col">Status</th>
                <th scope="col">Questions</th>
                <th scope="col">Responses with a score</th>
                <th scope="col">Touchpoint</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="col-name">
                    {s.name}
                    <span className="tp-channel">
                      version {s.version}
                      {s.mirrorOf ? ' · staff mirror' : ''}
                    </span>
                  </th>
                  <td>
                    <span className={`badge status-${s.status}`}>{s.status}</span>
                  </td>
                  <td>{s.definition.questions.length}</td>
                  <td data-figure>{formatCount(responses.get(s.id) ?? 0)}</td>
                  <td>{s.touchpointId ? (tpName.get(s.touchpointId) ?? '—') : '—'}</td>
                  <td>
                    <SurveyActions
                      survey={s}
                      onDistribute={() => setOpen(s.id)}
                      onEdit={() => setBuilding({ survey: s })}
                      onVersions={() => setHistory(s.id)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>
      <p className="footnote">
        Responses count those carrying a score (NPS, CSAT, CES or a rating), over all time. Response rates per
        channel are under Distribute once an email campaign has been sent.
      </p>
    </div>
  );
}

function SurveyActions({
  survey,
  onDistribute,
  onEdit,
  onVersions,
}: {
  survey: SurveySummary;
  onDistribute: () => void;
  onEdit: () => void;
  onVersions: () => void;
}) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setStatus = async (status: SurveySummary['status']) => {
    setBusy(true);
    setError(null);
    try {
      await apiSend('PATCH', `/api/v1/surveys/${survey.id}`, { status });
      await client.invalidateQueries({ queryKey: ['/api/v1/surveys'] });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="row-actions">
      {survey.status === 'draft' ? (
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => setStatus('live')}
        >
          Publish
        </button>
      ) : survey.status === 'live' ? (
        <button
          type="button"
          className="button button-small button-ghost"
          disabled={busy}
          onClick={() => setStatus('closed')}
        >
          Close
        </button>
      ) : (
        <button
          type="button"
          className="button button-small button-ghost"
          disabled={busy}
          onClick={() => setStatus('live')}
        >
          Reopen
        </button>
      )}
      <button
        type="button"
        className="button button-small button-ghost"
        onClick={onEdit}
        aria-label={`Edit ${survey.name}`}
      >
        Edit
      </button>
      <button
        type="button"
        className="button button-small button-ghost"
        onClick={onVersions}
        aria-label={`Versions of ${survey.name}`}
      >
        Versions
      </button>
      <button type="button" className="button button-small button-ghost" onClick={onDistribute}>
        Distribute
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function NewSurvey({ onStart }: { onStart: (start: BuilderStart) => void }) {
  const organisation = useApi<OrganisationLanguage>('/api/v1/organisation/language');
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<keyof typeof TEMPLATES>('nps');
  const [error, setError] = useState<string | null>(null);
  const ids = { name: useId(), template: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError('Give the survey a name.');
    setError(null);
    onStart({
      name: name.trim(),
      definition: templateDefinition(template, name.trim(), organisation.data?.language),
    });
  };
  return (
    <section className="card" aria-labelledby="new-survey-title">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="new-survey-title">
            New survey
          </h2>
          <p className="card-subtitle">
            Starts in the builder with a headline question and a comment; add questions and logic there
          </p>
        </div>
      </div>
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="filter-field">
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="new-survey-name"
          />
        </div>
        <div className="filter-field">
          <label htmlFor={ids.template}>Headline question</label>
          <select
            id={ids.template}
            value={template}
            onChange={(e) => setTemplate(e.target.value as keyof typeof TEMPLATES)}
          >
            {Object.entries(TEMPLATES).map(([key, t]) => (
              <option key={key} value={key}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary button-small" data-testid="new-survey-create">
          Open the builder
        </button>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}

/** A survey's languages, its default first. */
function languagesOf(survey: SurveySummary): string[] {
  const first = survey.definition.defaultLanguage ?? 'en';
  return [first, ...(survey.definition.languages ?? []).filter((l) => l !== first)];
}

function Distribute({ survey, onClose }: { survey: SurveySummary; onClose: () => void }) {
  const link = `${window.location.origin}/s/${survey.id}`;
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied(null);
    }
  };
  return (
    <section className="card" aria-labelledby="distribute-title" data-testid="distribute">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="distribute-title">
            Distribute {survey.name}
          </h2>
          <p className="card-subtitle">
            {survey.status === 'live'
              ? 'Live: it accepts responses.'
              : `It is ${survey.status}: publish it to accept responses.`}
          </p>
        </div>
        <button type="button" className="button button-small button-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="distribute-body">
        <div>
          <h3 className="subhead">Link</h3>
          <p className="copy-row">
            <code data-testid="survey-link">{link}</code>
            <button type="button" className="button button-small" onClick={() => copy('link', link)}>
              {copied === 'link' ? 'Copied' : 'Copy'}
            </button>
          </p>
          <h3 className="subhead">Website widget</h3>
          <WidgetSite surveyId={survey.id} surveyName={survey.name} />
        </div>
        <div>
          <h3 className="subhead">QR code</h3>
          <QrCode text={link} label={`QR code of the link to ${survey.name}`} />
        </div>
      </div>
      <SurveyCampaigns surveyId={survey.id} surveyName={survey.name} languages={languagesOf(survey)} />
    </section>
  );
}
