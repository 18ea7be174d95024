-- 0033: comments found by time through indexes of their own.
--
-- feedback_comment_time_idx: the comments (records with a text), by organisation and time. The comment
-- reads (search, theme impact, trend, verbatims, suggestions) all say `text IS NOT NULL`, which only the
-- word index (GIN, partial on that condition) matched: the planner read that whole index to learn which
-- records have a text (about 0.2 s at 150,000 comments) and intersected it with the time index, even for
-- the few comments of one day. Search walks this index newest first; the edge days of a theme impact
-- read it for a few hundred rows. About 15% of the time index's size where 15% of records have a comment.
--
-- feedback_untagged_comments_idx: the enriched comments that no theme matched, for theme suggestions
-- (the 3,000 newest of them), which fetched every comment and sorted them (0.3-1 s), even when none lacked
-- a theme. Its condition is the query's word for word, so the planner uses it; `enrichment -> 'themeIds'
-- = '[]'` cannot fail on an enrichment of another shape (jsonb_array_length would, on every write).
--
-- Locking: building each reads feedback once under a SHARE lock (writes wait: about a second per 1 M rows).
CREATE INDEX feedback_comment_time_idx ON feedback (org_id, occurred_at) WHERE text IS NOT NULL;

CREATE INDEX feedback_untagged_comments_idx ON feedback (org_id, occurred_at)
  WHERE text IS NOT NULL AND enrichment IS NOT NULL AND (enrichment ->> 'skipped') IS NULL
    AND (enrichment -> 'themeIds') = '[]'::jsonb;
