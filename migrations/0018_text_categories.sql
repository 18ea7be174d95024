-- Organisation models trained on any set of categorical labels (root causes, intents) are stored beside
-- sentiment and theme models.
ALTER TABLE text_models DROP CONSTRAINT IF EXISTS text_models_kind_check;
ALTER TABLE text_models ADD CONSTRAINT text_models_kind_check CHECK (kind IN ('sentiment', 'themes', 'categories'));
