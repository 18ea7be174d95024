// `northstar analyze gap` (delivery): internal ratings against the customers'.
import { ValidationError } from '../../platform/errors/index.js';
import { analyseDeliveryGap, type DeliveryGap, type ProportionCounts, sumMoments } from '../stats/index.js';
import { type CsvTable, DEFAULT_MISSING, numericColumn, textColumn } from './csv.js';
import { allRows } from './metric.js';

/** Delivery gap request: a column telling internal from customer rows, item columns, optional "superior" item. */
export interface DeliveryGapRequest {
  groupColumn: string;
  internal: string;
  customer: string;
  items: string[];
  /** Column answering "do we deliver / did you get a superior experience"; rows >= superiorMin count as yes. */
  superior?: string;
  superiorMin?: number;
  q?: number;
  level?: number;
  missing?: string[];
}

/** Result of `analyseDeliveryGapInTable`. */
export interface DeliveryGapReport extends DeliveryGap {
  analysis: 'gap';
  kind: 'delivery';
  nInternal: number;
  nCustomer: number;
}

/** Mirror-survey delivery gap: internal predictions vs customer ratings per item (Welch t + BH), and the headline. */
export function analyseDeliveryGapInTable(table: CsvTable, req: DeliveryGapRequest): DeliveryGapReport {
  const missing = req.missing ?? DEFAULT_MISSING;
  const role = textColumn(table, req.groupColumn, missing);
  const internalRows = allRows(role.length).filter((r) => role[r] === req.internal);
  const customerRows = allRows(role.length).filter((r) => role[r] === req.customer);
  for (const [label, rows] of [
    [req.internal, internalRows],
    [req.customer, customerRows],
  ] as const) {
    if (rows.length === 0) {
      const seen = [...new Set(role.filter((v) => v !== null))].slice(0, 10).join("', '");
      throw new ValidationError(`no row has ${req.groupColumn} = '${label}'; values include '${seen}'`, [
        { name: req.groupColumn, reason: `no '${label}' rows` },
      ]);
    }
  }
  const sums = (values: Float64Array, rows: number[]) => sumMoments(rows.map((r) => values[r] as number));
  const items = req.items.map((item) => {
    const v = numericColumn(table, item, { missing });
    return { item, internal: sums(v, internalRows), customer: sums(v, customerRows) };
  });
  let superior: { internal: ProportionCounts; customer: ProportionCounts } | undefined;
  if (req.superior) {
    const v = numericColumn(table, req.superior, { missing });
    const min = req.superiorMin ?? 1;
    const count = (rows: number[]) => {
      const present = rows.map((r) => v[r] as number).filter((x) => !Number.isNaN(x));
      return { successes: present.filter((x) => x >= min).length, n: present.length };
    };
    superior = { internal: count(internalRows), customer: count(customerRows) };
  }
  const opts = {
    ...(superior ? { superior } : {}),
    ...(req.q !== undefined ? { q: req.q } : {}),
    ...(req.level !== undefined ? { level: req.level } : {}),
  };
  return {
    analysis: 'gap',
    kind: 'delivery',
    nInternal: internalRows.length,
    nCustomer: customerRows.length,
    ...analyseDeliveryGap(items, opts),
  };
}
