import { describe, expect, it } from 'vitest';
import { SurveyDefinition } from '../../surveys/definition.js';
import { exampleDefinition } from '../../surveys/example.js';
import { checkStep, readAnswer, renderEnding, renderStep, type StepView } from './render.js';

const def = SurveyDefinition.parse(exampleDefinition);
const q = (id: string) => def.questions.find((x) => x.id === id)!;
const form = (fields: Record<string, string | string[]>) => (name: string) => [fields[name] ?? []].flat();
const view = (id: string, extra: Partial<StepView> = {}): StepView => ({
  def,
  lang: 'en',
  question: q(id),
  answers: {},
  ctx: {},
  seed: 'seed',
  value: undefined,
  problems: [],
  position: 1,
  total: 3,
  action: '/s/x',
  hidden: { ft: 'f"t', q: id },
  ...extra,
});

describe('reading a submitted form', () => {
  it('reads every question type from its fields', () => {
    expect(readAnswer(q('nps'), form({ v: '7' }))).toBe(7);
    expect(readAnswer(q('nps'), form({ v: 'seven' }))).toBe('seven'); // refused later, with a message
    expect(readAnswer(q('channel'), form({ v: '' }))).toBeUndefined();
    expect(readAnswer(q('grid'), form({ 'v.checkin': '4', 'v.room': '' }))).toEqual({ checkin: 4 });
    expect(
      readAnswer(
        q('servqual'),
        form({ 'v.speed.expectation': '5', 'v.speed.perception': '3', 'v.courtesy.perception': '2' }),
      ),
    ).toEqual({ speed: { expectation: 5, perception: 3 }, courtesy: { perception: 2 } });
    expect(readAnswer(q('contact'), form({ 'v.email': 'a@b.co', 'v.phone': ' ' }))).toEqual({
      email: 'a@b.co',
    });
    expect(readAnswer(q('consent'), form({}))).toBe(false);
    expect(readAnswer(q('consent'), form({ v: 'yes' }))).toBe(true);
  });

  it('checks one step as the server does: required, ranges, both parts of a pair, every row', () => {
    expect(checkStep(q('nps'), undefined)).toEqual([{ reason: 'is required' }]);
    expect(checkStep(q('grid'), { checkin: 9 })).toEqual([
      { name: 'checkin', reason: 'must be a whole number from 1 to 5' },
      { name: 'room', reason: 'is required' },
    ]);
    expect(checkStep(q('consent'), false)).toEqual([{ reason: 'must be given to continue' }]);
    expect(checkStep(q('contact'), undefined)).toEqual([{ name: 'email', reason: 'is required' }]);
  });
});

describe('rendering', () => {
  it('escapes piped answers, attributes and hidden values', () => {
    const html = renderStep(
      view('vip', { ctx: { attributes: { firstName: '<img src=x onerror=alert(1)>' } } }),
    );
    expect(html).toContain('Hello &#60;img src=x onerror=alert(1)&#62;, want a call?');
    expect(html).not.toContain('<img');
    expect(html).toContain('name="ft" value="f&#34;t"');
    const ending = renderEnding(
      def,
      'en',
      { id: 'e', text: 'Bye {{answer.why_low}}' },
      { why_low: '<b>x</b>' },
      {},
    );
    expect(ending).toContain('Bye &#60;b&#62;x&#60;/b&#62;');
  });

  it('marks the fields at fault and ties each message to its group', () => {
    const html = renderStep(
      view('servqual', {
        value: { speed: { expectation: 3 } },
        problems: [{ name: 'speed.perception', reason: 'is required (both parts of a pair are)' }],
      }),
    );
    expect(html).toContain(
      '<fieldset class="ns-sub" aria-describedby="ns-servqual-speed-perception-err"><legend>Experienced</legend><p class="ns-err" id="ns-servqual-speed-perception-err">Error: is required (both parts of a pair are)</p>',
    );
    expect(html).toContain('id="ns-servqual-speed-expectation-3" value="3" checked');
    expect(html).toContain('id="ns-servqual-speed-perception-1" value="1" aria-invalid="true"');
  });

  it('shows Back after the first step and Submit on the last, Next first in the markup', () => {
    expect(renderStep(view('nps'))).not.toContain('value="back"');
    const last = renderStep(view('consent', { position: 3, total: 3 }));
    expect(last.indexOf('value="next"')).toBeLessThan(last.indexOf('value="back"'));
    expect(last).toContain('>Submit</button>');
  });

  it('says Next at the end of a path that the answer may still lengthen', () => {
    const branching = SurveyDefinition.parse({
      title: 'T',
      questions: [
        { id: 'nps', type: 'nps', text: 'NPS' },
        { id: 'why', type: 'text', text: 'Why?', showIf: { question: 'nps', op: 'lte', value: 6 } },
      ],
    });
    const first = renderStep({ ...view('nps'), def: branching, question: branching.questions[0]!, total: 1 });
    expect(first).toContain('>Next</button>');
    const second = renderStep({
      ...view('nps'),
      def: branching,
      question: branching.questions[1]!,
      position: 2,
      total: 2,
    });
    expect(second).toContain('>Submit</button>');
  });
});
