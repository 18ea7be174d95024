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

// Scripts that identify a language on their own (first match in this order wins).
const SCRIPTS: Array<[RegExp, string]> = [
  [/[\u3040-\u30ff]/g, 'ja'],
  [/[\uac00-\ud7af]/g, 'ko'],
  [/[\u4e00-\u9fff]/g, 'zh'],
  [/[\u0400-\u04ff]/g, 'ru'],
  [/[\u0600-\u06ff]/g, 'ar'],
  [/[\u0590-\u05ff]/g, 'he'],
  [/[\u0370-\u03ff]/g, 'el'],
  [/[\u0e00-\u0e7f]/g, 'th'],
  [/[\u0900-\u097f]/g, 'hi'],
];
const NON_LATIN =
  /[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/;

/** Identify the language of a comment from its tokenised sentences (and raw text for non-Latin scripts). */
export function detectLanguage(text: string, tokenised: readonly (readonly Token[])[]): LanguageResult {
  const sentences = HAS_LINK.test(text) ? [tokenize(text.replace(LINK, ' '), 1000)] : tokenised;
  if (NON_LATIN.test(text)) {
    let best = '';
    let bestCount = 0;
    for (const [re, lang] of SCRIPTS) {
      const n = text.match(re)?.length ?? 0;
      if (n > bestCount) {
        best = lang;
        bestCount = n;
      }
    }
    let latin = 0;
    for (const tokens of sentences) for (const t of tokens) if (/^[a-z]/.test(t.word)) latin += t.word.length;
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
