// `northstar analyze drivers`: what drives an outcome column.
import { ValidationError } from '../../platform/errors/index.js';
import { analyseDrivers, type DriverAnalysis, type MissingPolicy } from '../stats/index.js';
import { type CsvTable, DEFAULT_MISSING, numericColumn, textColumn } from './csv.js';

/** What drives an outcome: the outcome column, the driver columns and the coding of missing values. */
export interface DriverRequest {
  outcome: string;
  drivers: string[];
  /** Outcome value (text) that counts as 1, making a binary outcome, e.g. 'satisfied'. */
  positive?: string;
  notApplicable?: number[];
  missingPolicy?: MissingPolicy;
  missing?: string[];
  maxExactDrivers?: number;
}

/** Result of `analyseDriversInTable`: the statistics module's analysis plus ranks and context. */
export interface DriverReport extends DriverAnalysis {
  analysis: 'drivers';
  outcomeColumn: string;
  positive: string | null;
  notApplicable: number[];
  rowsInFile: number;
  /** Driver names by importance, most important first. */
  ranking: string[];
}

/** Key-driver analysis of CSV columns: exact Shapley/LMG and Johnson's weights, with signs and performance. */
export function analyseDriversInTable(table: CsvTable, req: DriverRequest): DriverReport {
  if (req.drivers.length === 0) {
    throw new ValidationError('name at least one driver column', [{ name: 'drivers', reason: 'required' }]);
  }
  const missing = req.missing ?? DEFAULT_MISSING;
  let outcome: Float64Array;
  if (req.positive !== undefined) {
    const text = textColumn(table, req.outcome, missing);
    outcome = Float64Array.from(text, (v) => (v === null ? Number.NaN : v === req.positive ? 1 : 0));
    if (!text.includes(req.positive)) {
      const seen = [...new Set(text.filter((v) => v !== null))].slice(0, 10).join("', '");
      throw new ValidationError(`no row has ${req.outcome} = '${req.positive}'; values include '${seen}'`, [
        { name: 'positive', reason: 'value not found' },
      ]);
    }
  } else {
    outcome = numericColumn(table, req.outcome, { missing });
  }
  const drivers = req.drivers.map((name) => ({ name, values: numericColumn(table, name, { missing }) }));
  const opts = {
    notApplicable: req.notApplicable ?? [],
    missing: req.missingPolicy ?? 'listwise',
    ...(req.maxExactDrivers !== undefined ? { maxExactDrivers: req.maxExactDrivers } : {}),
  };
  let result: DriverAnalysis;
  try {
    result = analyseDrivers(outcome, drivers, opts);
  } catch (err) {
    if (err instanceof RangeError)
      throw new ValidationError(err.message, [{ name: 'drivers', reason: err.message }]);
    throw err;
  }
  const importance = (d: DriverAnalysis['drivers'][number]) => d.shapley ?? d.relativeWeight;
  const ranking = [...result.drivers].sort((x, y) => importance(y) - importance(x)).map((d) => d.name);
  return {
    analysis: 'drivers',
    outcomeColumn: req.outcome,
    positive: req.positive ?? null,
    notApplicable: req.notApplicable ?? [],
    rowsInFile: table.rows.length,
    ranking,
    ...result,
  };
}
