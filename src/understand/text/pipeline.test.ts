import { describe, expect, it } from 'vitest';
import { getDefaultSentimentModel } from './model/default-model.js';
import { STARTER_TAXONOMY } from './model/starter-taxonomy.js';
import { CompiledTaxonomy } from './model/taxonomy.js';
import { createPipeline, isStale, MAX_COMMENT_CHARS, sanitiseInput } from './pipeline.js';

const pipeline = createPipeline({
  sentiment: getDefaultSentimentModel(),
  taxonomy: new CompiledTaxonomy(STARTER_TAXONOMY),
});

describe('enrichment pipeline', () => {
  it('runs language, PII, sentiment and themes, stamping every version', () => {
    const r = pipeline.run('The staff were rude and I waited an hour. Call me on 07700 900123.');
    expect(r.language?.language).toBe('en');
    expect(r.redactions?.map((x) => x.kind)).toEqual(['phone']);
    expect(r.text).toContain('[PHONE]');
    expect(r.sentiment?.label).toBe('negative');
    expect(r.sentiment?.sentences).toHaveLength(2);
    expect(r.themes?.map((t) => t.id)).toEqual(expect.arrayContaining(['staff', 'waiting']));
    expect(Object.keys(r.versions)).toEqual(['pii', 'language', 'sentiment', 'themes']);
    expect(r.versions).toEqual({
      language: 'function-words@2',
      pii: 'pii@1',
      sentiment: getDefaultSentimentModel().file.version,
      themes: STARTER_TAXONOMY.version,
    });
  });

  it('gives each theme the sentiment of its own clause (aspect sentiment)', () => {
    for (const text of [
      'The staff were lovely but the refund took six weeks',
      'The refund took six weeks, but the staff were lovely.',
    ]) {
      const themes = new Map(pipeline.run(text).themes?.map((t) => [t.id, t.sentiment ?? Number.NaN]));
      expect(themes.get('staff')).toBeGreaterThan(0.2);
      expect(themes.get('billing')).toBeLessThan(0);
    }
    // Without a contrast word the sentence counts whole for every theme in it.
    const whole = pipeline.run('The staff handled my refund quickly.');
    const [a, b] = whole.themes?.map((t) => t.sentiment) ?? [];
    expect(a).toBe(b);
  });

  it('does not take a late refund for a late delivery', () => {
    const ids = (t: string) => pipeline.run(t).themes?.map((x) => x.id) ?? [];
    expect(ids('My refund is late')).not.toContain('delivery.late');
    expect(ids('My refund is late')).toContain('billing');
    expect(ids('The parcel was late again')).toEqual(expect.arrayContaining(['delivery', 'delivery.late']));
    expect(ids('My order never arrived')).toContain('delivery.late');
    expect(ids('The app is broken')).not.toContain('delivery.damaged');
    expect(ids('The parcel arrived damaged')).toContain('delivery.damaged');
  });

  it('gives clear sentiment to plain customer comments outside the training domain', () => {
    const label = (s: string) => pipeline.run(s).sentiment?.label;
    expect(label('Fantastic service, thank you so much!')).toBe('positive');
    expect(label('The nurse was kind and explained everything clearly.')).toBe('positive');
    expect(label('Terrible experience, nobody answered my emails.')).toBe('negative');
    expect(label('Worst airline ever. Lost my bag and no refund.')).toBe('negative');
    expect(label('😡😡😡')).toBe('negative');
  });

  it('never crashes on bad input', () => {
    for (const input of [
      '',
      '   ',
      '😀'.repeat(5000),
      '\u0000\u0001\u0002\u0003 bin',
      'x'.repeat(100_000),
      null,
      undefined,
      42,
      {},
    ]) {
      const r = pipeline.run(input);
      expect(r.versions).toBeDefined();
    }
    expect(pipeline.run('').skipped).toBe('empty');
    expect(pipeline.run('\u0000\u0001\u0002\u0003\u0004\u0005ab').skipped).toBe('binary');
  });

  it('caps long input and says so', () => {
    const r = pipeline.run('good '.repeat(20_000));
    expect(r.truncated).toBe(true);
    expect(r.originalLength).toBe(100_000);
    expect(r.text.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    // A cut never leaves half an emoji behind.
    const e = sanitiseInput('a'.repeat(MAX_COMMENT_CHARS - 1) + '😀');
    expect(e.text).toBe('a'.repeat(MAX_COMMENT_CHARS - 1));
  });

  it('does not apply an English model to a French comment: a word list scores it, marked lower confidence', () => {
    const r = pipeline.run("Le personnel est très aimable mais l'attente en caisse est trop longue");
    expect(r.language?.language).toBe('fr');
    expect(r.sentiment?.confidence).toBe('low');
    expect(r.sentimentNote).toMatch(/lower confidence: word-list sentiment .* for language "fr"/);
    expect(r.themes?.map((t) => t.id)).toEqual(expect.arrayContaining(['staff', 'waiting']));
    // A language with neither a model nor a word list gets no sentiment, and says why.
    const it = pipeline.run('Il servizio è stato molto lento e non ho ricevuto nulla');
    expect(it.language?.language).toBe('it');
    expect(it.sentiment).toBeNull();
    expect(it.sentimentNote).toMatch(/no sentiment model for language "it"/);
  });

  it('tells a stored result from another model version as stale', () => {
    const r = pipeline.run('fine');
    expect(isStale(r.versions, pipeline.versions)).toBe(false);
    expect(isStale({ ...r.versions, sentiment: 'default-en@0.9' }, pipeline.versions)).toBe(true);
    expect(isStale(undefined, pipeline.versions)).toBe(true);
  });
});
