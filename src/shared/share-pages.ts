// The dashboard pages a read-only share link may show (no zod here: the dashboard's first load imports it).

/** Dashboard pages that may be shared: analytics only (no responses, contacts, cases or settings). */
export const SHAREABLE_PAGES = [
  '/',
  '/journeys',
  '/drivers',
  '/gaps',
  '/text',
  '/value',
  '/programme',
] as const;
