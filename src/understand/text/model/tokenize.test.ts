import { describe, expect, it } from 'vitest';
import { foldDiacritics, stemWord, tokenize } from './tokenize.js';

const words = (s: string) => tokenize(s).map((t) => t.word);
const negated = (s: string) =>
  tokenize(s)
    .filter((t) => t.negated)
    .map((t) => t.word);

describe('tokenize', () => {
  it('lower-cases, resolves apostrophes and French elision', () => {
    expect(words("I didn't like L'accueil, it's fine")).toEqual([
      'i',
      'not',
      'like',
      'accueil',
      'it',
      'fine',
    ]);
    expect(words('don’t')).toEqual(['not']);
  });

  it('marks a negation scope until punctuation, a "but", or four words', () => {
    expect(negated('not very good, but fine')).toEqual(['very', 'good']);
    expect(negated('never again but the staff were lovely')).toEqual(['again']);
    expect(negated('no one two three four five')).toEqual(['one', 'two', 'three', 'four']);
    expect(negated("ce n'est pas bon")).toEqual(['bon']);
  });

  it('keeps emoji as tokens and folds diacritics', () => {
    expect(words('super 😡😡 très')).toEqual(['super', '😡', '😡', 'tres']);
    expect(foldDiacritics('élevés')).toBe('eleves');
  });

  it('survives empty, punctuation-only and binary-looking input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('!!! ... ???')).toEqual([]);
    expect(tokenize('\u0000\u0001abc\u0002')).toHaveLength(1);
  });
});

describe('stemWord', () => {
  it('joins inflections of the same word', () => {
    expect(stemWord('delivered')).toBe(stemWord('deliver'));
    expect(stemWord('deliveries')).toBe(stemWord('delivery'));
    expect(stemWord('loved')).toBe(stemWord('love'));
    expect(stemWord('stopped')).toBe('stop');
    expect(stemWord('caisses')).toBe(stemWord('caisse'));
    expect(stemWord('was')).toBe('was');
  });
});
