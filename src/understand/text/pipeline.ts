// The enrichment pipeline: one runner, with language, PII, sentiment and themes plugged in as specs.
import { splitSentences, type TextClassifier } from './model/classifier.js';
import { detectLanguage, type LanguageResult } from './model/language.js';
import {
  hasMultiLexicon,
  lexiconSum,
  MULTI_LEXICON_VERSION,
  scoreWithMultiLexicon,
} from './model/multi-lexicon.js';
import { type SentimentResult, scoreClause, scoreSentences } from './model/sentiment.js';
import type { CompiledTaxonomy } from './model/taxonomy.js';
import { type Sentence, type Token, tokenize } from './model/tokenize.js';
import { findPlaceholders, type Redaction, redactPii } from './pii.js';

/** Longest comment analysed; longer text is cut there and the result says so. */
export const MAX_COMMENT_CHARS = 5_000;
/** Most words analysed per comment (about 5,000 characters of prose); beyond, the text is cut. */
export const MAX_COMMENT_TOKENS = 1_000;
/** Most sentences analysed per comment; beyond, the text is cut. */
export const MAX_COMMENT_SENTENCES = 200;

/** A theme found in a comment, with the sentiment of the sentences that mention it. */
export interface ThemeResult {
  id: string;
  name: string;
  parent?: string;
  mentions: number;
  /** Mean sentence score (−1 … 1) over the sentences that mention the theme; absent without sentiment. */
  sentiment?: number;
  /** "model" when a trained theme classifier found it (with its probability); absent for taxonomy rules. */
  source?: 'model';
  probability?: number;
}

/** Everything the pipeline learns about one comment. */
export interface EnrichmentResult {
  /** The analysed text after capping and redaction (the original is never returned). */
  text: string;
  /** Characters in the input before capping. */
  originalLength: number;
  truncated: boolean;
  /** Set when the input was not text (binary) or empty; the other fields then hold neutral defaults. */
  skipped?: 'empty' | 'binary';
  language?: LanguageResult;
  redactions?: Redaction[];
  sentiment?: SentimentResult | null;
  /** Why sentiment is null (e.g. no model for the comment's language). */
  sentimentNote?: string;
  themes?: ThemeResult[];
  /** Version of every spec that ran, e.g. { sentiment: "default-en@1.0.0", themes: "starter@1.0.0" }. */
  versions: Record<string, string>;
}

/** What specs share while one comment goes through the pipeline. */
export class EnrichmentContext {
  text: string;
  private cache: { spans: Array<[number, number]>; sentences: Sentence[] } | undefined;
  sentenceScores: Float64Array | undefined;
  /** Sentiment score (−1 … 1) of a run of tokens read as one sentence; set by the sentiment spec. */
  clauseScore: ((tokens: readonly Token[]) => number) | undefined;
  /** Set when the token or sentence cap cut the text: the offset analysis stopped at. */
  cutAt: number | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /** Replace the text (e.g. after redaction); tokens are recomputed on next use. */
  setText(text: string): void {
    if (text !== this.text) {
      this.text = text;
      this.cache = undefined;
    }
  }

  /** Sentence spans and tokens of the current text, computed once. */
  get tokens(): { spans: Array<[number, number]>; sentences: Sentence[] } {
    if (!this.cache) {
      const spans = splitSentences(this.text);
      const sentences: Sentence[] = [];
      let count = 0;
      for (let i = 0; i < spans.length; i++) {
        const [a, b] = spans[i] as [number, number];
        if (i >= MAX_COMMENT_SENTENCES || count >= MAX_COMMENT_TOKENS) {
          this.cutAt = a;
          spans.length = i;
          break;
        }
        const tokens = tokenize(this.text.slice(a, b), MAX_COMMENT_TOKENS - count);
        count += tokens.length;
        sentences.push(tokens);
        if (count >= MAX_COMMENT_TOKENS && i + 1 < spans.length) {
          this.cutAt = b;
          spans.length = i + 1;
          break;
        }
      }
      this.cache = { spans, sentences };
    }
    return this.cache;
  }
}

/** One enrichment step: a name, a version stamped on results, and what it adds to a result. */
export interface EnrichmentSpec {
  name: string;
  version: string;
  apply(ctx: EnrichmentContext, result: EnrichmentResult): void;
}

/** Language detection spec. */
export function languageSpec(): EnrichmentSpec {
  return {
    name: 'language',
    version: 'function-words@2',
    apply(ctx, result) {
      result.language = detectLanguage(ctx.text, ctx.tokens.sentences);
    },
  };
}

/** PII redaction spec: later specs see only the redacted text. */
export function piiSpec(): EnrichmentSpec {
  return {
    name: 'pii',
    version: 'pii@1',
    apply(ctx, result) {
      const earlier = findPlaceholders(ctx.text);
      const r = redactPii(ctx.text);
      ctx.setText(r.text);
      result.text = r.text;
      result.redactions = earlier.length > 0 ? [...earlier, ...r.redactions] : r.redactions;
    },
  };
}

/** Sentiment spec; comments in a language the model was not trained on get `null` and a note. */
export function sentimentSpec(model: TextClassifier): EnrichmentSpec {
  if (model.file.kind !== 'sentiment') {
    throw new Error(`model ${model.file.version} is a ${model.file.kind} model, not a sentiment model`);
  }
  const modelLanguage = model.file.language;
  return {
    name: 'sentiment',
    version: model.file.version,
    apply(ctx, result) {
      const lang = result.language;
      if (
        lang &&
        lang.language !== 'und' &&
        lang.language !== modelLanguage &&
        lang.secondary !== modelLanguage &&
        modelLanguage !== 'any'
      ) {
        const { spans, sentences } = ctx.tokens;
        if (hasMultiLexicon(lang.language)) {
          // A word list instead of a model: lower confidence, said so on the result.
          const language = lang.language;
          ctx.sentenceScores = new Float64Array(sentences.length);
          result.sentiment = {
            ...scoreWithMultiLexicon(language, spans, sentences, ctx.sentenceScores),
            confidence: 'low',
          };
          ctx.clauseScore = (tokens) => Math.tanh(lexiconSum(language, tokens) / 4);
          result.sentimentNote = `lower confidence: word-list sentiment (${MULTI_LEXICON_VERSION}) for language "${language}"; train a model with \`northstar text train\``;
          return;
        }
        result.sentiment = null;
        result.sentimentNote = `no sentiment model for language "${lang.language}" (the model is "${modelLanguage}"); train one with \`northstar text train\``;
        return;
      }
      const { spans, sentences } = ctx.tokens;
      ctx.sentenceScores = new Float64Array(sentences.length);
      result.sentiment = scoreSentences(model, spans, sentences, ctx.sentenceScores);
      ctx.clauseScore = (tokens) => scoreClause(model, tokens);
    },
  };
}

const CLAUSE_KEY = MAX_COMMENT_TOKENS + 1;

/**
 * Sentiment of a theme's mentions: the mean score of the clauses that mention it. A sentence with a
 * contrast word ("but", "however", "although", "mais") is cut there, so in "the staff were lovely but
 * the refund took six weeks" staff takes the first clause's score and refunds the second's; other
 * sentences count whole. Each clause counts once however often the theme is mentioned in it.
 */
export function aspectSentiment(
  at: readonly number[],
  sentences: readonly Sentence[],
  sentenceScores: Float64Array,
  clauseScore: ((tokens: readonly Token[]) => number) | undefined,
  clauses?: Map<number, number>,
): number | undefined {
  let sum = 0;
  let n = 0;
  let lastSentence = -1;
  let lastClause = -1;
  for (let k = 0; k + 1 < at.length; k += 2) {
    const s = at[k] as number;
    const i = at[k + 1] as number;
    const tokens = sentences[s] ?? [];
    // Clause bounds around token i: the nearest contrast words before and after it.
    let a = i;
    while (a > 0 && !(tokens[a - 1] as Token).info.breaker) a--;
    let b = i;
    while (b < tokens.length && !(tokens[b] as Token).info.breaker) b++;
    if (s === lastSentence && a === lastClause) continue;
    lastSentence = s;
    lastClause = a;
    const whole = a === 0 && b === tokens.length;
    let v: number;
    if (whole || !clauseScore) v = sentenceScores[s] as number;
    else {
      // Themes sharing a clause share its score (a clause starts at a < MAX_COMMENT_TOKENS).
      const key = s * CLAUSE_KEY + a;
      const known = clauses?.get(key);
      if (known !== undefined) v = known;
      else {
        v = clauseScore(tokens.slice(a, b));
        clauses?.set(key, v);
      }
    }
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : undefined;
}

/** Theme tagging spec with the organisation's taxonomy. */
export function themesSpec(taxonomy: CompiledTaxonomy): EnrichmentSpec {
  return {
    name: 'themes',
    version: taxonomy.version,
    apply(ctx, result) {
      const lang = result.language?.language;
      const matches = taxonomy.match(ctx.tokens.sentences, lang && lang !== 'und' ? lang : 'en');
      const clauses = new Map<number, number>();
      result.themes = matches.map((m) => {
        const t: ThemeResult = { id: m.id, name: m.name, mentions: m.mentions };
        if (m.parent) t.parent = m.parent;
        const scores = ctx.sentenceScores;
        if (scores) {
          const v = aspectSentiment(m.at, ctx.tokens.sentences, scores, ctx.clauseScore, clauses);
          if (v !== undefined) t.sentiment = v;
        }
        return t;
      });
    },
  };
}

/**
 * Theme classifier spec (a model trained by `northstar text train --themes`): adds each theme whose
 * probability reaches the model's threshold, beside (not instead of) the taxonomy's themes.
 */
export function themeModelSpec(model: TextClassifier): EnrichmentSpec {
  const thresholds = model.file.thresholds ?? model.classes.map(() => 0.5);
  const out = new Float64Array(model.classes.length);
  return {
    name: 'themeModel',
    version: model.file.version,
    apply(ctx, result) {
      const margins = model.margins(ctx.tokens.sentences, out);
      const found: ThemeResult[] = [];
      model.classes.forEach((c, i) => {
        const p = 1 / (1 + Math.exp(-((margins[i] as number) + c.bias)));
        if (p >= (thresholds[i] ?? 0.5))
          found.push({ id: c.label, name: c.label, mentions: 1, source: 'model', probability: p });
      });
      result.themes = [...(result.themes ?? []).filter((t) => t.source !== 'model'), ...found];
    },
  };
}

// C0 controls other than tab/newline/carriage return, and U+FFFD from undecodable bytes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point here.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/g;

/** Make arbitrary input safe to analyse: a string, capped at `max` characters, controls removed. */
export function sanitiseInput(
  input: unknown,
  max = MAX_COMMENT_CHARS,
): { text: string; originalLength: number; truncated: boolean; binary: boolean } {
  const raw = typeof input === 'string' ? input : input == null ? '' : String(input);
  const originalLength = raw.length;
  let text = raw.length > max ? raw.slice(0, max) : raw;
  // Do not leave half a surrogate pair at the cut.
  const last = text.charCodeAt(text.length - 1);
  if (raw.length > max && last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
  let binary = false;
  if (CONTROL.test(text)) {
    CONTROL.lastIndex = 0;
    const controls = text.match(CONTROL)?.length ?? 0;
    binary = controls > text.length * 0.1;
    text = text.replace(CONTROL, ' ');
  }
  return { text, originalLength, truncated: raw.length > max, binary };
}

/** Options of a pipeline. */
export interface PipelineOptions {
  sentiment?: TextClassifier;
  taxonomy?: CompiledTaxonomy;
  /** A theme classifier trained from hand-tagged comments, run after the taxonomy. */
  themeModel?: TextClassifier;
  maxChars?: number;
  /** Run PII redaction (default true). */
  redact?: boolean;
}

/** A configured runner: `run` enriches one comment and never throws on bad input. */
export interface Pipeline {
  specs: EnrichmentSpec[];
  /** Version of every spec, for staleness checks ("is this stored result older than the pipeline?"). */
  versions: Record<string, string>;
  run(input: unknown): EnrichmentResult;
}

/** Build the pipeline from specs: PII → language → sentiment → themes → theme model (each optional but language). */
export function createPipeline(options: PipelineOptions = {}): Pipeline {
  // PII first: no later step (nor its caches) sees personal data, and the text is tokenised once.
  const specs: EnrichmentSpec[] = [];
  if (options.redact !== false) specs.push(piiSpec());
  specs.push(languageSpec());
  if (options.sentiment) specs.push(sentimentSpec(options.sentiment));
  if (options.taxonomy) specs.push(themesSpec(options.taxonomy));
  if (options.themeModel) specs.push(themeModelSpec(options.themeModel));
  return runSpecs(specs, options.maxChars ?? MAX_COMMENT_CHARS);
}

/** The one runner: feeds each comment through the given specs in order. */
export function runSpecs(specs: EnrichmentSpec[], maxChars = MAX_COMMENT_CHARS): Pipeline {
  const versions = Object.fromEntries(specs.map((s) => [s.name, s.version]));
  return {
    specs,
    versions,
    run(input) {
      const clean = sanitiseInput(input, maxChars);
      const result: EnrichmentResult = {
        text: clean.binary ? '' : clean.text,
        originalLength: clean.originalLength,
        truncated: clean.truncated,
        versions,
      };
      if (clean.binary) {
        result.skipped = 'binary';
        return result;
      }
      if (clean.text.trim() === '') result.skipped = 'empty';
      const ctx = new EnrichmentContext(clean.text);
      for (const spec of specs) spec.apply(ctx, result);
      if (ctx.cutAt !== undefined) result.truncated = true;
      return result;
    },
  };
}

/** True when a stored result was produced by other spec versions than `current` (so it should be redone). */
export function isStale(
  stored: Record<string, string> | undefined,
  current: Record<string, string>,
): boolean {
  if (!stored) return true;
  return Object.entries(current).some(([k, v]) => stored[k] !== v);
}

/** Flatten tokens of all sentences, for callers that do not care about sentence boundaries. */
export function allTokens(sentences: readonly Sentence[]): Token[] {
  return sentences.flat();
}
