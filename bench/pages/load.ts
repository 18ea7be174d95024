// The pages bench's organisation: the analytics generator's feedback, every record a survey response with
// rating items, expectation-perception and importance-performance pairs, a contact, and for comments a
// theme enrichment; a mirror survey for the delivery gap; contacts with attributes (churned). Seeded.
import { once } from 'node:events';
import type { SegmentRule } from '../../src/listen/contacts/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import {
  CHANNELS,
  COMMENTS,
  type Columns,
  DEVICES,
  PLANS,
  REGIONS,
  START,
  TENURES,
} from '../analytics/generate.js';
import { type BenchOrg, createBenchOrg } from '../analytics/setup.js';

/** The touchpoint whose survey the drivers and gap pages read (the busiest: 1/12 of the records). */
export const FOCUS = 4;
export const CONTACTS_PER_MILLION = 200_000;

/** The segment builder's live counts the benches time: tests on attributes (text, a list of values, a number) and fields. */
export const SEGMENT_RULES: Array<[string, SegmentRule]> = [
  ['plan = pro', { attribute: 'plan', op: 'eq', value: 'pro' }],
  [
    'region in 2, seats > 100',
    {
      all: [
        { attribute: 'region', op: 'in', value: ['emea', 'apac'] },
        { attribute: 'seats', op: 'gt', value: 100 },
      ],
    },
  ],
  [
    'not churned, with email',
    {
      all: [{ not: { attribute: 'churned', op: 'eq', value: 'true' } }, { field: 'email', op: 'exists' }],
    },
  ],
];
const MIRROR_RESPONSES = 2_000;

const rating = (id: string) => ({ id, type: 'rating', text: { en: id }, scale: { min: 1, max: 5 } });
const pair = (id: string, type: string, attributes: string[]) => ({
  id,
  type,
  text: { en: id },
  attributes: attributes.map((a) => ({ id: a, text: { en: a } })),
});
export const DEFINITION = {
  title: { en: 'Visit' },
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
    rating('staff'),
    rating('speed'),
    rating('price'),
    rating('ease'),
    pair('reliability', 'expectation_perception', ['ontime', 'right']),
    pair('empathy', 'expectation_perception', ['care']),
    pair('ipa', 'importance_performance', ['ontime', 'right', 'care']),
    { id: 'comment', type: 'text', text: { en: 'Why?' } },
  ],
};
/** Themes of each generated comment (COMMENTS order). */
const COMMENT_THEMES = [
  ['service'],
  ['delivery', 'delivery.late'],
  ['staff', 'store'],
  ['app'],
  ['price'],
  ['support'],
  ['refund', 'website'],
  ['website'],
];
const SENTIMENT_VARIANTS = 32;

const hex12 = (n: number) => n.toString(16).padStart(12, '0');
const feedbackId = (i: number) => `f0000000-0000-4000-8000-${hex12(i)}`;
const responseId = (i: number) => `e0000000-0000-4000-8000-${hex12(i)}`;
const contactId = (k: number) => `c0000000-0000-4000-8000-${hex12(k)}`;
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));

/** Enrichment JSON per (comment, variant), drawn once. */
function enrichments(rand: () => number): string[] {
  const out: string[] = [];
  for (const themes of COMMENT_THEMES) {
    for (let v = 0; v < SENTIMENT_VARIANTS; v++) {
      const list = themes.map((id) => ({
        id,
        name: id,
        mentions: 1,
        source: 'rules',
        sentiment: Math.round((rand() * 2 - 1) * 1000) / 1000,
      }));
      out.push(JSON.stringify({ revision: 1, themes: list, themeIds: themes }).replaceAll('\\', '\\\\'));
    }
  }
  return out;
}

/** A response's answers: items and pairs move with the NPS (staff most, price not at all). */
function answers(rand: () => number, nps: number, comment: number): string {
  const base = nps < 0 ? 3 : 1 + (4 * nps) / 10;
  const noise = () => (rand() - 0.5) * 2;
  const ep = (e: number, shift: number) => ({
    expectation: clamp(e + noise(), 1, 7),
    perception: clamp(e - 1 + shift * (base - 3) + noise(), 1, 7),
  });
  const ip = (imp: number) => ({
    importance: clamp(imp + noise(), 1, 7),
    performance: clamp(base + 1 + noise(), 1, 7),
  });
  const a: Record<string, unknown> = {
    staff: clamp(base + 0.6 * noise(), 1, 5),
    speed: clamp(0.5 * base + 1.5 + noise(), 1, 5),
    price: clamp(1 + 4 * rand(), 1, 5),
    ease: clamp(0.7 * base + 1 + noise(), 1, 5),
    reliability: { ontime: ep(6.3, 0.8), right: ep(5.8, 0.5) },
    empathy: { care: ep(5, 0.3) },
    ipa: { ontime: ip(6.4), right: ip(4.2), care: ip(3.1) },
  };
  if (nps >= 0) a.nps = nps;
  if (comment >= 0) a.comment = COMMENTS[comment];
  return JSON.stringify(a);
}

/** A timestamped line on long loads (10 M records take an hour or more). */
const progress = (what: string) => console.log(`${new Date().toISOString()} ${what}`);

async function copy(sql: Sql, statement: string, lines: (s: number, e: number) => string, rows: number) {
  const stream = await sql.unsafe(statement).writable();
  for (let s = 0; s < rows; s += 20_000) {
    if (!stream.write(lines(s, Math.min(rows, s + 20_000)))) await once(stream, 'drain');
    if (s > 0 && s % 1_000_000 === 0)
      progress(`${statement.slice(0, 20)}: ${(s / 1e6).toFixed(0)} M rows sent`);
  }
  stream.end();
  await once(stream, 'finish');
}

/** Load the organisation (the database is new and migrated). Returns its ids and the timings. */
export async function loadPagesOrg(sql: Sql, c: Columns, seed = 7): Promise<BenchOrg & { mirrorId: string }> {
  const org = await createBenchOrg(sql, 'bench', ['attr.plan', 'attr.region', 'attr.tenure']);
  const contacts = Math.max(1000, Math.round((c.rows / 1_000_000) * CONTACTS_PER_MILLION));
  for (const id of org.surveyIds)
    await sql`insert into survey_versions (org_id, survey_id, version, definition)
      values (${org.orgId}, ${id}, 1, ${sql.json(DEFINITION as never)})`;
  const [mirror] = await sql<{ id: string }[]>`
    insert into surveys (org_id, name, mirror_of) values (${org.orgId}, 'Visit (internal mirror)', ${org.surveyIds[FOCUS] as string})
    returning id`;
  const mirrorId = mirror?.id as string;
  await sql`insert into survey_versions (org_id, survey_id, version, definition)
    values (${org.orgId}, ${mirrorId}, 1, ${sql.json(DEFINITION as never)})`;
  const rand = mulberry32(seed);
  const pool = enrichments(rand);
  const contactOf = (i: number) => Number((BigInt(i) * 2654435761n) % BigInt(contacts));
  const at = (i: number) =>
    new Date(START + (c.day[i] as number) * 86_400_000 + (c.second[i] as number) * 1000).toISOString();
  // Answers are drawn in row order as the responses are written (chunk by chunk: at 10 M records the
  // drawn JSON would not fit in the heap), then the sentiment variants: the same draws as drawing all first.
  const variant = new Uint8Array(c.rows);

  await sql`alter table feedback disable trigger all`;
  await sql`alter table responses disable trigger all`;
  const t = performance.now();
  try {
    await copy(
      sql,
      'copy responses (org_id, id, survey_id, survey_version, contact_id, touchpoint_id, channel, answers, metadata, submitted_at) from stdin',
      (s, e) => {
        const parts: string[] = [];
        for (let i = s; i < e; i++) {
          const tp = c.touchpoint[i] as number;
          parts.push(
            `${org.orgId}\t${responseId(i)}\t${org.surveyIds[tp]}\t1\t${contactId(contactOf(i))}\t${org.touchpointIds[tp]}\t` +
              `${CHANNELS[c.channel[i] as number]}\t${answers(rand, c.nps[i] as number, c.comment[i] as number).replaceAll('\\', '\\\\')}\t` +
              `{"device":"${DEVICES[c.device[i] as number]}"}\t${at(i)}\n`,
          );
        }
        return parts.join('');
      },
      c.rows,
    );
    for (let i = 0; i < c.rows; i++) variant[i] = Math.floor(rand() * SENTIMENT_VARIANTS);
    await copy(
      sql,
      'copy feedback (org_id, id, source, source_id, response_id, survey_id, contact_id, journey_id, stage_id, touchpoint_id, channel, occurred_at, nps, csat, ces, rating, rating_scale, text, attributes, metadata, enrichment) from stdin',
      (s, e) => {
        const parts: string[] = [];
        for (let i = s; i < e; i++) {
          const tp = c.touchpoint[i] as number;
          const n = (v: number) => (v < 0 ? '\\N' : String(v));
          const rating = c.rating[i] as number;
          const comment = c.comment[i] as number;
          parts.push(
            `${org.orgId}\t${feedbackId(i)}\tsurvey\t${responseId(i)}\t${responseId(i)}\t${org.surveyIds[tp]}\t` +
              `${contactId(contactOf(i))}\t${org.journeyId}\t${org.stageIds[Math.floor(tp / 4)]}\t${org.touchpointIds[tp]}\t` +
              `${CHANNELS[c.channel[i] as number]}\t${at(i)}\t${n(c.nps[i] as number)}\t${n(c.csat[i] as number)}\t` +
              `${n(c.ces[i] as number)}\t${rating < 0 ? '\\N\t\\N' : `${(rating - 1) / 4}\t5`}\t` +
              `${comment < 0 ? '\\N' : COMMENTS[comment]}\t` +
              `{"plan":"${PLANS[c.plan[i] as number]}","region":"${REGIONS[c.region[i] as number]}","tenure":"${TENURES[c.tenure[i] as number]}"}\t` +
              `{"device":"${DEVICES[c.device[i] as number]}"}\t` +
              `${comment < 0 ? '\\N' : pool[comment * SENTIMENT_VARIANTS + (variant[i] as number)]}\n`,
          );
        }
        return parts.join('');
      },
      c.rows,
    );
    progress('feedback copied; contacts');
    // The contacts: attributes drawn per contact; churned follows their mean NPS.
    await sql`select setseed(0.7)`;
    await sql`
      insert into contacts (org_id, id, external_id, attributes)
      select ${org.orgId}, f.contact_id, f.contact_id::text,
        jsonb_build_object('plan', (array['basic','plus','pro'])[1 + (hashtext(f.contact_id::text) & 3) % 3],
          'churned', (coalesce(avg(f.nps), 7) + (random() - 0.5) * 4 < 6)::text)
      from feedback f where f.org_id = ${org.orgId} group by f.contact_id order by f.contact_id`;
    // The mirror: staff answer as they believe customers would, a little kinder.
    const mirrorRows: string[] = [];
    for (let k = 0; k < MIRROR_RESPONSES; k++) {
      const nps = clamp(8 + (rand() - 0.5) * 4, 0, 10);
      const day = Math.floor(rand() * 730);
      mirrorRows.push(
        `${org.orgId}\t${responseId(c.rows + k)}\t${mirrorId}\t1\tapi\t${answers(rand, nps, -1).replaceAll('\\', '\\\\')}\t` +
          `${new Date(START + day * 86_400_000 + 43_200_000).toISOString()}\n`,
      );
    }
    await copy(
      sql,
      'copy responses (org_id, id, survey_id, survey_version, channel, answers, submitted_at) from stdin',
      () => mirrorRows.join(''),
      1,
    );
  } finally {
    await sql`alter table feedback enable trigger all`;
    await sql`alter table responses enable trigger all`;
  }
  const loadS = (performance.now() - t) / 1000;
  const r = performance.now();
  progress('rollups');
  await sql`select feedback_rollup_rebuild(${org.orgId})`;
  await buildThemeRollup(sql, org.orgId);
  const rollupS = (performance.now() - r) / 1000;
  const v = performance.now();
  for (const table of [
    'feedback',
    'responses',
    'contacts',
    'feedback_rollup',
    'feedback_rollup_segment',
    'feedback_theme_rollup',
  ]) {
    progress(`vacuum analyze ${table}`);
    await sql.unsafe(`vacuum analyze ${table}`);
  }
  console.log(
    `load: ${c.rows.toLocaleString('en')} feedback records + as many responses + ${MIRROR_RESPONSES} mirror responses by COPY ` +
      `in ${loadS.toFixed(1)} s (triggers off); rollups ${rollupS.toFixed(1)} s; vacuum analyze ${((performance.now() - v) / 1000).toFixed(1)} s`,
  );
  return { ...org, mirrorId };
}

/** The theme rollup from the migration's own SQL, 73 days per statement (as bench/text-themes). */
async function buildThemeRollup(sql: Sql, orgId: string): Promise<void> {
  const end = START + 730 * 86_400_000;
  for (let d = 0; d < 730; d += 73) {
    const from = new Date(START + d * 86_400_000).toISOString();
    const to = new Date(d + 73 >= 730 ? end + 86_400_000 : START + (d + 73) * 86_400_000).toISOString();
    const source =
      'SELECT org_id, occurred_at, survey_id, touchpoint_id, channel, nps, csat, ces, rating, text, enrichment, ' +
      `1 AS sign FROM feedback WHERE enrichment IS NOT NULL AND org_id = '${orgId}' ` +
      `AND occurred_at >= '${from}' AND occurred_at < '${to}'`;
    const [row] = await sql<
      { q: string }[]
    >`select feedback_theme_rollup_sql(${source}, 'feedback_theme_rollup', true) as q`;
    await sql.begin(async (tx) => {
      await tx`set local work_mem = '256MB'`;
      await tx.unsafe(row?.q as string);
    });
  }
}
