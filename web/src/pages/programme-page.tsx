// Programme: the CX programme's maturity. The stage ladder with its reasons, the evidence the product
// sees, the CX lead's questionnaire, the next three steps (each linking to the page that does it), the
// five-mistakes check, and the stage over time.
import { type FormEvent, useEffect, useState } from 'react';
import type { Maturity } from '../../../src/shared/api/prove.js';

type Answers = Maturity['questionnaire']['answers'];

async function call(method: 'GET' | 'PUT', body?: unknown, signal?: AbortSignal): Promise<Maturity> {
  const path = method === 'GET' ? '/api/v1/programme/maturity' : '/api/v1/programme/maturity/questionnaire';
  const r = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    signal: signal ?? null,
  });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return (await r.json()) as Maturity;
}

/** The Programme page. */
export default function ProgrammePage() {
  const [m, setM] = useState<Maturity | null>(null);
  const [answers, setAnswers] = useState<Answers | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const c = new AbortController();
    call('GET', undefined, c.signal)
      .then((x) => {
        setM(x);
        setAnswers(x.questionnaire.answers);
      })
      .catch(
        (e: unknown) => !c.signal.aborted && setMessage(`The assessment could not be loaded (${String(e)}).`),
      );
    return () => c.abort();
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!answers) return;
    setSaving(true);
    try {
      const x = await call('PUT', answers);
      setM(x);
      setMessage(`Saved. Stage ${x.stage.number}: ${x.stage.name}.`);
    } catch (err) {
      setMessage(`Not saved (${String(err)}).`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Programme</h1>
        <p className="card-subtitle">How mature the CX programme is, why, and what to do next</p>
      </div>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      {m === null ? (
        <div className="skeleton" aria-hidden="true" />
      ) : (
        <>
          <section className="card" aria-labelledby="programme-stage">
            <h2 className="card-title" id="programme-stage">
              Stage {m.stage.number} of 6: {m.stage.name}
            </h2>
            <p>{m.stage.description}</p>
            <ol className="ladder">
              {m.ladder.map((s) => (
                <li key={s.number} aria-current={s.number === m.stage.number ? 'step' : undefined}>
                  <strong>{s.name}</strong> {s.reached ? '(reached)' : ''}
                  {s.missing.length > 0 && <span> – missing: {s.missing.join(', ')}</span>}
                </li>
              ))}
            </ol>
          </section>

          <section className="card" aria-labelledby="programme-next">
            <h2 className="card-title" id="programme-next">
              Next steps
            </h2>
            {m.nextSteps.length === 0 ? (
              <p className="empty">Every stage is reached.</p>
            ) : (
              <ol>
                {m.nextSteps.map((s) => (
                  <li key={s.evidence}>
                    <a href={s.link}>{s.step}</a> (towards {s.forStage})
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section className="card" aria-labelledby="programme-evidence">
            <h2 className="card-title" id="programme-evidence">
              Evidence
            </h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Evidence</th>
                  <th scope="col">Value</th>
                  <th scope="col">Met</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {m.evidence.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{e.label}</th>
                    <td>{e.value}</td>
                    <td>{e.met ? 'yes' : 'no'}</td>
                    <td>{e.source === 'product' ? 'seen by Northstar' : 'questionnaire'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="card" aria-labelledby="programme-mistakes">
            <h2 className="card-title" id="programme-mistakes">
              The five mistakes check
            </h2>
            <ul>
              {m.mistakes.map((x) => (
                <li key={x.id}>
                  <strong>{x.atRisk ? 'At risk' : 'Clear'}</strong>: {x.mistake}
                  {x.missing.length > 0 && <span> (missing: {x.missing.join('; ')})</span>}
                </li>
              ))}
            </ul>
          </section>

          {answers && (
            <section className="card" aria-labelledby="programme-questionnaire">
              <h2 className="card-title" id="programme-questionnaire">
                Questionnaire for the CX lead
              </h2>
              <form onSubmit={save}>
                <fieldset>
                  <legend>Which of these hold today?</legend>
                  {m.questionnaire.questions.map((q) => (
                    <div key={q.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={Boolean(answers[q.id as keyof Answers])}
                          onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.checked })}
                        />{' '}
                        {q.text}
                      </label>
                    </div>
                  ))}
                </fieldset>
                <button type="submit" className="button" disabled={saving}>
                  {saving ? 'Saving…' : 'Save answers'}
                </button>
              </form>
            </section>
          )}

          <section className="card" aria-labelledby="programme-history">
            <h2 className="card-title" id="programme-history">
              Stage over time
            </h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Assessed</th>
                  <th scope="col">Stage</th>
                </tr>
              </thead>
              <tbody>
                {m.history.map((h) => (
                  <tr key={h.assessedAt}>
                    <td>{h.assessedAt.slice(0, 10)}</td>
                    <td>
                      {h.stage}: {m.stages[h.stage - 1]?.name}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
