import { describe, expect, it } from 'vitest';
import {
  CompiledTaxonomy,
  createPipeline,
  getDefaultSentimentModel,
  STARTER_TAXONOMY,
} from '../text/index.js';
import { type StoredTheme, themeAspects, toStored, versionString } from './enrichment.js';

const pipeline = createPipeline({
  sentiment: getDefaultSentimentModel(),
  taxonomy: new CompiledTaxonomy(STARTER_TAXONOMY),
});

describe('stored enrichment', () => {
  it('keeps kinds and counts of redactions, never the values', () => {
    const s = toStored(pipeline.run('Write to a@b.com or c@d.org, or call 06 12 34 56 78'), 4);
    expect(s.redactions).toEqual({ email: 2, phone: 1 });
    expect(JSON.stringify(s)).not.toContain('a@b.com');
    expect(s.revision).toBe(4);
    expect(s.versions).toEqual(pipeline.versions);
  });

  it('merges hand-assigned themes and lists every theme id once', () => {
    const s = toStored(
      pipeline.run('The delivery was late.'),
      1,
      ['delivery', 'parking'],
      new Map([['parking', 'Parking']]),
    );
    expect(s.themeIds).toEqual(['delivery', 'delivery.late', 'parking']);
    expect(s.themes.find((t) => t.id === 'delivery')?.source).toBe('manual');
    expect(s.themes.find((t) => t.id === 'delivery.late')?.source).toBe('rules');
    expect(s.themes.find((t) => t.id === 'parking')).toMatchObject({ name: 'Parking', source: 'manual' });
  });

  it('stores the aspect score of every theme id as the rollup reads it (first score that is a number)', () => {
    const s = toStored(
      pipeline.run('The staff were lovely but the refund took six weeks.'),
      1,
      ['parking'],
      new Map([['parking', 'Parking']]),
    );
    expect(Object.keys(s.themeAspects ?? {})).toEqual(s.themeIds);
    for (const t of s.themes) expect(s.themeAspects?.[t.id]).toBe(t.sentiment ?? null);
    expect(s.themeAspects?.parking).toBeNull();
    expect(s.themeAspects?.staff).toBeGreaterThan(0.2);
    const themes: StoredTheme[] = [
      { id: 'a', name: 'a', mentions: 1, source: 'model' },
      { id: 'a', name: 'a', mentions: 1, sentiment: Number.NaN, source: 'rules' },
      { id: 'a', name: 'a', mentions: 1, sentiment: -0.25, source: 'rules' },
      { id: 'a', name: 'a', mentions: 1, sentiment: 0.5, source: 'rules' },
      { id: '__proto__', name: 'p', mentions: 1, sentiment: 0.125, source: 'rules' },
    ];
    const aspects = themeAspects(themes, ['a', 'b', '__proto__']);
    expect(JSON.parse(JSON.stringify(aspects))).toEqual({ a: -0.25, b: null, ['__proto__']: 0.125 });
  });

  it('marks skipped input and rounds scores', () => {
    expect(toStored(pipeline.run(''), 1).skipped).toBe('empty');
    const s = toStored(pipeline.run('Lovely staff. Terrible parking.'), 1);
    for (const x of s.sentiment?.sentences ?? []) expect(Math.round(x.score * 1000) / 1000).toBe(x.score);
  });

  it('writes spec versions as one string in pipeline order', () => {
    expect(versionString({ pii: 'pii@1', themes: 'starter@1.1.0' })).toBe('pii=pii@1;themes=starter@1.1.0');
  });
});
