// The one table of column dimensions: the feedback column each reads, and for the entities (survey,
// touchpoint, stage, journey) the table that names them. Raw scans, rollup reads and group names use it.
import type { ColumnDimension } from './types.js';

/** Each column dimension's feedback column, and the table of names for entity dimensions. */
export const COLUMN_DIMENSIONS: Record<ColumnDimension, { column: string; table?: string }> = {
  survey: { column: 'survey_id', table: 'surveys' },
  touchpoint: { column: 'touchpoint_id', table: 'touchpoints' },
  stage: { column: 'stage_id', table: 'stages' },
  journey: { column: 'journey_id', table: 'journeys' },
  channel: { column: 'channel' },
};

/** Column dimension → feedback column. */
export const DIMENSION_COLUMN: Record<string, string> = Object.fromEntries(
  Object.entries(COLUMN_DIMENSIONS).map(([d, c]) => [d, c.column]),
);

/** Entity dimension → its id column on feedback (and in the rollup). */
export const ENTITY_ID_COLUMN: Record<string, string> = Object.fromEntries(
  Object.entries(COLUMN_DIMENSIONS).flatMap(([d, c]) => (c.table ? [[d, c.column]] : [])),
);

/** Entity dimension → the table holding its names. */
export const ENTITY_TABLE: Record<string, string> = Object.fromEntries(
  Object.entries(COLUMN_DIMENSIONS).flatMap(([d, c]) => (c.table ? [[d, c.table]] : [])),
);
