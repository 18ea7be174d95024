// Limits shared by the server, the dashboard and the widget: defined once, enforced everywhere.

/** Size and count limits. */
export const LIMITS = {
  /** Longest comment (characters) accepted in a text answer or feedback record. */
  commentLength: 10_000,
  questionTextLength: 2_000,
  questionsPerSurvey: 200,
  choicesPerQuestion: 100,
  /** Largest JSON body (bytes) accepted by the API. */
  bodyBytes: 1_048_576,
  /** Most records in one batch call. */
  batchSize: 1_000,
  /** Most rows returned by one list page. */
  pageSize: 200,
  /** Responses below this n are flagged "low n" next to their interval. */
  minN: 30,
} as const;
