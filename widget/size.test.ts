// Size budgets of what respondents download: the widget loader and renderer, and the hosted page's
// script and stylesheet together. Built fresh with the production settings.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { SURVEY_CSS } from '../src/listen/channels/hosted/style.js';
import { LIMITS } from '../src/shared/limits.js';
// @ts-expect-error: the build script is plain JavaScript without types.
import { buildWidget } from './build.mjs';

const dist = fileURLToPath(new URL('../dist/widget/', import.meta.url));
const gz = (s: string | Buffer) => gzipSync(s, { level: 9 }).length;
const file = (name: string) => readFileSync(`${dist}${name}`);

beforeAll(async () => {
  await buildWidget();
}, 60_000);

describe('size budgets (gzip)', () => {
  it(`keeps the loader under ${LIMITS.widgetLoaderGzipBytes} bytes`, () => {
    const size = gz(file('loader.js'));
    console.info(`widget loader: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(LIMITS.widgetLoaderGzipBytes);
  });

  it(`keeps the renderer under ${LIMITS.widgetRendererGzipBytes} bytes`, () => {
    const size = gz(file('renderer.js'));
    console.info(`widget renderer: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(LIMITS.widgetRendererGzipBytes);
  });

  it(`keeps the hosted page's JavaScript and CSS together under ${LIMITS.hostedAssetsGzipBytes} bytes`, () => {
    const size = gz(file('page.js')) + gz(SURVEY_CSS);
    console.info(`hosted page JS + CSS: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(LIMITS.hostedAssetsGzipBytes);
  });

  it('leaks no global but window.northstar and never pulls in zod', () => {
    for (const name of ['loader.js', 'renderer.js', 'page.js']) {
      const js = file(name).toString();
      expect(js.startsWith('"use strict";(()=>{') || js.startsWith('(()=>{')).toBe(true);
      expect(js).not.toMatch(/ZodError|\$ZodType/);
    }
  });
});
