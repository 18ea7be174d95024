// Fast language identification from function words (Latin-script languages) and Unicode scripts (others).
import { type Token, tokenize } from './tokenize.js';

// Links and handles carry no language ("com" in a link is not Portuguese): they are left out.
// Each pattern starts at a literal and runs over non-spaces, so the scan stays linear on any input.
const LINK = /(?:https?:\/\/|www\.)\S*|@\w+/gi;
const HAS_LINK = /https?:\/\/|www\.|@\w/i;

/** Detected language: ISO 639-1 code or "und" when the text carries too little evidence. */
export interface LanguageResult {
  language: string;
  /** Share of the evidence that points to `language` (0 … 1). */
  confidence: number;
  /** Set when a second language carries a large share of the evidence (mixed-language comment). */
  secondary?: string;
}

// Frequent, distinctive function words (diacritics folded). A word shared by several languages
// splits its vote among them, so "de" alone decides nothing.
const FUNCTION_WORDS: Record<string, string> = {
  en: 'the and is was it to of in that this with for not but are very my you they have had be were at so would just too we our me there from what when your can will all been because im its on out get got do going up now dont cant about how like why where as u',
  fr: 'le la les de en et est un une des du pas tres pour que qui dans avec sur au aux ce cette il elle je nous vous mais bien sont ete etait tout peu trop ai mon ma mes leur sont avons jamais rien toujours',
  de: 'der die das und ist nicht ich sehr mit fur auf war ein eine zu es sie wir auch aber den dem bei noch nur schon wie hat sind immer',
  es: 'el los las y es muy pero con por para una que no lo del se fue su mas esta estaba todo bien como al mi nos hay son siempre',
  it: 'il lo gli e non molto con per che una sono della del ma anche piu questo era mi ho tutto bene come al nel da ci sempre',
  pt: 'o os as e nao muito com por para uma que do da dos mas foi mais esta bem como no na em meu minha tem isso sempre',
  nl: 'de het een en is niet zeer met voor van op dat die ik we maar ook was heel erg zijn te naar bij nog wel geen altijd',
};

const LANGS = Object.keys(FUNCTION_WORDS);
// Word → vote per language (index into LANGS); a shared word splits one vote.
const VOTES = new Map<string, Float64Array>();
LANGS.forEach((lang, li) => {
  for (const w of (FUNCTION_WORDS[lang] as string).split(' ')) {
    const v = VOTES.get(w) ?? new Float64Array(LANGS.length);
    v[li] = 1;
    VOTES.set(w, v);
  }
});
for (const v of VOTES.values()) {
  const n = v.reduce((a, b) => a + b, 0);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / n;
}

// Scripts that identify a language on their own, as code-unit ranges (on a tie the first in this
// order wins).
const SCRIPTS: ReadonlyArray<readonly [number, number, string]> = [
  [0x3040, 0x30ff, 'ja'],
  [0xac00, 0xd7af, 'ko'],
  [0x4e00, 0x9fff, 'zh'],
  [0x0400, 0x04ff, 'ru'],
  [0x0600, 0x06ff, 'ar'],
  [0x0590, 0x05ff, 'he'],
  [0x0370, 0x03ff, 'el'],
  [0x0e00, 0x0e7f, 'th'],
  [0x0900, 0x097f, 'hi'],
];
const scriptCounts = new Int32Array(SCRIPTS.length);

// Code units of `text` in each script of SCRIPTS, in one pass.
function countScripts(text: string): Int32Array {
  scriptCounts.fill(0);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x0370) continue;
    for (let k = 0; k < SCRIPTS.length; k++) {
      const r = SCRIPTS[k] as readonly [number, number, string];
      if (c >= r[0] && c <= r[1]) {
        scriptCounts[k] = (scriptCounts[k] as number) + 1;
        break;
      }
    }
  }
  return scriptCounts;
}
const NON_LATIN =
  /[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/;

/** Identify the language of a comment from its tokenised sentences (and raw text for non-Latin scripts). */
export function detectLanguage(text: string, tokenised: readonly (readonly Token[])[]): LanguageResult {
  const sentences = HAS_LINK.test(text) ? [tokenize(text.replace(LINK, ' '), 1000)] : tokenised;
  if (NON_LATIN.test(text)) {
    let best = '';
    let bestCount = 0;
    const counts = countScripts(text);
    for (let k = 0; k < SCRIPTS.length; k++) {
      const n = counts[k] as number;
      if (n > bestCount) {
        best = (SCRIPTS[k] as readonly [number, number, string])[2];
        bestCount = n;
      }
    }
    let latin = 0;
    for (const tokens of sentences)
      for (const t of tokens) {
        const c = t.word.charCodeAt(0);
        if (c >= 97 && c <= 122) latin += t.word.length;
      }
    if (bestCount >= latin) return { language: best, confidence: bestCount / (bestCount + latin) };
  }
  const score = new Float64Array(LANGS.length);
  let total = 0;
  for (const tokens of sentences) {
    for (const t of tokens) {
      let votes = t.info.languageVotes;
      if (votes === undefined) {
        votes = VOTES.get(t.word) ?? null;
        t.info.languageVotes = votes;
      }
      if (!votes) continue;
      for (let i = 0; i < votes.length; i++) score[i] = (score[i] as number) + (votes[i] as number);
      total++;
    }
  }
  if (total === 0) return { language: 'und', confidence: 0 };
  let first = -1;
  let firstScore = 0;
  let second = -1;
  let secondScore = 0;
  for (let i = 0; i < score.length; i++) {
    const s = score[i] as number;
    if (s > firstScore) {
      second = first;
      secondScore = firstScore;
      first = i;
      firstScore = s;
    } else if (s > secondScore) {
      second = i;
      secondScore = s;
    }
  }
  // One shared function word ("no", "de") is not evidence of anything.
  if (first < 0 || firstScore < 1 || firstScore === secondScore)
    return { language: 'und', confidence: firstScore / total };
  const result: LanguageResult = { language: LANGS[first] as string, confidence: firstScore / total };
  if (second >= 0 && secondScore >= 2 && secondScore >= 0.35 * firstScore)
    result.secondary = LANGS[second] as string;
  return result;
}
