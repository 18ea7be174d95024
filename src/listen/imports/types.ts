// The shapes of an import: what a file holds, how its columns map, its state and run options.
import type { RatingSpec } from './scales.js';

/** What a file holds. */
export type ImportKind = 'responses' | 'reviews' | 'tickets' | 'contacts';

/** How a file's columns become fields. */
export interface ImportMapping {
  /** column name → field (`text`, `occurredAt`, `rating`, `answers.nps`, `contact.email`, `metadata.page`, `ignore`, ...) */
  columns: Record<string, string>;
  /** How the `rating` column's scale is read (default: auto-detected per row). */
  rating?: RatingSpec | undefined;
  /** Channel recorded on every row without a `channel` column (default: the kind's, e.g. `import`). */
  channel?: string | undefined;
  /** Survey the responses answer (responses only). */
  surveyId?: string | undefined;
}

/** One row problem: the data row (1 = first after the header), its first line in the file, the column, why. */
export interface RowError {
  row: number;
  line: number;
  column: string;
  reason: string;
}

/** An import's state, as the dashboard and CLI show it. */
export interface ImportStatus {
  id: string;
  kind: ImportKind;
  fileName: string;
  status: 'validating' | 'importing' | 'done' | 'rejected' | 'failed';
  skipInvalid: boolean;
  totalRows: number;
  processedRows: number;
  imported: number;
  duplicates: number;
  skipped: number;
  errorCount: number;
  errors: RowError[];
  message: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Options of one import run. */
export interface ImportOptions {
  kind: ImportKind;
  /** A path to read, or the file's text (for the API). */
  file: { path: string } | { name: string; text: string };
  mapping: ImportMapping;
  skipInvalid: boolean;
  /** Add imported contacts to this list (contacts only). */
  listId?: string | undefined;
  /** Called as rows are validated and written. */
  onProgress?: (p: { phase: 'validating' | 'importing'; done: number; total: number }) => void;
}
