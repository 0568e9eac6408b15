CREATE TABLE "usage_monthly" (
	"customer_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"product_id" uuid NOT NULL,
	"unit_type" text NOT NULL,
	"month" date NOT NULL,
	"max_used" bigint NOT NULL,
	CONSTRAINT "usage_monthly_month_customer_id_product_id_unit_type_pk" PRIMARY KEY("month","customer_id","product_id","unit_type"),
	CONSTRAINT "usage_monthly_max_used" CHECK ("usage_monthly"."max_used" >= 0),
	CONSTRAINT "usage_monthly_first_day" CHECK (extract(day from "usage_monthly"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "license_units_monthly" (
	"customer_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"product_id" uuid NOT NULL,
	"unit_type" text NOT NULL,
	"month" date NOT NULL,
	"units" integer NOT NULL,
	CONSTRAINT "license_units_monthly_month_customer_id_product_id_unit_type_pk" PRIMARY KEY("month","customer_id","product_id","unit_type"),
	CONSTRAINT "license_units_monthly_units" CHECK ("license_units_monthly"."units" >= 0),
	CONSTRAINT "license_units_monthly_first_day" CHECK (extract(day from "license_units_monthly"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "usage_report_lines" DROP CONSTRAINT "usage_report_lines_report_id_usage_reports_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_report_lines" DROP CONSTRAINT "usage_report_lines_company_id_companies_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_report_lines" DROP CONSTRAINT "usage_report_lines_product_id_products_id_fk";
--> statement-breakpoint
DROP INDEX "usage_report_lines_channel_id_idx";--> statement-breakpoint
DROP INDEX "usage_report_lines_partner_id_idx";--> statement-breakpoint
ALTER TABLE "usage_monthly" ADD CONSTRAINT "usage_monthly_customer_id_companies_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_monthly" ADD CONSTRAINT "usage_monthly_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_units_monthly" ADD CONSTRAINT "license_units_monthly_customer_id_companies_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_units_monthly" ADD CONSTRAINT "license_units_monthly_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_monthly_channel_month_idx" ON "usage_monthly" USING btree ("channel_id","month");--> statement-breakpoint
CREATE INDEX "usage_monthly_partner_month_idx" ON "usage_monthly" USING btree ("partner_id","month");--> statement-breakpoint
CREATE INDEX "license_units_monthly_channel_month_idx" ON "license_units_monthly" USING btree ("channel_id","month");--> statement-breakpoint
CREATE INDEX "license_units_monthly_partner_month_idx" ON "license_units_monthly" USING btree ("partner_id","month");--> statement-breakpoint
-- Row-level security as on the daily tables (0012, 0013): each tier through one equality on its
-- own stamp; the vendor sees all.
GRANT SELECT, INSERT, UPDATE, DELETE ON "license_units_monthly", "usage_monthly" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
ALTER TABLE "license_units_monthly" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "license_units_monthly" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "license_units_monthly" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "license_units_monthly" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "license_units_monthly" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "usage_monthly" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "usage_monthly" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "usage_monthly" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "usage_monthly" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "usage_monthly" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
-- The months already recorded: each month's row is the greatest of its days, with the stamps of
-- its latest day.
INSERT INTO "license_units_monthly" ("customer_id", "channel_id", "partner_id", "product_id", "unit_type", "month", "units")
SELECT "customer_id", (array_agg("channel_id" ORDER BY "day" DESC))[1], (array_agg("partner_id" ORDER BY "day" DESC))[1],
	"product_id", "unit_type", date_trunc('month', "day")::date, max("units")
FROM "license_units_daily"
GROUP BY "customer_id", "product_id", "unit_type", date_trunc('month', "day");--> statement-breakpoint
INSERT INTO "usage_monthly" ("customer_id", "channel_id", "partner_id", "product_id", "unit_type", "month", "max_used")
SELECT "customer_id", (array_agg("channel_id" ORDER BY "day" DESC))[1], (array_agg("partner_id" ORDER BY "day" DESC))[1],
	"product_id", "unit_type", date_trunc('month', "day")::date, max("max_used")
FROM "usage_daily"
GROUP BY "customer_id", "product_id", "unit_type", date_trunc('month', "day");--> statement-breakpoint
-- The licenses triggers of 0013, now writing each day's row and its month's row in one statement:
-- the month keeps the greatest of its value and the day's new value (what the day's upsert
-- returns), so it is always the greatest of its days.
CREATE OR REPLACE FUNCTION "record_license_units"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
BEGIN
	WITH changes AS (
		SELECT n.company_id, n.channel_id, n.partner_id, n.product_id, n.unit_type,
			-CASE WHEN n.version_type = 'full' AND n.status IN ('active', 'grace') THEN n.units ELSE 0 END AS undo
		FROM new_rows n
		UNION ALL
		SELECT o.company_id, o.channel_id, o.partner_id, o.product_id, o.unit_type,
			CASE WHEN o.version_type = 'full' AND o.status IN ('active', 'grace') THEN o.units ELSE 0 END
		FROM old_rows o
	), touched AS (
		SELECT company_id, min(channel_id::text)::uuid AS channel_id, min(partner_id::text)::uuid AS partner_id,
			product_id, unit_type, sum(undo) AS undo
		FROM changes GROUP BY company_id, product_id, unit_type
	), totals AS (
		SELECT t.company_id, t.channel_id, t.partner_id, t.product_id, t.unit_type, t.undo,
			coalesce((SELECT sum(l.units) FROM licenses l
				WHERE l.company_id = t.company_id AND l.product_id = t.product_id AND l.unit_type = t.unit_type
					AND l.version_type = 'full' AND l.status IN ('active', 'grace')), 0) AS after
		FROM touched t
	), written AS (
		INSERT INTO license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
		SELECT company_id, channel_id, partner_id, product_id, unit_type, (now() AT TIME ZONE 'UTC')::date,
			greatest(after, after + undo)
		FROM totals
		WHERE greatest(after, after + undo) > 0
		ON CONFLICT (customer_id, product_id, unit_type, day)
			DO UPDATE SET units = greatest(license_units_daily.units, excluded.units)
		RETURNING customer_id, channel_id, partner_id, product_id, unit_type, day, units
	)
	INSERT INTO license_units_monthly (customer_id, channel_id, partner_id, product_id, unit_type, month, units)
	SELECT customer_id, channel_id, partner_id, product_id, unit_type, date_trunc('month', day)::date, units
	FROM written
	ON CONFLICT (month, customer_id, product_id, unit_type)
		DO UPDATE SET units = greatest(license_units_monthly.units, excluded.units),
			channel_id = excluded.channel_id, partner_id = excluded.partner_id
		WHERE license_units_monthly.units < excluded.units
			OR license_units_monthly.channel_id IS DISTINCT FROM excluded.channel_id
			OR license_units_monthly.partner_id IS DISTINCT FROM excluded.partner_id;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "record_license_units_inserted"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
BEGIN
	WITH written AS (
		INSERT INTO license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
		SELECT t.company_id, t.channel_id, t.partner_id, t.product_id, t.unit_type, (now() AT TIME ZONE 'UTC')::date,
			(SELECT sum(l.units) FROM licenses l
				WHERE l.company_id = t.company_id AND l.product_id = t.product_id AND l.unit_type = t.unit_type
					AND l.version_type = 'full' AND l.status IN ('active', 'grace'))
		FROM (SELECT DISTINCT ON (company_id, product_id, unit_type) company_id, channel_id, partner_id, product_id, unit_type
			FROM new_rows WHERE version_type = 'full' AND status IN ('active', 'grace')) t
		ON CONFLICT (customer_id, product_id, unit_type, day)
			DO UPDATE SET units = greatest(license_units_daily.units, excluded.units)
		RETURNING customer_id, channel_id, partner_id, product_id, unit_type, day, units
	)
	INSERT INTO license_units_monthly (customer_id, channel_id, partner_id, product_id, unit_type, month, units)
	SELECT customer_id, channel_id, partner_id, product_id, unit_type, date_trunc('month', day)::date, units
	FROM written
	ON CONFLICT (month, customer_id, product_id, unit_type)
		DO UPDATE SET units = greatest(license_units_monthly.units, excluded.units),
			channel_id = excluded.channel_id, partner_id = excluded.partner_id
		WHERE license_units_monthly.units < excluded.units
			OR license_units_monthly.channel_id IS DISTINCT FROM excluded.channel_id
			OR license_units_monthly.partner_id IS DISTINCT FROM excluded.partner_id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- usage_report_lines: what a line refers to (its report, customer and product) was checked by
-- three foreign keys, row by row: 600,000 look-ups for a cycle of 200,000 lines, most of the
-- preparation's time. The same rules, checked once per statement over the statement's rows:
-- an insert refuses lines whose report, customer or product does not exist; a line's references
-- never change; a report, company or product that lines refer to cannot be deleted. The checks
-- run as the owner, as foreign keys do, whatever rows the caller may see.
CREATE FUNCTION "usage_report_lines_check_references"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
DECLARE
	missing record;
BEGIN
	SELECT n.report_id, n.company_id, n.product_id, r.id AS report, c.id AS company, p.id AS product INTO missing
	FROM new_rows n
	LEFT JOIN usage_reports r ON r.id = n.report_id
	LEFT JOIN companies c ON c.id = n.company_id
	LEFT JOIN products p ON p.id = n.product_id
	WHERE r.id IS NULL OR c.id IS NULL OR p.id IS NULL
	LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'insert on table "usage_report_lines" violates its references: %', CASE
			WHEN missing.report IS NULL THEN format('report %s does not exist', missing.report_id)
			WHEN missing.company IS NULL THEN format('company %s does not exist', missing.company_id)
			ELSE format('product %s does not exist', missing.product_id) END
			USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "usage_report_lines_check_references"() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_references" AFTER INSERT ON "usage_report_lines"
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "usage_report_lines_check_references"();--> statement-breakpoint
CREATE FUNCTION "usage_report_lines_keep_references"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	RAISE EXCEPTION 'update on table "usage_report_lines" changes the report, customer or product of line %', old.id
		USING ERRCODE = 'foreign_key_violation';
END
$$;--> statement-breakpoint
-- Fires only for an update that names a reference column and changes it (the WHEN is evaluated
-- without calling the function): line edits and auto-submit's resets never do.
CREATE TRIGGER "usage_report_lines_references_fixed" BEFORE UPDATE OF "report_id", "company_id", "product_id" ON "usage_report_lines"
	FOR EACH ROW
	WHEN (old.report_id IS DISTINCT FROM new.report_id OR old.company_id IS DISTINCT FROM new.company_id OR old.product_id IS DISTINCT FROM new.product_id)
	EXECUTE FUNCTION "usage_report_lines_keep_references"();--> statement-breakpoint
CREATE FUNCTION "usage_report_lines_referenced"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
DECLARE
	line uuid;
BEGIN
	IF TG_TABLE_NAME = 'usage_reports' THEN
		SELECT l.id INTO line FROM usage_report_lines l JOIN old_rows o ON o.id = l.report_id LIMIT 1;
	ELSIF TG_TABLE_NAME = 'companies' THEN
		SELECT l.id INTO line FROM usage_report_lines l JOIN old_rows o ON o.id = l.company_id LIMIT 1;
	ELSE
		SELECT l.id INTO line FROM usage_report_lines l JOIN old_rows o ON o.id = l.product_id LIMIT 1;
	END IF;
	IF line IS NOT NULL THEN
		RAISE EXCEPTION 'delete on table "%" violates the references of usage report line %', TG_TABLE_NAME, line
			USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "usage_report_lines_referenced"() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_referenced" AFTER DELETE ON "usage_reports"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "usage_report_lines_referenced"();--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_referenced" AFTER DELETE ON "companies"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "usage_report_lines_referenced"();--> statement-breakpoint
CREATE TRIGGER "usage_report_lines_referenced" AFTER DELETE ON "products"
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "usage_report_lines_referenced"();
