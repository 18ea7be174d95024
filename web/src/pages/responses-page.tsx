// Responses: every feedback record (survey answers, reviews, tickets) for the global filters, newest
// first, with the full record, its answers and its contact; CSV export of exactly what is filtered.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError, apiGet, type Params } from '../api.js';
import { Link } from '../components/link.js';
import { download, toCsv } from '../components/numbers.js';
import { describePeriod, filterBounds } from '../filters.js';
import { formatCount } from '../format.js';
import { errorMessage, useApi } from '../query.js';
import type { Contact, FeedbackRecord, StoredResponse, SurveySummary } from '../types.js';
import { useCatalogue } from '../use-catalogue.js';
import { useFilters, useSearchParam } from '../use-filters.js';

const PAGE = 50;
/** The most rows one CSV export fetches (200 per request). */
export const EXPORT_LIMIT = 20_000;
const SOURCES = ['survey', 'review', 'ticket', 'social', 'import', 'api'] as const;

type Page = { items: FeedbackRecord[]; nextCursor: string | null };

/** The sentiment label and theme names of a record's enrichment (an open JSON object in the API). */
export function enrichmentOf(record: FeedbackRecord): { sentiment: string | null; themes: string[] } {
  const e = record.enrichment as { sentiment?: { label?: unknown }; themes?: unknown } | null;
  const sentiment = typeof e?.sentiment?.label === 'string' ? e.sentiment.label : null;
  const themes = Array.isArray(e?.themes)
    ? e.themes.flatMap((t: unknown) =>
        t && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string'
          ? [(t as { name: string }).name]
          : [],
      )
    : [];
  return { sentiment, themes };
}

/** The score a record carries, as text ("NPS 9", "Rating 4/5"). */
export function scoreText(m: FeedbackRecord['measures']): string {
  const parts: string[] = [];
  if (m.nps !== null) parts.push(`NPS ${m.nps}`);
  if (m.csat !== null) parts.push(`CSAT ${m.csat}`);
  if (m.ces !== null) parts.push(`CES ${m.ces}`);
  if (m.rating !== null)
    parts.push(
      m.ratingScale
        ? `Rating ${Math.round(1 + m.rating * (m.ratingScale - 1))}/${m.ratingScale}`
        : `Rating ${Math.round(m.rating * 100)}%`,
    );
  return parts.join(' · ') || '—';
}

/** An answer as text: a choice by its option's words (in the survey's language), anything else as given. */
export function answerText(survey: SurveySummary | undefined, questionId: string, value: unknown): string {
  const q = survey?.definition.questions.find((x) => x.id === questionId);
  if (q && 'options' in q) {
    const lang = survey?.definition.defaultLanguage ?? 'en';
    const words = (id: unknown) => {
      const t = q.options.find((o) => o.id === id)?.text;
      return t === undefined
        ? String(id)
        : typeof t === 'string'
          ? t
          : (t[lang] ?? Object.values(t)[0] ?? '');
    };
    if (Array.isArray(value)) return value.map(words).join(', ');
    return words(value);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A response's answers in the order of the survey's questions (JSON objects keep no order). */
export function answersInOrder(
  survey: SurveySummary | undefined,
  answers: Record<string, unknown>,
): [string, unknown][] {
  const order = new Map(survey?.definition.questions.map((q, i) => [q.id, i]) ?? []);
  const at = (k: string) => order.get(k) ?? Number.MAX_SAFE_INTEGER;
  return Object.entries(answers).sort(([a], [b]) => at(a) - at(b));
}

/** The responses page. */
export default function ResponsesPage() {
  const [filters] = useFilters();
  const [source, setSource] = useSearchParam('source');
  const [withText, setWithText] = useSearchParam('text');
  const [selected, setSelected] = useSearchParam('id');
  const catalogue = useCatalogue();
  const ids = { source: useId(), text: useId() };
  const params: Params = {
    ...filterBounds(filters),
    survey: filters.survey ?? undefined,
    touchpoint: filters.touchpoint ?? undefined,
    journey: filters.journey ?? undefined,
    channel: filters.channel ?? undefined,
    source: (SOURCES as readonly string[]).includes(source) ? source : undefined,
    hasText: withText === '1' ? 'true' : undefined,
  };
  const list = useInfiniteQuery({
    queryKey: ['/api/v1/feedback', params],
    queryFn: ({ pageParam, signal }) =>
      apiGet<Page>('/api/v1/feedback', { ...params, limit: PAGE, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const [exporting, setExporting] = useState<string | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const tpName = new Map(catalogue.touchpoints.map((t) => [t.id, t.name]));
  const surveyName = new Map(catalogue.surveys.map((s) => [s.id, s.name]));
  const current = rows.find((r) => r.id === selected);

  const exportCsv = async () => {
    const all: FeedbackRecord[] = [];
    let cursor: string | null = null;
    try {
      do {
        setExporting(`Exporting… ${formatCount(all.length)} rows`);
        const page: Page = await apiGet<Page>('/api/v1/feedback', {
          ...params,
          limit: 200,
          cursor: cursor ?? undefined,
        });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < EXPORT_LIMIT);
      download(
        'responses.csv',
        toCsv(
          [
            'id',
            'occurred_at',
            'source',
            'channel',
            'survey',
            'touchpoint',
            'nps',
            'csat',
            'ces',
            'rating',
            'rating_scale',
            'text',
            'sentiment',
            'themes',
            'contact_id',
            'response_id',
          ],
          all.map((r) => [
            r.id,
            r.occurredAt,
            r.source,
            r.channel,
            r.surveyId ? (surveyName.get(r.surveyId) ?? r.surveyId) : '',
            r.touchpointId ? (tpName.get(r.touchpointId) ?? r.touchpointId) : '',
            r.measures.nps,
            r.measures.csat,
            r.measures.ces,
            r.measures.rating,
            r.measures.ratingScale,
            r.text,
            enrichmentOf(r).sentiment ?? '',
            enrichmentOf(r).themes.join('; '),
            r.contactId,
            r.responseId,
          ]),
        ),
      );
      setExporting(
        cursor
          ? `Exported the first ${formatCount(all.length)} rows (the export stops at ${formatCount(EXPORT_LIMIT)}).`
          : `Exported ${formatCount(all.length)} rows.`,
      );
    } catch (error) {
      setExporting(`The export failed: ${errorMessage(error)}`);
    }
  };

  return (
    <div className="page" aria-busy={list.isPending}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Responses</h1>
          <p className="page-subtitle">
            {describePeriod(filters)} · survey answers, reviews and tickets, newest first
          </p>
        </div>
        <div className="head-actions">
          <button type="button" className="button button-small" onClick={exportCsv} data-testid="export-csv">
            Export CSV
          </button>
        </div>
      </div>
      {exporting ? (
        <p className="muted" role="status">
          {exporting}
        </p>
      ) : null}

      <div className="local-filters">
        <div className="filter-field">
          <label htmlFor={ids.source}>Source</label>
          <select id={ids.source} value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">All sources</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0).toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <label className="check" htmlFor={ids.text}>
          <input
            id={ids.text}
            type="checkbox"
            checked={withText === '1'}
            onChange={(e) => setWithText(e.target.checked ? '1' : '')}
          />
          With a comment only
        </label>
      </div>

      {list.error ? (
        <div className="banner banner-error" role="alert">
          The responses could not be loaded: {errorMessage(list.error)}
        </div>
      ) : null}

      {current ? (
        <ResponseDetail
          record={current}
          onClose={() => setSelected('')}
          surveyName={surveyName}
          tpName={tpName}
          survey={catalogue.surveys.find((x) => x.id === current.surveyId)}
        />
      ) : null}

      <section className="card table-card" aria-labelledby="responses-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="responses-title">
              Feedback
            </h2>
            <p className="card-subtitle">
              <span data-figure>{formatCount(rows.length)}</span> shown
              {list.hasNextPage ? ' · more below' : ''}
            </p>
          </div>
        </div>
        {list.isPending ? (
          <div className="table-skeleton" aria-hidden="true">
            {[0, 1, 2, 3, 4].map((i) => (
              <span key={i} className="skeleton skeleton-row" />
            ))}
          </div>
        ) : rows.length === 0 ? (
          <p className="empty">No feedback matches these filters.</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
          <section className="table-scroll" tabIndex={0} aria-label="Feedback table">
            <table className="touchpoints responses-table" data-testid="responses-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Source</th>
                  <th scope="col">Touchpoint</th>
                  <th scope="col">Score</th>
                  <th scope="col">Comment</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} aria-selected={r.id === selected}>
                    <td className="nowrap">
                      <button type="button" className="link-button" onClick={() => setSelected(r.id)}>
                        <time dateTime={r.occurredAt}>
                          {new Date(r.occurredAt).toLocaleString(undefined, {
                            dateStyle: 'medium',
                            timeStyle: 'short',
                          })}
                        </time>
                      </button>
                    </td>
                    <td>
                      {r.source} <span className="muted">({r.channel})</span>
                    </td>
                    <td>{r.touchpointId ? (tpName.get(r.touchpointId) ?? '—') : '—'}</td>
                    <td className="nowrap">{scoreText(r.measures)}</td>
                    <td className="comment-cell">{r.text ?? <span className="muted">No comment</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {list.hasNextPage ? (
          <div className="load-more">
            <button
              type="button"
              className="button button-small"
              disabled={list.isFetchingNextPage}
              onClick={() => list.fetchNextPage()}
            >
              {list.isFetchingNextPage ? 'Loading…' : `Show ${PAGE} more`}
            </button>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function ResponseDetail({
  record,
  onClose,
  surveyName,
  tpName,
  survey,
}: {
  survey: SurveySummary | undefined;
  record: FeedbackRecord;
  onClose: () => void;
  surveyName: Map<string, string>;
  tpName: Map<string, string>;
}) {
  const response = useApi<StoredResponse>(`/api/v1/responses/${record.responseId}`, undefined, {
    enabled: !!record.responseId,
  });
  const contact = useApi<Contact>(`/api/v1/contacts/${record.contactId}`, undefined, {
    enabled: !!record.contactId,
  });
  const { sentiment, themes } = enrichmentOf(record);
  return (
    <section className="card response-detail" aria-labelledby="response-title" data-testid="response-detail">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="response-title">
            {record.source === 'survey' && record.surveyId
              ? (surveyName.get(record.surveyId) ?? 'Survey response')
              : `${record.source.charAt(0).toUpperCase()}${record.source.slice(1)}`}
          </h2>
          <p className="card-subtitle">
            {new Date(record.occurredAt).toLocaleString()} · {record.channel}
            {record.touchpointId ? ` · ${tpName.get(record.touchpointId) ?? ''}` : ''}
          </p>
        </div>
        <button type="button" className="button button-small button-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="tp-detail-body">
        <div>
          <h3 className="subhead">Scores</h3>
          <p>{scoreText(record.measures)}</p>
          {record.text ? (
            <>
              <h3 className="subhead">Comment</h3>
              <p className="full-text">{record.text}</p>
            </>
          ) : null}
          {sentiment || themes.length > 0 ? (
            <p className="muted">
              {sentiment ? `Sentiment: ${sentiment}` : ''}
              {themes.length > 0 ? ` · Themes: ${themes.join(', ')}` : ''}
            </p>
          ) : null}
        </div>
        {record.responseId ? (
          <div>
            <h3 className="subhead">Answers</h3>
            {response.data ? (
              <dl className="kv">
                {answersInOrder(survey, response.data.answers).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{answerText(survey, k, v)}</dd>
                  </div>
                ))}
              </dl>
            ) : response.error ? (
              <p className="muted">
                {response.error instanceof ApiError && response.error.status === 404
                  ? 'The response is gone.'
                  : errorMessage(response.error)}
              </p>
            ) : (
              <p className="muted">Loading…</p>
            )}
          </div>
        ) : null}
        <div>
          <h3 className="subhead">Contact</h3>
          {record.contactId ? (
            contact.data ? (
              <dl className="kv">
                <div>
                  <dt>Name</dt>
                  <dd>{contact.data.name ?? '—'}</dd>
                </div>
                <div>
                  <dt>Email</dt>
                  <dd>{contact.data.email ?? '—'}</dd>
                </div>
                {Object.entries(contact.data.attributes).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{String(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted">Loading…</p>
            )
          ) : (
            <p className="muted">Anonymous</p>
          )}
          {record.contactId ? <Link href={`/contacts?id=${record.contactId}`}>Open the contact</Link> : null}
        </div>
      </div>
    </section>
  );
}
