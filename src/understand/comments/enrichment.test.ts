import { describe, expect, it } from 'vitest';
import {
  CompiledTaxonomy,
  createPipeline,
  getDefaultSentimentModel,
  STARTER_TAXONOMY,
} from '../text/index.js';
import { toStored, versionString } from './enrichment.js';

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

  it('marks skipped input and rounds scores', () => {
    expect(toStored(pipeline.run(''), 1).skipped).toBe('empty');
    const s = toStored(pipeline.run('Lovely staff. Terrible parking.'), 1);
    for (const x of s.sentiment?.sentences ?? []) expect(Math.round(x.score * 1000) / 1000).toBe(x.score);
  });

  it('writes spec versions as one string in pipeline order', () => {
    expect(versionString({ pii: 'pii@1', themes: 'starter@1.1.0' })).toBe('pii=pii@1;themes=starter@1.1.0');
  });
});
