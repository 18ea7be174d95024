import { describe, expect, it } from 'vitest';
import { createPipeline } from '../pipeline.js';
import { getDefaultSentimentModel } from './default-model.js';
import { hasMultiLexicon, lexiconSum, MULTI_LEXICON_ATTRIBUTION } from './multi-lexicon.js';
import { STARTER_TAXONOMY } from './starter-taxonomy.js';
import { CompiledTaxonomy } from './taxonomy.js';
import { tokenize } from './tokenize.js';

const sum = (lang: string, text: string) => lexiconSum(lang, tokenize(text));
const pipeline = createPipeline({
  sentiment: getDefaultSentimentModel(),
  taxonomy: new CompiledTaxonomy(STARTER_TAXONOMY),
  redact: false,
});

describe('multilingual word lists', () => {
  it('cover French, German, Spanish and Dutch, with their attribution', () => {
    for (const lang of ['fr', 'de', 'es', 'nl']) expect(hasMultiLexicon(lang)).toBe(true);
    expect(hasMultiLexicon('en')).toBe(false);
    expect(MULTI_LEXICON_ATTRIBUTION).toMatch(/AFINN-165.*Open Database License/);
  });

  it('score praise positive and complaints negative in each language', () => {
    expect(sum('fr', 'Personnel très aimable et compétent, bravo')).toBeGreaterThan(0);
    expect(sum('fr', 'Livraison en retard, vendeur impoli, très déçu')).toBeLessThan(0);
    expect(sum('de', 'Sehr freundliche und kompetente Beratung, toll')).toBeGreaterThan(0);
    expect(sum('de', 'Die Lieferung war verspätet und das Paket kaputt')).toBeLessThan(0);
    expect(sum('es', 'El personal fue muy amable, excelente servicio')).toBeGreaterThan(0);
    expect(sum('es', 'El envío fue lento y el producto llegó roto')).toBeLessThan(0);
    expect(sum('nl', 'Heel vriendelijk personeel en snelle levering')).toBeGreaterThan(0);
    expect(sum('nl', 'De bezorging was traag en het pakket kapot')).toBeLessThan(0);
  });

  it('take no value from words that name a property of a plain object', () => {
    for (const lang of ['fr', 'de', 'es', 'nl']) {
      expect(sum(lang, 'constructor toString __proto__ hasOwnProperty valueOf')).toBe(0);
    }
    expect(hasMultiLexicon('constructor')).toBe(false);
    const fr = pipeline.run('Le constructor du site est très aimable et le toString est en retard.');
    expect(fr.language?.language).toBe('fr');
    expect(Number.isFinite(fr.sentiment?.score)).toBe(true);
  });

  it('reverse the words a negation governs', () => {
    expect(sum('fr', "Le vendeur n'était pas aimable")).toBeLessThan(0);
    expect(sum('de', 'Das Personal war nicht freundlich')).toBeLessThan(0);
    expect(sum('es', 'El personal no fue amable')).toBeLessThan(0);
    expect(sum('nl', 'Het personeel was niet vriendelijk')).toBeLessThan(0);
  });

  it('give comments without a model lower-confidence sentiment, per theme too, and themes by keyword; English keeps the model', () => {
    const fr = pipeline.run(
      "Le personnel est très aimable mais l'attente en caisse est trop longue et les prix trop chers.",
    );
    expect(fr.language?.language).toBe('fr');
    expect(fr.sentiment?.confidence).toBe('low');
    expect(fr.sentiment?.model).toBe('afinn-multi@1');
    expect(fr.sentimentNote).toMatch(/lower confidence/);
    const staff = fr.themes?.find((t) => t.id === 'staff');
    expect(staff?.sentiment).toBeGreaterThan(0);
    const de = pipeline.run('Die Lieferung war sehr spät und der Service unfreundlich.');
    expect(de.language?.language).toBe('de');
    expect(de.sentiment?.label).toBe('negative');
    expect(de.sentiment?.confidence).toBe('low');
    expect(de.themes?.map((t) => t.id)).toEqual(expect.arrayContaining(['delivery', 'staff.friendliness']));
    const es = pipeline.run('El envío llegó tarde y el precio es muy caro, pero el personal fue amable.');
    expect(es.language?.language).toBe('es');
    expect(es.sentiment?.confidence).toBe('low');
    expect(es.themes?.map((t) => t.id)).toEqual(expect.arrayContaining(['delivery', 'price']));
    expect(es.themes?.find((t) => t.id === 'price')?.name).toBe('Precio');
    const nl = pipeline.run('De bezorging was traag en de prijs is te hoog.');
    expect(nl.language?.language).toBe('nl');
    expect(nl.sentiment?.label).toBe('negative');
    expect(nl.themes?.map((t) => t.id)).toEqual(expect.arrayContaining(['delivery', 'price']));
    const en = pipeline.run('The staff were lovely but the refund took six weeks.');
    expect(en.sentiment?.confidence).toBeUndefined();
    expect(en.sentiment?.model).toMatch(/^default-en@/);
  });
});
