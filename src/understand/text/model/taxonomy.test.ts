import { describe, expect, it } from 'vitest';
import { tokenizeSentences } from './classifier.js';
import { STARTER_TAXONOMY } from './starter-taxonomy.js';
import { CompiledTaxonomy } from './taxonomy.js';

const tax = new CompiledTaxonomy({
  version: 'test@1',
  themes: [
    {
      id: 'delivery',
      name: { en: 'Delivery', fr: 'Livraison' },
      keywords: ['delivery', 'courier', 'livraison'],
      subthemes: [
        {
          id: 'delivery.late',
          name: { en: 'Late delivery' },
          keywords: ['late', 'never arrived', 'retard*'],
        },
      ],
    },
    { id: 'billing', name: { en: 'Billing' }, keywords: ['refund*', 'charged twice'] },
  ],
});
const ids = (s: string, t = tax) =>
  t
    .match(tokenizeSentences(s))
    .map((m) => m.id)
    .sort();

describe('CompiledTaxonomy', () => {
  it('matches on stems and prefixes, and counts sub-themes for their parent', () => {
    expect(ids('Deliveries were late')).toEqual(['delivery', 'delivery.late']);
    expect(ids('Still waiting for my refunded money')).toEqual(['billing']);
    expect(ids('I was charged twice')).toEqual(['billing']);
    expect(ids('La livraison est en retard')).toEqual(['delivery', 'delivery.late']);
  });

  it('ignores negated matches for sub-themes but keeps phrases that carry their own negation', () => {
    expect(ids('The delivery was not late')).toEqual(['delivery']);
    expect(ids('The parcel never arrived')).toEqual(['delivery', 'delivery.late']);
  });

  it('names themes in the comment language and records sentence indices', () => {
    const [m] = tax.match(tokenizeSentences('Bonne livraison.'), 'fr');
    expect(m?.name).toBe('Livraison');
    expect(tax.match(tokenizeSentences('Fine. The courier was rude.'))[0]?.sentences).toEqual([1]);
  });

  it('starter taxonomy compiles and tags common CX comments in English and French', () => {
    const starter = new CompiledTaxonomy(STARTER_TAXONOMY);
    expect(ids('The staff were rude and I waited 40 minutes in the queue', starter)).toEqual(
      expect.arrayContaining(['staff', 'staff.friendliness', 'waiting']),
    );
    expect(ids('Prix trop élevés, vendeuse très aimable', starter)).toEqual(
      expect.arrayContaining(['price', 'staff', 'staff.friendliness']),
    );
    expect(ids("I can't wait to wear it", starter)).not.toContain('waiting');
  });
});
