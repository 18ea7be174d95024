// Return on initiatives on the Value page: for each started initiative, the value of its measured change
// (only wins are valued), its cost and the return, every figure with its 95% interval.
import { useEffect, useState } from 'react';
import type { InitiativeRoi, InitiativeRoiList } from '../../../src/shared/api/prove.js';

type Interval = { estimate: number; low: number; high: number };

const money = (x: number, currency: string | null) =>
  new Intl.NumberFormat('en', {
    style: currency ? 'currency' : 'decimal',
    currency: currency ?? undefined,
    maximumFractionDigits: 0,
  }).format(x);
const range = (i: Interval, f: (x: number) => string) => `${f(i.low)} to ${f(i.high)}`;
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const verdictText: Record<string, string> = {
  win: 'measured win',
  worse: 'measured worse',
  no_detectable_change: 'no detectable change',
  too_early: 'too early to tell',
};

function Row({ r }: { r: InitiativeRoi }) {
  const m = (x: number) => money(x, r.currency);
  return (
    <tr data-testid="roi-row">
      <th scope="row">
        <a href={`/initiatives?id=${r.initiativeId}`}>{r.title}</a>
      </th>
      <td className="text">{verdictText[r.verdict] ?? r.verdict}</td>
      <td className="text" data-testid="roi-effect">
        {r.effect
          ? `${r.effect.estimate.toFixed(2)} ${r.unit} (${range(r.effect, (x) => x.toFixed(2))})`
          : '–'}
      </td>
      <td data-figure data-testid="roi-value">
        {r.value ? m(r.value.estimate) : '–'}
      </td>
      <td className="text" data-testid="roi-value-ci">
        {r.value ? range(r.value, m) : '–'}
      </td>
      <td>{r.cost ? money(Number(r.cost.amount), r.cost.currency) : 'not entered'}</td>
      <td className="text" data-testid="roi-return">
        {r.roi ? `${pct(r.roi.estimate)} (${range(r.roi, pct)})` : '–'}
      </td>
      <td className="text reasons">{r.reason ?? ''}</td>
    </tr>
  );
}

/** The initiative ROI section. */
export function InitiativeRoiSection() {
  const [data, setData] = useState<InitiativeRoiList | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const c = new AbortController();
    fetch('/api/v1/value/initiatives', {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      signal: c.signal,
    })
      .then(async (r) => {
        if (!r.ok) throw new Error(`/api/v1/value/initiatives: ${r.status}`);
        setData((await r.json()) as InitiativeRoiList);
      })
      .catch((e: unknown) => !c.signal.aborted && setError(String(e)));
    return () => c.abort();
  }, []);
  const first = data?.items.find((i) => i.method.length > 0);
  return (
    <section className="card" aria-labelledby="value-roi">
      <h2 className="card-title" id="value-roi">
        Initiative ROI
      </h2>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : data === null ? (
        <div className="skeleton" aria-hidden="true" />
      ) : data.items.length === 0 ? (
        <p className="empty">No initiative has started yet.</p>
      ) : (
        <>
          <p>
            The value of each initiative's measured change, from the revenue difference between loyalty
            groups, against what it cost. Only measured wins are valued; every figure has its 95% interval.
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
          <section className="prove-table-scroll" tabIndex={0} aria-label="Initiative ROI table">
            <table className="prove-table">
              <thead>
                <tr>
                  <th scope="col" className="text">
                    Initiative
                  </th>
                  <th scope="col" className="text">
                    Verdict
                  </th>
                  <th scope="col" className="text">
                    Measured change (95% CI)
                  </th>
                  <th scope="col">Value</th>
                  <th scope="col" className="text">
                    Value 95% CI
                  </th>
                  <th scope="col">Cost</th>
                  <th scope="col" className="text">
                    Return on cost (95% CI)
                  </th>
                  <th scope="col" className="text">
                    Note
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <Row key={r.initiativeId} r={r} />
                ))}
              </tbody>
            </table>
          </section>
          {first && (
            <details>
              <summary>How the value is worked out</summary>
              <ul>
                {first.method.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
