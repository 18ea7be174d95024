import { describe, expect, it } from 'vitest';
import { findPlaceholders, ibanValid, luhnValid, redactPii } from './pii.js';

const kinds = (s: string) => redactPii(s).redactions.map((r) => r.kind);

describe('redactPii', () => {
  it('redacts e-mails, phones, cards with a valid Luhn digit, IBANs and account numbers', () => {
    const r = redactPii('Mail jane.doe+cx@example.co.uk or call +44 20 7946 0958 / 06 12 34 56 78.');
    expect(r.text).toBe('Mail [EMAIL] or call [PHONE] / [PHONE].');
    expect(kinds('card 4111 1111 1111 1111 please')).toEqual(['card']);
    expect(kinds('IBAN GB82 WEST 1234 5698 7654 32 thanks')).toEqual(['iban']);
    expect(kinds('my account number is 12345678')).toEqual(['account']);
    expect(kinds('numéro client: AB123456')).toEqual(['account']);
  });

  it('leaves dates, prices, order quantities and invalid card numbers alone', () => {
    expect(kinds('On 2024-03-09 I paid 12.85 for 3 items, size 10')).toEqual([]);
    expect(kinds('4111 1111 1111 1112')).toEqual([]);
    expect(kinds('my usual size 27 (27-35-116lbs) fits')).toEqual([]);
  });

  it('redacts names where people state them, and sign-offs', () => {
    expect(redactPii('Hello, my name is Jane Doe and I waited.').text).toBe(
      'Hello, my name is [NAME] and I waited.',
    );
    expect(redactPii("Je m'appelle Jean et je suis déçu").text).toBe("Je m'appelle [NAME] et je suis déçu");
    expect(redactPii('Ask for Mrs Smith at the desk').text).toBe('Ask for Mrs [NAME] at the desk');
    expect(redactPii("Hi, I'm Sarah. The room was cold").text).toBe("Hi, I'm [NAME]. The room was cold");
    expect(kinds("I'm Gold member and was glad")).toEqual([]);
    expect(kinds('you need to ask for Champagne')).toEqual([]);
    expect(redactPii('Great service.\nThanks,\nPeter Miller').text).toBe('Great service.\nThanks,\n[NAME]');
    expect(kinds("I'm Very happy")).toEqual([]);
    expect(kinds("i'm disappointed")).toEqual([]);
  });

  it('returns offsets into the original text', () => {
    const s = 'write to a@b.io now';
    const [r] = redactPii(s).redactions;
    expect(s.slice(r?.start, r?.end)).toBe('a@b.io');
  });
});

describe('checksums', () => {
  it('Luhn and IBAN mod 97', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
  });
});

describe('findPlaceholders', () => {
  it('counts what was redacted before (at intake), by kind and place', () => {
    const once = redactPii('card 4111 1111 1111 1111, mail jane@example.com').text;
    expect(findPlaceholders(once).map((r) => r.kind)).toEqual(['card', 'email']);
    expect(findPlaceholders('no placeholders [here]')).toEqual([]);
  });
});
