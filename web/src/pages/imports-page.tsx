// Imports: load a CSV or JSON-lines file of responses, reviews, tickets or contacts, and follow it to
// the end: a progress bar while it is checked and written, then what was imported or the rows refused.
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from '../api.js';
import { sessionEnded } from '../query.js';
import type { ImportKind, ImportRequest, ImportStatus } from '../types.js';
import { useCatalogue } from '../use-catalogue.js';

/** The largest file the dashboard sends (the server's limit for imports); the CLI takes any size. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
const POLL_MS = 500;
const FINISHED = new Set<ImportStatus['status']>(['done', 'rejected', 'failed']);

const KINDS: { value: ImportKind; label: string }[] = [
  { value: 'reviews', label: 'Reviews' },
  { value: 'tickets', label: 'Support tickets' },
  { value: 'responses', label: 'Survey responses' },
  { value: 'contacts', label: 'Contacts' },
];

/**
 * Reads `column=field` lines into a column mapping; returns the line numbers it could not read.
 * Blank lines are skipped.
 */
export function parseMapping(text: string): { columns: Record<string, string>; bad: number[] } {
  const columns: Record<string, string> = {};
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const eq = line.indexOf('=');
    const column = eq > 0 ? line.slice(0, eq).trim() : '';
    const field = eq > 0 ? line.slice(eq + 1).trim() : '';
    if (!column || !field) bad.push(i + 1);
    else columns[column] = field;
  });
  return { columns, bad };
}

/** The imports page. */
export default function ImportsPage() {
  const { surveys } = useCatalogue();
  const [kind, setKind] = useState<ImportKind>('reviews');
  const [file, setFile] = useState<File | null>(null);
  const [surveyId, setSurveyId] = useState('');
  const [mapping, setMapping] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [current, setCurrent] = useState<ImportStatus | null>(null);
  const [recent, setRecent] = useState<ImportStatus[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { file: useId(), survey: useId(), mapping: useId(), error: useId(), hint: useId() };

  const loadRecent = useCallback(
    (signal?: AbortSignal) =>
      api
        .imports(signal)
        .then((r) => setRecent(r.items))
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) sessionEnded();
        }),
    [],
  );

  useEffect(() => {
    const controller = new AbortController();
    void loadRecent(controller.signal);
    return () => controller.abort();
  }, [loadRecent]);

  // Follow the current import until it finishes.
  const currentId = current?.id;
  const currentFinished = current ? FINISHED.has(current.status) : true;
  useEffect(() => {
    if (!currentId || currentFinished) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      api
        .importStatus(currentId, controller.signal)
        .then((status) => {
          setCurrent(status);
          if (FINISHED.has(status.status)) void loadRecent();
          if (status.status === 'done') {
            if (fileInput.current) fileInput.current.value = '';
            setFile(null);
          }
        })
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) sessionEnded();
        });
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [currentId, currentFinished, loadRecent]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!file) return setFormError('Choose a file to import.');
    if (!/\.(csv|jsonl|ndjson)$/i.test(file.name))
      return setFormError('The file must be a .csv (with a header row) or a .jsonl file.');
    if (file.size > MAX_IMPORT_BYTES)
      return setFormError(
        `The file is ${(file.size / 1048576).toFixed(1)} MB; the dashboard takes up to 32 MB. Split it into smaller files and import each.`,
      );
    if (kind === 'responses' && !surveyId) return setFormError('Choose the survey the responses answer.');
    const { columns, bad } = parseMapping(mapping);
    if (bad.length > 0)
      return setFormError(`Column mapping, line ${bad.join(', ')}: write one "column=field" per line.`);
    setBusy(true);
    try {
      const body: ImportRequest = {
        kind,
        fileName: file.name,
        content: await file.text(),
        skipInvalid,
      };
      if (Object.keys(columns).length > 0 || kind === 'responses') {
        body.mapping = { columns, ...(kind === 'responses' ? { surveyId } : {}) };
      }
      // The file stays chosen: a rejected import can be started again at once (with "import the valid
      // rows" ticked, say); it is cleared once an import of it is done.
      setCurrent(await api.startImport(body));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return sessionEnded();
      const problem = error instanceof ApiError ? error.problem : undefined;
      const fields = problem?.invalid_params?.map((p) => `${p.name}: ${p.reason}`).join('; ');
      setFormError(
        error instanceof ApiError && error.status === 413
          ? 'The file is too large for the dashboard (32 MB at most). Split it into smaller files and import each.'
          : `${error instanceof Error ? error.message : 'The import could not be started.'}${fields ? ` (${fields})` : ''}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 className="page-title">Imports</h1>
          <p className="page-subtitle">
            Historical responses, third-party reviews, support tickets and contacts, from CSV or JSON lines
          </p>
        </div>
      </div>

      <section className="card form-card" aria-labelledby="new-import">
        <div className="card-head">
          <h2 className="card-title" id="new-import">
            New import
          </h2>
        </div>
        <form
          className="import-form"
          onSubmit={submit}
          noValidate
          aria-describedby={formError ? ids.error : undefined}
        >
          <div className="field">
            <label htmlFor="import-kind">The file holds</label>
            <select
              id="import-kind"
              data-testid="import-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as ImportKind)}
            >
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.file}>File (.csv with a header row, or .jsonl; up to 32 MB)</label>
            <input
              id={ids.file}
              ref={fileInput}
              data-testid="import-file"
              type="file"
              accept=".csv,.jsonl,.ndjson,text/csv"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          {kind === 'responses' ? (
            <div className="field">
              <label htmlFor={ids.survey}>Survey the responses answer</label>
              <select
                id={ids.survey}
                data-testid="import-survey"
                value={surveyId}
                onChange={(e) => setSurveyId(e.target.value)}
              >
                <option value="">Choose a survey…</option>
                {surveys.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.status})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={ids.mapping}>Column mapping (optional)</label>
            <textarea
              id={ids.mapping}
              data-testid="import-mapping"
              rows={4}
              spellCheck={false}
              placeholder={'review_id=sourceId\nreview_date=occurredAt\nbody=text\nstars=rating'}
              aria-describedby={ids.hint}
              value={mapping}
              onChange={(e) => setMapping(e.target.value)}
            />
            <p className="field-hint" id={ids.hint}>
              One <code>column=field</code> per line; see <code>docs/cli.md</code> for the fields of each
              kind. Contacts need none.
            </p>
          </div>
          <label className="check">
            <input
              type="checkbox"
              data-testid="import-skip-invalid"
              checked={skipInvalid}
              onChange={(e) => setSkipInvalid(e.target.checked)}
            />
            Import the valid rows and list the invalid ones (otherwise one invalid row stops the import and
            nothing is written)
          </label>
          {formError ? (
            <p className="form-error" id={ids.error} role="alert">
              {formError}
            </p>
          ) : null}
          <div>
            <button
              className="button button-primary"
              type="submit"
              data-testid="import-start"
              disabled={busy}
            >
              {busy ? 'Sending…' : 'Start import'}
            </button>
          </div>
        </form>
      </section>

      {current ? <ImportProgress status={current} /> : null}

      <section className="card table-card" aria-labelledby="recent-imports">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="recent-imports">
              Recent imports
            </h2>
            <p className="card-subtitle">
              <span data-figure>{recent.length}</span> import{recent.length === 1 ? '' : 's'} so far
            </p>
          </div>
        </div>
        {recent.length === 0 ? (
          <p className="card-empty">No imports yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="touchpoints" data-testid="imports-table">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Rows</th>
                  <th scope="col">Imported</th>
                  <th scope="col">Skipped</th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((r) => (
                  <tr key={r.id}>
                    <td>{r.fileName}</td>
                    <td>{r.kind}</td>
                    <td>{statusLabel(r.status)}</td>
                    <td>{r.totalRows.toLocaleString()}</td>
                    <td>{r.imported.toLocaleString()}</td>
                    <td>{r.skipped.toLocaleString()}</td>
                    <td>
                      <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleString()}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function statusLabel(status: ImportStatus['status']): string {
  switch (status) {
    case 'validating':
      return 'Checking rows';
    case 'importing':
      return 'Writing';
    case 'done':
      return 'Done';
    case 'rejected':
      return 'Rejected: nothing imported';
    case 'failed':
      return 'Failed';
  }
}

/**
 * What to tell a web user about an import that did not finish: the server's message speaks to the CLI
 * ("use --skip-invalid"), so a rejection is worded for this page's checkbox instead.
 */
export function outcomeText(status: ImportStatus): string {
  if (status.status === 'rejected' && status.errorCount > 0)
    return ` · ${status.errorCount.toLocaleString()} of ${status.totalRows.toLocaleString()} rows are invalid; nothing was imported. Fix them, or tick "Import the valid rows" and start the import again.`;
  return status.message ? ` · ${status.message}` : '';
}

/** The import under way (or just finished): progress, outcome, and the rows refused. */
function ImportProgress({ status }: { status: ImportStatus }) {
  const total = Math.max(status.totalRows, 0);
  const done = status.status === 'done' ? total : Math.min(status.processedRows, total);
  const percent = total > 0 ? Math.round((100 * done) / total) : 0;
  return (
    <section
      className="card progress-card"
      aria-labelledby="import-progress-title"
      data-testid="import-progress"
    >
      <div className="card-head">
        <div>
          <h2 className="card-title" id="import-progress-title">
            {status.fileName}
          </h2>
          <p className="card-subtitle" role="status" data-testid="import-status">
            {statusLabel(status.status)}
            {status.status === 'done'
              ? ` · ${status.imported.toLocaleString()} imported, ${status.duplicates.toLocaleString()} already there, ${status.skipped.toLocaleString()} skipped`
              : ''}
            {status.status !== 'done' ? outcomeText(status) : ''}
          </p>
        </div>
      </div>
      <div className="progress-body">
        <progress
          data-testid="import-progress-bar"
          max={total || 1}
          value={done}
          aria-label={`Rows processed of ${status.fileName}`}
        />
        <span className="progress-figure">
          {total > 0
            ? `${done.toLocaleString()} of ${total.toLocaleString()} rows (${percent}%)`
            : 'Reading the file…'}
        </span>
      </div>
      {status.errors.length > 0 ? (
        <div className="table-scroll">
          <table className="touchpoints" data-testid="import-errors">
            <caption className="table-caption">
              {status.errorCount.toLocaleString()} row problem{status.errorCount === 1 ? '' : 's'}
              {status.errors.length < status.errorCount ? ` (first ${status.errors.length} shown)` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {status.errors.slice(0, 200).map((e) => (
                <tr key={`${e.row}:${e.column}:${e.reason}`}>
                  <td>{e.row}</td>
                  <td>{e.line}</td>
                  <td>{e.column}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
