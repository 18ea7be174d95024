-- 0024: what an initiative cost, as its owner enters it, so its return can be set against the value of
-- its measured change. Exact money: integer minor units of an ISO 4217 currency, both or neither.
--
-- Locking: two nullable columns without defaults and a check on them: a metadata-only change.
ALTER TABLE initiatives
  ADD COLUMN cost_minor bigint CHECK (cost_minor IS NULL OR cost_minor >= 0),
  ADD COLUMN cost_currency text CHECK (cost_currency IS NULL OR cost_currency ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT initiatives_cost_whole CHECK ((cost_minor IS NULL) = (cost_currency IS NULL));
