// What the reader of a share link may call: GET requests of the analytics that the shareable pages show,
// for the link's organisation only (the principal carries its org id, and every query is scoped by it).
// No raw feedback, responses, contacts, cases, users, keys or settings; no writes of any kind.

/** Route URLs (as in the route table) a share link's reader may GET. */
export const SHARE_READS: ReadonlySet<string> = new Set([
  '/api/v1/journeys',
  '/api/v1/journeys/:id',
  '/api/v1/touchpoints',
  '/api/v1/touchpoints/:id',
  '/api/v1/surveys',
  '/api/v1/scores',
  '/api/v1/scores/overview',
  '/api/v1/analytics/slice',
  '/api/v1/analytics/compare',
  '/api/v1/analytics/movers',
  '/api/v1/analytics/settings',
  '/api/v1/analytics/drivers',
  '/api/v1/analytics/expectation-gap',
  '/api/v1/analytics/ipa',
  '/api/v1/analytics/delivery-gap',
  '/api/v1/analytics/coverage',
  '/api/v1/text/taxonomy',
  '/api/v1/text/themes/impact',
  '/api/v1/text/themes/trend',
  '/api/v1/text/themes/suggestions',
  '/api/v1/value/summary',
  '/api/v1/value/satisfied-defectors',
  '/api/v1/value/revenue-at-risk',
  '/api/v1/programme/maturity',
]);

/** Whether a share link's reader may make this request. */
export function shareMayCall(method: string, url: string): boolean {
  return method === 'GET' && SHARE_READS.has(url);
}
