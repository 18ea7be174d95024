// Case-rule settings: which feedback opens a case, for which team, how urgent and with which SLA; the
// API's field errors show beside the fields. Analysts and administrators change them.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';
import { useSession } from '../session.js';
import type { Touchpoint } from '../types.js';
import { canConfigure, FieldError, fieldErrors, splitList } from './settings-act-form.js';

const RULES = '/api/v1/case-rules';
type Metric = 'nps' | 'csat' | 'ces' | 'rating';
const METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'rating'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

const describeRule = (r: api.CaseRule, tpName: (id: string) => string): string => {
  const w = r.when;
  const parts: string[] = [];
  if (w.metric) {
    if (w.atMost !== undefined) parts.push(`${w.metric.toUpperCase()} ≤ ${w.atMost}`);
    if (w.atLeast !== undefined) parts.push(`${w.metric.toUpperCase()} ≥ ${w.atLeast}`);
  }
  if (w.sentiment) parts.push('negative sentiment');
  if (w.keywords?.length) parts.push(`mentions ${w.keywords.join(', ')}`);
  if (w.themes?.length) parts.push(`themes ${w.themes.join(', ')}`);
  if (w.touchpointIds?.length) parts.push(`at ${w.touchpointIds.map(tpName).join(', ')}`);
  if (w.channels?.length) parts.push(`via ${w.channels.join(', ')}`);
  return parts.join(' · ') || 'Any feedback';
};

/** Which form field an API field name belongs to. */
function ruleField(name: string): string | null {
  if (name === 'name') return 'name';
  if (/^when\.(metric|atMost|atLeast)/.test(name)) return 'threshold';
  if (name.startsWith('when.keywords')) return 'keywords';
  if (name.startsWith('when.touchpointIds')) return 'touchpoints';
  if (name.startsWith('when.sentiment')) return 'sentiment';
  if (name.startsWith('assign')) return 'team';
  if (name === 'priority') return 'priority';
  if (name === 'slaHours') return 'sla';
  if (name === 'when' || name.startsWith('when')) return 'when';
  return null;
}

/** The case-rules card. */
export function CaseRules({ teams, touchpoints }: { teams: api.Team[]; touchpoints: Touchpoint[] }) {
  const session = useSession();
  const client = useQueryClient();
  const rules = useApi<{ items: api.CaseRule[] }>(RULES);
  const id = useId();
  const blank = {
    name: '',
    metric: '' as Metric | '',
    bound: 'atMost',
    value: '',
    negative: false,
    keywords: '',
    team: '',
    priority: 'normal',
    sla: '24',
  };
  const [form, setForm] = useState(blank);
  const [tps, setTps] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<typeof blank>) => setForm((f) => ({ ...f, ...patch }));
  const tpName = (tid: string) =>
    touchpoints.find((t) => t.id === tid)?.name ?? `Touchpoint ${tid.slice(0, 6)}`;
  const teamName = (tid: string | null) =>
    tid ? (teams.find((t) => t.id === tid)?.name ?? 'A deleted team') : 'No team';
  const err = (key: string) =>
    errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${key}-error` } : {};

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const when: Record<string, unknown> = {};
    if (form.metric) when.metric = form.metric;
    if (form.value.trim() !== '') when[form.bound] = Number(form.value);
    if (form.negative) when.sentiment = 'negative';
    const keywords = splitList(form.keywords);
    if (keywords.length) when.keywords = keywords;
    if (tps.length) when.touchpointIds = tps;
    const body = {
      name: form.name,
      when,
      assign: form.team ? { teamId: form.team } : {},
      priority: form.priority,
      slaHours: form.sla.trim() === '' ? Number.NaN : Number(form.sla),
    };
    try {
      const rule = await apiSend<api.CaseRule>('POST', RULES, body);
      setErrors({});
      setForm(blank);
      setTps([]);
      setMessage(`Rule “${rule.name}” created.`);
      await client.invalidateQueries({ queryKey: [RULES] });
    } catch (caught) {
      const found = fieldErrors(caught, ruleField);
      setErrors(Object.keys(found).length ? found : { form: errorMessage(caught) });
    }
  };
  const remove = async (rule: api.CaseRule) => {
    if (!window.confirm(`Delete the rule “${rule.name}”? Cases it opened stay.`)) return;
    try {
      await apiSend('DELETE', `${RULES}/${rule.id}`);
      setMessage(`Rule “${rule.name}” deleted.`);
      await client.invalidateQueries({ queryKey: [RULES] });
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  const items = rules.data?.items ?? [];

  return (
    <section className="card table-card" aria-labelledby={`${id}-title`} data-testid="rules-card">
      <div className="card-head">
        <div>
          <h2 className="card-title" id={`${id}-title`}>
            Case rules
          </h2>
          <p className="card-subtitle">Tried in order: the first that matches opens the case</p>
        </div>
      </div>
      {rules.error ? <p className="card-empty">{errorMessage(rules.error)}</p> : null}
      {items.length === 0 && !rules.error ? <p className="card-empty">No case rules yet.</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table className="touchpoints" data-testid="rules-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">When</th>
                <th scope="col">Team · priority · SLA</th>
                {canConfigure(session) ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name}
                    {r.enabled ? null : <span className="tp-channel">disabled</span>}
                  </td>
                  <td className="act-cell-wrap">{describeRule(r, tpName)}</td>
                  <td>
                    {teamName(r.assign.teamId)} · {r.priority} · {r.slaHours} h
                  </td>
                  {canConfigure(session) ? (
                    <td>
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        onClick={() => remove(r)}
                        aria-label={`Delete the rule ${r.name}`}
                      >
                        Delete
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canConfigure(session) ? (
        <form className="act-form" onSubmit={create} aria-label="New case rule" noValidate>
          <div className="act-field">
            <label htmlFor={`${id}-name`}>Rule name</label>
            <input
              id={`${id}-name`}
              value={form.name}
              onChange={(e) => set({ name: e.target.value })}
              data-testid="rule-name"
              {...err('name')}
            />
            <FieldError id={`${id}-name-error`} text={errors.name} />
          </div>
          <div className="act-field">
            <label htmlFor={`${id}-metric`}>Score</label>
            <select
              id={`${id}-metric`}
              value={form.metric}
              onChange={(e) => set({ metric: e.target.value as Metric | '' })}
              data-testid="rule-metric"
              {...err('threshold')}
            >
              <option value="">Any score</option>
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {m.toUpperCase()}
                </option>
              ))}
            </select>
          </div>
          <div className="act-field">
            <label htmlFor={`${id}-bound`}>Bound</label>
            <select
              id={`${id}-bound`}
              value={form.bound}
              onChange={(e) => set({ bound: e.target.value })}
              data-testid="rule-bound"
            >
              <option value="atMost">At most</option>
              <option value="atLeast">At least</option>
            </select>
          </div>
          <div className="act-field">
            <label htmlFor={`${id}-value`}>Score value</label>
            <input
              id={`${id}-value`}
              type="number"
              inputMode="decimal"
              value={form.value}
              onChange={(e) => set({ value: e.target.value })}
              data-testid="rule-value"
              {...err('threshold')}
            />
            <FieldError id={`${id}-threshold-error`} text={errors.threshold} />
          </div>
          <div className="act-field">
            <label htmlFor={`${id}-keywords`}>Keywords (comma-separated)</label>
            <input
              id={`${id}-keywords`}
              value={form.keywords}
              onChange={(e) => set({ keywords: e.target.value })}
              data-testid="rule-keywords"
              {...err('keywords')}
            />
            <FieldError id={`${id}-keywords-error`} text={errors.keywords} />
          </div>
          <div className="act-field">
            <label htmlFor={`${id}-team`}>Team</label>
            <select
              id={`${id}-team`}
              value={form.team}
              onChange={(e) => set({ team: e.target.value })}
              data-testid="rule-team"
              {...err('team')}
            >
              <option value="">No team (the touchpoint's owner)</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-team-error`} text={errors.team} />
          </div>
          <div className="act-field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select
              id={`${id}-priority`}
              value={form.priority}
              onChange={(e) => set({ priority: e.target.value })}
              data-testid="rule-priority"
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="act-field">
            <label htmlFor={`${id}-sla`}>SLA (hours)</label>
            <input
              id={`${id}-sla`}
              type="number"
              min="0"
              step="any"
              value={form.sla}
              onChange={(e) => set({ sla: e.target.value })}
              data-testid="rule-sla"
              {...err('sla')}
            />
            <FieldError id={`${id}-sla-error`} text={errors.sla} />
          </div>
          <label className="check act-wide">
            <input
              type="checkbox"
              checked={form.negative}
              onChange={(e) => set({ negative: e.target.checked })}
            />
            Only comments with negative sentiment
          </label>
          <fieldset
            className="act-choices act-wide"
            aria-describedby={errors.touchpoints ? `${id}-touchpoints-error` : undefined}
          >
            <legend>At these touchpoints (none: all)</legend>
            {touchpoints.map((t) => (
              <label className="check" key={t.id}>
                <input
                  type="checkbox"
                  checked={tps.includes(t.id)}
                  onChange={() => setTps(tps.includes(t.id) ? tps.filter((x) => x !== t.id) : [...tps, t.id])}
                />
                {t.name}
              </label>
            ))}
            <FieldError id={`${id}-touchpoints-error`} text={errors.touchpoints} />
          </fieldset>
          <div className="act-actions act-wide">
            <button type="submit" className="button button-small button-primary" data-testid="rule-create">
              Create rule
            </button>
            {errors.when || errors.form || errors.sentiment || errors.priority ? (
              <span className="act-field-error" data-testid="rule-error">
                {[errors.when, errors.sentiment, errors.priority, errors.form].filter(Boolean).join('; ')}
              </span>
            ) : null}
            {message ? (
              <span className="muted" role="status">
                {message}
              </span>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
