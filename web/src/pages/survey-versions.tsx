// A survey's version history: every stored version with when it was made and published, its questions, languages and the responses
// given to it; a past version shown read-only as respondents saw it (the hosted page's renderer), and a
// new version started from it in the builder.
import { useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { formatCount } from '../format.js';
import { errorMessage, useApi } from '../query.js';
import type { SurveySummary } from '../types.js';
import type { Definition } from './survey-draft.js';
import { SurveyPreview } from './survey-preview.js';
import { languageName } from './survey-texts.js';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** The version history card of one survey. */
export function SurveyVersions({
  survey,
  onClose,
  onEditFrom,
}: {
  survey: SurveySummary;
  onClose: () => void;
  /** Open the builder on the survey with this definition (publishing it makes a new version). */
  onEditFrom: (definition: Definition) => void;
}) {
  const list = useApi<api.SurveyVersionList>(`/api/v1/surveys/${survey.id}/versions`);
  const [viewing, setViewing] = useState<number | null>(null);
  const one = useApi<api.SurveyVersion>(`/api/v1/surveys/${survey.id}/versions/${viewing ?? 1}`, undefined, {
    enabled: viewing !== null,
  });
  const shown = viewing !== null && one.data?.version === viewing ? one.data : undefined;
  return (
    <section className="card" aria-labelledby="versions-title" data-testid="survey-versions">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="versions-title">
            Versions of {survey.name}
          </h2>
          <p className="card-subtitle">
            Each change to the questions is a new version; each answer keeps the version it was given to
          </p>
        </div>
        <button type="button" className="button button-small button-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      {list.error ? (
        <p className="form-error" role="alert">
          {errorMessage(list.error)}
        </p>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section className="table-scroll" tabIndex={0} aria-label="Versions table">
        <table className="touchpoints" data-testid="versions-table" aria-busy={list.isPending}>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Made (UTC)</th>
              <th scope="col">Published (UTC)</th>
              <th scope="col">Questions</th>
              <th scope="col">Languages</th>
              <th scope="col">Responses</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((v) => (
              <tr key={v.version} data-testid={`version-${v.version}`}>
                <th scope="row" className="col-name">
                  {v.version}
                  {v.current ? <span className="tp-channel"> current · {survey.status}</span> : null}
                </th>
                <td>{when(v.createdAt)}</td>
                <td data-testid={`published-${v.version}`}>
                  {v.publishedAt ? when(v.publishedAt) : <span className="muted">never</span>}
                </td>
                <td>{v.questions}</td>
                <td>{v.languages.map(languageName).join(', ')}</td>
                <td data-figure>{formatCount(v.responses)}</td>
                <td>
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    aria-pressed={viewing === v.version}
                    onClick={() => setViewing(viewing === v.version ? null : v.version)}
                    aria-label={`${viewing === v.version ? 'Hide' : 'View'} version ${v.version}`}
                  >
                    {viewing === v.version ? 'Hide' : 'View'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {viewing !== null && one.error ? (
        <p className="form-error" role="alert">
          {errorMessage(one.error)}
        </p>
      ) : null}
      {shown ? (
        <div className="version-view" data-testid="version-view">
          <p className="muted">
            Version {shown.version}, made {when(shown.createdAt)}
            {shown.publishedAt ? `, published ${when(shown.publishedAt)}` : ', never published'}: read-only.{' '}
            {shown.current ? '' : 'Starting from it opens the builder; publishing makes a new version.'}
          </p>
          {shown.current ? null : (
            <button
              type="button"
              className="button button-small"
              onClick={() => onEditFrom(shown.definition)}
              data-testid="edit-from-version"
            >
              Start a new version from version {shown.version}
            </button>
          )}
          <SurveyPreview key={shown.version} def={shown.definition} readOnly />
        </div>
      ) : null}
    </section>
  );
}
