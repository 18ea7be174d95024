// Theme taxonomies: themes and sub-themes with keyword/phrase rules matched on stems, aware of negation.
import { type Sentence, type Token, tokenize } from './tokenize.js';

/** A theme (or sub-theme) as an organisation writes it. */
export interface ThemeDefinition {
  /** Stable id, e.g. "delivery" or "delivery.late". */
  id: string;
  /** Display names by language code; "en" is required. */
  name: Record<string, string>;
  /**
   * Words or phrases, any language; matched on light stems, so "deliver" also finds "delivered".
   * A trailing "*" matches any word starting with the prefix ("refund*").
   */
  keywords: string[];
  /**
   * Sub-themes: words that mean this sub-theme only where the parent theme is named in the same
   * sentence ("late" is a late delivery in "the parcel was late", not in "my refund is late").
   */
  contextKeywords?: string[];
  /** A match whose first word is negated ("not rude") is ignored when true (default for sub-themes). */
  ignoreNegated?: boolean;
  subthemes?: ThemeDefinition[];
}

/** A taxonomy file: versioned so results say which taxonomy tagged them. */
export interface Taxonomy {
  version: string;
  themes: ThemeDefinition[];
}

/** A theme found in a comment. */
export interface ThemeMatch {
  id: string;
  name: string;
  parent?: string;
  /** How many times a rule matched. */
  mentions: number;
  /** Indices of the sentences that mention it (for per-theme sentiment). */
  sentences: number[];
  /** Where each mention starts: sentence index and token index, in pairs (for clause-level sentiment). */
  at: number[];
}

interface Rule {
  themeIndex: number;
  stems: string[];
  /** Last element is a prefix, not a whole stem. */
  prefix: boolean;
  /** The phrase itself starts with a negator ("never arrived"): negation is part of the rule. */
  negatorLed: boolean;
  /** Counts only when the parent theme is named in the same sentence (contextKeywords). */
  needsParent: boolean;
}

interface WordRules {
  exact: Rule[];
  prefix: Rule[];
}

const EMPTY: WordRules = { exact: [], prefix: [] };

interface CompiledTheme {
  id: string;
  names: Record<string, string>;
  parent?: string;
  ignoreNegated: boolean;
}

/** A taxonomy ready for matching: rules indexed by their first stem. */
export class CompiledTaxonomy {
  readonly version: string;
  readonly themes: CompiledTheme[] = [];
  private readonly byStem = new Map<string, Rule[]>();
  private readonly prefixRules = new Map<number, Rule[]>();
  private readonly parentIndex: number[] = [];

  constructor(taxonomy: Taxonomy) {
    this.version = taxonomy.version;
    const add = (def: ThemeDefinition, parent?: string) => {
      if (!def.id || !def.name?.en || !Array.isArray(def.keywords)) {
        throw new Error(`theme ${JSON.stringify(def.id ?? '?')} needs an id, an English name and keywords`);
      }
      const themeIndex = this.themes.length;
      this.themes.push({
        id: def.id,
        names: def.name,
        ...(parent ? { parent } : {}),
        ignoreNegated: def.ignoreNegated ?? parent !== undefined,
      });
      if (def.contextKeywords && !parent) {
        throw new Error(
          `theme "${def.id}": contextKeywords are for sub-themes (they need the parent theme named)`,
        );
      }
      const keywords = [
        ...def.keywords.map((kw) => [kw, false] as const),
        ...(def.contextKeywords ?? []).map((kw) => [kw, true] as const),
      ];
      for (const [kw, needsParent] of keywords) {
        const prefix = kw.trim().endsWith('*');
        const tokens = tokenize(kw.replace(/\*\s*$/, ''));
        if (tokens.length === 0) continue;
        const stems = tokens.map((t, i) => (prefix && i === tokens.length - 1 ? t.word : t.stem));
        const rule: Rule = { themeIndex, stems, prefix, negatorLed: isLed(tokens), needsParent };
        if (prefix && stems.length === 1) {
          const key = prefixKey(stems[0] as string);
          this.prefixRules.set(key, [...(this.prefixRules.get(key) ?? []), rule]);
        } else {
          const key = stems[0] as string;
          this.byStem.set(key, [...(this.byStem.get(key) ?? []), rule]);
        }
      }
      for (const sub of def.subthemes ?? []) add(sub, def.id);
    };
    for (const t of taxonomy.themes) add(t);
    for (const t of this.themes)
      this.parentIndex.push(t.parent ? this.themes.findIndex((p) => p.id === t.parent) : -1);
  }

  /** Tag tokenised sentences; a sub-theme match also counts for its parent theme. */
  match(sentences: readonly Sentence[], language = 'en'): ThemeMatch[] {
    const hits = new Map<number, ThemeMatch>();
    const record = (themeIndex: number, sentence: number, token: number) => {
      const theme = this.themes[themeIndex] as CompiledTheme;
      let m = hits.get(themeIndex);
      if (!m) {
        m = {
          id: theme.id,
          name: theme.names[language] ?? theme.names.en ?? theme.id,
          ...(theme.parent ? { parent: theme.parent } : {}),
          mentions: 0,
          sentences: [],
          at: [],
        };
        hits.set(themeIndex, m);
      }
      m.mentions++;
      if (m.sentences[m.sentences.length - 1] !== sentence) m.sentences.push(sentence);
      m.at.push(sentence, token);
      const p = this.parentIndex[themeIndex] ?? -1;
      if (p >= 0) record(p, sentence, token);
    };
    // Context rules wait until the sentence is read: they count only if their parent was named in it.
    const pending: Array<[Rule, number]> = [];
    const hit = (r: Rule, s: number, i: number) => {
      if (r.needsParent) pending.push([r, i]);
      else record(r.themeIndex, s, i);
    };
    sentences.forEach((tokens, s) => {
      pending.length = 0;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] as Token;
        const rules = this.rulesFor(t);
        if (rules === EMPTY) continue;
        for (const r of rules.exact) if (this.matches(r, tokens, i)) hit(r, s, i);
        for (const r of rules.prefix) if (this.allowed(r, t)) hit(r, s, i);
      }
      for (const [r, i] of pending) {
        const parent = hits.get(this.parentIndex[r.themeIndex] ?? -1);
        if (parent && parent.sentences[parent.sentences.length - 1] === s) record(r.themeIndex, s, i);
      }
    });
    return [...hits.values()];
  }

  /** Rules that may start at this word, computed once per distinct word and cached on its WordInfo. */
  private rulesFor(t: Token): WordRules {
    const info = t.info;
    if (info.taxonomyOwner === this) return info.taxonomyRules as WordRules;
    const exact = this.byStem.get(t.stem) ?? [];
    const pre = t.word.length >= 3 ? (this.prefixRules.get(prefixKey(t.word)) ?? []) : [];
    const prefix = pre.filter((r) => t.word.startsWith(r.stems[0] as string));
    const rules = exact.length === 0 && prefix.length === 0 ? EMPTY : { exact, prefix };
    info.taxonomyOwner = this;
    info.taxonomyRules = rules;
    return rules;
  }

  private allowed(rule: Rule, first: Token): boolean {
    return !(
      first.negated &&
      !rule.negatorLed &&
      (this.themes[rule.themeIndex] as CompiledTheme).ignoreNegated
    );
  }

  private matches(rule: Rule, tokens: readonly Token[], at: number): boolean {
    const n = rule.stems.length;
    if (at + n > tokens.length) return false;
    for (let k = 1; k < n; k++) {
      const tok = tokens[at + k] as Token;
      const want = rule.stems[k] as string;
      const last = k === n - 1;
      if (last && rule.prefix ? !tok.word.startsWith(want) : tok.stem !== want) return false;
    }
    return this.allowed(rule, tokens[at] as Token);
  }
}

// Numeric key of a word's first three UTF-16 units: no string allocation per token.
function prefixKey(w: string): number {
  return (w.charCodeAt(0) * 65536 + w.charCodeAt(1)) * 65536 + w.charCodeAt(2);
}

function isLed(tokens: readonly Token[]): boolean {
  // The tokenizer never marks a negator itself as negated, but marks the words after it.
  return tokens.length > 1 && !(tokens[0] as Token).negated && (tokens[1] as Token).negated;
}
