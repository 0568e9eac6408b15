CREATE TABLE "license_status_daily" (
	"day" date NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"active" integer NOT NULL,
	"trial" integer NOT NULL,
	"expiring_soon" integer NOT NULL,
	"expired" integer NOT NULL,
	CONSTRAINT "license_status_daily_key" UNIQUE NULLS NOT DISTINCT("day","channel_id","partner_id"),
	CONSTRAINT "license_status_daily_counts" CHECK ("license_status_daily"."active" >= 0 and "license_status_daily"."trial" >= 0 and "license_status_daily"."expiring_soon" >= 0 and "license_status_daily"."expired" >= 0)
);
--> statement-breakpoint
CREATE INDEX "license_status_daily_channel_day_idx" ON "license_status_daily" USING btree ("channel_id","day");--> statement-breakpoint
CREATE INDEX "license_status_daily_partner_day_idx" ON "license_status_daily" USING btree ("partner_id","day");--> statement-breakpoint
-- Written only by licenses.daily (as the owner); the tiers read their part of it.
GRANT SELECT ON "license_status_daily" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
ALTER TABLE "license_status_daily" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "license_status_daily" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "license_status_daily" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "license_status_daily" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "license_status_daily" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));
