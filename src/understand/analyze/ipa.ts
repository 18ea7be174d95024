// `northstar analyze ipa`: drivers placed on the importance-performance map.
import { classifyImportancePerformance, type IpaQuadrant } from '../stats/index.js';
import type { CsvTable } from './csv.js';
import { analyseDriversInTable, type DriverRequest } from './drivers.js';

/** Result of `analyseIpa`: drivers placed on the importance-performance map. */
export interface IpaReport {
  analysis: 'ipa';
  outcomeColumn: string;
  importance: 'shapley' | 'relative-weights';
  r2: number;
  n: number;
  importanceCrosshair: number | null;
  performanceCrosshair: number | null;
  points: Array<{
    id: string;
    importance: number;
    share: number;
    sign: number;
    performance: number;
    quadrant: IpaQuadrant;
  }>;
}

/**
 * Importance-performance map from derived importance: importance = each driver's share of R² (Shapley,
 * or relative weights), performance = its mean rating; crosshairs at the means.
 */
export function analyseIpa(
  table: CsvTable,
  req: DriverRequest & { importance?: 'shapley' | 'relative-weights' },
): IpaReport {
  const d = analyseDriversInTable(table, req);
  const method = req.importance ?? 'shapley';
  const items = d.drivers
    .filter((x) => !x.constant)
    .map((x) => ({
      id: x.name,
      importance: method === 'shapley' && x.shapley !== null ? x.shapley : x.relativeWeight,
      performance: x.performance,
    }));
  const map = classifyImportancePerformance(items);
  const byName = new Map(d.drivers.map((x) => [x.name, x]));
  return {
    analysis: 'ipa',
    outcomeColumn: req.outcome,
    importance: method,
    r2: d.r2,
    n: d.n,
    importanceCrosshair: map.importanceCrosshair,
    performanceCrosshair: map.performanceCrosshair,
    points: map.points.map((p) => ({
      ...p,
      share: d.r2 > 0 ? p.importance / d.r2 : 0,
      sign: byName.get(p.id)?.sign ?? 0,
    })),
  };
}
