// The builder's texts against the server's format and the hosted renderer's rules: translations set and
// removed per language, a language added and dropped everywhere, and piping tokens the runtime fills in.
import { describe, expect, it } from 'vitest';
import { SurveyDefinition } from '../../../src/listen/surveys/definition.js';
import { chooseLanguage, localise, pipe } from '../../../src/listen/surveys/logic.js';
import { type Definition, newQuestion } from './survey-draft.js';
import { parseAttributes, previewMarkup } from './survey-preview.js';
import {
  addLanguage,
  answerToken,
  attributeToken,
  insertToken,
  languagesOf,
  mapTexts,
  ownText,
  removeLanguage,
  setDefaultLanguage,
  setTextAt,
  textEntries,
  tokensIn,
  withLanguage,
} from './survey-texts.js';

const base: Definition = {
  schemaVersion: 1,
  defaultLanguage: 'en',
  title: 'Checkout',
  questions: [
    { ...newQuestion('single_choice', 'why'), text: 'What went wrong?' },
    newQuestion('text', 'more'),
  ],
  endings: [{ id: 'thanks', title: 'Thanks', text: 'Noted.' }],
};

describe('survey builder texts', () => {
  it('sets a translation beside the default text and removes it when emptied', () => {
    expect(withLanguage('Hello', 'en', 'Hi', 'en')).toBe('Hi');
    expect(withLanguage('Hello', 'fr', 'Bonjour', 'en')).toEqual({ en: 'Hello', fr: 'Bonjour' });
    expect(withLanguage({ en: 'Hello', fr: 'Bonjour' }, 'fr', '', 'en')).toEqual({ en: 'Hello' });
    expect(withLanguage('Hello', 'fr', '', 'en')).toBe('Hello');
    expect(ownText('Hello', 'fr', 'en')).toBe('');
    expect(ownText({ en: 'Hello', fr: 'Bonjour' }, 'fr', 'en')).toBe('Bonjour');
  });

  it('adds a language, translates every text side by side, and the definition stays valid', () => {
    let def = addLanguage(base, 'fr');
    expect(languagesOf(def)).toEqual(['en', 'fr']);
    const keys = textEntries(def).map((e) => e.key);
    expect(keys).toEqual([
      'title',
      'q.0.text',
      'q.0.item.0',
      'q.0.item.1',
      'q.1.text',
      'e.0.title',
      'e.0.text',
    ]);
    for (const key of keys) def = setTextAt(def, key, 'fr', `fr:${key}`);
    const parsed = SurveyDefinition.safeParse(def);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(def.questions[0]?.text).toEqual({ en: 'What went wrong?', fr: 'fr:q.0.text' });
    expect(chooseLanguage(parsed.data!, { acceptLanguage: 'fr-CA,fr;q=0.9' })).toBe('fr');
    // The preview draws it with the hosted renderer in the language asked for.
    const fr = previewMarkup(def, {}, 'fr');
    expect(fr.lang).toBe('fr');
    expect(fr.html).toContain('fr:q.0.item.1');
    expect(previewMarkup(def, {}, 'de').html).toContain('What went wrong?');

    const dropped = removeLanguage(def, 'fr');
    expect(languagesOf(dropped)).toEqual(['en']);
    expect(dropped.languages).toBeUndefined();
    expect(JSON.stringify(dropped)).not.toContain('fr:');
    expect(removeLanguage(def, 'en')).toBe(def);
  });

  it('maps every text a respondent reads, and nothing else', () => {
    const seen: string[] = [];
    mapTexts(
      {
        ...base,
        questions: [
          ...base.questions,
          {
            ...newQuestion('importance_performance', 'ip'),
            labels: { importance: 'Matters' },
          },
          {
            ...newQuestion('contact_info', 'me'),
            fields: [{ field: 'email', required: true, label: 'Mail' }],
          },
        ],
      } as Definition,
      (t) => {
        seen.push(localise(t, 'en', 'en'));
        return t;
      },
    );
    expect(seen).toEqual([
      'Thanks',
      'Noted.',
      'Checkout',
      'What went wrong?',
      'First option',
      'Second option',
      'What is the main reason for your answer?',
      'For each, how important is it and how well did we do?',
      'First attribute',
      'Matters',
      'How can we reach you?',
      'Mail',
    ]);
  });

  it('inserts piping tokens that the runtime fills from earlier answers and attributes', () => {
    const text = insertToken('You said', answerToken('why'));
    expect(text).toBe('You said {{answer.why}}');
    const withName = insertToken(text, attributeToken('firstName', 'there'), 0);
    expect(withName).toBe('{{attribute.firstName|there}} You said {{answer.why}}');
    expect(insertToken('Why ?', answerToken('why'), 4)).toBe('Why {{answer.why}}?');
    expect(tokensIn(withName)).toEqual({ answers: ['why'], attributes: ['firstName'] });
    const def = SurveyDefinition.parse(base);
    expect(pipe(withName, def, 'en', { why: 'o2' }, { attributes: { firstName: 'Ana' } })).toBe(
      'Ana You said Second option',
    );
    expect(pipe(withName, def, 'en', {})).toBe('there You said ');
    expect(parseAttributes('firstName=Ana, tenure=3, vip=true, bad name=x, =y')).toEqual({
      firstName: 'Ana',
      tenure: 3,
      vip: true,
    });
  });
});

describe('the default language', () => {
  it('moves to another offered language, keeping plain texts as the old default language', () => {
    const withFr = setTextAt(
      addLanguage(
        { ...base, questions: [{ ...base.questions[0]!, description: 'Pick one' }, base.questions[1]!] },
        'fr',
      ),
      'q.0.text',
      'fr',
      'Quoi ?',
    );
    expect(textEntries(withFr).map((e) => e.key)).toContain('q.0.description');
    const fr = setDefaultLanguage(withFr, 'fr');
    expect(fr.defaultLanguage).toBe('fr');
    expect(languagesOf(fr)).toEqual(['fr', 'en']);
    expect(fr.title).toEqual({ en: 'Checkout' });
    expect(fr.questions[0]?.text).toEqual({ en: 'What went wrong?', fr: 'Quoi ?' });
    expect(fr.questions[0]?.description).toEqual({ en: 'Pick one' });
    const parsed = SurveyDefinition.parse(fr);
    expect(localise(parsed.questions[0]!.text, 'fr', 'fr')).toBe('Quoi ?');
    // Untranslated texts fall back to what there is (English here).
    expect(localise(parsed.title, 'fr', 'fr')).toBe('Checkout');
    expect(setDefaultLanguage(fr, 'pt-BR')).toBe(fr);
  });
});
