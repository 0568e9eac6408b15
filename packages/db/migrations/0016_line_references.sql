-- A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, the version, then random bits (those of a
-- v4 with its version turned to 7, the variant kept). PostgreSQL 18 has uuidv7() built in, 15
-- has not; this one is the same on both. Keys made in one statement share their leading bits,
-- so their index grows at its right edge rather than at a random page per row.
CREATE FUNCTION "uuid_v7"() RETURNS uuid
	LANGUAGE sql VOLATILE PARALLEL SAFE
	AS $$
SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
	PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
	FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;--> statement-breakpoint
ALTER TABLE "usage_report_lines" ALTER COLUMN "id" SET DEFAULT uuid_v7();--> statement-breakpoint
ALTER TABLE "billing_report_lines" ALTER COLUMN "id" SET DEFAULT uuid_v7();--> statement-breakpoint
-- The references of report lines, checked once per statement rather than row by row (0014 for
-- usage_report_lines, now for billing_report_lines too, whose foreign keys 0015 dropped): the same
-- three rules through three functions that take the table's references as trigger arguments.
-- They run as the owner, as foreign keys do, whatever rows the caller may see.
--
-- An insert refuses rows whose reference names no row. Arguments: triples of the referring column,
-- the referenced table (by its id) and what to call it, e.g. 'report_id', 'usage_reports', 'report'.
-- One statement over the inserted rows: a left join per reference, the first row that misses one.
CREATE FUNCTION "line_references_exist"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
DECLARE
	joins text := '';
	named text := '';
	absent text[] := '{}';
	problem text;
BEGIN
	FOR i IN 0 .. TG_NARGS / 3 - 1 LOOP
		joins := joins || format(' LEFT JOIN %I r%s ON r%s.id = n.%I', TG_ARGV[3 * i + 1], i, i, TG_ARGV[3 * i]);
		named := named || format(' WHEN r%s.id IS NULL THEN format(%L, n.%I)', i, TG_ARGV[3 * i + 2] || ' %s does not exist', TG_ARGV[3 * i]);
		absent := absent || format('r%s.id IS NULL', i);
	END LOOP;
	EXECUTE format('SELECT CASE%s END FROM new_rows n%s WHERE %s LIMIT 1', named, joins, array_to_string(absent, ' OR ')) INTO problem;
	IF problem IS NOT NULL THEN
		RAISE EXCEPTION 'insert on table "%" violates its references: %', TG_TABLE_NAME, problem
			USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "line_references_exist"() FROM PUBLIC;--> statement-breakpoint
-- A line's references never change. Fired by a row trigger whose WHEN compares them, so an update
-- that does not change one never calls it. Argument: what the references are, for the message.
CREATE FUNCTION "line_references_fixed"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	RAISE EXCEPTION 'update on table "%" changes the % of line %', TG_TABLE_NAME, TG_ARGV[0], old.id
		USING ERRCODE = 'foreign_key_violation';
END
$$;--> statement-breakpoint
-- A row that lines refer to cannot be deleted. Arguments: the lines' table, its column referring to
-- the deleted table's id, and what to call a line.
CREATE FUNCTION "line_references_kept"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
DECLARE
	line uuid;
BEGIN
	EXECUTE format('SELECT l.id FROM %I l JOIN old_rows o ON o.id = l.%I LIMIT 1', TG_ARGV[0], TG_ARGV[1]) INTO line;
	IF line IS NOT NULL THEN
		RAISE EXCEPTION 'delete on table "%" violates the references of % %', TG_TABLE_NAME, TG_ARGV[2], line
			USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "line_references_kept"() FROM PUBLIC;--> statement-breakpoint
-- usage_report_lines: 0014's triggers, now on the shared functions.
DROP TRIGGER "usage_report_lines_references" ON "usage_report_lines";--> statement-breakpoint
DROP TRIGGER "usage_report_lines_references_fixed" ON "usage_report_lines";--> statement-breakpoint
DROP TRIGGER "usage_report_lines_referenced" ON "usage_reports";--> statement-breakpoint
DROP TRIGGER "usage_report_lines_referenced" ON "companies";--> statement-breakpoint
DROP TRIGGER "usage_report_lines_referenced" ON "products";--> statement-breakpoint
DROP FUNCTION "usage_report_lines_check_references"();--> statement-breakpoint
DROP FUNCTION "usage_report_lines_keep_references"();--> statement-breakpoint
DROP FUNCTION "usage_report_lines_referenced"();--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_references" AFTER INSERT ON "usage_report_lines"
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_exist"('report_id', 'usage_reports', 'report', 'company_id', 'companies', 'company', 'product_id', 'products', 'product');--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_references_fixed" BEFORE UPDATE OF "report_id", "company_id", "product_id" ON "usage_report_lines"
	FOR EACH ROW
	WHEN (old.report_id IS DISTINCT FROM new.report_id OR old.company_id IS DISTINCT FROM new.company_id OR old.product_id IS DISTINCT FROM new.product_id)
	EXECUTE FUNCTION "line_references_fixed"('report, customer or product');--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_referenced" AFTER DELETE ON "usage_reports"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_kept"('usage_report_lines', 'report_id', 'usage report line');--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_referenced" AFTER DELETE ON "companies"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_kept"('usage_report_lines', 'company_id', 'usage report line');--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_referenced" AFTER DELETE ON "products"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_kept"('usage_report_lines', 'product_id', 'usage report line');--> statement-breakpoint
-- billing_report_lines: its bill, the usage report line it prices, its customer and its product,
-- unchecked since 0015. (The promo code, set one line at a time, kept its foreign key.)
CREATE TRIGGER "billing_report_lines_references" AFTER INSERT ON "billing_report_lines"
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_exist"('report_id', 'billing_reports', 'bill', 'usage_report_line_id', 'usage_report_lines', 'usage report line', 'company_id', 'companies', 'company', 'product_id', 'products', 'product');--> statement-breakpoint
CREATE TRIGGER "billing_report_lines_references_fixed" BEFORE UPDATE OF "report_id", "usage_report_line_id", "company_id", "product_id" ON "billing_report_lines"
	FOR EACH ROW
	WHEN (old.report_id IS DISTINCT FROM new.report_id OR old.usage_report_line_id IS DISTINCT FROM new.usage_report_line_id
		OR old.company_id IS DISTINCT FROM new.company_id OR old.product_id IS DISTINCT FROM new.product_id)
	EXECUTE FUNCTION "line_references_fixed"('bill, usage report line, customer or product');--> statement-breakpoint
CREATE TRIGGER "billing_report_lines_referenced" AFTER DELETE ON "billing_reports"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_kept"('billing_report_lines', 'report_id', 'billing report line');--> statement-breakpoint
CREATE TRIGGER "billing_report_lines_referenced" AFTER DELETE ON "usage_report_lines"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_kept"('billing_report_lines', 'usage_report_line_id', 'billing report line');--> statement-breakpoint
CREATE TRIGGER "billing_report_lines_referenced" AFTER DELETE ON "companies"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_kept"('billing_report_lines', 'company_id', 'billing report line');--> statement-breakpoint
CREATE TRIGGER "billing_report_lines_referenced" AFTER DELETE ON "products"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "line_references_kept"('billing_report_lines', 'product_id', 'billing report line');
