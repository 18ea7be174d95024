// `northstar analyze gap` (expectation): perception minus expectation per item.
import { ValidationError } from '../../platform/errors/index.js';
import { type ExpectationGap, sumMoments, summariseExpectationGap } from '../stats/index.js';
import { type CsvTable, DEFAULT_MISSING, numericColumn } from './csv.js';

/** Expectation gap request: perception/expectation column pairs, optional dimensions and weights. */
export interface ExpectationGapRequest {
  pairs: Array<{ perception: string; expectation: string; dimension?: string }>;
  weights?: Record<string, number>;
  level?: number;
  missing?: string[];
}

/** Result of `analyseExpectationGap`. */
export interface ExpectationGapReport extends ExpectationGap {
  analysis: 'gap';
  kind: 'expectation';
}

/** SERVQUAL-style gap P - E per item (paired, rows with both answers), per dimension and overall. */
export function analyseExpectationGap(table: CsvTable, req: ExpectationGapRequest): ExpectationGapReport {
  if (req.pairs.length === 0) {
    throw new ValidationError('give at least one --pair perception:expectation[:dimension]', [
      { name: 'pair', reason: 'required' },
    ]);
  }
  const missing = req.missing ?? DEFAULT_MISSING;
  const items = req.pairs.map((pair) => {
    const p = numericColumn(table, pair.perception, { missing });
    const e = numericColumn(table, pair.expectation, { missing });
    const d: number[] = [];
    for (let r = 0; r < p.length; r++) d.push((p[r] as number) - (e[r] as number));
    return { item: pair.perception, dimension: pair.dimension ?? 'all', gap: sumMoments(d) };
  });
  const opts = {
    ...(req.weights ? { weights: req.weights } : {}),
    ...(req.level ? { level: req.level } : {}),
  };
  return { analysis: 'gap', kind: 'expectation', ...summariseExpectationGap(items, opts) };
}
