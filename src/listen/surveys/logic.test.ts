import { describe, expect, it } from 'vitest';
import { SurveyDefinition } from './definition.js';
import { exampleDefinition as fullDefinition } from './example.js';
import {
  chooseLanguage,
  evaluate,
  localise,
  mayLeadOn,
  orderItems,
  parseAcceptLanguage,
  pipe,
  surveyPath,
} from './logic.js';

const def = SurveyDefinition.parse(fullDefinition);
const ids = (answers: Record<string, unknown>, attributes?: Record<string, unknown>) =>
  surveyPath(def, answers, { attributes }).questions.map((q) => q.id);

describe('conditions', () => {
  const answers = { nps: 4, tags: ['a', 'b'], grid: { room: 2 }, note: 'Very Slow' };
  it.each([
    [{ question: 'nps', op: 'lte', value: 6 }, true],
    [{ question: 'nps', op: 'gt', value: 6 }, false],
    [{ question: 'nps', op: 'in', value: [1, 4] }, true],
    [{ question: 'tags', op: 'eq', value: 'a' }, true],
    [{ question: 'tags', op: 'not_in', value: ['c'] }, true],
    [{ question: 'grid', row: 'room', op: 'lt', value: 3 }, true],
    [{ question: 'note', op: 'contains', value: 'slow' }, true],
    [{ question: 'missing', op: 'neq', value: 1 }, false],
    [{ question: 'missing', op: 'not_answered' }, true],
    [{ attribute: 'plan', op: 'eq', value: 'gold' }, true],
    [
      {
        all: [
          { attribute: 'plan', op: 'eq', value: 'gold' },
          { question: 'nps', op: 'gte', value: 9 },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { attribute: 'plan', op: 'eq', value: 'gold' },
          { question: 'nps', op: 'gte', value: 9 },
        ],
      },
      true,
    ],
    [{ not: { question: 'nps', op: 'answered' } }, false],
  ] as const)('%j → %s', (cond, expected) => {
    expect(evaluate(cond as never, answers, { attributes: { plan: 'gold' } })).toBe(expected);
  });
});

describe('the respondent path', () => {
  it('shows, skips and jumps on earlier answers and attributes', () => {
    expect(ids({})).toEqual(['nps', 'channel', 'grid', 'servqual', 'ipa', 'consent']);
    expect(ids({ nps: 3 })).toContain('why_low');
    expect(ids({ nps: 9 }, { plan: 'premium' })).toContain('vip');
    expect(ids({ nps: 9, vip: 'yes' }, { plan: 'premium' })).toContain('contact');
    expect(ids({ nps: 9, vip: 'no' }, { plan: 'premium' })).not.toContain('contact');
    const jumped = surveyPath(def, { nps: 10, servqual: { speed: { expectation: 5, perception: 7 } } });
    expect(jumped.questions.map((q) => q.id)).toEqual(['nps', 'channel', 'grid', 'servqual']);
    expect(jumped.ending?.id).toBe('happy');
  });

  it('picks the first ending whose condition holds, else the plain one', () => {
    expect(surveyPath(def, { nps: 10 }).ending?.id).toBe('happy');
    expect(surveyPath(def, { nps: 2 }).ending?.id).toBe('default');
  });
});

describe('piping and languages', () => {
  it('pipes answers (option ids as their text) and attributes with a fallback', () => {
    const d = SurveyDefinition.parse({
      title: 't',
      questions: [
        {
          id: 'pick',
          type: 'single_choice',
          text: 'x',
          options: [
            { id: 'a', text: { en: 'Apples', fr: 'Pommes' } },
            { id: 'b', text: 'B' },
          ],
        },
      ],
    });
    expect(pipe('You chose {{answer.pick}}, {{attribute.name|friend}}.', d, 'fr', { pick: 'a' })).toBe(
      'You chose Pommes, friend.',
    );
    expect(pipe('Hi {{ attribute.name }}', d, 'en', {}, { attributes: { name: 'Ana' } })).toBe('Hi Ana');
  });

  it('chooses the link language, then the contact, then Accept-Language, then the default', () => {
    expect(chooseLanguage(def, { link: 'fr', acceptLanguage: 'en' })).toBe('fr');
    expect(chooseLanguage(def, { link: 'de', contact: 'fr-CA' })).toBe('fr');
    expect(chooseLanguage(def, { acceptLanguage: 'de;q=0.9, fr;q=0.8, en;q=0.1' })).toBe('fr');
    expect(chooseLanguage(def, { acceptLanguage: 'de' })).toBe('en');
    expect(parseAcceptLanguage('en-GB;q=0.5, fr, *;q=0.1')).toEqual(['fr', 'en-gb']);
    expect(localise({ en: 'Hi', fr: 'Salut' }, 'fr-CA', 'en')).toBe('Salut');
    expect(localise({ en: 'Hi' }, 'de', 'en')).toBe('Hi');
  });
});

describe('option order', () => {
  const options = [
    { id: 'a' },
    { id: 'b' },
    { id: 'c' },
    { id: 'd' },
    { id: 'e' },
    { id: 'other', fixed: true },
  ];
  it('shuffles the same way for the same respondent and keeps fixed options in place', () => {
    const one = orderItems(options, true, 'session-1');
    expect(orderItems(options, true, 'session-1')).toEqual(one);
    expect(one[5]).toEqual({ id: 'other', fixed: true });
    expect(new Set(one.map((o) => o.id)).size).toBe(6);
    const orders = new Set(
      Array.from({ length: 20 }, (_, i) =>
        orderItems(options, true, `s${i}`)
          .map((o) => o.id)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(5);
    expect(orderItems(options, false, 'x')).toEqual(options);
  });
});

describe('whether an answer may lead on', () => {
  it('holds for a question with a jump or one a later condition reads, not otherwise', () => {
    const d = SurveyDefinition.parse({
      title: 'T',
      questions: [
        { id: 'nps', type: 'nps', text: 'NPS' },
        {
          id: 'why',
          type: 'single_choice',
          text: 'Why',
          options: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
          ],
        },
        {
          id: 'more',
          type: 'text',
          text: 'More',
          showIf: {
            all: [
              { question: 'nps', op: 'lte', value: 6 },
              { not: { question: 'why', op: 'eq', value: 'a' } },
            ],
          },
        },
        {
          id: 'mail',
          type: 'text',
          text: 'Mail',
          jump: [{ if: { question: 'mail', op: 'answered' }, to: 'end' }],
        },
        { id: 'last', type: 'text', text: 'Last', skipIf: { attribute: 'vip', op: 'eq', value: true } },
      ],
      endings: [{ id: 'end', text: 'Bye' }],
    });
    expect(['nps', 'why', 'more', 'mail', 'last', 'nope'].map((id) => mayLeadOn(d, id))).toEqual([
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
  });
});
