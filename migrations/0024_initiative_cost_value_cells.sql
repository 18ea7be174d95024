-- 0024: what an initiative cost, and the daily rollup of the value summary.
--
-- initiatives.cost_*: what an initiative cost, as its owner enters it, so its return can be set against
-- the value of its measured change. Exact money: integer minor units of an ISO 4217 currency, both or
-- neither.
--
-- value_cells: the value summary's per-score cells (contacts, retained, sums of money and events and
-- their squares) as of the start of a UTC day, one row per organisation and request (metric, outcome
-- kinds, churn kind, window, day). At a million contacts the cells take seconds to compute from
-- feedback and outcomes; the summary reads them back in milliseconds. Recording outcomes deletes the
-- organisation's rows (they are recomputed on the next request); answers only count once their window
-- has passed, so the day's new feedback does not change them.
--
-- Locking: two nullable columns without defaults and a check on them (metadata only) and a new table.
ALTER TABLE initiatives
  ADD COLUMN cost_minor bigint CHECK (cost_minor IS NULL OR cost_minor >= 0),
  ADD COLUMN cost_currency text CHECK (cost_currency IS NULL OR cost_currency ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT initiatives_cost_whole CHECK ((cost_minor IS NULL) = (cost_currency IS NULL));

CREATE TABLE value_cells (
  org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  key          text NOT NULL,
  cells        jsonb NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key)
);
