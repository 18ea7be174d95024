// The first load of the dashboard stays small: the JavaScript the browser must fetch before the first
// screen (the entry script and the chunks it preloads) is at most 120 KB gzipped. Pages and charts load
// on demand. The test builds the dashboard into a temporary folder, so it never reads a stale build.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The budget of the first load, in gzipped bytes. */
const FIRST_LOAD_BUDGET = 120 * 1024;

const config = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

/** The scripts `index.html` loads at once: the entry module and its modulepreload links. */
function firstLoadScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? '');
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  return [...new Set([...scripts, ...preloads])].filter(Boolean);
}

describe('dashboard first load', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'northstar-web-size-'));
    // Vitest sets NODE_ENV=test, which would give React's development build: build as `npm run build` does.
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: config,
        mode: 'production',
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = previous;
    }
  }, 120_000);
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it(`loads at most ${FIRST_LOAD_BUDGET / 1024} KB of gzipped JavaScript before the first screen`, async () => {
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    const scripts = firstLoadScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const src of scripts) total += gzipSync(await readFile(path.join(outDir, src))).length;
    console.info(`Dashboard first-load JS: ${(total / 1024).toFixed(1)} KB gzipped (${scripts.join(', ')})`);
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
  });

  it('keeps the charts (echarts) out of the first load', async () => {
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    for (const src of firstLoadScripts(html)) {
      const code = await readFile(path.join(outDir, src), 'utf8');
      expect(code).not.toContain('echarts');
    }
  });
});
