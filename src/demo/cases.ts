// The demo organisation's closed loop: agents in teams owning touchpoints, case rules, and a
// realistic history of cases (open, in progress, breached, closed, recovered or not) built from the
// demo's own detractor answers, so the inbox and the recovery figures show something on first start.
import type { Sql } from 'postgres';
import { createCaseRule, createTeam } from '../act/index.js';
import { createRandom } from '../shared/random.js';
import type { DemoFeedback } from './dataset.js';
import {
  type CaseEventRow,
  insertAgents,
  insertCaseEventRows,
  insertCaseRows,
  selectTouchpointChannels,
  updateCaseRecovery,
} from './queries/cases.js';

const AGENTS = [
  { email: 'sam.rivera@demo.northstar.test', name: 'Sam Rivera', team: 0 },
  { email: 'priya.shah@demo.northstar.test', name: 'Priya Shah', team: 0 },
  { email: 'tom.becker@demo.northstar.test', name: 'Tom Becker', team: 1 },
  { email: 'lena.okafor@demo.northstar.test', name: 'Lena Okafor', team: 1 },
  { email: 'marco.rossi@demo.northstar.test', name: 'Marco Rossi', team: 2 },
];
const TEAMS = ['Store care', 'Online care', 'Delivery desk'];
const ROOT_CAUSES = [
  'delivery delay',
  'staff attitude',
  'billing error',
  'product defect',
  'long wait',
  'website bug',
];
const RESOLUTIONS = [
  'Called the customer, apologised and refunded the delivery fee.',
  'Replaced the item and arranged a priority delivery.',
  'Explained the charge and credited the difference.',
  'Passed the feedback to the store manager; voucher sent.',
  'Fixed the account issue while on the phone.',
];
const HOUR = 3_600_000;

/** A demo case as inserted (snake_case, as the table has it). */
export interface CaseRow {
  id: string;
  feedback_id: string;
  rule_id: string;
  contact_id: string;
  touchpoint_id: string;
  survey_id: string;
  status: string;
  priority: string;
  team_id: string | null;
  owner_id: string | null;
  nps: number | null;
  sla_hours: number;
  due_at: string;
  breached_at: string | null;
  first_response_at: string | null;
  closed_at: string | null;
  first_closed_at: string | null;
  closed_within_sla: boolean | null;
  resolution: string | null;
  root_cause: string | null;
  created_at: string;
}

/** Add the loop to a freshly loaded demo organisation (after its data committed). */
export async function loadDemoCases(
  sql: Sql,
  opts: { orgId: string; seed: number; now: Date; feedback: readonly DemoFeedback[] },
): Promise<{ cases: number }> {
  const { orgId, now } = opts;
  const rnd = createRandom(opts.seed, 'cases');
  // The demo agents own cases but cannot sign in: no password verifies against this.
  const password = 'locked$demo-agent';
  const users = await insertAgents(sql, orgId, AGENTS, password);
  const userOf = (email: string) => users.find((u) => u.email === email)!.id;
  const touchpoints = await selectTouchpointChannels(sql, orgId);
  const teamFor = (channel: string | null) =>
    channel && /web|app|online|chat|email/.test(channel)
      ? 1
      : channel && /deliver|phone/.test(channel)
        ? 2
        : 0;
  const teams = [];
  for (const [i, name] of TEAMS.entries()) {
    teams.push(
      await createTeam(sql as never, orgId, {
        name,
        memberIds: AGENTS.filter((a) => a.team === i).map((a) => userOf(a.email)),
        touchpointIds: touchpoints.filter((t) => teamFor(t.channel) === i).map((t) => t.id),
        escalation: { emails: ['cx-lead@demo.northstar.test'] },
      }),
    );
  }
  const detractors = await createCaseRule(sql as never, orgId, {
    name: 'Detractors get a call back',
    when: { metric: 'nps', atMost: 6 },
    assign: { strategy: 'round_robin' },
    priority: 'high',
    slaHours: 24,
    businessHours: null,
    notify: { owner: false },
    enabled: true,
  });
  await createCaseRule(sql as never, orgId, {
    name: 'Very unhappy (CSAT 1–2)',
    when: { metric: 'csat', atMost: 2 },
    assign: { strategy: 'least_loaded' },
    priority: 'normal',
    slaHours: 16,
    businessHours: { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: 9, end: 17 },
    notify: { owner: false },
    enabled: true,
  });
  await createCaseRule(sql as never, orgId, {
    name: 'Legal or churn words',
    when: { keywords: ['cancel', 'lawyer', 'refund', 'complaint'] },
    assign: { strategy: 'least_loaded' },
    priority: 'urgent',
    slaHours: 4,
    notify: { owner: false },
    enabled: true,
  });

  // The last 120 days of detractor answers, one in three, became cases.
  const since = now.getTime() - 120 * 24 * HOUR;
  const picked = opts.feedback.filter(
    (f) => f.nps !== null && f.nps <= 6 && f.occurredAt.getTime() >= since && rnd.chance(1 / 3),
  );
  const ownerByTeam = new Map<string, string[]>(teams.map((t) => [t.id, t.memberIds]));
  const teamOfTouchpoint = new Map<string, string>();
  for (const t of teams) for (const tp of t.touchpointIds) teamOfTouchpoint.set(tp, t.id);
  const turn = new Map<string, number>();
  const rows: CaseRow[] = [];
  const events: CaseEventRow[] = [];
  for (const f of picked) {
    const created = f.occurredAt.getTime() + rnd.int(2, 30) * 60_000;
    if (created > now.getTime()) continue;
    const teamId = teamOfTouchpoint.get(f.touchpointId) ?? teams[0]!.id;
    const members = ownerByTeam.get(teamId) ?? [];
    const n = turn.get(teamId) ?? 0;
    turn.set(teamId, n + 1);
    const ownerId = members.length ? members[n % members.length]! : null;
    const due = created + 24 * HOUR;
    const age = (now.getTime() - created) / HOUR;
    // Quick first responses mostly; a slow tail.
    const responseAfter = rnd.chance(0.8) ? 0.5 + rnd.next() * 20 : 20 + rnd.next() * 60;
    const closeAfter = responseAfter + 1 + rnd.next() * (rnd.chance(0.7) ? 20 : 120);
    const closes = age > closeAfter && rnd.chance(age > 240 ? 0.95 : 0.75);
    const responded = age > responseAfter;
    const firstResponse = responded ? created + responseAfter * HOUR : null;
    const closedAt = closes ? created + closeAfter * HOUR : null;
    const status = closes ? 'closed' : responded ? (rnd.chance(0.5) ? 'in_progress' : 'waiting') : 'open';
    const breachedAt = (closedAt ?? now.getTime()) > due ? due : null;
    const id = rnd.uuid();
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    rows.push({
      id,
      feedback_id: f.id,
      rule_id: detractors.id,
      contact_id: f.contactId,
      touchpoint_id: f.touchpointId,
      survey_id: f.surveyId,
      status,
      priority: f.nps !== null && f.nps <= 2 ? 'urgent' : 'high',
      team_id: teamId,
      owner_id: ownerId,
      nps: f.nps,
      sla_hours: 24,
      due_at: iso(due)!,
      breached_at: iso(breachedAt),
      first_response_at: iso(firstResponse),
      closed_at: iso(closedAt),
      first_closed_at: iso(closedAt),
      closed_within_sla: closedAt === null ? null : closedAt <= due,
      resolution: closes ? RESOLUTIONS[rnd.int(0, RESOLUTIONS.length - 1)]! : null,
      root_cause: closes ? ROOT_CAUSES[rnd.int(0, ROOT_CAUSES.length - 1)]! : null,
      created_at: iso(created)!,
    });
    events.push({
      case_id: id,
      at: iso(created)!,
      actor_kind: 'system',
      actor_id: null,
      kind: 'created',
      changes: { rule: detractors.name, teamId, ownerId, priority: 'high' },
    });
    if (firstResponse)
      events.push({
        case_id: id,
        at: iso(firstResponse)!,
        actor_kind: 'user',
        actor_id: ownerId,
        kind: 'updated',
        changes: { status: { from: 'open', to: 'in_progress' } },
      });
    if (breachedAt)
      events.push({
        case_id: id,
        at: iso(breachedAt)!,
        actor_kind: 'system',
        actor_id: null,
        kind: 'sla_breached',
        changes: { dueAt: iso(due) },
      });
    if (closedAt)
      events.push({
        case_id: id,
        at: iso(closedAt)!,
        actor_kind: 'user',
        actor_id: ownerId,
        kind: 'closed',
        changes: { status: { from: 'in_progress', to: 'closed' } },
      });
  }
  await sql.begin(async (tx) => {
    for (let i = 0; i < rows.length; i += 2_000) {
      await insertCaseRows(tx, orgId, rows.slice(i, i + 2_000));
    }
    for (let i = 0; i < events.length; i += 5_000) {
      await insertCaseEventRows(tx, orgId, events.slice(i, i + 5_000));
    }
  });

  // Recovery: most closed cases asked the customer again; about half answered. (The demo keeps the
  // answers on the cases only, so its survey data stays as generated.)
  const recovery = rows
    .filter((r) => r.closed_at && rnd.chance(0.85))
    .map((r) => {
      const answered = rnd.chance(0.55);
      const score = answered ? (rnd.chance(0.5) ? rnd.int(7, 10) : rnd.int(0, 6)) : null;
      const at = Math.min(now.getTime(), new Date(r.closed_at!).getTime() + rnd.int(1, 48) * HOUR);
      return {
        case_id: r.id,
        asked_at: r.closed_at,
        score,
        at: score === null ? null : new Date(at).toISOString(),
      };
    });
  await updateCaseRecovery(sql, orgId, recovery);
  return { cases: rows.length };
}
