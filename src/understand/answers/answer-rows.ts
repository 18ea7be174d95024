// Responses for the answer store from COPY text output: the select list both store queries use, and a
// streaming parser (COPY escapes; segments as `->>` gives them; answers parsed as the driver parses jsonb).
import { copyUnescape, jsonbEntries } from '../sums/index.js';
import type { StoreRow } from './answer-store.js';

/**
 * The columns read per response (`r`: responses, `f`: its feedback record, if any), in the order the
 * parser expects; submitted_at as exact epoch microseconds.
 */
export const ANSWER_COLUMNS = `(extract(epoch from r.submitted_at) * 1000000)::bigint, r.id, r.channel, r.touchpoint_id,
  f.stage_id, f.journey_id, coalesce(f.attributes, '{}'), r.metadata, r.answers`;

const id = (s: string) => (s === '\\N' ? null : s);

/** One COPY text line of ANSWER_COLUMNS as a row. */
export function parseAnswerLine(line: string): StoreRow {
  const f = line.split('\t');
  const segments: Array<readonly [string, string]> = [];
  jsonbEntries(copyUnescape(f[6] as string), 'attr.', segments);
  jsonbEntries(copyUnescape(f[7] as string), 'meta.', segments);
  return {
    at: Number(f[0]),
    id: f[1] as string,
    channel: copyUnescape(f[2] as string),
    touchpoint: id(f[3] as string),
    stage: id(f[4] as string),
    journey: id(f[5] as string),
    segments,
    answers: JSON.parse(copyUnescape(f[8] as string)),
  };
}
