// Query: a word filter as PostgreSQL parses it for the comment search (web-search syntax, 'simple' config).
import type { Sql } from '../../../platform/db/index.js';

/**
 * The text form of `websearch_to_tsquery('simple', q)`: the same parse the scans' condition makes, so
 * the comment index matches the very lexemes, phrases and negations they do. Empty when `q` has no word.
 */
export async function getWordQueryText(sql: Sql, q: string): Promise<string> {
  const [row] = await sql<{ query: string }[]>`select websearch_to_tsquery('simple', ${q})::text as query`;
  return row?.query ?? '';
}
