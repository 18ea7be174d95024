import { describe, expect, it } from 'vitest';
import { SurveyDefinition } from './definition.js';
import { importSurveyJs, parseExpression } from './surveyjs.js';

const sample = {
  title: { default: 'Customer survey', fr: 'Enquête client' },
  pages: [
    {
      name: 'p1',
      elements: [
        {
          type: 'rating',
          name: 'nps',
          title: 'How likely are you to recommend us?',
          rateMin: 0,
          rateMax: 10,
          isRequired: true,
        },
        { type: 'comment', name: 'why low', title: 'What went wrong?', visibleIf: '{nps} <= 6' },
        { type: 'rating', name: 'stars', title: 'Rate the app', rateType: 'stars', rateMax: 5 },
        {
          type: 'radiogroup',
          name: 'channel',
          title: { default: 'How did you buy?', fr: 'Comment avez-vous acheté ?' },
          choices: ['web', { value: 'in store', text: 'In a store' }],
          hasOther: true,
          choicesOrder: 'random',
        },
      ],
    },
    {
      name: 'p2',
      elements: [
        {
          type: 'panel',
          name: 'pnl',
          elements: [
            {
              type: 'checkbox',
              name: 'features',
              title: 'Features used',
              choices: ['a', 'b', 'c'],
              maxSelectedChoices: 2,
            },
            {
              type: 'dropdown',
              name: 'country',
              title: 'Country',
              choices: ['fr', 'de'],
              visibleIf: "{channel} = 'web' and {nps} >= 9",
            },
          ],
        },
        {
          type: 'matrix',
          name: 'grid',
          title: 'Rate each',
          columns: [1, 2, 3, 4, 5],
          rows: ['speed', 'price'],
        },
        { type: 'matrix', name: 'words', title: 'Agree?', columns: ['yes', 'no'], rows: ['x'] },
        {
          type: 'multipletext',
          name: 'contact',
          title: 'Reach you',
          items: [{ name: 'email', isRequired: true }, { name: 'phone' }],
        },
        { type: 'file', name: 'upload', title: 'Attach a file' },
        { type: 'boolean', name: 'again', title: 'Would you buy again?' },
        { type: 'text', name: 'when', inputType: 'date', title: 'When?' },
        { type: 'text', name: 'nick', title: 'Nickname', visibleIf: 'age({birthday}) > 18' },
        { type: 'html', name: 'info', html: '<p>Hi</p>' },
      ],
    },
  ],
  completedHtml: '<h3>Thank you!</h3>',
  completedHtmlOnCondition: [{ expression: '{nps} >= 9', html: '<p>Thanks, <b>fan</b>!</p>' }],
};

describe('SurveyJS import', () => {
  const { definition, report } = importSurveyJs(sample);

  it('produces a valid definition for the shared question types', () => {
    const def = SurveyDefinition.parse(definition);
    expect(def.title).toEqual({ en: 'Customer survey', fr: 'Enquête client' });
    expect(def.questions.map((q) => `${q.id}:${q.type}`)).toEqual([
      'nps:nps',
      'why_low:text',
      'stars:rating',
      'channel:single_choice',
      'features:multiple_choice',
      'country:dropdown',
      'grid:matrix',
      'contact:contact_info',
      'again:single_choice',
      'nick:text',
    ]);
    expect(def.questions[0]).toMatchObject({ required: true });
    expect(def.questions[1]).toMatchObject({ long: true, showIf: { question: 'nps', op: 'lte', value: 6 } });
    expect(def.questions[2]).toMatchObject({ scale: { min: 1, max: 5 }, display: 'stars' });
    expect(def.questions[3]).toMatchObject({
      randomize: true,
      options: [
        { id: 'web', text: 'web' },
        { id: 'in_store', text: 'In a store' },
        { id: 'other', text: 'Other', fixed: true },
      ],
    });
    expect(def.questions[4]).toMatchObject({ maxSelected: 2 });
    expect(def.questions[5]).toMatchObject({
      showIf: {
        all: [
          { question: 'channel', op: 'eq', value: 'web' },
          { question: 'nps', op: 'gte', value: 9 },
        ],
      },
    });
    expect(def.questions[7]).toMatchObject({
      fields: [
        { field: 'email', required: true },
        { field: 'phone', required: false },
      ],
    });
    expect(def.endings).toEqual([
      { id: 'ending_1', text: 'Thanks, fan!', showIf: { question: 'nps', op: 'gte', value: 9 } },
      { id: 'ending', text: 'Thank you!' },
    ]);
  });

  it('reports what it could not map and what it changed', () => {
    expect(report.unmapped).toEqual([
      {
        path: 'pages.1.elements.2',
        name: 'words',
        type: 'matrix',
        reason: 'matrix columns are not a numeric scale starting at 0 or 1 (2 to 11 points)',
      },
      {
        path: 'pages.1.elements.4',
        name: 'upload',
        type: 'file',
        reason: 'question type "file" has no Northstar equivalent',
      },
      {
        path: 'pages.1.elements.6',
        name: 'when',
        type: 'text',
        reason: 'text input of type "date" has no Northstar equivalent',
      },
      {
        path: 'pages.1.elements.8',
        name: 'info',
        type: 'html',
        reason: 'question type "html" has no Northstar equivalent',
      },
    ]);
    expect(report.warnings).toEqual([
      { path: 'pages.0.elements.1', message: 'name "why low" became id "why_low"' },
      { path: 'pages.0.elements.3.choices.1', message: 'choice "in store" became "in_store"' },
      { path: 'pages.0.elements.3', message: 'the "other" choice is kept, its comment box is not' },
      {
        path: 'pages.1.elements.7',
        message: 'visibleIf "age({birthday}) > 18" could not be mapped; the question is always shown',
      },
    ]);
    expect(report.mapped).toHaveLength(10);
  });

  it('parses the common expressions', () => {
    expect(parseExpression("{a} anyof ['x', 'y']")).toEqual({ question: 'a', op: 'in', value: ['x', 'y'] });
    expect(parseExpression('{a} notempty or {b.r1} < 3')).toEqual({
      any: [
        { question: 'a', op: 'answered' },
        { question: 'b', row: 'r1', op: 'lt', value: 3 },
      ],
    });
    expect(parseExpression("{a} notcontains 'z'")).toEqual({
      not: { question: 'a', op: 'contains', value: 'z' },
    });
    expect(parseExpression('{a} = {b}')).toBeUndefined();
  });

  it('handles an empty or odd input without throwing', () => {
    expect(importSurveyJs(null).definition).toMatchObject({ title: 'Imported survey', questions: [] });
    expect(
      importSurveyJs({ questions: [{ type: 'rating', name: '1st', rateMin: 3, rateMax: 7 }] }).report
        .unmapped,
    ).toHaveLength(1);
  });
});
