// Builds the dependency-free survey widget into dist/widget with esbuild (already installed with vite):
//   loader.js   — the one <script> a site adds: data-* configuration, window.northstar, triggers (≤ 3 KB gzip)
//   renderer.js — the survey in a shadow root, loaded on demand by the loader (≤ 15 KB gzip)
//   page.js     — the hosted survey page's progressive enhancement (same renderer and controller)
// The size budgets are checked by widget/size.test.ts.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/widget`;
mkdirSync(outdir, { recursive: true });

/** Build every entry; returns esbuild's metafile for size reports. */
export async function buildWidget() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      loader: 'widget/src/loader.ts',
      renderer: 'widget/src/renderer.ts',
      page: 'widget/src/page.ts',
    },
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWidget();
}
