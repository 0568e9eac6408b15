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
