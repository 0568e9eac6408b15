CREATE TYPE "public"."usage_report_action" AS ENUM('prepared', 'line_edited', 'submitted', 'auto_submitted', 'approved', 'auto_approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."usage_report_status" AS ENUM('preparing', 'under_review', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."usage_report_submission" AS ENUM('manual', 'automatic', 'automatic_with_penalty');--> statement-breakpoint
CREATE TABLE "license_units_daily" (
	"customer_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"product_id" uuid NOT NULL,
	"unit_type" text NOT NULL,
	"day" date NOT NULL,
	"units" integer NOT NULL,
	CONSTRAINT "license_units_daily_customer_id_product_id_unit_type_day_pk" PRIMARY KEY("customer_id","product_id","unit_type","day"),
	CONSTRAINT "license_units_daily_units" CHECK ("license_units_daily"."units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "usage_report_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "usage_report_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"report_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" "usage_report_action" NOT NULL,
	"actor_user_id" uuid,
	"actor_company_id" uuid,
	"line_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"comment" text
);
--> statement-breakpoint
CREATE TABLE "usage_report_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"company_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"unit_type" text NOT NULL,
	"provisioned" integer NOT NULL,
	"used" integer NOT NULL,
	"chargeable" integer NOT NULL,
	"comment" text,
	"penalty" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_report_lines_units" CHECK ("usage_report_lines"."provisioned" >= 0 and "usage_report_lines"."used" >= 0 and "usage_report_lines"."chargeable" >= 0)
);
--> statement-breakpoint
CREATE TABLE "usage_report_settings" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"auto_submit_days" integer DEFAULT 5 NOT NULL,
	"auto_approve_without_comments" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"cycle" date NOT NULL,
	"status" "usage_report_status" DEFAULT 'preparing' NOT NULL,
	"due_on" date NOT NULL,
	"submission" "usage_report_submission",
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"submit_comment" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_comment" text,
	"reminder_sent_at" timestamp with time zone,
	"ready_mailed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_reports_cycle_first_day" CHECK (extract(day from "usage_reports"."cycle") = 1)
);
--> statement-breakpoint
ALTER TABLE "license_units_daily" ADD CONSTRAINT "license_units_daily_customer_id_companies_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_units_daily" ADD CONSTRAINT "license_units_daily_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_events" ADD CONSTRAINT "usage_report_events_report_id_usage_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."usage_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_events" ADD CONSTRAINT "usage_report_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_events" ADD CONSTRAINT "usage_report_events_actor_company_id_companies_id_fk" FOREIGN KEY ("actor_company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_events" ADD CONSTRAINT "usage_report_events_line_id_usage_report_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."usage_report_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_lines" ADD CONSTRAINT "usage_report_lines_report_id_usage_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."usage_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_lines" ADD CONSTRAINT "usage_report_lines_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_lines" ADD CONSTRAINT "usage_report_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_settings" ADD CONSTRAINT "usage_report_settings_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_report_settings" ADD CONSTRAINT "usage_report_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_reports" ADD CONSTRAINT "usage_reports_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_reports" ADD CONSTRAINT "usage_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_reports" ADD CONSTRAINT "usage_reports_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "license_units_daily_channel_day_idx" ON "license_units_daily" USING btree ("channel_id","day");--> statement-breakpoint
CREATE INDEX "license_units_daily_partner_day_idx" ON "license_units_daily" USING btree ("partner_id","day");--> statement-breakpoint
CREATE INDEX "usage_report_events_report_idx" ON "usage_report_events" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "usage_report_events_channel_id_idx" ON "usage_report_events" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "usage_report_events_partner_id_idx" ON "usage_report_events" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_report_lines_report_line_key" ON "usage_report_lines" USING btree ("report_id","company_id","product_id","unit_type");--> statement-breakpoint
CREATE INDEX "usage_report_lines_channel_id_idx" ON "usage_report_lines" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "usage_report_lines_partner_id_idx" ON "usage_report_lines" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_reports_company_cycle_key" ON "usage_reports" USING btree ("company_id","cycle");--> statement-breakpoint
CREATE INDEX "usage_reports_channel_cycle_idx" ON "usage_reports" USING btree ("channel_id","cycle");--> statement-breakpoint
CREATE INDEX "usage_reports_partner_cycle_idx" ON "usage_reports" USING btree ("partner_id","cycle");--> statement-breakpoint
CREATE INDEX "usage_reports_due_idx" ON "usage_reports" USING btree ("due_on") WHERE "usage_reports"."status" = 'preparing';--> statement-breakpoint
CREATE INDEX "license_units_daily_day_brin" ON "license_units_daily" USING brin ("day");--> statement-breakpoint
CREATE INDEX "usage_daily_day_brin" ON "usage_daily" USING brin ("day");--> statement-breakpoint
-- Row-level security on the new tenant tables, as on every other (0009, 0010, 0012): each tier
-- through one equality on its own stamp; the vendor sees all. Report history is append-only.
GRANT SELECT, INSERT, UPDATE, DELETE ON "license_units_daily", "usage_reports", "usage_report_lines", "usage_report_settings" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
GRANT SELECT, INSERT ON "usage_report_events" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
ALTER TABLE "license_units_daily" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "license_units_daily" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "license_units_daily" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "license_units_daily" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "license_units_daily" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "usage_reports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "usage_reports" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "usage_reports" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "usage_reports" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "usage_reports" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "usage_report_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "usage_report_lines" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "usage_report_lines" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "usage_report_lines" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "usage_report_lines" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "usage_report_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "usage_report_events" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "usage_report_events" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "usage_report_events" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "usage_report_events" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "usage_report_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "usage_report_settings" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "usage_report_settings" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "usage_report_settings" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "usage_report_settings" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
-- A tier-2 reads its tier-1's settings (the auto-submit deadline of its own reports): the settings
-- row carries the tier-1's stamps only, so the tier-2 policy above never matches it.
CREATE POLICY "tier2_parent" ON "usage_report_settings" FOR SELECT TO "keyway_tier2" USING ("company_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
-- The units each customer holds per product and day (license_units_daily), kept by the database
-- on every change of a license so no code path can skip it: for each customer × product × unit
-- type a statement touched, the day's row keeps the greatest of its value, the total before the
-- statement and the total after it. Only live (active, grace) full licenses count. It runs as the
-- owner: the total spans all of the customer's licenses, whoever changes one of them.
CREATE FUNCTION "record_license_units"() RETURNS trigger
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
	)
	INSERT INTO license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
	SELECT company_id, channel_id, partner_id, product_id, unit_type, (now() AT TIME ZONE 'UTC')::date,
		greatest(after, after + undo)
	FROM totals
	WHERE greatest(after, after + undo) > 0
	ON CONFLICT (customer_id, product_id, unit_type, day)
		DO UPDATE SET units = greatest(license_units_daily.units, excluded.units);
	RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "record_license_units"() FROM PUBLIC;--> statement-breakpoint
-- On insert there are no old rows: only the new total counts.
CREATE FUNCTION "record_license_units_inserted"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	AS $$
BEGIN
	INSERT INTO license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
	SELECT t.company_id, t.channel_id, t.partner_id, t.product_id, t.unit_type, (now() AT TIME ZONE 'UTC')::date,
		(SELECT sum(l.units) FROM licenses l
			WHERE l.company_id = t.company_id AND l.product_id = t.product_id AND l.unit_type = t.unit_type
				AND l.version_type = 'full' AND l.status IN ('active', 'grace'))
	FROM (SELECT DISTINCT ON (company_id, product_id, unit_type) company_id, channel_id, partner_id, product_id, unit_type
		FROM new_rows WHERE version_type = 'full' AND status IN ('active', 'grace')) t
	ON CONFLICT (customer_id, product_id, unit_type, day)
		DO UPDATE SET units = greatest(license_units_daily.units, excluded.units);
	RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "record_license_units_inserted"() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER "licenses_units_inserted" AFTER INSERT ON "licenses"
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "record_license_units_inserted"();--> statement-breakpoint
CREATE TRIGGER "licenses_units_updated" AFTER UPDATE ON "licenses"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "record_license_units"();
