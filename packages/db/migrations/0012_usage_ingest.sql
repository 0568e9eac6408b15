CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"scopes" text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"customer_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"product_id" uuid NOT NULL,
	"unit_type" text NOT NULL,
	"day" date NOT NULL,
	"max_used" bigint NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_daily_customer_id_product_id_unit_type_day_pk" PRIMARY KEY("customer_id","product_id","unit_type","day"),
	CONSTRAINT "usage_daily_max_used" CHECK ("usage_daily"."max_used" >= 0)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_customer_id_companies_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" USING btree ("prefix");--> statement-breakpoint
CREATE INDEX "api_keys_company_created_idx" ON "api_keys" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "api_keys_channel_id_idx" ON "api_keys" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "api_keys_partner_id_idx" ON "api_keys" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "usage_daily_channel_day_idx" ON "usage_daily" USING btree ("channel_id","day");--> statement-breakpoint
CREATE INDEX "usage_daily_partner_day_idx" ON "usage_daily" USING btree ("partner_id","day");--> statement-breakpoint
-- Row-level security on the new tenant tables, as on every other (0009, 0010): the tier roles may
-- use them, each through one equality on its own stamp; the vendor sees all.
GRANT SELECT, INSERT, UPDATE, DELETE ON "api_keys", "usage_daily" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "api_keys" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "api_keys" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "api_keys" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "api_keys" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
ALTER TABLE "usage_daily" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "usage_daily" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "usage_daily" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "usage_daily" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "usage_daily" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));
