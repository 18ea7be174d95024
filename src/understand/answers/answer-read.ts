// One query: a survey's responses for the answer store, all of them or those committed since a snapshot,
// streamed by COPY in one repeatable-read transaction with the stamp they match.
import { readCopyOut, type Sql } from '../../platform/db/index.js';
import { CopyLines, changedSince, literalUuid } from '../sums/index.js';
import { ANSWER_COLUMNS, parseAnswerLine } from './answer-rows.js';
import type { StoreRow } from './answer-store.js';

/** What the rows read are current as of: the snapshot, and the organisation's counters in it. */
export interface AnswersStamp {
  snapshot: string;
  /** analytics_versions total: moves with every feedback change (a response comes with its record). */
  version: string;
  /** feedback_rewrites total: moves with every update of an analysed column and every delete. */
  rewrites: string;
}

/**
 * Stream the survey's responses to `onRow` (which may throw to stop), with the stamp of the snapshot
 * they were read in: all of them in (submitted_at, id) order, or with `since` the responses whose
 * feedback record was committed after that snapshot (a response and its record are inserted in one
 * statement, so the record's `ingest_xid` is the response's; see migration 0025).
 */
export async function readAnswerRows(
  sql: Sql,
  orgId: string,
  surveyId: string,
  since: string | null,
  onRow: (r: StoreRow) => void,
): Promise<AnswersStamp> {
  const org = literalUuid(orgId);
  const survey = literalUuid(surveyId);
  const query = since
    ? `select ${ANSWER_COLUMNS} from feedback f join responses r on r.org_id = f.org_id and r.id = f.response_id
       where f.org_id = ${org} and f.survey_id = ${survey} and r.survey_id = ${survey}
         and ${changedSince('f.ingest_xid', since)}`
    : `select ${ANSWER_COLUMNS} from responses r
         left join feedback f on f.org_id = r.org_id and f.response_id = r.id
       where r.org_id = ${org} and r.survey_id = ${survey} order by r.submitted_at, r.id`;
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const [stamp] = await tx<AnswersStamp[]>`
      select pg_current_snapshot()::text as snapshot,
        (select coalesce(sum(n), 0) from analytics_versions where org_id = ${orgId})::text as version,
        (select coalesce(sum(n), 0) from feedback_rewrites where org_id = ${orgId})::text as rewrites`;
    const lines = new CopyLines(parseAnswerLine, onRow);
    await readCopyOut(tx.unsafe(`copy (${query}) to stdout`), (chunk) => lines.push(chunk));
    return stamp as AnswersStamp;
  });
}
