// One contact's churn risk on the contact view: the band, the chance of leaving, and the reasons the model
// gives for this contact, or an honest note when no model is trained or the contact is not scored.
import type { ContactRisk } from '../../../src/shared/api/prove.js';
import { errorMessage, useApi } from '../query.js';
import './prove-pages.css';

/** The contact's churn risk band and top reasons. */
export function ContactRiskPanel({ id }: { id: string }) {
  const q = useApi<ContactRisk>(`/api/v1/contacts/${id}/risk`);
  const r = q.data?.risk ?? null;
  const model = q.data?.model ?? null;
  return (
    <div data-testid="contact-risk">
      <h3 className="subhead">Churn risk</h3>
      {q.error ? (
        <p className="card-empty">{errorMessage(q.error)}</p>
      ) : q.data === undefined ? (
        <p className="muted">Loading…</p>
      ) : model === null ? (
        <p className="muted">
          No churn model yet: it is trained once churn outcomes are linked to customers.
        </p>
      ) : r === null ? (
        <p className="muted">Not scored by the current model (no feedback or outcomes for this contact).</p>
      ) : (
        <>
          <p>
            <span className={`badge risk-${r.band}`} data-figure data-testid="contact-risk-band">
              {r.band} risk
            </span>{' '}
            <span data-figure data-testid="contact-risk-probability">
              {(100 * r.probability).toFixed(1)}%
            </span>{' '}
            chance of leaving within {model.horizonDays} days
          </p>
          <ul className="plain-list">
            {r.reasons.map((x) => (
              <li key={x.feature} data-testid="contact-risk-reason">
                {x.text} <span className="muted">({x.contribution >= 0 ? 'raises' : 'lowers'} the risk)</span>
              </li>
            ))}
          </ul>
          <p className="muted">
            Scored {new Date(r.scoredAt).toLocaleDateString()} by a model with cross-validated ROC-AUC{' '}
            {model.cv.auc.toFixed(2)}.
          </p>
        </>
      )}
    </div>
  );
}
