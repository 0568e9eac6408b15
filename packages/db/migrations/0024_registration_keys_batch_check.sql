ALTER TABLE "registration_keys" DROP CONSTRAINT "registration_keys_batch_fk";--> statement-breakpoint
-- A key's batch, and the batch's company, plan and product on the key, checked once per statement
-- instead of the foreign key's check of each row (a third of a batch's write at a million keys).
-- The rules the foreign key kept stay, in the style of the report lines' references (0016): they
-- run as the owner, as foreign keys do. New keys name an existing batch and carry its company,
-- plan and product, and the batches they name are locked FOR KEY SHARE until the writer commits,
-- as a foreign key locks them; a key never changes batch; a batch that has keys is not deleted,
-- truncated or given another company, plan or product.
CREATE FUNCTION "registration_keys_batches_exist"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
DECLARE
	problem uuid;
BEGIN
	PERFORM 1 FROM key_batches b WHERE b.id IN (SELECT DISTINCT n.batch_id FROM new_rows n) FOR KEY SHARE OF b;
	SELECT n.batch_id INTO problem FROM new_rows n
		LEFT JOIN key_batches b ON b.id = n.batch_id AND b.company_id = n.company_id AND b.plan_id = n.plan_id AND b.product_id = n.product_id
		WHERE b.id IS NULL LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'insert on table "%" violates its references: key batch % does not exist or has another company, plan or product', TG_TABLE_NAME, problem
			USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "registration_keys_batches_exist"() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER "registration_keys_batches_exist" AFTER INSERT ON "registration_keys"
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "registration_keys_batches_exist"();--> statement-breakpoint
CREATE FUNCTION "registration_keys_batch_fixed"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	RAISE EXCEPTION 'update on table "%" changes the batch, company, plan or product of key %', TG_TABLE_NAME, old.id
		USING ERRCODE = 'foreign_key_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER "registration_keys_batch_fixed" BEFORE UPDATE OF "batch_id", "company_id", "plan_id", "product_id" ON "registration_keys"
	FOR EACH ROW
	WHEN (old.batch_id IS DISTINCT FROM new.batch_id OR old.company_id IS DISTINCT FROM new.company_id
		OR old.plan_id IS DISTINCT FROM new.plan_id OR old.product_id IS DISTINCT FROM new.product_id)
	EXECUTE FUNCTION "registration_keys_batch_fixed"();--> statement-breakpoint
-- A batch with keys: not deleted, not truncated, not re-pointed. The unique index on (id, company,
-- plan, product) makes an update of those columns lock the row as a key change, so it waits for
-- keys being written to commit and then sees them.
CREATE FUNCTION "key_batches_keys_kept"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		IF EXISTS (SELECT 1 FROM registration_keys) THEN
			RAISE EXCEPTION 'truncate on table "%" violates the references of its registration keys', TG_TABLE_NAME
				USING ERRCODE = 'foreign_key_violation';
		END IF;
	ELSIF EXISTS (SELECT 1 FROM registration_keys k WHERE k.batch_id = old.id) THEN
		RAISE EXCEPTION '% on table "%" violates the references of the registration keys of batch %', lower(TG_OP), TG_TABLE_NAME, old.id
			USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "key_batches_keys_kept"() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER "key_batches_keys_kept_delete" AFTER DELETE ON "key_batches"
	FOR EACH ROW EXECUTE FUNCTION "key_batches_keys_kept"();--> statement-breakpoint
CREATE TRIGGER "key_batches_keys_kept_update" AFTER UPDATE OF "id", "company_id", "plan_id", "product_id" ON "key_batches"
	FOR EACH ROW
	WHEN (old.id IS DISTINCT FROM new.id OR old.company_id IS DISTINCT FROM new.company_id
		OR old.plan_id IS DISTINCT FROM new.plan_id OR old.product_id IS DISTINCT FROM new.product_id)
	EXECUTE FUNCTION "key_batches_keys_kept"();--> statement-breakpoint
CREATE TRIGGER "key_batches_keys_kept_truncate" BEFORE TRUNCATE ON "key_batches"
	FOR EACH STATEMENT EXECUTE FUNCTION "key_batches_keys_kept"();
