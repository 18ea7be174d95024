import { describe, expect, it } from 'vitest';
import { tokenizeSentences } from './classifier.js';
import { discoverThemes } from './discover.js';

describe('discoverThemes', () => {
  it('finds planted topics and labels them with their own words', () => {
    const topics = [
      ['parking', 'car', 'spaces'],
      ['checkout', 'queue', 'tills'],
      ['plants', 'flowers', 'garden'],
    ];
    const comments: string[] = [];
    for (let i = 0; i < 90; i++) {
      const t = topics[i % 3] as string[];
      comments.push(`the ${t[i % 3]} and ${t[(i + 1) % 3]} were a problem, ${t[(i + 2) % 3]} again`);
    }
    const themes = discoverThemes(
      comments.map((c) => tokenizeSentences(c)),
      { k: 3, seed: 1 },
    );
    expect(themes).toHaveLength(3);
    for (const t of themes) {
      expect(t.size).toBe(30);
      const topic = topics.find((words) => words.some((w) => t.terms.slice(0, 3).includes(w)));
      expect(topic).toBeDefined();
      expect(t.representatives.length).toBeGreaterThan(0);
    }
  });

  it('names a theme by its most characteristic phrase', () => {
    const comments: string[] = [];
    const service = ['kept me waiting', 'never called back', 'was rude', 'lost my file', 'hung up'];
    const furniture = [
      'arrived scratched',
      'was missing screws',
      'looks cheap',
      'came late',
      'broke quickly',
    ];
    for (let i = 0; i < 60; i++) {
      const j = Math.floor(i / 2) % 5;
      comments.push(
        i % 2 === 0
          ? `Customer service ${service[j]}, order ${i}.`
          : `The garden furniture ${furniture[j]}, order ${i}.`,
      );
    }
    const themes = discoverThemes(
      comments.map((c) => tokenizeSentences(c)),
      { k: 2, seed: 1 },
    );
    expect(themes.map((t) => t.label).sort()).toEqual(['customer service', 'garden furniture']);
    for (const t of themes) expect(t.phrases[0]).toBe(t.label);
  });

  it('returns nothing for empty input', () => {
    expect(discoverThemes([])).toEqual([]);
    expect(discoverThemes([tokenizeSentences('😀')])).toEqual([]);
  });
});
