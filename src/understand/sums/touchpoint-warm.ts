// The kept pair sums of key drivers across touchpoints that an index computes as it loads, so that a
// page's first read after a load (start-up, or a rebuild after updated or deleted records) is served
// from them: the queries read from the organisation's previous index, and the drivers page's default
// (CSAT at touchpoints explaining the mean NPS in the relationship survey, over the last 12 months and
// over all time).
import type { Sql } from '../../platform/db/index.js';
import { rangeFrom } from '../../shared/date-ranges.js';
import { type PairQuery, pairQueryKey } from './columnar-contact-moments.js';
import { getMirrorSurveyIds } from './mirror-surveys.js';

/** Queries remembered per organisation (as many as an index keeps). */
const REMEMBERED_QUERIES = 16;

/** A query read from an index, with the minimum of contacts per touchpoint it was read with. */
export interface RememberedPairQuery {
  q: PairQuery;
  minContacts: number;
}

/** Remember a query read (most recent last, at most REMEMBERED_QUERIES). */
export function rememberPairQuery(
  remembered: Map<string, RememberedPairQuery>,
  q: PairQuery,
  minContacts: number,
): void {
  const key = pairQueryKey(q);
  remembered.delete(key);
  remembered.set(key, { q, minContacts });
  if (remembered.size > REMEMBERED_QUERIES) remembered.delete(remembered.keys().next().value as string);
}

/** Contacts per touchpoint the drivers page asks for (MIN_TOUCHPOINT_CONTACTS of the analysis). */
const DEFAULT_MIN_CONTACTS = 10;

/** The start of the drivers page's default range, the last 12 months (the page's own `rangeFrom`). */
function lastTwelveMonths(now: Date): Date {
  return new Date(rangeFrom('12m', now) as string);
}

/**
 * The drivers page's default queries across touchpoints: CSAT, the outcome the mean NPS in the first
 * survey with an NPS question named as a relationship survey (else the first with one, in the page's
 * order), mirror surveys and the outcome's own answers left out, over the page's default range (the
 * last 12 months) and over all time. None when no survey has an NPS question.
 */
export async function defaultPairQueries(
  sql: Sql,
  orgId: string,
  now = new Date(),
): Promise<RememberedPairQuery[]> {
  const [mirrors, surveys] = await Promise.all([
    getMirrorSurveyIds(sql, orgId),
    sql<{ id: string; name: string }[]>`
      select s.id::text, s.name from surveys s
      join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
      where s.org_id = ${orgId} and jsonb_path_exists(v.definition, '$.questions[*] ? (@.type == "nps")')
      order by s.created_at, s.name`,
  ]);
  const chosen = surveys.find((s) => /relationship/i.test(s.name)) ?? surveys[0];
  if (!chosen) return [];
  const q = (filter: PairQuery['filter']): RememberedPairQuery => ({
    q: {
      metric: 'csat',
      filter,
      excludeSurveys: [...mirrors, chosen.id],
      outcome: { surveyId: chosen.id },
    },
    minContacts: DEFAULT_MIN_CONTACTS,
  });
  return [q({ equals: [], from: lastTwelveMonths(now) }), q({ equals: [] })];
}
