// Theme rollup write cost: re-tag UPDATEs of 1,000 comments each through the theme trigger as 0028 wrote
// it (a JSON path query per comment and theme, for the old and the new row versions), as 0031 writes it
// (themeAspects read once per comment), and with the theme trigger off, rotated in one run on one scratch
// database. Each re-tag adds a theme to every comment, or takes it away again.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 as random } from '../../src/shared/random.js';
import { toStored } from '../../src/understand/comments/enrichment.js';
import type { StoredEnrichment } from '../../src/understand/comments/index.js';
import {
  CompiledTaxonomy,
  createPipeline,
  getDefaultSentimentModel,
  STARTER_TAXONOMY,
} from '../../src/understand/text/index.js';
import { createScratch, dropScratch } from '../analytics/setup.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGE = 1_000;
const DB = `northstar_bench_retag_trigger_${process.pid}`;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const PARTS = [
  'the delivery was late again',
  'the staff were friendly and helpful',
  'nobody answered the phone for forty minutes',
  'prices went up and it feels too expensive',
  'the app keeps crashing at checkout',
  'the refund took weeks',
  'the queue at the till was long',
  'the shop was clean and tidy',
];

/** The theme trigger's function and body as a migration defines them. */
function triggerSql(file: string): string {
  const text = readFileSync(path.join(root, 'migrations', file), 'utf8');
  const from = text.indexOf('CREATE OR REPLACE FUNCTION feedback_theme_rollup_sql');
  const to = text.indexOf('$do$;') + '$do$;'.length;
  if (from < 0 || to < from) throw new Error(`no theme trigger in ${file}`);
  return text.slice(from, to);
}

type Variant = 'off' | '0028' | '0031';
const VARIANTS: Variant[] = ['0028', '0031', 'off'];

async function install(sql: Sql, v: Variant): Promise<void> {
  if (v === 'off') {
    await sql`alter table feedback disable trigger feedback_theme_rollup_update`;
    return;
  }
  await sql`alter table feedback enable trigger feedback_theme_rollup_update`;
  await sql.unsafe(
    triggerSql(v === '0028' ? '0028_theme_rollup_all_places.sql' : '0031_theme_rollup_aspects.sql'),
  );
}

/** Pages of (id, enrichment) as JSON text; without themeAspects for 0028 (written before 0031). */
function pages(ids: string[], stored: StoredEnrichment[], withAspects: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const rows = ids.slice(i, i + PAGE).map((id, k) => {
      const e = { ...(stored[i + k] as StoredEnrichment) };
      if (!withAspects) delete e.themeAspects;
      return { id, enrichment: e };
    });
    out.push(JSON.stringify(rows));
  }
  return out;
}

async function write(sql: Sql, page: string): Promise<void> {
  await sql`
    update feedback f set enrichment = x.enrichment
    from jsonb_to_recordset((${page}::text)::jsonb) as x(id uuid, enrichment jsonb)
    where f.id = x.id`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const sql = await createScratch(ADMIN_URL, DB);
try {
  const [org] = await sql<{ id: string }[]>`
    insert into organisations (slug, name) values ('retag-trigger', 'Retag') returning id`;
  const r = random(42);
  const texts = Array.from({ length: ROWS }, () => {
    const n = 1 + Math.floor(r() * 3);
    const parts = Array.from({ length: n }, () => PARTS[Math.floor(r() * PARTS.length)] as string);
    const s = parts.join(r() < 0.5 ? ' but ' : ', and ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  });
  const start = Date.UTC(2025, 0, 1);
  const rows = texts.map((text, i) => ({
    org_id: org?.id,
    source: 'api',
    source_id: `b-${i}`,
    channel: 'web',
    occurred_at: new Date(start + Math.floor(r() * 730) * 86_400_000).toISOString(),
    nps: Math.floor(r() * 11),
    text,
  }));
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 5_000) {
    const got = await sql<{ id: string }[]>`
      insert into feedback ${sql(rows.slice(i, i + 5_000), 'org_id', 'source', 'source_id', 'channel', 'occurred_at', 'nps', 'text')}
      returning id`;
    ids.push(...got.map((g) => g.id));
  }
  const pipeline = createPipeline({
    sentiment: getDefaultSentimentModel(),
    taxonomy: new CompiledTaxonomy(STARTER_TAXONOMY),
  });
  const results = texts.map((t) => pipeline.run(t));
  const versions = [results.map((x) => toStored(x, 1)), results.map((x) => toStored(x, 2, ['retag.added']))];
  const flavours = new Map<string, string[]>();
  for (const [vi, stored] of versions.entries())
    for (const a of [false, true]) flavours.set(`${vi}:${a}`, pages(ids, stored, a));
  await install(sql, '0031');
  for (const p of flavours.get('0:true') as string[]) await write(sql, p);
  console.log(
    `Theme rollup write cost: ${ROWS.toLocaleString('en-US')} comments, re-tagged in pages of ${PAGE} (each adds or removes one theme of every comment), ${ROUNDS} rounds of each trigger body in rotation`,
  );
  let current = 0;
  const rates = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const v = VARIANTS[(k + round) % VARIANTS.length] as Variant;
      const aspects = v !== '0028';
      // Untimed: the rows as this variant's application wrote them, then a vacuum.
      await install(sql, 'off');
      for (const p of flavours.get(`${current}:${aspects}`) as string[]) await write(sql, p);
      await sql`vacuum analyze feedback`;
      await sql`vacuum analyze feedback_theme_rollup`;
      await install(sql, v);
      const next = 1 - current;
      let ms = 0;
      for (const p of flavours.get(`${next}:${aspects}`) as string[]) {
        const t = performance.now();
        await write(sql, p);
        ms += performance.now() - t;
      }
      current = next;
      (rates.get(v) as number[]).push(ROWS / (ms / 1000));
    }
  }
  const off = median(rates.get('off') as number[]);
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  for (const v of VARIANTS) {
    const xs = rates.get(v) as number[];
    console.log(
      `  ${v === 'off' ? 'theme trigger off (baseline)' : `theme trigger of ${v}`}`.padEnd(34) +
        `median ${fmt(median(xs)).padStart(7)} rows/s (rounds ${xs.map(fmt).join(', ')}), ratio to off ${(median(xs) / off).toFixed(2)}`,
    );
  }
  console.log(`  load average at the end: ${loadavg()[0]?.toFixed(1)}`);
} finally {
  await sql.end();
  await dropScratch(ADMIN_URL, DB);
}
