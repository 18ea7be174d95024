// The builder's model against the server's definition format: every new question is a valid definition,
// list editing keeps the ids logic names, and the API's error names find the builder's fields.
import { describe, expect, it } from 'vitest';
import { SurveyDefinition } from '../../../src/listen/surveys/definition.js';
import { builderField, freshId, itemsFromLines, move, newQuestion, QUESTION_TYPES } from './survey-draft.js';

describe('survey builder model', () => {
  it('makes a question of every type that the server accepts as it is', () => {
    const questions = QUESTION_TYPES.map((t, i) => newQuestion(t.type, `q${i + 1}`));
    const def = { schemaVersion: 1, defaultLanguage: 'en', title: 'All types', questions };
    const parsed = SurveyDefinition.safeParse(def);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    // Nothing is filled in by the server's defaults: what the builder holds is what is stored.
    expect(parsed.data).toEqual(def);
    expect(new Set(questions.map((q) => q.type)).size).toBe(13);
  });

  it('keeps option ids where a line keeps its text, and numbers new ones', () => {
    const before = [
      { id: 'late', text: 'Late' },
      { id: 'rude', text: 'Rude' },
    ];
    expect(itemsFromLines('Rude\n\n  Broken \nLate', before, 'en')).toEqual([
      { id: 'rude', text: 'Rude' },
      { id: 'o4', text: 'Broken' },
      { id: 'late', text: 'Late' },
    ]);
    expect(freshId([{ id: 'q1' }, { id: 'q3' }])).toBe('q4');
  });

  it('keeps the logic of a question whose type changes, and moves items within the list', () => {
    const showIf = { question: 'a', op: 'answered' as const };
    const jump = [{ if: { question: 'q2', op: 'lte' as const, value: 2 }, to: 'end' }];
    const q = newQuestion('rating', 'q2', { showIf, skipIf: showIf, jump, required: true });
    expect(q).toMatchObject({ type: 'rating', showIf, skipIf: showIf, jump, required: true });
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('places the API field errors beside the builder fields', () => {
    expect(builderField('body.definition.questions.2.showIf')).toBe('q.2.showIf');
    expect(builderField('body.definition.questions.0.options.1.id')).toBe('q.0.items');
    expect(builderField('body.definition.questions.1')).toBe('q.1');
    expect(builderField('body.name')).toBe('name');
    expect(builderField('body.definition.title')).toBe('title');
    expect(builderField('body.definition.endings')).toBe('form');
    expect(builderField('body.definition.endings.1.showIf')).toBe('e.1');
    expect(builderField('body.definition.questions.3.jump.0.to')).toBe('q.3.jump');
    expect(builderField('body.definition.questions.3.skipIf')).toBe('q.3.skipIf');
  });
});
