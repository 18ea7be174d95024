// File imports (CSV or JSON lines) of historical responses, reviews, tickets and contacts into the
// unified model: a column mapping, row-level validation, all rows or none (or an explicit skip of the
// invalid ones), and progress kept in the `imports` table for the dashboard.
//
// types.ts: shapes · mapping.ts: column mappings · read.ts: file rows · convert.ts: row → item ·
// run.ts: the run · status.ts: the import's record · job.ts: API imports on a worker · queries/: SQL
export { runImportJob, startImport } from './job.js';
export { IMPORT_FIELDS, ImportMappingSchema, parseMapFlags } from './mapping.js';
export { runImport } from './run.js';
export {
  detectScale,
  type RatingRule,
  type RatingRule as ImportRatingRule,
  type RatingSpec,
  resolveScale,
  type ScaleReport,
} from './scales.js';
export { createImport, getImport, listImports } from './status.js';
export type { ImportKind, ImportMapping, ImportOptions, ImportStatus, RowError } from './types.js';
