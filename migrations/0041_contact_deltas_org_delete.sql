-- 0041: deleting an organisation leaves none of its contact_deltas rows (migration 0039) behind.
--
-- contact_deltas has no foreign key (its writers never wait on the organisation's row), so its rows
-- outlived their organisation: the cascade that deletes the contacts even wrote one more (minus the
-- contacts deleted), and the worker's sweep folded them into a row of 0 kept for ever. Now:
-- - an AFTER DELETE statement trigger on organisations deletes the rows of the organisations deleted
--   (it fires after the cascade to contacts, whose own trigger has written by then);
-- - contact_deltas_add writes nothing for an organisation that no longer exists (the cascade's row);
-- - the rows of organisations already deleted go.
CREATE OR REPLACE FUNCTION contact_deltas_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO contact_deltas (org_id, n) SELECT org_id, count(*) FROM new_rows GROUP BY org_id;
  ELSE
    INSERT INTO contact_deltas (org_id, n) SELECT o.org_id, -count(*) FROM old_rows o
      WHERE EXISTS (SELECT 1 FROM organisations g WHERE g.id = o.org_id) GROUP BY o.org_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION organisations_drop_contact_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM contact_deltas WHERE org_id IN (SELECT id FROM old_rows);
  RETURN NULL;
END
$$;

CREATE TRIGGER organisations_drop_contact_deltas AFTER DELETE ON organisations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION organisations_drop_contact_deltas();

DELETE FROM contact_deltas d WHERE NOT EXISTS (SELECT 1 FROM organisations g WHERE g.id = d.org_id);
