// The demo's initiatives measure as planted: a win, no detectable change, and one too early to tell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInitiativeEffect, listInitiatives } from '../../src/act/initiatives/index.js';
import { employeeCustomerLink, employeePulse, listPulseSurveys } from '../../src/act/pulse/index.js';
import { loadDemoData } from '../../src/demo/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-23T00:00:00Z');
let db: TestDatabase;
let orgId = '';

beforeAll(async () => {
  db = await createTestDatabase();
  orgId = (await loadDemoData(db.sql, { now: NOW })).orgId;
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('demo initiatives', () => {
  it('come out as planted', async () => {
    const items = await listInitiatives(db.sql, orgId);
    const verdicts: Record<string, string> = {};
    for (const i of items) {
      const e = await getInitiativeEffect(db.sql, orgId, i.id);
      verdicts[i.title] = e.verdict;
      console.info(
        `${i.title}: ${e.verdict}, ${e.method} ${e.effect.estimate?.toFixed(3)} [${e.effect.ci?.low.toFixed(3)}, ${e.effect.ci?.high.toFixed(3)}] p ${e.effect.p?.toFixed(4)}, n after ${e.after.n}`,
      );
    }
    expect(verdicts).toEqual({
      'One-page checkout': 'win',
      'Help centre search rewrite': 'no_detectable_change',
      'Delivery text alerts': 'too_early',
    });
    const planned = items.find((i) => i.title === 'Delivery text alerts');
    expect(planned?.status).toBe('planned');
  });

  it('has an employee pulse by team, with the team of 4 and the next smallest hidden, linked to customers', async () => {
    const [survey] = await listPulseSurveys(db.sql, orgId);
    expect(survey).toMatchObject({ name: 'Employee pulse (quarterly)', status: 'closed' });
    const pulse = await employeePulse(db.sql, orgId, survey!.id);
    const shown = pulse.teams.filter((t) => t.result !== null).map((t) => t.team);
    expect(shown.sort()).toEqual(['App team', 'Delivery desk', 'Online care', 'Store care']);
    expect(pulse.overall?.n).toBe(60);
    const link = await employeeCustomerLink(db.sql, orgId, survey!.id);
    // Store care owns no touchpoint with an NPS question; Warehouse and Finance own none.
    expect(link.correlation.n).toBe(3);
    expect(
      link.teams
        .filter((t) => t.customer !== null)
        .map((t) => t.team)
        .sort(),
    ).toEqual(['App team', 'Delivery desk', 'Online care']);
    expect(link.warnings.join(' ')).toMatch(/Only 3 teams/);
  });
});
