// The builder's logic model against the server's format and runtime: every rule group becomes a
// condition the definition schema accepts and the runtime logic evaluates as the builder describes it,
// and a condition read back gives the same group.
import { describe, expect, it } from 'vitest';
import { SurveyDefinition } from '../../../src/listen/surveys/definition.js';
import { evaluate, surveyPath } from '../../../src/listen/surveys/logic.js';
import { type Definition, newQuestion } from './survey-draft.js';
import {
  ANY_ATTRIBUTE,
  attributesIn,
  conditionGroup,
  groupCondition,
  type Op,
  operatorsOf,
  type RuleGroup,
  renameQuestion,
  sourcesOf,
  startRule,
} from './survey-rules.js';

const questions = [
  newQuestion('nps', 'nps'),
  {
    ...newQuestion('single_choice', 'why'),
    options: [
      { id: 'slow', text: 'Slow' },
      { id: 'price', text: 'Price' },
      { id: 'rude', text: 'Rude' },
    ],
  },
  newQuestion('multiple_choice', 'used'),
  newQuestion('text', 'comment'),
  newQuestion('consent', 'ok'),
  newQuestion('matrix', 'grid'),
  newQuestion('expectation_perception', 'gap'),
  newQuestion('contact_info', 'me'),
] as Definition['questions'];
const sources = sourcesOf(questions, 'en');
const def = (extra: Partial<Definition['questions'][number]>): unknown => ({
  title: 'T',
  questions: [...questions, { ...newQuestion('text', 'last'), ...extra }],
});

describe('survey builder logic', () => {
  it('offers every operator of the format across the sources, each valid to the schema', () => {
    const ops = new Set(sources.flatMap((s) => operatorsOf(s).map((o) => o.op)));
    for (const o of operatorsOf({ key: 'a:plan', label: 'plan', kind: 'attribute' })) ops.add(o.op);
    const all: Op[] = [
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'in',
      'not_in',
      'contains',
      'answered',
      'not_answered',
    ];
    for (const op of all) expect(ops.has(op), op).toBe(true);
    // A matrix offers one source per row, a pair one per attribute and part.
    expect(sources.map((s) => s.key)).toEqual([
      'q:nps',
      'q:why',
      'q:used',
      'q:comment',
      'q:ok',
      'q:grid:o1',
      'q:gap:o1:expectation',
      'q:gap:o1:perception',
      'q:me',
    ]);
    for (const s of sources)
      for (const { op } of operatorsOf(s)) {
        const rule = { ...startRule(s), op };
        const c = groupCondition({ mode: 'all', rules: [rule] }, sources);
        const parsed = SurveyDefinition.safeParse(def({ showIf: c }));
        expect(parsed.success, `${s.key} ${op}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
  });

  it('combines two comparisons with all, any and none, as the runtime evaluates them', () => {
    const group = (mode: RuleGroup['mode']): RuleGroup => ({
      mode,
      rules: [
        { source: 'q:nps', op: 'lte', value: '6' },
        { source: 'q:why', op: 'in', value: 'slow,rude' },
      ],
    });
    const all = groupCondition(group('all'), sources);
    expect(all).toEqual({
      all: [
        { question: 'nps', op: 'lte', value: 6 },
        { question: 'why', op: 'in', value: ['slow', 'rude'] },
      ],
    });
    const any = groupCondition(group('any'), sources)!;
    const none = groupCondition(group('none'), sources)!;
    const cases = [
      [{ nps: 3, why: 'slow' }, true, true, false],
      [{ nps: 3, why: 'price' }, false, true, false],
      [{ nps: 9, why: 'rude' }, false, true, false],
      [{ nps: 9, why: 'price' }, false, false, true],
    ] as const;
    for (const [answers, a, b, c] of cases) {
      expect(evaluate(all!, answers)).toBe(a);
      expect(evaluate(any, answers)).toBe(b);
      expect(evaluate(none, answers)).toBe(c);
    }
    for (const mode of ['all', 'any', 'none'] as const)
      expect(conditionGroup(groupCondition(group(mode), sources))).toEqual(group(mode));
  });

  it('types values by source: scores, consent, option lists, rows and parts, attributes', () => {
    const one = (source: string, op: Op, value: string) =>
      groupCondition({ mode: 'all', rules: [{ source, op, value }] }, sources);
    expect(one('q:ok', 'eq', 'true')).toEqual({ question: 'ok', op: 'eq', value: true });
    expect(one('q:used', 'eq', 'o1,o2')).toEqual({ question: 'used', op: 'eq', value: ['o1', 'o2'] });
    expect(one('q:grid:o1', 'gt', '3')).toEqual({ question: 'grid', row: 'o1', op: 'gt', value: 3 });
    expect(one('q:gap:o1:perception', 'lt', '4')).toEqual({
      question: 'gap',
      row: 'o1',
      part: 'perception',
      op: 'lt',
      value: 4,
    });
    const attr = one('a:tenure', 'gte', '2')!;
    expect(attr).toEqual({ attribute: 'tenure', op: 'gte', value: 2 });
    expect(evaluate(attr, {}, { attributes: { tenure: 5 } })).toBe(true);
    expect(one('a:plan', 'in', 'pro, team')).toEqual({ attribute: 'plan', op: 'in', value: ['pro', 'team'] });
    expect(one('q:comment', 'not_answered', 'ignored')).toEqual({ question: 'comment', op: 'not_answered' });
    expect(attributesIn({ any: [attr, { not: { attribute: 'plan', op: 'answered' } }] })).toEqual([
      'tenure',
      'plan',
    ]);
    // On a first question only an attribute can be read: it starts unnamed, and the schema wants a name.
    const unnamed = groupCondition({ mode: 'all', rules: [startRule(ANY_ATTRIBUTE)] }, sources);
    expect(unnamed).toEqual({ attribute: '', op: 'eq', value: '' });
    expect(SurveyDefinition.safeParse(def({ showIf: unnamed })).success).toBe(false);
    // A one-comparison group is the comparison itself; an empty one is no condition.
    expect(groupCondition({ mode: 'any', rules: [] }, sources)).toBeUndefined();
  });

  it('keeps a nested condition as written (no group for it)', () => {
    const nested = { all: [{ any: [{ question: 'nps', op: 'lt' as const, value: 7 }] }] };
    expect(conditionGroup(nested)).toBeNull();
    expect(conditionGroup(undefined)).toEqual({ mode: 'all', rules: [] });
  });

  it('builds a jump to an ending that the respondent path follows', () => {
    const low = groupCondition(
      { mode: 'all', rules: [{ source: 'q:nps', op: 'lte', value: '6' }] },
      sources,
    )!;
    const d = SurveyDefinition.parse({
      title: 'T',
      questions: [{ ...questions[0], jump: [{ if: low, to: 'sorry' }] }, questions[3]],
      endings: [
        { id: 'sorry', text: 'Sorry' },
        { id: 'thanks', text: 'Thanks' },
      ],
    });
    expect(surveyPath(d, { nps: 2 }).ending?.id).toBe('sorry');
    expect(surveyPath(d, { nps: 2 }).questions.map((q) => q.id)).toEqual(['nps']);
    expect(surveyPath(d, { nps: 9 }).questions.map((q) => q.id)).toEqual(['nps', 'comment']);
  });
});

describe('renaming a question', () => {
  it('carries its logic, jump targets, ending conditions and piped texts to the new id', () => {
    const d: Definition = {
      schemaVersion: 1,
      defaultLanguage: 'en',
      title: 'T',
      questions: [
        { ...newQuestion('nps', 'q1'), jump: [{ if: { question: 'q1', op: 'gte', value: 9 }, to: 'q3' }] },
        { ...newQuestion('text', 'q2'), text: { en: 'Why {{answer.q1}}?', fr: 'Pourquoi {{answer.q1|?}}' } },
        {
          ...newQuestion('text', 'q3'),
          showIf: {
            any: [{ question: 'q1', op: 'lte', value: 6 }, { not: { question: 'q2', op: 'answered' } }],
          },
        },
      ],
      endings: [{ id: 'end', text: 'Bye {{answer.q1}}', showIf: { question: 'q1', op: 'eq', value: 10 } }],
    };
    const renamed = renameQuestion(
      { ...d, questions: [{ ...d.questions[0]!, id: 'score' }, ...d.questions.slice(1)] },
      'q1',
      'score',
    );
    const json = JSON.stringify(renamed);
    expect(json).not.toMatch(/"q1"|answer\.q1/);
    expect(renamed.questions[1]?.text).toEqual({
      en: 'Why {{answer.score}}?',
      fr: 'Pourquoi {{answer.score|?}}',
    });
    expect(SurveyDefinition.safeParse(renamed).success).toBe(true);
    // A jump's target follows too; an id already taken changes nothing.
    const target = renameQuestion(
      { ...d, questions: [d.questions[0]!, d.questions[1]!, { ...d.questions[2]!, id: 'last' }] },
      'q3',
      'last',
    );
    expect(target.questions[0]?.jump?.[0]?.to).toBe('last');
    const clash = { ...d, questions: [{ ...d.questions[0]!, id: 'q2' }, ...d.questions.slice(1)] };
    expect(renameQuestion(clash, 'q1', 'q2')).toBe(clash);
  });
});
