// Distributing a survey by email and personal links: a campaign to a contact list or segment with
// reminders (the audience counted live before sending), the survey's campaigns with their recipients
// by status, one campaign's invitations, the response rates per channel (AAPOR RR1/RR2), and
// single-use personal links.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiGet, apiSend } from '../api.js';
import { formatCount } from '../format.js';
import { errorMessage, useApi } from '../query.js';
import { PersonalLinks } from './personal-links.js';
import { languageName } from './survey-texts.js';
import './survey-campaigns.css';

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The email and personal-link part of a survey's distribution panel. */
export function SurveyCampaigns({
  surveyId,
  surveyName,
  languages,
}: {
  surveyId: string;
  surveyName: string;
  /** The survey's languages, its default first: the email is written in the one chosen. */
  languages: string[];
}) {
  const campaignsPath = `/api/v1/campaigns?survey=${surveyId}`;
  const campaigns = useQuery<api.CampaignList>({
    queryKey: [campaignsPath],
    queryFn: ({ signal }) => apiGet<api.CampaignList>(campaignsPath, undefined, signal),
    // While invitations are still being sent, look again shortly.
    refetchInterval: (q) => (q.state.data?.items.some((c) => c.status === 'sending') ? 2000 : false),
  });
  const rates = useApi<api.ResponseRateList>('/api/v1/response-rates', { survey: surveyId });
  const [shown, setShown] = useState<string | null>(null);
  const items = campaigns.data?.items ?? [];
  return (
    <div className="campaigns" data-testid="campaigns">
      <h3 className="subhead">Email campaign</h3>
      <CampaignForm
        surveyId={surveyId}
        surveyName={surveyName}
        languages={languages}
        listPath={campaignsPath}
      />
      {items.length > 0 ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section className="table-scroll" tabIndex={0} aria-label="Campaigns of this survey">
          <table className="touchpoints" data-testid="campaigns-table">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Sent</th>
                <th scope="col">Responded</th>
                <th scope="col">Not sent</th>
                <th scope="col">Recipients</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.name}
                    <span className="tp-channel">
                      {c.status} ·{' '}
                      {c.maxReminders
                        ? `${c.maxReminders} reminder(s) after ${c.reminderAfterHours} h`
                        : 'no reminders'}
                    </span>
                  </td>
                  <td data-figure>{formatCount(c.counts.sent + c.counts.opened + c.counts.responded)}</td>
                  <td data-figure>{formatCount(c.counts.responded)}</td>
                  <td data-figure>{formatCount(c.counts.suppressed + c.counts.bounced + c.counts.failed)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-small button-ghost"
                      aria-expanded={shown === c.id}
                      onClick={() => setShown(shown === c.id ? null : c.id)}
                    >
                      {shown === c.id ? 'Hide' : 'Show'} recipients
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <p className="muted">
          {campaigns.isPending ? 'Loading campaigns…' : 'No campaign has been sent for this survey.'}
        </p>
      )}
      {shown ? <Recipients campaignId={shown} /> : null}
      <h3 className="subhead">Response rates by channel</h3>
      {(rates.data?.items.length ?? 0) > 0 ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section className="table-scroll" tabIndex={0} aria-label="Response rates by channel">
          <table className="touchpoints" data-testid="rates-table">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">Invited</th>
                <th scope="col">Responded</th>
                <th scope="col" title="AAPOR RR1: complete responses over all eligible invitations">
                  RR1
                </th>
                <th scope="col" title="AAPOR RR2: complete and partial responses">
                  RR2
                </th>
              </tr>
            </thead>
            <tbody>
              {rates.data?.items.map((r) => (
                <tr key={r.channel}>
                  <td>{r.channel}</td>
                  <td data-figure>{formatCount(r.invited)}</td>
                  <td data-figure>{formatCount(r.responded)}</td>
                  <td data-figure>{percent(r.rr1)}</td>
                  <td data-figure>{percent(r.rr2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <p className="muted">Rates appear once invitations have gone out.</p>
      )}
      <PersonalLinks surveyId={surveyId} />
    </div>
  );
}

function CampaignForm({
  surveyId,
  surveyName,
  languages,
  listPath,
}: {
  surveyId: string;
  surveyName: string;
  languages: string[];
  listPath: string;
}) {
  const client = useQueryClient();
  // The email's language: the organisation's when the survey offers it, else the survey's default.
  const organisation = useApi<api.OrganisationLanguage>('/api/v1/organisation/language');
  const [picked, setLanguage] = useState<string | null>(null);
  const preferred = organisation.data?.language;
  const language =
    picked ?? (preferred && languages.includes(preferred) ? preferred : (languages[0] ?? 'en'));
  const lists = useApi<api.ContactListList>('/api/v1/contact-lists');
  const segments = useApi<api.SegmentList>('/api/v1/segments');
  const [audience, setAudience] = useState('');
  const [subject, setSubject] = useState(`A minute for ${surveyName}?`);
  const [reminders, setReminders] = useState(1);
  const [hours, setHours] = useState(72);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const chosen = audience
    ? audience.startsWith('list:')
      ? { listId: audience.slice(5) }
      : { segmentId: audience.slice(8) }
    : null;
  const preview = useQuery<api.AudiencePreview>({
    queryKey: ['/api/v1/audiences/preview', audience],
    queryFn: () => apiSend<api.AudiencePreview>('POST', '/api/v1/audiences/preview', chosen),
    enabled: chosen !== null,
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return setMessage('Choose a list or segment to send to.');
    setBusy(true);
    setMessage(null);
    try {
      const campaign = await apiSend<api.Campaign>('POST', '/api/v1/campaigns', {
        surveyId,
        name: `${surveyName} · ${new Date().toLocaleDateString()}`,
        audience: chosen,
        subject,
        language,
        maxReminders: reminders,
        ...(reminders > 0 ? { reminderAfterHours: hours } : {}),
      });
      const launched = await apiSend<api.CampaignLaunch>('POST', `/api/v1/campaigns/${campaign.id}/launch`);
      setMessage(
        `Sending to ${formatCount(launched.queued)}; ${formatCount(launched.suppressed)} left out (opted out, frequency rules or no email).`,
      );
      await client.invalidateQueries({ queryKey: [listPath] });
    } catch (caught) {
      setMessage(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="campaign-form" onSubmit={submit} aria-label="New email campaign">
      <div className="campaign-field">
        <label htmlFor={`${id}-aud`}>To</label>
        <select
          id={`${id}-aud`}
          value={audience}
          onChange={(e) => setAudience(e.target.value)}
          data-testid="campaign-audience"
        >
          <option value="">Choose a list or segment…</option>
          {lists.data?.items.length ? (
            <optgroup label="Lists">
              {lists.data.items.map((l) => (
                <option key={l.id} value={`list:${l.id}`}>
                  {l.name} ({formatCount(l.size)})
                </option>
              ))}
            </optgroup>
          ) : null}
          {segments.data?.items.length ? (
            <optgroup label="Segments">
              {segments.data.items.map((s) => (
                <option key={s.id} value={`segment:${s.id}`}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
      <div className="campaign-field">
        <label htmlFor={`${id}-subject`}>Subject</label>
        <input
          id={`${id}-subject`}
          value={subject}
          maxLength={200}
          onChange={(e) => setSubject(e.target.value)}
        />
      </div>
      {languages.length > 1 ? (
        <div className="campaign-field">
          <label htmlFor={`${id}-lang`}>Language of the email</label>
          <select id={`${id}-lang`} value={language} onChange={(e) => setLanguage(e.target.value)}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="campaign-field">
        <label htmlFor={`${id}-rem`}>Reminders</label>
        <select id={`${id}-rem`} value={reminders} onChange={(e) => setReminders(Number(e.target.value))}>
          {[0, 1, 2, 3].map((n) => (
            <option key={n} value={n}>
              {n === 0 ? 'None' : n}
            </option>
          ))}
        </select>
      </div>
      {reminders > 0 ? (
        <div className="campaign-field">
          <label htmlFor={`${id}-hours`}>Remind after (hours)</label>
          <input
            id={`${id}-hours`}
            type="number"
            min={1}
            max={1440}
            value={hours}
            onChange={(e) => setHours(Number(e.target.value))}
          />
        </div>
      ) : null}
      <p className="muted campaign-count" aria-live="polite" data-testid="campaign-preview">
        {chosen
          ? preview.data
            ? `${formatCount(preview.data.count)} contacts in this audience`
            : 'Counting…'
          : ''}
      </p>
      <button
        type="submit"
        className="button button-small button-primary"
        disabled={busy}
        data-testid="campaign-send"
      >
        {busy ? 'Sending…' : 'Send campaign'}
      </button>
      {message ? (
        <p className="muted campaign-message" role="status" data-testid="campaign-message">
          {message}
        </p>
      ) : null}
    </form>
  );
}

function Recipients({ campaignId }: { campaignId: string }) {
  const page = useApi<api.InvitationPage>(`/api/v1/campaigns/${campaignId}/invitations`, { limit: 50 });
  const items = page.data?.items ?? [];
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="table-scroll" tabIndex={0} aria-label="Recipients of the campaign">
      <table className="touchpoints" data-testid="recipients">
        <thead>
          <tr>
            <th scope="col">Recipient</th>
            <th scope="col">Status</th>
            <th scope="col">Reminders</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>{i.email ?? 'No email'}</td>
              <td>
                {i.status}
                {i.reason ? <span className="tp-channel">{i.reason}</span> : null}
              </td>
              <td data-figure>{i.remindersSent}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data?.nextCursor ? <p className="muted">The first 50 recipients are shown.</p> : null}
      {items.length === 0 && !page.isPending ? <p className="muted">No recipients.</p> : null}
    </section>
  );
}
