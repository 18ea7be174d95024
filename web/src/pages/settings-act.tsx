// Settings for acting on feedback: teams (members and the touchpoints they own), then the case rules.
// Analysts and administrators change them; everyone else reads them.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';
import { useSession } from '../session.js';
import type { Touchpoint } from '../types.js';
import { canConfigure, FieldError, fieldErrors, splitList } from './settings-act-form.js';
import { CaseRules } from './settings-rules.js';
import './settings-act.css';

const TEAMS = '/api/v1/teams';

/** Teams and case rules, one card each. */
export function ActSettings() {
  const teams = useApi<{ items: api.Team[] }>(TEAMS);
  const touchpoints = useApi<{ items: Touchpoint[] }>('/api/v1/touchpoints');
  const tps = touchpoints.data?.items ?? [];
  const teamList = teams.data?.items ?? [];
  return (
    <>
      <Teams teams={teamList} error={teams.error} touchpoints={tps} />
      <CaseRules teams={teamList} touchpoints={tps} />
    </>
  );
}

function Teams({
  teams,
  error,
  touchpoints,
}: {
  teams: api.Team[];
  error: unknown;
  touchpoints: Touchpoint[];
}) {
  const session = useSession();
  const client = useQueryClient();
  const id = useId();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [otherIds, setOtherIds] = useState('');
  const [owned, setOwned] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const tpName = (tid: string) =>
    touchpoints.find((t) => t.id === tid)?.name ?? `Touchpoint ${tid.slice(0, 6)}`;
  const userName = (uid: string) =>
    uid === session.user.id ? `${session.user.name || session.user.email} (you)` : `User ${uid.slice(0, 8)}`;
  // There is no list of users to pick from: you, members of other teams, and IDs given by hand.
  const knownUsers = [...new Set([session.user.id, ...teams.flatMap((t) => t.memberIds)])];
  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (!name.trim()) return setErrors({ name: 'Name the team.' });
    try {
      const memberIds = [...new Set([...members, ...splitList(otherIds)])];
      const team = await apiSend<api.Team>('POST', TEAMS, {
        name: name.trim(),
        memberIds,
        touchpointIds: owned,
      });
      setErrors({});
      setName('');
      setMembers([]);
      setOtherIds('');
      setOwned([]);
      setMessage(`Team “${team.name}” created.`);
      await client.invalidateQueries({ queryKey: [TEAMS] });
    } catch (caught) {
      const found = fieldErrors(caught, (n) =>
        n.startsWith('memberIds')
          ? 'members'
          : n.startsWith('touchpointIds')
            ? 'touchpoints'
            : n === 'name'
              ? 'name'
              : null,
      );
      setErrors(Object.keys(found).length ? found : { form: errorMessage(caught) });
    }
  };

  return (
    <section className="card table-card" aria-labelledby={`${id}-title`} data-testid="teams-card">
      <div className="card-head">
        <div>
          <h2 className="card-title" id={`${id}-title`}>
            Teams
          </h2>
          <p className="card-subtitle">Cases from a team's touchpoints go to the team</p>
        </div>
      </div>
      {error ? <p className="card-empty">{errorMessage(error)}</p> : null}
      {teams.length === 0 && !error ? <p className="card-empty">No teams yet.</p> : null}
      {teams.length > 0 ? (
        <div className="table-scroll">
          <table className="touchpoints" data-testid="teams-table">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Members</th>
                <th scope="col">Touchpoints owned</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="act-cell-wrap">
                    {t.memberIds.length ? t.memberIds.map(userName).join(', ') : 'None'}
                  </td>
                  <td className="act-cell-wrap">
                    {t.touchpointIds.length ? t.touchpointIds.map(tpName).join(', ') : 'None'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canConfigure(session) ? (
        <form className="act-form" onSubmit={create} aria-label="New team" noValidate>
          <div className="act-field">
            <label htmlFor={`${id}-name`}>Team name</label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? `${id}-name-error` : undefined}
              data-testid="team-name"
            />
            <FieldError id={`${id}-name-error`} text={errors.name} />
          </div>
          <fieldset
            className="act-choices act-wide"
            aria-describedby={errors.members ? `${id}-members-error` : undefined}
          >
            <legend>Members</legend>
            {knownUsers.map((uid) => (
              <label className="check" key={uid}>
                <input
                  type="checkbox"
                  checked={members.includes(uid)}
                  onChange={() => setMembers(toggle(members, uid))}
                />
                {userName(uid)}
              </label>
            ))}
            <div className="act-field act-wide">
              <label htmlFor={`${id}-other`}>Other members' user IDs (comma-separated)</label>
              <input id={`${id}-other`} value={otherIds} onChange={(e) => setOtherIds(e.target.value)} />
            </div>
            <FieldError id={`${id}-members-error`} text={errors.members} />
          </fieldset>
          <fieldset
            className="act-choices act-wide"
            aria-describedby={errors.touchpoints ? `${id}-tp-error` : undefined}
          >
            <legend>Touchpoints owned</legend>
            {touchpoints.length === 0 ? <span className="muted">No touchpoints yet.</span> : null}
            {touchpoints.map((t) => (
              <label className="check" key={t.id}>
                <input
                  type="checkbox"
                  checked={owned.includes(t.id)}
                  onChange={() => setOwned(toggle(owned, t.id))}
                />
                {t.name}
              </label>
            ))}
            <FieldError id={`${id}-tp-error`} text={errors.touchpoints} />
          </fieldset>
          <div className="act-actions act-wide">
            <button type="submit" className="button button-small button-primary" data-testid="team-create">
              Create team
            </button>
            {errors.form ? <span className="act-field-error">{errors.form}</span> : null}
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
