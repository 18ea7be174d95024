// Scratch database for the analytics bench: create, migrate, load the generated rows by COPY, drop.
import { once } from 'node:events';
import { connect, migrate, type Sql } from '../../src/platform/db/index.js';
import {
  CHANNELS,
  COMMENTS,
  type Columns,
  DEVICES,
  PLANS,
  REGIONS,
  STAGES,
  START,
  TENURES,
  TOUCHPOINTS,
} from './generate.js';

/** Ids of the bench organisation's entities. */
export interface BenchOrg {
  orgId: string;
  journeyId: string;
  stageIds: string[];
  touchpointIds: string[];
  surveyIds: string[];
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Drop and create the scratch database; returns a pool on it, migrated. */
export async function createScratch(adminUrl: string, name: string, pool = 4): Promise<Sql> {
  const admin = connect(adminUrl, 1);
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const sql = connect(withDatabase(adminUrl, name), pool);
  await migrate(sql);
  return sql;
}

/** Drop the scratch database. */
export async function dropScratch(adminUrl: string, name: string): Promise<void> {
  const admin = connect(adminUrl, 1);
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/** An organisation with one journey, 5 stages, 20 touchpoints and one survey per touchpoint. */
export async function createBenchOrg(sql: Sql, slug: string, dimensions: string[]): Promise<BenchOrg> {
  const [org] = await sql<
    { id: string }[]
  >`insert into organisations (slug, name) values (${slug}, ${slug}) returning id`;
  const orgId = org?.id as string;
  const [j] = await sql<
    { id: string }[]
  >`insert into journeys (org_id, name) values (${orgId}, 'Customer') returning id`;
  const journeyId = j?.id as string;
  const stageIds: string[] = [];
  for (const [position, name] of STAGES.entries()) {
    const [s] = await sql<{ id: string }[]>`
      insert into stages (org_id, journey_id, name, position) values (${orgId}, ${journeyId}, ${name}, ${position}) returning id`;
    stageIds.push(s?.id as string);
  }
  const touchpointIds: string[] = [];
  const surveyIds: string[] = [];
  for (let t = 0; t < TOUCHPOINTS; t++) {
    const [tp] = await sql<{ id: string }[]>`
      insert into touchpoints (org_id, journey_id, stage_id, name, channel)
      values (${orgId}, ${journeyId}, ${stageIds[Math.floor(t / 4)] as string}, ${`Touchpoint ${t + 1}`}, ${CHANNELS[t % 5] as string})
      returning id`;
    touchpointIds.push(tp?.id as string);
    const [sv] = await sql<{ id: string }[]>`
      insert into surveys (org_id, name, touchpoint_id) values (${orgId}, ${`Survey ${t + 1}`}, ${tp?.id as string}) returning id`;
    surveyIds.push(sv?.id as string);
  }
  await sql`insert into analytics_settings (org_id, dimensions) values (${orgId}, ${dimensions})`;
  return { orgId, journeyId, stageIds, touchpointIds, surveyIds };
}

const COPY_COLUMNS =
  'org_id, source, source_id, survey_id, journey_id, stage_id, touchpoint_id, channel, occurred_at, nps, csat, ces, rating, rating_scale, text, attributes, metadata';

/** Rows [start, end) of the columns as COPY text lines. */
function copyText(c: Columns, org: BenchOrg, start: number, end: number): string {
  const parts: string[] = [];
  for (let i = start; i < end; i++) {
    const tp = c.touchpoint[i] as number;
    const at = new Date(
      START + (c.day[i] as number) * 86_400_000 + (c.second[i] as number) * 1000,
    ).toISOString();
    const nps = c.nps[i] as number;
    const csat = c.csat[i] as number;
    const ces = c.ces[i] as number;
    const rating = c.rating[i] as number;
    const comment = c.comment[i] as number;
    parts.push(
      `${org.orgId}\timport\t${i}\t${org.surveyIds[tp]}\t${org.journeyId}\t${org.stageIds[Math.floor(tp / 4)]}\t${org.touchpointIds[tp]}\t` +
        `${CHANNELS[c.channel[i] as number]}\t${at}\t${nps < 0 ? '\\N' : nps}\t${csat < 0 ? '\\N' : csat}\t${ces < 0 ? '\\N' : ces}\t` +
        `${rating < 0 ? '\\N\t\\N' : `${(rating - 1) / 4}\t5`}\t${comment < 0 ? '\\N' : COMMENTS[comment]}\t` +
        `{"plan":"${PLANS[c.plan[i] as number]}","region":"${REGIONS[c.region[i] as number]}","tenure":"${TENURES[c.tenure[i] as number]}"}\t` +
        `{"device":"${DEVICES[c.device[i] as number]}"}\n`,
    );
  }
  return parts.join('');
}

/** COPY rows [start, end) into feedback as one statement (so the rollup trigger fires once). */
export async function copyRows(
  sql: Sql,
  c: Columns,
  org: BenchOrg,
  start: number,
  end: number,
): Promise<void> {
  const stream = await sql.unsafe(`copy feedback (${COPY_COLUMNS}) from stdin`).writable();
  const step = 20_000;
  for (let s = start; s < end; s += step) {
    if (!stream.write(copyText(c, org, s, Math.min(end, s + step)))) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}
