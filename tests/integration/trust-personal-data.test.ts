// A contact's personal data: export all of it as JSON, erase all of it (204) with the rollups left
// exactly equal to the feedback that remains; both audited; another organisation's contact is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let rival: TestOrg;
let surveyId: string;
let janeId: string;

const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, org = acme) =>
  t.app.inject({ method, url, headers: org.headers, ...(payload ? { payload } : {}) });

/** Rollup sums (folded and pending, day grain) against a scan of the feedback itself. */
async function rollupVsScan() {
  const [rollup] = await t.db.sql<{ records: number; p: number; d: number }[]>`
    select coalesce(sum(records), 0)::int as records, coalesce(sum(nps_p), 0)::int as p, coalesce(sum(nps_d), 0)::int as d
    from (select * from feedback_rollup where org_id = ${acme.org.id} and grain = 'day'
          union all select * from feedback_rollup_delta where org_id = ${acme.org.id} and grain = 'day') x
    where zone = (select min(zone) from feedback_rollup where org_id = ${acme.org.id})
       or zone = (select min(zone) from feedback_rollup_delta where org_id = ${acme.org.id})`;
  const [scan] = await t.db.sql<{ records: number; p: number; d: number }[]>`
    select count(*)::int as records, count(*) filter (where nps >= 9)::int as p, count(*) filter (where nps <= 6)::int as d
    from feedback where org_id = ${acme.org.id}`;
  return { rollup, scan };
}

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  acme = await createTestOrg(t.db.sql, 'Acme');
  rival = await createTestOrg(t.db.sql, 'Rival');
  surveyId = (await createTestSurvey(t.db.sql, acme.org.id)).survey.id;
  const submit = (contact: object, nps: number, reason: string) =>
    api('POST', `/api/v1/surveys/${surveyId}/responses`, { answers: { nps, reason }, contact });
  for (const [nps, reason] of [
    [10, 'Jane loved it'],
    [3, 'Jane was let down'],
  ] as const) {
    expect(
      (await submit({ externalId: 'jane', email: 'jane@example.com', name: 'Jane Doe' }, nps, reason))
        .statusCode,
    ).toBe(201);
  }
  expect((await submit({ externalId: 'sam', email: 'sam@example.com' }, 9, 'Sam is happy')).statusCode).toBe(
    201,
  );
  const [jane] = await t.db.sql<
    { id: string }[]
  >`select id from contacts where org_id = ${acme.org.id} and external_id = 'jane'`;
  janeId = jane!.id;
  expect(
    (
      await api('POST', '/api/v1/feedback', {
        source: 'ticket',
        channel: 'email',
        text: 'Jane ticket',
        contact: { id: janeId },
      })
    ).statusCode,
  ).toBe(201);
  const list = (await api('POST', '/api/v1/contact-lists', { name: 'Panel' })).json();
  await api('POST', `/api/v1/contact-lists/${list.id}/members`, { contactIds: [janeId] });
});
afterAll(async () => t.close());

describe('personal data of a contact', () => {
  it('exports everything about the contact as JSON, and only to its organisation', async () => {
    const res = await api('GET', `/api/v1/contacts/${janeId}/export`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.contact).toMatchObject({ id: janeId, email: 'jane@example.com', name: 'Jane Doe' });
    expect(body.related.responses).toHaveLength(2);
    expect(body.related.feedback).toHaveLength(3);
    expect(body.related.contact_list_members ?? Object.values(body.related).flat().length).toBeTruthy();
    expect(res.body).not.toContain('Sam is happy');
    expect((await api('GET', `/api/v1/contacts/${janeId}/export`, undefined, rival)).statusCode).toBe(404);
  });

  it('erases the contact and everything about them, keeping the rollups exact', async () => {
    expect((await api('DELETE', `/api/v1/contacts/${janeId}`, undefined, rival)).statusCode).toBe(404);
    const before = await rollupVsScan();
    expect(before.rollup).toEqual(before.scan);
    expect(before.scan?.records).toBe(4);
    const res = await api('DELETE', `/api/v1/contacts/${janeId}`);
    expect(res.statusCode).toBe(204);
    const after = await rollupVsScan();
    expect(after.scan).toEqual({ records: 1, p: 1, d: 0 });
    expect(after.rollup).toEqual(after.scan);
    // Nothing left that names her or quotes her.
    const left = await t.db.sql<{ n: number }[]>`
      select (select count(*) from feedback where org_id = ${acme.org.id} and (contact_id = ${janeId} or text like '%Jane%'))::int
        + (select count(*) from responses where org_id = ${acme.org.id} and contact_id = ${janeId})::int
        + (select count(*) from contacts where org_id = ${acme.org.id} and id = ${janeId})::int as n`;
    expect(left[0]!.n).toBe(0);
    expect((await api('GET', `/api/v1/contacts/${janeId}`)).statusCode).toBe(404);
    // Audited: the export and the erasure.
    const audit = (await api('GET', '/api/v1/audit')).json().items.map((i: { action: string }) => i.action);
    expect(audit).toEqual(expect.arrayContaining(['contact.erase', 'contact.export']));
  });
});
