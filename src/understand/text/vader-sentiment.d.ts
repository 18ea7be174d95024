// Types for the untyped `vader-sentiment` package (VADER baseline in evaluations and benchmarks).
declare module 'vader-sentiment' {
  /** VADER polarity scores: negative, neutral, positive shares and the normalised compound. */
  export interface PolarityScores {
    neg: number;
    neu: number;
    pos: number;
    compound: number;
  }
  const vader: {
    SentimentIntensityAnalyzer: { polarity_scores(text: string): PolarityScores };
  };
  export default vader;
}
