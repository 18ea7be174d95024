-- 0011: indexes for reading comments: full-text search and the theme filter.
--
-- Locking: CREATE INDEX (not CONCURRENTLY: migrations run in one transaction) takes a SHARE lock on
-- feedback while it builds, so inserts and updates of feedback wait meanwhile; reads go on. On an
-- empty or small table this is instant; on a large existing table expect a few seconds per million
-- comments. Where that pause matters, create the same indexes by hand beforehand with
-- CREATE INDEX CONCURRENTLY under these names and this migration's IF NOT EXISTS skips them.

-- Full-text search with the 'simple' configuration (lower-cased words, no stemming, no stop words):
-- comments arrive in many languages and one language's stemmer would mangle the others. Queries use
-- exactly this expression so the planner can use the index.
CREATE INDEX IF NOT EXISTS feedback_text_search_idx ON feedback
  USING gin (to_tsvector('simple', text)) WHERE text IS NOT NULL;

-- "Comments mentioning theme X": enrichment->'themeIds' is a JSON array of theme and sub-theme ids.
CREATE INDEX IF NOT EXISTS feedback_theme_ids_idx ON feedback
  USING gin ((enrichment -> 'themeIds')) WHERE enrichment IS NOT NULL;
