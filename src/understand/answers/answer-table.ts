// The answers an analysis reads, as columns: from the rows SQL returns or from the in-memory answer store.
// Both give the same values in the same order (newest first), so the analyses give the same results.

import { attributeNumber, itemValue, pairValue } from './items.js';
import type { AnswerRow } from './survey-answers.js';

/** The responses of one read, newest first: each column holds one value per response (NaN when missing). */
export interface AnswerTable {
  readonly length: number;
  /** `itemValue` of each response (a question id, or `questionId.rowId`). A new array each call. */
  item(id: string): Float64Array;
  /** `pairValue` of each response. A new array each call. */
  pair(questionId: string, attributeId: string, part: string): Float64Array;
  /** `attributeNumber` of the contact attribute on each response's feedback record (read with `attributes`). */
  attribute(name: string): Float64Array;
  /** The touchpoint of each response. */
  touchpoints(): ReadonlyArray<string | null>;
}

/** The table of rows read by SQL (`getSurveyAnswers`). */
export function tableFromRows(rows: readonly AnswerRow[]): AnswerTable {
  const column = (f: (r: AnswerRow) => number) => {
    const out = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = f(rows[k] as AnswerRow);
    return out;
  };
  return {
    length: rows.length,
    item: (id) => column((r) => itemValue(r.answers, id)),
    pair: (q, a, part) => column((r) => pairValue(r.answers, q, a, part)),
    attribute: (name) => column((r) => attributeNumber(r.attributes[name])),
    touchpoints: () => rows.map((r) => r.touchpointId),
  };
}
