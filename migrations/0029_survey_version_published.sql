-- 0029: when each survey version was published (first offered to respondents: the current version of a
-- live survey), beside when it was made. Null for a version never published: a draft's versions, or one
-- replaced before its survey went live. From now on the application stamps it when a survey is created
-- live, when a live survey gets a new version, and when a survey's current version first goes live.
--
-- Backfill with the best time available: the history of status changes was not kept, so a version is
-- taken as published when responses were given to it, or when it is the current version of a survey that
-- is live or closed now; its publication time is then its creation time (a live survey's new version, and
-- a survey created live, are published the moment they are made; for one published later, this is the
-- earliest it can have been). Every other version stays null.
--
-- Locking: adding a nullable column without a default rewrites nothing; the backfill reads responses once
-- (the distinct versions answered) and updates only survey_versions, a small table.
ALTER TABLE survey_versions ADD COLUMN published_at timestamptz;

WITH answered AS (
  SELECT DISTINCT org_id, survey_id, survey_version AS version FROM responses
)
UPDATE survey_versions v SET published_at = v.created_at
FROM surveys s
WHERE s.org_id = v.org_id AND s.id = v.survey_id
  AND (
    (s.status IN ('live', 'closed') AND v.version = s.current_version)
    OR EXISTS (
      SELECT 1 FROM answered a
      WHERE a.org_id = v.org_id AND a.survey_id = v.survey_id AND a.version = v.version
    )
  );
