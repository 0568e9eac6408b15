CREATE TYPE "public"."promo_code_allows" AS ENUM('unit_price', 'margin');--> statement-breakpoint
CREATE TYPE "public"."billing_report_action" AS ENUM('drafted', 'purchase_order_set', 'promo_code_applied', 'promo_code_removed', 'prices_reset', 'reopened', 'submitted', 'returned', 'completed');--> statement-breakpoint
CREATE TYPE "public"."billing_report_status" AS ENUM('draft', 'submitted_to_vendor', 'completed', 'returned_by_vendor');--> statement-breakpoint
CREATE TABLE "billing_accounts" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"currency" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_accounts_currency" CHECK ("billing_accounts"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "channel_margins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"product_id" uuid,
	"margin_bps" integer NOT NULL,
	"effective_from" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_margins_version_key" UNIQUE NULLS NOT DISTINCT("company_id","product_id","effective_from"),
	CONSTRAINT "channel_margins_bps" CHECK ("channel_margins"."margin_bps" >= 0 and "channel_margins"."margin_bps" <= 10000)
);
--> statement-breakpoint
CREATE TABLE "promo_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"allows" "promo_code_allows" NOT NULL,
	"bound_bps" integer NOT NULL,
	"channel_ids" uuid[] NOT NULL,
	"product_ids" uuid[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promo_codes_code_key" UNIQUE("code"),
	CONSTRAINT "promo_codes_bound" CHECK ("promo_codes"."bound_bps" >= 0 and "promo_codes"."bound_bps" <= 10000),
	CONSTRAINT "promo_codes_validity" CHECK ("promo_codes"."valid_from" <= "promo_codes"."valid_until")
);
--> statement-breakpoint
CREATE TABLE "unit_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"unit_type" text NOT NULL,
	"currency" text NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"effective_from" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_prices_version_key" UNIQUE("product_id","unit_type","currency","effective_from"),
	CONSTRAINT "unit_prices_amount" CHECK ("unit_prices"."unit_price_minor" >= 0 and "unit_prices"."unit_price_minor" <= 1000000000),
	CONSTRAINT "unit_prices_currency" CHECK ("unit_prices"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "billing_report_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "billing_report_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"report_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" "billing_report_action" NOT NULL,
	"actor_user_id" uuid,
	"actor_company_id" uuid,
	"line_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"comment" text
);
--> statement-breakpoint
CREATE TABLE "billing_report_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"usage_report_line_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"unit_type" text NOT NULL,
	"chargeable" integer NOT NULL,
	"list_unit_price_minor" bigint,
	"list_margin_bps" integer NOT NULL,
	"unit_price_minor" bigint,
	"margin_bps" integer NOT NULL,
	"amount_minor" bigint,
	"promo_code_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_report_lines_figures" CHECK ("billing_report_lines"."chargeable" >= 0 and "billing_report_lines"."margin_bps" between 0 and 10000 and "billing_report_lines"."list_margin_bps" between 0 and 10000 and "billing_report_lines"."unit_price_minor" >= 0 and "billing_report_lines"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "billing_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"usage_report_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"cycle" date NOT NULL,
	"status" "billing_report_status" DEFAULT 'draft' NOT NULL,
	"currency" text NOT NULL,
	"priced_on" date NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"purchase_order" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"submit_comment" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_comment" text,
	"completed_at" timestamp with time zone,
	"ready_mailed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_reports_cycle_first_day" CHECK (extract(day from "billing_reports"."cycle") = 1)
);
--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_margins" ADD CONSTRAINT "channel_margins_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_margins" ADD CONSTRAINT "channel_margins_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_margins" ADD CONSTRAINT "channel_margins_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_prices" ADD CONSTRAINT "unit_prices_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_prices" ADD CONSTRAINT "unit_prices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_report_events" ADD CONSTRAINT "billing_report_events_report_id_billing_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."billing_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_report_events" ADD CONSTRAINT "billing_report_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_report_events" ADD CONSTRAINT "billing_report_events_actor_company_id_companies_id_fk" FOREIGN KEY ("actor_company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_report_events" ADD CONSTRAINT "billing_report_events_line_id_billing_report_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."billing_report_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_report_lines" ADD CONSTRAINT "billing_report_lines_promo_code_id_promo_codes_id_fk" FOREIGN KEY ("promo_code_id") REFERENCES "public"."promo_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reports" ADD CONSTRAINT "billing_reports_usage_report_id_usage_reports_id_fk" FOREIGN KEY ("usage_report_id") REFERENCES "public"."usage_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reports" ADD CONSTRAINT "billing_reports_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reports" ADD CONSTRAINT "billing_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reports" ADD CONSTRAINT "billing_reports_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_accounts_channel_id_idx" ON "billing_accounts" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "channel_margins_channel_id_idx" ON "channel_margins" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "billing_report_events_report_idx" ON "billing_report_events" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "billing_report_events_channel_id_idx" ON "billing_report_events" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "billing_report_events_partner_id_idx" ON "billing_report_events" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_report_lines_usage_line_key" ON "billing_report_lines" USING btree ("report_id","usage_report_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_reports_usage_report_key" ON "billing_reports" USING btree ("usage_report_id");--> statement-breakpoint
CREATE INDEX "billing_reports_channel_cycle_idx" ON "billing_reports" USING btree ("channel_id","cycle");--> statement-breakpoint
CREATE INDEX "billing_reports_partner_id_idx" ON "billing_reports" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "billing_reports_cycle_status_idx" ON "billing_reports" USING btree ("cycle","status");--> statement-breakpoint
-- Row-level security on the new tenant tables, as on every other (0009, 0013): each tier through one
-- equality on its own stamp; the vendor sees all. Every tier role may read (a partner's usage report
-- shows its bill completed); only the vendor and tier-1 roles write, and bill history is append-only.
GRANT SELECT ON "billing_accounts", "channel_margins", "billing_reports", "billing_report_lines", "billing_report_events" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON "billing_accounts", "channel_margins" TO "keyway_vendor";--> statement-breakpoint
GRANT INSERT, UPDATE ON "billing_reports", "billing_report_lines" TO "keyway_vendor", "keyway_tier1";--> statement-breakpoint
GRANT INSERT ON "billing_report_events" TO "keyway_vendor", "keyway_tier1";--> statement-breakpoint
-- The price list is the vendor's; a tier-1 reads it (its own currency's prices), nobody below does.
-- Promo codes stay the vendor's: the billing code looks one up for the tier-1 that specifies it.
GRANT SELECT ON "unit_prices" TO "keyway_tier1";--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "unit_prices", "promo_codes" TO "keyway_vendor";--> statement-breakpoint
ALTER TABLE "billing_accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "billing_accounts" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "billing_accounts" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "billing_accounts" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "billing_accounts" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "channel_margins" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "channel_margins" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "channel_margins" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "channel_margins" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "channel_margins" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "billing_reports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "billing_reports" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "billing_reports" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "billing_reports" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "billing_reports" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "billing_report_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "billing_report_lines" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "billing_report_lines" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "billing_report_lines" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "billing_report_lines" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "billing_report_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "billing_report_events" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "billing_report_events" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "billing_report_events" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "billing_report_events" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));
