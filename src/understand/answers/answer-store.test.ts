import { describe, expect, it } from 'vitest';
import { type StoreRow, SurveyAnswers } from './answer-store.js';
import { tableFromRows } from './answer-table.js';
import { viewAnswers } from './answer-view.js';

const SURVEY = '00000000-0000-4000-8000-000000000001';
const id = (n: number) => `e0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const row = (n: number, at: number, answers: unknown, channel = 'web'): StoreRow => ({
  at,
  id: id(n),
  channel,
  touchpoint: null,
  stage: null,
  journey: null,
  segments: [['attr.plan', n % 2 === 0 ? 'pro' : 'basic']],
  answers,
});

describe('survey answer store', () => {
  it('gives rows newest first, ties by id descending, whatever order they came in', () => {
    const s = new SurveyAnswers(SURVEY, 2);
    for (const [n, at] of [
      [3, 2000],
      [1, 1000],
      [2, 2000],
      [4, 1500],
    ] as const)
      s.append(row(n, at, { nps: n }));
    s.settle(0);
    const t = viewAnswers([s], {}, 10);
    expect(Array.from(t?.item('nps') ?? [])).toEqual([3, 2, 4, 1]);
    // Bounds in ms against microsecond times: from inclusive, to exclusive.
    const r = viewAnswers([s], { from: new Date(1), to: new Date(2) }, 10);
    expect(Array.from(r?.item('nps') ?? [])).toEqual([4, 1]);
    expect(
      Array.from(
        viewAnswers([s], { equals: [{ dimension: 'attr.plan', value: 'pro' }] }, 1)?.item('nps') ?? [],
      ),
    ).toEqual([2]);
  });

  it('reads answers as itemValue and pairValue do, decimals and odd shapes included', () => {
    const answers = [
      { nps: 0.1, grid: { a: 2 }, pair: { x: { p: 3 } }, text: 'abc', list: [4, 'x'] },
      { nps: 'ten', grid: [5, 6], pair: { x: [1] }, text: null, list: { length: 9 } },
      { nps: 1e300, grid: 'ab', pair: { x: { p: 'no' } } },
    ];
    const s = new SurveyAnswers(SURVEY);
    answers.forEach((a, n) => {
      s.append(row(n, 1000 - n, a));
    });
    s.settle(0);
    const stored = viewAnswers([s], {}, 10);
    const sql = tableFromRows(
      answers.map((a) => ({ answers: a as Record<string, unknown>, attributes: {}, touchpointId: null })),
    );
    for (const item of [
      'nps',
      'grid.a',
      'grid.0',
      'grid.1',
      'text.length',
      'list.0',
      'list.1',
      'list.length',
      'grid.length',
    ])
      expect(Array.from(stored?.item(item) ?? []), item).toEqual(Array.from(sql.item(item)));
    expect(Array.from(stored?.pair('pair', 'x', 'p') ?? [])).toEqual(Array.from(sql.pair('pair', 'x', 'p')));
  });

  it('keeps the values of rows already picked while a catch-up re-sorts the store', () => {
    const s = new SurveyAnswers(SURVEY, 2);
    for (let n = 0; n < 5; n++) s.append(row(n, 1000 + n, { nps: n }));
    s.settle(0);
    const t = viewAnswers([s], {}, 10);
    // Older rows caught up: the store is re-sorted (new arrays), and grows.
    const from = s.length;
    for (let n = 5; n < 40; n++) s.append(row(n, 500 + n, { nps: 100 + n, new: 1 }));
    s.settle(from);
    expect(Array.from(t?.item('nps') ?? [])).toEqual([4, 3, 2, 1, 0]);
    expect(viewAnswers([s], {}, 100)?.length).toBe(40);
  });
});
