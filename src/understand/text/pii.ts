// PII redaction: e-mail addresses, phone numbers, card numbers (Luhn), IBANs and account numbers, names where stated.

/** Kinds of personal data the redactor recognises. */
export type RedactionKind = 'email' | 'phone' | 'card' | 'iban' | 'account' | 'name';

/** One redacted span, as offsets into the original text (the value itself is never returned). */
export interface Redaction {
  kind: RedactionKind;
  start: number;
  end: number;
}

/** Redacted text with the list of what was removed. */
export interface RedactionResult {
  text: string;
  redactions: Redaction[];
}

// Lengths bounded by RFC 5321 (64-character local part, 63-character labels): without bounds a long
// run of letters before an "@" makes the scan quadratic.
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const PHONE = /(?:\+|\b00)?\d[\d\s().-]{7,18}\d/g;
const ACCOUNT =
  /\b(?:account|acct|a\/c|customer|member(?:ship)?|policy|compte|client|adherent|konto)(?:\s+(?:no\.?|number|num|nr\.?|n°|numero|numéro|id))?\s*[:#]?\s*(?:is\s+|est\s+)?([A-Z]{0,4}\d[A-Z0-9-]{4,})/gi;
// Names people give: "my name is Jane Doe", "I'm Jane", "je m'appelle Jean", honorifics, sign-offs.
// "I'm Jane" and "my name is Jane" count only when the name ends the clause ("I'm Gold member" does not).
const NAME_CUE =
  /\b(?:[Mm]y name is|[Mm]y name's|[Ii] am|[Ii]['’]m|[Jj]e m['’]appelle|[Mm]on nom est|[Ss]igned)\s+((?:[A-Z][\p{Ll}'’-]+)(?:\s+[A-Z][\p{Ll}'’-]+)?)(?=\s*(?:[,.!?;:)]|$|\s(?:and|from|here|speaking|et|de|ici)\b))/gu;
// Honorifics are followed by a name whatever comes next.
const HONORIFIC =
  /\b(?:Mrs?\.?|Ms\.?|Miss|Dr\.?|Mme|Mlle|[Mm]onsieur|[Mm]adame)\s+((?:[A-Z][\p{Ll}'’-]+)(?:\s+[A-Z][\p{Ll}'’-]+)?)/gu;
const SIGN_OFF =
  /(?:^|\n)\s*(?:thanks|thank you|regards|best regards|kind regards|best|cheers|sincerely|cordialement|merci|bien à vous|salutations)[,!.]?\s*\n\s*((?:[A-Z][\p{Ll}'’-]+)(?:\s+[A-Z][\p{Ll}'’-]+)?)\s*$/iu;
const NAME_PREFILTER = /name|i am|i'm|i’m|appelle|nom est|signed|mr|ms|miss|dr|mme|mlle|monsieur|madame/i;
// Capitalised words after "I'm"/"this is" that are not names.
const NOT_NAMES = new Set(
  'Very So Not Really Just Happy Sad Sorry Glad Disappointed Satisfied Unhappy Afraid Sure Still Always Never A An The In On At From With Here There Going Done Writing Calling Trying Looking Back Also Currently Now Extremely Quite Totally Completely Absolutely Pretty Hoping Again Very Tres Content Contente Satisfait Satisfaite Déçu Déçue Ravi Ravie Un Une Le La Les De Du Des Pas Vraiment Toujours Jamais'.split(
    ' ',
  ),
);

/** Luhn checksum, the check digit every payment card number carries. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 IBAN check (mod 97 = 1). */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/ /g, '').toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of v) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

// Spans found so far. Overlap checks scan the list while it is short; past a few spans (text full of
// digits can hold hundreds) a per-character map of the covered text answers in the candidate's length.
class Found {
  readonly list: Redaction[] = [];
  private covered: Uint8Array | undefined;

  constructor(private readonly length: number) {}

  overlaps(start: number, end: number): boolean {
    if (this.covered === undefined || start >= end) {
      for (const r of this.list) if (start < r.end && end > r.start) return true;
      return false;
    }
    const covered = this.covered;
    for (let i = Math.max(start, 0); i < end && i < this.length; i++) if (covered[i] === 1) return true;
    return false;
  }

  push(r: Redaction): void {
    this.list.push(r);
    if (this.covered === undefined && this.list.length >= 8) {
      this.covered = new Uint8Array(this.length);
      for (const x of this.list) this.covered.fill(1, x.start, x.end);
    } else this.covered?.fill(1, r.start, r.end);
  }
}

/**
 * Whether a card-shaped match (digits, spaces and dashes) holds at least 13 digits passing Luhn: the
 * same as `luhnValid` on its digits, without building the digit string for every candidate.
 */
function cardValid(match: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = match.length - 1; i >= 0; i--) {
    let d = match.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    digits++;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits >= 13 && sum % 10 === 0;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const PLACEHOLDER: Record<RedactionKind, string> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  card: '[CARD]',
  iban: '[IBAN]',
  account: '[ACCOUNT]',
  name: '[NAME]',
};

const PLACEHOLDER_RE = /\[(EMAIL|PHONE|CARD|IBAN|ACCOUNT|NAME)\]/g;

/**
 * Placeholders already in `text` (it was redacted at intake), as redactions of their kind: a comment
 * redacted once still counts what was taken out of it.
 */
export function findPlaceholders(text: string): Redaction[] {
  if (!text.includes('[')) return [];
  const out: Redaction[] = [];
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    out.push({
      kind: (m[1] ?? '').toLowerCase() as RedactionKind,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

/** Find personal data in `text` and replace each span by a placeholder such as [EMAIL] or [CARD]. */
export function redactPii(text: string): RedactionResult {
  const found = new Found(text.length);
  const hasDigit = /\d/.test(text);
  // Scan only windows around each "@" (an address cannot be longer), so letter runs cost nothing.
  let atSign = text.indexOf('@');
  let scanned = 0;
  while (atSign >= 0) {
    const from = Math.max(scanned, atSign - 64);
    const to = Math.min(text.length, atSign + 256);
    for (const m of text.slice(from, to).matchAll(EMAIL)) {
      const start = from + m.index;
      if (!found.overlaps(start, start + m[0].length))
        found.push({ kind: 'email', start, end: start + m[0].length });
    }
    scanned = to;
    atSign = text.indexOf('@', to);
  }
  if (hasDigit) {
    for (const m of text.matchAll(IBAN)) {
      if (ibanValid(m[0]) && !found.overlaps(m.index, m.index + m[0].length))
        found.push({ kind: 'iban', start: m.index, end: m.index + m[0].length });
    }
    for (const m of text.matchAll(CARD)) {
      if (cardValid(m[0]) && !found.overlaps(m.index, m.index + m[0].length))
        found.push({ kind: 'card', start: m.index, end: m.index + m[0].length });
    }
    for (const m of text.matchAll(ACCOUNT)) {
      const value = m[1] ?? '';
      const start = m.index + m[0].length - value.length;
      if (countDigits(value) >= 5 && !found.overlaps(start, start + value.length))
        found.push({ kind: 'account', start, end: start + value.length });
    }
    for (const m of text.matchAll(PHONE)) {
      const n = countDigits(m[0]);
      // 9–15 digits (E.164 allows 15); dates and prices have fewer, card numbers were taken above;
      // digits glued to letters ("27-35-116lbs") are measurements, not phone numbers.
      const end = m.index + m[0].length;
      if (n >= 9 && n <= 15 && !/\p{L}/u.test(text[end] ?? '') && !found.overlaps(m.index, end))
        found.push({ kind: 'phone', start: m.index, end });
    }
  }
  // A cue in any case (as on the lower-cased text, without lower-casing it: no character outside
  // ASCII lower-cases into a cue, as "İ" gives "i" only before a combining dot).
  if (NAME_PREFILTER.test(text)) {
    for (const m of [...text.matchAll(NAME_CUE), ...text.matchAll(HONORIFIC)]) {
      const name = m[1] ?? '';
      const first = name.split(/\s+/)[0] ?? '';
      if (NOT_NAMES.has(first)) continue;
      const start = m.index + m[0].length - name.length;
      if (!found.overlaps(start, start + name.length))
        found.push({ kind: 'name', start, end: start + name.length });
    }
  }
  const sign = SIGN_OFF.exec(text);
  if (sign?.[1] && !NOT_NAMES.has(sign[1].split(/\s+/)[0] ?? '')) {
    const s = text.lastIndexOf(sign[1]);
    if (!found.overlaps(s, s + sign[1].length))
      found.push({ kind: 'name', start: s, end: s + sign[1].length });
  }
  if (found.list.length === 0) return { text, redactions: [] };
  const spans = found.list.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of spans) {
    out += text.slice(at, r.start) + PLACEHOLDER[r.kind];
    at = r.end;
  }
  return { text: out + text.slice(at), redactions: spans };
}
