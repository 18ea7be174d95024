import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationBlocks } from '../../src/listen/contacts/index.js';
import { runImport } from '../../src/listen/imports/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let dir: string;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  dir = mkdtempSync(path.join(tmpdir(), 'northstar-contacts-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx.close();
});

const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: acme.headers, ...(payload ? { payload: payload as never } : {}) });

describe('contacts', () => {
  it('imports contacts from CSV without a mapping, typing attribute columns from their values, into a list', async () => {
    const rows = ['customer_id,email,name,plan,lifetime_value,vip'];
    for (let i = 0; i < 2_000; i++) {
      rows.push(
        `C${i},u${i}@Example.com,User ${i},${['free', 'pro', 'enterprise'][i % 3]},${i * 10},${i % 7 === 0}`,
      );
    }
    const [list] = await ctx.db.sql<{ id: string }[]>`
      insert into contact_lists (org_id, name) values (${acme.org.id}, 'All') returning id`;
    const file = path.join(dir, 'contacts.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const t0 = Date.now();
    const status = await runImport(ctx.db.sql, acme.org.id, {
      kind: 'contacts',
      file: { path: file },
      mapping: { columns: {} },
      skipInvalid: false,
      listId: list!.id,
    });
    expect(status).toMatchObject({ status: 'done', imported: 2_000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    const [c] = await ctx.db
      .sql`select email, attributes from contacts where org_id = ${acme.org.id} and external_id = 'C14'`;
    expect(c).toEqual({
      email: 'u14@example.com',
      attributes: { plan: 'enterprise', lifetime_value: 140, vip: true },
    });
    const lists = (await api('GET', '/api/v1/contact-lists')).json();
    expect(lists.items).toEqual([expect.objectContaining({ name: 'All', size: 2_000 })]);
  });

  it('evaluates segment rules in SQL: numbers numerically, all/any/not, fields', async () => {
    const rules = {
      all: [
        { attribute: 'plan', op: 'in', value: ['pro', 'enterprise'] },
        { attribute: 'lifetime_value', op: 'gte', value: 19_000 },
        { not: { attribute: 'vip', op: 'eq', value: true } },
      ],
    };
    const preview = (await api('POST', '/api/v1/audiences/preview', { rules })).json();
    // ltv >= 19000 → i >= 1900 (100 contacts); pro/enterprise → 2 of 3; not vip → 6 of 7
    let expected = 0;
    for (let i = 1_900; i < 2_000; i++) if (i % 3 !== 0 && i % 7 !== 0) expected++;
    expect(preview.count).toBe(expected);
    const seg = await api('POST', '/api/v1/segments', { name: 'High-value non-VIP', rules });
    expect(seg.statusCode).toBe(201);
    const bySeg = (await api('POST', '/api/v1/audiences/preview', { segmentId: seg.json().id })).json();
    expect(bySeg.count).toBe(expected);
    const bad = await api('POST', '/api/v1/segments', {
      name: 'Bad',
      rules: { attribute: 'plan', op: 'between' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('applies frequency rules per survey and globally, and reminders do not count', async () => {
    const a = await createTestSurvey(ctx.db.sql, acme.org.id);
    const b = await createTestSurvey(ctx.db.sql, acme.org.id);
    const [c1] = await ctx.db.sql<
      { id: string }[]
    >`select id from contacts where org_id = ${acme.org.id} and external_id = 'C1'`;
    const [c2] = await ctx.db.sql<
      { id: string }[]
    >`select id from contacts where org_id = ${acme.org.id} and external_id = 'C2'`;
    await api('POST', '/api/v1/frequency-rules', { maxInvitations: 3, windowDays: 90 });
    await api('POST', '/api/v1/frequency-rules', {
      surveyId: a.survey.id,
      maxInvitations: 1,
      windowDays: 30,
    });
    // C1: one invitation to survey A 10 days ago (with two reminders); C2: three to B this quarter.
    await ctx.db
      .sql`insert into invitations (org_id, survey_id, contact_id, channel, source, status, reminders_sent, queued_at)
      values (${acme.org.id}, ${a.survey.id}, ${c1!.id}, 'email', 'trigger', 'sent', 2, now() - interval '10 days')`;
    for (const days of [5, 40, 80]) {
      await ctx.db
        .sql`insert into invitations (org_id, survey_id, contact_id, channel, source, status, queued_at)
        values (${acme.org.id}, ${b.survey.id}, ${c2!.id}, 'link', 'trigger', 'responded', now() - make_interval(days => ${days}))`;
    }
    const forA = await invitationBlocks(ctx.db.sql, acme.org.id, a.survey.id, 'email', [c1!.id, c2!.id]);
    expect(Object.fromEntries(forA)).toEqual({
      [c1!.id]: 'frequency rule: at most 1 per 30 days (this survey)',
      [c2!.id]: 'frequency rule: at most 3 per 90 days (all surveys)',
    });
    const forB = await invitationBlocks(ctx.db.sql, acme.org.id, b.survey.id, 'email', [c1!.id]);
    expect(forB.size).toBe(0);
  });
});
