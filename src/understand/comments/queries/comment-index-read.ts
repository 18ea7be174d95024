// Query: an organisation's comments for the comment index, all of them or those inserted or re-enriched
// since a snapshot, streamed by COPY in one repeatable-read transaction with the stamp they match.
import { readCopyOut, type Sql } from '../../../platform/db/index.js';
import { CopyLines, changedSince, copyUnescape, jsonbEntries, literalUuid } from '../../sums/index.js';
import { parseTsvector } from '../comment-words.js';

/** One comment as the index keeps it. */
export interface CommentIndexRow {
  id: string;
  /** occurred_at in microseconds since the epoch (exact in a double until the year 2255). */
  at: number;
  survey: string | null;
  touchpoint: string | null;
  channel: string | null;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  /** rating as float8 (what a comparison with a float8 bound sees) and as numeric (what sums add). */
  rating: number | null;
  ratingNumeric: number | null;
  /** Contact attributes, each as `->>` gives it (nulls left out). */
  attributes: Array<readonly [string, string]>;
  /** enrichment.sentiment.label. */
  sentiment: string | null;
  /** Enriched and not skipped: counted by theme impact and trend. */
  counted: boolean;
  /** length(text) between 40 and 400 (verbatims read those first). */
  readable: boolean;
  /**
   * Each element of enrichment.themeIds: its aspect score (theme_aspect), whether themes[] has an element
   * with its id, that element's mentions and absolute sentence sentiment (what verbatims rank by), and
   * whether the aspect score has at most 9 decimals (its sums can then be exact).
   */
  themes: Array<readonly [string, number | null, boolean, number | null, number, boolean?]>;
  /** `to_tsvector('simple', text)`: each lexeme with its positions (what the word filter matches). */
  words: Array<[string, number[]]>;
}

/** What the rows read are current as of: the snapshot, and the organisation's rewrite counter in it. */
export interface CommentIndexStamp {
  snapshot: string;
  rewrites: string;
}

// Theme elements as [id, aspect, listed, mentions, |sentiment|, aspect has at most 9 decimals]: the same
// theme_aspect the scan of theme impact reads, and the element of themes[] the verbatims query picks (the
// first with the id).
const COLUMNS = `f.id, (extract(epoch from f.occurred_at) * 1000000)::bigint, f.survey_id, f.touchpoint_id, f.channel,
  f.nps, f.csat, f.ces, f.rating::float8, f.rating::numeric::float8, f.attributes,
  f.enrichment -> 'sentiment' ->> 'label',
  f.enrichment is not null and f.enrichment ->> 'skipped' is null,
  length(f.text) between 40 and 400,
  (select coalesce(jsonb_agg(jsonb_build_array(i.id, asp.a::float8, th.x is not null,
      (th.x ->> 'mentions')::int, abs(coalesce((th.x ->> 'sentiment')::float8, 0)),
      asp.a is null or asp.a = round(asp.a, 9)) order by i.n), '[]')
    from jsonb_array_elements_text(case when jsonb_typeof(f.enrichment -> 'themeIds') = 'array'
      then f.enrichment -> 'themeIds' else '[]' end) with ordinality as i(id, n)
      cross join lateral (select theme_aspect(f.enrichment, i.id) as a) as asp
      left join lateral (
        select x from jsonb_array_elements(case when jsonb_typeof(f.enrichment -> 'themes') = 'array'
          then f.enrichment -> 'themes' else '[]' end) as x
        where x ->> 'id' = i.id limit 1
      ) as th on true),
  to_tsvector('simple', f.text)`;

const text = (s: string) => (s === '\\N' ? null : copyUnescape(s));
const num = (s: string) => (s === '\\N' ? null : Number(s));

/** One COPY text line of COLUMNS as a row. */
export function parseCommentLine(line: string): CommentIndexRow {
  const f = line.split('\t');
  const attributes: Array<readonly [string, string]> = [];
  jsonbEntries(copyUnescape(f[10] as string), '', attributes);
  return {
    id: f[0] as string,
    at: Number(f[1]),
    survey: text(f[2] as string),
    touchpoint: text(f[3] as string),
    channel: text(f[4] as string),
    nps: num(f[5] as string),
    csat: num(f[6] as string),
    ces: num(f[7] as string),
    rating: num(f[8] as string),
    ratingNumeric: num(f[9] as string),
    attributes,
    sentiment: text(f[11] as string),
    counted: f[12] === 't',
    readable: f[13] === 't',
    themes: JSON.parse(copyUnescape(f[14] as string)) as CommentIndexRow['themes'],
    words: parseTsvector(copyUnescape(f[15] as string)),
  };
}

/**
 * Stream the organisation's comments (records with a text) to `onRow`, in time order when all are read (which may throw to stop), with the
 * stamp of the snapshot they were read in. With `since`, only those inserted (ingest_xid, migration 0025)
 * or whose enrichment changed (enriched_xid, migration 0036) in transactions that snapshot did not see.
 */
export async function readCommentRows(
  sql: Sql,
  orgId: string,
  since: string | null,
  onRow: (r: CommentIndexRow) => void,
): Promise<CommentIndexStamp> {
  const org = literalUuid(orgId);
  const newer = changedSince;
  // A catch-up reads the rows of the two xid indexes first, then keeps those with a text, unordered: said
  // in one condition, the planner intersects them with the whole word index (its condition is `text is
  // not null`), and asked for time order, it walks every comment down the time index (0.5 s at 150,000).
  const source = since
    ? `(with c as materialized (
         select * from feedback f where f.org_id = ${org}
           and (${newer('f.ingest_xid', since)} or ${newer('f.enriched_xid', since)})
       ) select * from c)`
    : 'feedback';
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const [stamp] = await tx<CommentIndexStamp[]>`
      select pg_current_snapshot()::text as snapshot,
        (select coalesce(sum(n), 0) from feedback_rewrites where org_id = ${orgId})::text as rewrites`;
    const lines = new CopyLines(parseCommentLine, onRow);
    await readCopyOut(
      tx.unsafe(
        `copy (select ${COLUMNS} from ${source} f where f.org_id = ${org} and f.text is not null
          ${since ? '' : 'order by f.occurred_at'}) to stdout`,
      ),
      (chunk) => lines.push(chunk),
    );
    lines.end();
    return stamp as CommentIndexStamp;
  });
}
