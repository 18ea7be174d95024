// Hosted survey page: bytes transferred and time to first question in headless chromium, beside a
// baseline measured in the same run: a static HTML file of the same size (the page's HTML and its script's
// bytes) served by the same server.
// Fixed inputs (one survey, N cold loads each); prints medians and ratios.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { createSurvey } from '../../src/listen/index.js';
import { createApiKey } from '../../src/platform/auth/index.js';
import { connect, migrate, startEmbeddedPostgres } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createOrganisation } from '../../src/platform/tenancy/index.js';
import { buildApp } from '../../src/server/index.js';
// @ts-expect-error: the build script is plain JavaScript without types.
import { buildWidget } from '../../widget/build.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const definition = {
  title: { en: 'How was your delivery?', fr: 'Comment s’est passée votre livraison ?' },
  questions: [
    {
      id: 'nps',
      type: 'nps',
      required: true,
      text: 'How likely are you to recommend us to a friend or colleague?',
    },
    {
      id: 'quality',
      type: 'expectation_perception',
      text: 'What did you expect, and what did you get?',
      attributes: [
        { id: 'speed', text: 'Speed' },
        { id: 'care', text: 'Care of the parcel' },
      ],
    },
    { id: 'why', type: 'text', text: 'What is the main reason for your score?' },
  ],
};

interface Load {
  bytes: number;
  requests: number;
  /** Navigation start → first contentful paint (the question is in the first paint). */
  fcp: number;
  /** Request sent → first response byte (server time plus loopback). */
  ttfb: number;
  /** Navigation start → the first question's radio buttons are in the DOM and visible (measured from Node). */
  visible: number;
}

async function load(page: Page, url: string, selector: string): Promise<Load> {
  let bytes = 0;
  let requests = 0;
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (req) => {
    requests++;
    pending.push(
      req.sizes().then((s) => {
        bytes += s.responseBodySize + s.responseHeadersSize;
      }),
    );
  });
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().waitFor({ state: 'visible' });
  const visible = performance.now() - t0;
  await page.waitForLoadState('load');
  await Promise.all(pending);
  const fcp = (await page.evaluate(
    `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1`,
  )) as number;
  const ttfb = (await page.evaluate(
    `(() => { const n = performance.getEntriesByType('navigation')[0]; return n.responseStart - n.requestStart; })()`,
  )) as number;
  return { bytes, requests, fcp, ttfb, visible };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

async function main(): Promise<void> {
  const log = createLogger('warn');
  const dir = mkdtempSync(path.join(tmpdir(), 'northstar-bench-hosted-'));
  const pg = await startEmbeddedPostgres(dir, log);
  const sql = connect(pg.url, 10);
  try {
    await migrate(sql);
    await buildWidget();
    const org = await createOrganisation(sql, { slug: 'bench', name: 'Bench' });
    await createApiKey(sql, org.id, 'bench');
    const survey = await createSurvey(sql, org.id, { name: 'Delivery', definition });
    const app = await buildApp({ sql, logger: createLogger('silent'), rateLimitPerMinute: 1_000_000 });
    // The baseline: the hosted page's own HTML, frozen into a static file of the same size, same server.
    let staticHtml = '';
    app.get('/bench/static.html', async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(staticHtml),
    );
    const page0 = await app.inject({ method: 'GET', url: `/s/${survey.id}` });
    // Same bytes as the page plus its script, in one static file: no database, no rendering, no script.
    const scriptBytes = readFileSync(path.join('dist', 'widget', 'page.js')).length;
    const bare = page0.body.replace(/<script[\s\S]*?<\/script>/g, '');
    const pad = Buffer.byteLength(page0.body) + scriptBytes - Buffer.byteLength(bare) - 9;
    staticHtml = bare.replace('</body>', `<!--${'x'.repeat(Math.max(0, pad))}--></body>`);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const variants = [
      { name: 'hosted page (JavaScript on)', url: `${base}/s/${survey.id}`, js: true },
      { name: 'hosted page (JavaScript off)', url: `${base}/s/${survey.id}`, js: false },
      { name: 'baseline: static HTML, same size', url: `${base}/bench/static.html`, js: true },
    ];
    const results = new Map<string, Load[]>();
    // Interleave the variants so drift in the machine's load hits them alike.
    for (let i = 0; i < RUNS + 2; i++) {
      for (const v of variants) {
        const context = await browser.newContext({
          javaScriptEnabled: v.js,
          viewport: { width: 375, height: 740 },
        });
        const page = await context.newPage();
        const r = await load(page, v.url, 'input[name="v"]');
        await context.close();
        if (i >= 2) results.set(v.name, [...(results.get(v.name) ?? []), r]); // two warm-up rounds
      }
    }
    await browser.close();
    await app.close();

    const base0 = results.get(variants[2]!.name)!;
    const baseFcp = median(base0.map((r) => r.fcp));
    const baseVisible = median(base0.map((r) => r.visible));
    console.log(`Hosted survey page, ${RUNS} cold loads each in headless chromium (375×740), medians:`);
    console.log(
      'variant | requests | bytes on the wire | time to first byte | first contentful paint | first question visible (p95) | vs baseline',
    );
    for (const v of variants) {
      const rs = results.get(v.name)!;
      const fcp = median(rs.map((r) => r.fcp));
      const vis = median(rs.map((r) => r.visible));
      console.log(
        `${v.name} | ${median(rs.map((r) => r.requests))} | ${median(rs.map((r) => r.bytes))} B | ${median(rs.map((r) => r.ttfb)).toFixed(1)} ms | ${fcp.toFixed(1)} ms | ${vis.toFixed(1)} ms (${p95(rs.map((r) => r.visible)).toFixed(1)}) | FCP ×${(fcp / baseFcp).toFixed(2)}, visible ×${(vis / baseVisible).toFixed(2)}`,
      );
    }
    const js = readFileSync(path.join('dist', 'widget', 'page.js'));
    console.log(
      `HTML ${Buffer.byteLength(page0.body)} B (${gzipSync(page0.body).length} B gzip); page.js ${js.length} B (${gzipSync(js).length} B gzip); ` +
        'the server sends no compression itself (put a compressing proxy in front in production).',
    );
  } finally {
    await sql.end({ timeout: 5 });
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
