// The labelled public sentiment sets in the shared data folder, read as one three-class corpus by domain.
// Evaluation material only: the default model is built from it by scripts/train-default-sentiment.ts,
// and bench/text and the evaluation tests judge models on it; nothing reads it at run time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from './csv.js';

/** Class index of a three-class sentiment label. */
export type SentimentClass = 0 | 1 | 2;

/** Class names in index order. */
export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;

/** One labelled comment of the corpus. */
export interface CorpusRow {
  domain: string;
  text: string;
  label: SentimentClass;
  /** Never trained on by the shipped model: the fixed evaluation part of its domain (about 20%). */
  heldOut: boolean;
}

/** A domain of the corpus: where it comes from and what it is. */
export interface CorpusDomain {
  name: string;
  description: string;
  files: string[];
  /** Attribution line kept with any model trained on it. */
  attribution: string;
}

/** The domains, one per source; held-out parts are rows whose position (or index column) is 4 mod 5. */
export const CORPUS_DOMAINS: readonly CorpusDomain[] = [
  {
    name: 'social-posts',
    description: 'general short social posts (2009), human three-class labels',
    files: ['sentiment-training/tweets-general.csv'],
    attribution:
      'Figure Eight "Sentiment Analysis: Emotion in Text", as republished for Kaggle\'s "Tweet Sentiment Extraction"; CC BY 4.0',
  },
  {
    name: 'business-review-sentences',
    description: 'Yelp business-review sentences and crowd-written adversarial sentences (DynaSent v1.1)',
    files: ['sentiment-training/dynasent-review-sentences.csv'],
    attribution:
      'Potts, Wu, Geiger and Kiela 2020, "DynaSent: A Dynamic Benchmark for Sentiment Analysis" (cgpotts/dynasent), dev and test splits of rounds 1 and 2; CC BY 4.0',
  },
  {
    name: 'polar-sentences',
    description: 'clearly polar sentences from phone, restaurant and film reviews (no neutral class)',
    files: ['sentiment-training/uci-labelled-sentences.csv'],
    attribution:
      'Kotzias, Denil, de Freitas and Smyth, KDD 2015, "From Group to Individual Labels using Deep Features", UCI ML Repository dataset 331; CC BY 4.0',
  },
  {
    name: 'food-reviews',
    description: 'Amazon fine-food reviews, stars 1–2 / 3 / 4–5',
    files: ['sentiment-training/amazon-fine-food.csv'],
    attribution: 'McAuley and Leskovec 2013, SNAP "Amazon Fine Food Reviews"; CC0',
  },
  {
    name: 'clothing-reviews',
    description: "women's clothing e-commerce reviews, stars 1–2 / 3 / 4–5",
    files: ['womens-clothing-reviews/reviews.csv'],
    attribution: 'Kaggle "Women\'s E-Commerce Clothing Reviews" (nicapotato); CC0',
  },
  {
    name: 'airline-reviews',
    description:
      'Skytrax airline lounge and seat reviews, overall rating on a 10-point scale: 1–4 / 5–6 / 7–10',
    files: ['skytrax-reviews/lounge.csv', 'skytrax-reviews/seat.csv'],
    attribution:
      'Skytrax reviews from airlinequality.com (2015), quankiquanki/skytrax-reviews-dataset; CC0 repository',
  },
];

const BY_NAME: Record<string, SentimentClass> = { negative: 0, neutral: 1, positive: 2 };

function fromStars5(stars: number): SentimentClass | undefined {
  if (!Number.isFinite(stars) || stars < 1) return undefined;
  return stars <= 2 ? 0 : stars < 4 ? 1 : 2;
}

function fromRating10(r: number): SentimentClass | undefined {
  if (!Number.isFinite(r) || r < 1) return undefined;
  return r <= 4 ? 0 : r <= 6 ? 1 : 2;
}

function joinText(...parts: Array<string | undefined>): string {
  return parts
    .map((p) => (p ?? '').trim())
    .filter((p) => p !== '')
    .join('. ');
}

/** True when every file of the corpus is in `dataDir`. */
export function corpusPresent(dataDir: string): boolean {
  return CORPUS_DOMAINS.every((d) => d.files.every((f) => existsSync(join(dataDir, f))));
}

/** Read the corpus from the shared data folder (throws when a file is missing: check corpusPresent first). */
export function loadCorpus(dataDir: string): CorpusRow[] {
  const out: CorpusRow[] = [];
  const push = (domain: string, text: string, label: SentimentClass | undefined, heldOut: boolean) => {
    if (label !== undefined && text.trim() !== '') out.push({ domain, text, label, heldOut });
  };
  for (const d of CORPUS_DOMAINS) {
    for (const f of d.files) {
      const table = readCsv(join(dataDir, f));
      if (d.name === 'clothing-reviews') {
        const index = table.columns[0] ?? '';
        for (const r of table.rows) {
          push(
            d.name,
            joinText(r.Title, r['Review Text']),
            fromStars5(Number(r.Rating)),
            Number(r[index]) % 5 === 4,
          );
        }
      } else if (d.name === 'airline-reviews') {
        const seat = f.includes('seat');
        table.rows.forEach((r, i) => {
          const raw = Number(r.overall_rating);
          // Lounge ratings are 1–5 except a few on 1–10; seat ratings are 1–10.
          const r10 = seat || raw > 5 ? raw : raw * 2;
          push(d.name, r.content ?? '', fromRating10(r10), i % 5 === 4);
        });
      } else if (d.name === 'food-reviews') {
        table.rows.forEach((r, i) => {
          push(d.name, joinText(r.summary, r.text), BY_NAME[(r.sentiment ?? '').trim()], i % 5 === 4);
        });
      } else {
        table.rows.forEach((r, i) => {
          push(d.name, r.text ?? '', BY_NAME[(r.sentiment ?? '').trim()], i % 5 === 4);
        });
      }
    }
  }
  return out;
}
