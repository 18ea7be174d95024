import { describe, expect, it } from 'vitest';
import { checkAnswers, extractMeasures, SurveyDefinition } from './definition.js';
import { exampleDefinition as fullDefinition } from './example.js';

const parse = (raw: unknown) => SurveyDefinition.parse(raw);
const issues = (raw: unknown) => {
  const r = SurveyDefinition.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('survey definitions', () => {
  it('keeps schemaVersion 1 definitions valid and applies defaults', () => {
    const d = parse({
      title: 'Old',
      questions: [
        { id: 'nps', type: 'nps', text: 'Recommend?' },
        { id: 'c', type: 'text', text: 'Why?' },
      ],
    });
    expect(d.schemaVersion).toBe(1);
    expect(d.defaultLanguage).toBe('en');
    expect(d.questions[1]).toMatchObject({ type: 'text', long: true, required: false });
  });

  it('accepts every question type, logic and endings', () => {
    const d = parse(fullDefinition);
    expect(d.questions.map((q) => q.type)).toEqual([
      'nps',
      'text',
      'dropdown',
      'matrix',
      'expectation_perception',
      'importance_performance',
      'single_choice',
      'contact_info',
      'consent',
    ]);
    // Pairs default to a 1..7 scale.
    expect(d.questions[4]).toMatchObject({ scale: { min: 1, max: 7 } });
  });

  it('names the path of each bad field', () => {
    expect(
      issues({
        title: 'x',
        questions: [
          { id: 'a', type: 'nps', text: 'A', showIf: { question: 'b', op: 'eq', value: 1 } },
          { id: 'b', type: 'nps', text: 'B', jump: [{ if: { question: 'b', op: 'eq', value: 1 }, to: 'a' }] },
          { id: 'c', type: 'matrix', text: 'C', rows: [], scale: { min: 1, max: 5 } },
          {
            id: 'd',
            type: 'expectation_perception',
            text: 'D',
            attributes: [
              { id: 'x', text: 'X' },
              { id: 'x', text: 'Y' },
            ],
          },
          {
            id: 'e',
            type: 'nps',
            text: 'E',
            jump: [{ if: { question: 'e', op: 'answered' }, to: 'nowhere' }],
          },
        ],
      }),
    ).toEqual([
      'questions.2.rows: Too small: expected array to have >=1 items',
      'questions.3.attributes.1.id: duplicate id "x"',
      'questions.0.showIf: refers to question "b", which comes later',
      'questions.1.jump.0.to: can only jump forward ("a" is not after "b")',
      'questions.4.jump.0.to: "nowhere" is neither a question nor an ending',
    ]);
  });

  it('refuses an ending id that is also a question id, and over-deep conditions', () => {
    const deep = { not: { not: { not: { not: { not: { question: 'a', op: 'answered' } } } } } };
    expect(
      issues({
        title: 'x',
        questions: [
          { id: 'a', type: 'nps', text: 'A' },
          { id: 'b', type: 'nps', text: 'B', showIf: deep },
        ],
        endings: [{ id: 'a', text: 'Bye' }],
      }),
    ).toEqual([
      'endings.0.id: "a" is already a question or ending id',
      'questions.1.showIf: is nested deeper than 5 levels',
    ]);
  });

  it('refuses piping an answer not asked before the text, in any language or option', () => {
    expect(
      issues({
        title: 'x',
        questions: [
          { id: 'a', type: 'nps', text: 'A {{answer.a}}' },
          {
            id: 'b',
            type: 'single_choice',
            text: { en: 'B {{answer.a}}', fr: 'B {{ answer.c|?}}' },
            options: [
              { id: 'o1', text: 'One' },
              { id: 'o2', text: 'Two {{answer.ghost}}' },
            ],
          },
          { id: 'c', type: 'text', text: 'C {{answer.b}} {{attribute.name}}' },
        ],
        endings: [
          { id: 'end', text: 'Bye {{answer.c}}' },
          { id: 'end2', text: 'Bye {{answer.nope}}' },
        ],
      }),
    ).toEqual([
      'questions.0.text: pipes the answer to "a", which is not asked before it',
      'questions.1.text: pipes the answer to "c", which is not asked before it',
      'questions.1.text: pipes the answer to unknown question "ghost"',
      'endings.1.text: pipes the answer to unknown question "nope"',
    ]);
  });
});

describe('checkAnswers', () => {
  const def = parse(fullDefinition);
  const complete = {
    nps: 9,
    grid: { checkin: 4, room: 5 },
    servqual: { speed: { expectation: 6, perception: 5 }, courtesy: { expectation: 7, perception: 7 } },
    consent: true,
  };

  it('accepts a complete response', () => {
    expect(checkAnswers(def, complete)).toEqual([]);
  });

  it('does not require a question hidden by logic, and requires it once shown', () => {
    expect(checkAnswers(def, { ...complete, nps: 9 })).toEqual([]);
    expect(checkAnswers(def, { ...complete, nps: 3 })).toEqual([
      { name: 'answers.why_low', reason: 'is required' },
    ]);
  });

  it('does not require questions jumped over', () => {
    const jumped = {
      nps: 10,
      grid: { checkin: 4, room: 5 },
      servqual: { speed: { expectation: 6, perception: 7 }, courtesy: { expectation: 7, perception: 7 } },
    };
    // The jump from servqual goes straight to the "happy" ending: consent is off the path.
    expect(checkAnswers(def, jumped)).toEqual([]);
  });

  it('reads contact attributes in conditions', () => {
    const withContact = { ...complete, vip: 'yes' };
    expect(checkAnswers(def, withContact, { attributes: { plan: 'premium' } })).toEqual([
      { name: 'answers.contact.email', reason: 'is required' },
    ]);
    expect(
      checkAnswers(
        def,
        { ...withContact, contact: { email: 'not-an-email' } },
        { attributes: { plan: 'premium' } },
      ),
    ).toEqual([{ name: 'answers.contact.email', reason: 'must be an email address' }]);
  });

  it('names each bad part of matrix and pair answers', () => {
    expect(
      checkAnswers(def, {
        ...complete,
        grid: { checkin: 9, lobby: 3 },
        servqual: { speed: { expectation: 6 }, courtesy: { expectation: 0, perception: 7, extra: 1 } },
        ipa: { price: { importance: 5, performance: 6 } },
      }),
    ).toEqual([
      { name: 'answers.grid.checkin', reason: 'must be a whole number from 1 to 5' },
      { name: 'answers.grid.lobby', reason: 'is not a row of this question' },
      { name: 'answers.grid.room', reason: 'is required' },
      { name: 'answers.servqual.speed.perception', reason: 'is required (both parts of a pair are)' },
      { name: 'answers.servqual.courtesy.extra', reason: 'is not one of: expectation, perception' },
      { name: 'answers.servqual.courtesy.expectation', reason: 'must be a whole number from 1 to 7' },
      { name: 'answers.ipa.price.performance', reason: 'must be a whole number from 1 to 5' },
    ]);
  });

  it('requires every row of a required matrix and a given consent', () => {
    expect(checkAnswers(def, { ...complete, grid: { checkin: 3 }, consent: false })).toEqual([
      { name: 'answers.grid.room', reason: 'is required' },
      { name: 'answers.consent', reason: 'must be given to continue' },
    ]);
  });

  it('checks dropdown options, unknown questions and short text length', () => {
    const short = parse({
      title: 't',
      questions: [
        { id: 'name', type: 'text', long: false, text: 'Name' },
        {
          id: 'pick',
          type: 'dropdown',
          text: 'Pick',
          options: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
          ],
        },
      ],
    });
    expect(checkAnswers(short, { name: 'x'.repeat(501), pick: 'c', other: 1 })).toEqual([
      { name: 'answers.other', reason: 'is not a question of this survey' },
      { name: 'answers.name', reason: 'must be at most 500 characters (got 501)' },
      { name: 'answers.pick', reason: 'must be one of: a, b' },
    ]);
  });

  it('extracts only the score and text measures', () => {
    expect(extractMeasures(def, { ...complete, why_low: ' slow ' })).toMatchObject({ nps: 9, text: 'slow' });
  });
});
