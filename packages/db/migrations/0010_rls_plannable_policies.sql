-- Row-level policies the planner can serve from the indexes the scoped queries already use.
-- Each stamp is read once per statement: `(SELECT app_channel_id())` is an InitPlan, a constant
-- to the scan, where a bare call in a filter runs for every row.
-- A tier sees its ancestors' own rows only where the product reads them from below: inherited
-- data centres, regional services, mail templates and legal documents, the service plans a
-- reseller sells and a customer's licenses name, the parent's license pool a tier-2 refills from
-- (with its movements), and the registration keys (with their batches) a partner issues to its
-- customers. Company rows: the ancestor companies themselves, the vendor by its kind (a tier-1's
-- parent) and the others by id (names, sign-in URLs, suspension checks); `kind` is in the
-- indexes the counts use, so they stay index-only scans. Everywhere else the
-- policy is one equality on the stamp of the tier, the same condition as `scopeOf`, so it
-- becomes an index condition of the scan the query already chose instead of an OR that forces a
-- bitmap heap scan.
DROP INDEX "companies_partner_id_idx";--> statement-breakpoint
CREATE INDEX "companies_partner_id_idx" ON "companies" USING btree ("partner_id","kind","channel_id");--> statement-breakpoint
DROP POLICY "tier1" ON "companies";--> statement-breakpoint
CREATE POLICY "tier1" ON "companies" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "kind" = 'vendor');--> statement-breakpoint
DROP POLICY "tier2" ON "companies";--> statement-breakpoint
CREATE POLICY "tier2" ON "companies" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR "id" = (SELECT "app_channel_id"()) OR "kind" = 'vendor');--> statement-breakpoint
DROP POLICY "customer" ON "companies";--> statement-breakpoint
CREATE POLICY "customer" ON "companies" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR "id" IN ((SELECT "app_partner_id"()), (SELECT "app_channel_id"())) OR "kind" = 'vendor');--> statement-breakpoint
DROP POLICY "tier1" ON "data_centers";--> statement-breakpoint
CREATE POLICY "tier1" ON "data_centers" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "data_centers";--> statement-breakpoint
CREATE POLICY "tier2" ON "data_centers" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "data_centers";--> statement-breakpoint
CREATE POLICY "customer" ON "data_centers" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "regional_services";--> statement-breakpoint
CREATE POLICY "tier1" ON "regional_services" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "regional_services";--> statement-breakpoint
CREATE POLICY "tier2" ON "regional_services" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "regional_services";--> statement-breakpoint
CREATE POLICY "customer" ON "regional_services" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "email_templates";--> statement-breakpoint
CREATE POLICY "tier1" ON "email_templates" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "email_templates";--> statement-breakpoint
CREATE POLICY "tier2" ON "email_templates" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "email_templates";--> statement-breakpoint
CREATE POLICY "customer" ON "email_templates" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "legal_documents";--> statement-breakpoint
CREATE POLICY "tier1" ON "legal_documents" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "legal_documents";--> statement-breakpoint
CREATE POLICY "tier2" ON "legal_documents" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "legal_documents";--> statement-breakpoint
CREATE POLICY "customer" ON "legal_documents" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "service_plans";--> statement-breakpoint
CREATE POLICY "tier1" ON "service_plans" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "service_plans";--> statement-breakpoint
CREATE POLICY "tier2" ON "service_plans" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "service_plans";--> statement-breakpoint
CREATE POLICY "customer" ON "service_plans" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "license_pools";--> statement-breakpoint
CREATE POLICY "tier1" ON "license_pools" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "license_pools";--> statement-breakpoint
CREATE POLICY "tier2" ON "license_pools" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "license_pools";--> statement-breakpoint
CREATE POLICY "customer" ON "license_pools" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "license_pool_movements";--> statement-breakpoint
CREATE POLICY "tier1" ON "license_pool_movements" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "license_pool_movements";--> statement-breakpoint
CREATE POLICY "tier2" ON "license_pool_movements" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "license_pool_movements";--> statement-breakpoint
CREATE POLICY "customer" ON "license_pool_movements" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "key_batches";--> statement-breakpoint
CREATE POLICY "tier1" ON "key_batches" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "key_batches";--> statement-breakpoint
CREATE POLICY "tier2" ON "key_batches" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "key_batches";--> statement-breakpoint
CREATE POLICY "customer" ON "key_batches" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "registration_keys";--> statement-breakpoint
CREATE POLICY "tier1" ON "registration_keys" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL);--> statement-breakpoint
DROP POLICY "tier2" ON "registration_keys";--> statement-breakpoint
CREATE POLICY "tier2" ON "registration_keys" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()) OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "customer" ON "registration_keys";--> statement-breakpoint
CREATE POLICY "customer" ON "registration_keys" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()) OR ("customer_id" IS NULL AND ("partner_id" = (SELECT "app_partner_id"()) OR "partner_id" IS NULL) AND ("channel_id" = (SELECT "app_channel_id"()) OR "channel_id" IS NULL)));--> statement-breakpoint
DROP POLICY "tier1" ON "audit_log";--> statement-breakpoint
CREATE POLICY "tier1" ON "audit_log" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "audit_log";--> statement-breakpoint
CREATE POLICY "tier2" ON "audit_log" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "audit_log";--> statement-breakpoint
CREATE POLICY "customer" ON "audit_log" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
DROP POLICY "tier1" ON "customer_transactions";--> statement-breakpoint
CREATE POLICY "tier1" ON "customer_transactions" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "customer_transactions";--> statement-breakpoint
CREATE POLICY "tier2" ON "customer_transactions" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "customer_transactions";--> statement-breakpoint
CREATE POLICY "customer" ON "customer_transactions" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
DROP POLICY "tier1" ON "email_messages";--> statement-breakpoint
CREATE POLICY "tier1" ON "email_messages" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "email_messages";--> statement-breakpoint
CREATE POLICY "tier2" ON "email_messages" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "email_messages";--> statement-breakpoint
CREATE POLICY "customer" ON "email_messages" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
DROP POLICY "tier1" ON "legal_acceptances";--> statement-breakpoint
CREATE POLICY "tier1" ON "legal_acceptances" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "legal_acceptances";--> statement-breakpoint
CREATE POLICY "tier2" ON "legal_acceptances" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "legal_acceptances";--> statement-breakpoint
CREATE POLICY "customer" ON "legal_acceptances" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
DROP POLICY "tier1" ON "license_requests";--> statement-breakpoint
CREATE POLICY "tier1" ON "license_requests" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "license_requests";--> statement-breakpoint
CREATE POLICY "tier2" ON "license_requests" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "license_requests";--> statement-breakpoint
CREATE POLICY "customer" ON "license_requests" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
DROP POLICY "tier1" ON "licenses";--> statement-breakpoint
CREATE POLICY "tier1" ON "licenses" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "licenses";--> statement-breakpoint
CREATE POLICY "tier2" ON "licenses" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "licenses";--> statement-breakpoint
CREATE POLICY "customer" ON "licenses" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
DROP POLICY "tier1" ON "service_plan_resellers";--> statement-breakpoint
CREATE POLICY "tier1" ON "service_plan_resellers" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "service_plan_resellers";--> statement-breakpoint
CREATE POLICY "tier2" ON "service_plan_resellers" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "service_plan_resellers";--> statement-breakpoint
CREATE POLICY "customer" ON "service_plan_resellers" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
DROP POLICY "tier1" ON "users";--> statement-breakpoint
CREATE POLICY "tier1" ON "users" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "users";--> statement-breakpoint
CREATE POLICY "tier2" ON "users" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "users";--> statement-breakpoint
CREATE POLICY "customer" ON "users" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));
