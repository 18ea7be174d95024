// Limits shared by the server, the dashboard and the widget: defined once, enforced everywhere.

/** Size and count limits. */
export const LIMITS = {
  /** Longest comment (characters) accepted in a text answer or feedback record. */
  commentLength: 10_000,
  questionTextLength: 2_000,
  /** Default longest answer (characters) to a short (one-line) text question. */
  shortTextLength: 500,
  /** Most rows of a matrix, or attributes of an expectation/importance pair question. */
  rowsPerQuestion: 50,
  /** Most endings of one survey. */
  endingsPerSurvey: 20,
  /** Deepest nesting of a logic condition (all/any/not). */
  conditionDepth: 5,
  questionsPerSurvey: 200,
  choicesPerQuestion: 100,
  /** Largest JSON body (bytes) accepted by the API. */
  bodyBytes: 1_048_576,
  /** Largest file (bytes of JSON body) that `POST /api/v1/imports` takes; the CLI has no limit. */
  importBodyBytes: 33_554_432,
  /** Most records in one batch call. */
  batchSize: 1_000,
  /** Most rows returned by one list page. */
  pageSize: 200,
  /** Responses below this n are flagged "low n" next to their interval. */
  minN: 30,
  /** Largest survey-page or widget JSON body (bytes) from the public. */
  publicBodyBytes: 65_536,
  /** Public survey endpoints: requests per minute per IP. */
  publicRatePerMinute: 120,
  /** Widget budgets (bytes, gzip), enforced by a test. */
  widgetLoaderGzipBytes: 3_072,
  widgetRendererGzipBytes: 15_360,
  /** Hosted survey page: JavaScript and CSS together (bytes, gzip), enforced by a test. */
  hostedAssetsGzipBytes: 20_480,
} as const;
