// The kept pair sums of key drivers across touchpoints that an index computes as it loads, so that a
// page's first read after a load (start-up, or a rebuild after updated or deleted records) is served
// from them: the queries read from the organisation's previous index, and the drivers page's default
// (CSAT at touchpoints explaining the mean NPS in the relationship survey, no filter).
import type { Sql } from '../../platform/db/index.js';
import { type PairQuery, pairQueryKey } from './columnar-contact-moments.js';
import { type ColumnarIndex, NONE } from './columnar-index.js';
import { getMirrorSurveyIds } from './mirror-surveys.js';

/** Queries remembered per organisation (as many as an index keeps). */
export const REMEMBERED_QUERIES = 16;

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

/**
 * The drivers page's default query across touchpoints: CSAT, the outcome the mean NPS in the survey
 * named as a relationship survey (else the survey with the most NPS answers), mirror surveys and the
 * outcome's own answers left out, no filter. Null when no survey has NPS answers.
 */
export async function defaultPairQuery(
  sql: Sql,
  orgId: string,
  ix: ColumnarIndex,
): Promise<RememberedPairQuery | null> {
  const [mirrors, surveys] = await Promise.all([
    getMirrorSurveyIds(sql, orgId),
    sql<{ id: string; name: string }[]>`
      select id::text, name from surveys where org_id = ${orgId} and mirror_of is null order by created_at, id`,
  ]);
  const codes = ix.entities.survey;
  const npsAnswers = new Float64Array(codes.values.length);
  const survey = codes.data;
  for (let i = 0; i < ix.length; i++)
    if (ix.nps[i] !== NONE) npsAnswers[survey[i] as number] = (npsAnswers[survey[i] as number] as number) + 1;
  const answered = surveys
    .map((s) => ({ ...s, n: npsAnswers[codes.codeOf(s.id.toLowerCase())] ?? 0 }))
    .filter((s) => s.n > 0);
  const chosen =
    answered.find((s) => /relationship/i.test(s.name)) ??
    answered.reduce<(typeof answered)[number] | undefined>((a, s) => (a && a.n >= s.n ? a : s), undefined);
  if (!chosen) return null;
  return {
    q: {
      metric: 'csat',
      filter: { equals: [] },
      excludeSurveys: [...mirrors, chosen.id],
      outcome: { surveyId: chosen.id },
    },
    minContacts: DEFAULT_MIN_CONTACTS,
  };
}
