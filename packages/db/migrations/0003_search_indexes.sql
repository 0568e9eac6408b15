CREATE INDEX "companies_channel_name_idx" ON "companies" USING btree ("channel_id",lower("name") collate "C","id");--> statement-breakpoint
CREATE INDEX "companies_partner_name_idx" ON "companies" USING btree ("partner_id",lower("name") collate "C","id");--> statement-breakpoint
CREATE INDEX "companies_partners_name_idx" ON "companies" USING btree (lower("name") collate "C","id") WHERE "companies"."kind" in ('tier1', 'tier2');--> statement-breakpoint
CREATE INDEX "companies_account_name_idx" ON "companies" USING btree (lower("account_name"));--> statement-breakpoint
-- The search plans rest on the statistics of these expressions; without them until the next
-- auto-analyze, the planner may walk a whole channel for an exact account name.
ANALYZE "companies";
