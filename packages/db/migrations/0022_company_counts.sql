CREATE TABLE "company_counts" (
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"kind" "company_kind" NOT NULL,
	"status" "company_status" NOT NULL,
	"companies" integer NOT NULL,
	CONSTRAINT "company_counts_key" UNIQUE NULLS NOT DISTINCT("channel_id","partner_id","kind","status")
);
--> statement-breakpoint
CREATE INDEX "company_counts_partner_idx" ON "company_counts" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "companies_channel_customer_text_idx" ON "companies" USING btree ("channel_id","search_text") WHERE "companies"."kind" = 'customer';--> statement-breakpoint
-- Written only by the triggers below (as the owner); the tiers read their part of it.
GRANT SELECT ON "company_counts" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
ALTER TABLE "company_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "company_counts" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "company_counts" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
CREATE POLICY "tier2" ON "company_counts" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
CREATE POLICY "customer" ON "company_counts" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
-- The counts move in the statement that changes companies: one statement-level trigger per event
-- adds the rows a statement wrote and takes away the rows it replaced or deleted, grouped per
-- scope, kind and status, so a bulk insert is one upsert per group and a status change or a move
-- one +1 and one -1. The rows are written in key order, so concurrent statements queue on the
-- same counter rows instead of deadlocking. It runs as its owner: the actor's policies do not
-- reach a table it only reads.
CREATE FUNCTION "company_counts_apply"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
	BEGIN
		IF TG_OP = 'INSERT' THEN
			INSERT INTO public.company_counts AS cc (channel_id, partner_id, kind, status, companies)
			SELECT channel_id, partner_id, kind, status, count(*) FROM new_companies
			GROUP BY channel_id, partner_id, kind, status ORDER BY channel_id, partner_id, kind, status
			ON CONFLICT ON CONSTRAINT company_counts_key DO UPDATE SET companies = cc.companies + excluded.companies;
		ELSIF TG_OP = 'DELETE' THEN
			INSERT INTO public.company_counts AS cc (channel_id, partner_id, kind, status, companies)
			SELECT channel_id, partner_id, kind, status, -count(*) FROM old_companies
			GROUP BY channel_id, partner_id, kind, status ORDER BY channel_id, partner_id, kind, status
			ON CONFLICT ON CONSTRAINT company_counts_key DO UPDATE SET companies = cc.companies + excluded.companies;
		ELSE
			INSERT INTO public.company_counts AS cc (channel_id, partner_id, kind, status, companies)
			SELECT channel_id, partner_id, kind, status, sum(delta) FROM (
				SELECT channel_id, partner_id, kind, status, 1 AS delta FROM new_companies
				UNION ALL
				SELECT channel_id, partner_id, kind, status, -1 FROM old_companies
			) changed
			GROUP BY channel_id, partner_id, kind, status HAVING sum(delta) <> 0
			ORDER BY channel_id, partner_id, kind, status
			ON CONFLICT ON CONSTRAINT company_counts_key DO UPDATE SET companies = cc.companies + excluded.companies;
		END IF;
		RETURN NULL;
	END
	$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "company_counts_apply"() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER "company_counts_insert" AFTER INSERT ON "companies"
	REFERENCING NEW TABLE AS new_companies FOR EACH STATEMENT EXECUTE FUNCTION "company_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "company_counts_update" AFTER UPDATE ON "companies"
	REFERENCING OLD TABLE AS old_companies NEW TABLE AS new_companies FOR EACH STATEMENT EXECUTE FUNCTION "company_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "company_counts_delete" AFTER DELETE ON "companies"
	REFERENCING OLD TABLE AS old_companies FOR EACH STATEMENT EXECUTE FUNCTION "company_counts_apply"();--> statement-breakpoint
-- The companies already there.
INSERT INTO "company_counts" ("channel_id", "partner_id", "kind", "status", "companies")
	SELECT "channel_id", "partner_id", "kind", "status", count(*) FROM "companies" GROUP BY 1, 2, 3, 4;
