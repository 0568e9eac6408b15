-- Company rows: each tier's policy is one equality on its own stamp, the same condition as
-- `scopeOf`, so every list and count of companies is an index condition of the scan the query
-- already chose. The ancestor companies (the vendor, a tier-2's or a customer's tier-1, a
-- customer's tier-2) drop out of the policies: an OR for them made the planner give up the
-- scope's indexes (19× on a partner's customers). What the product reads of them from below
-- (names in "Managed by" and a company's parent, the chain mail templates and branding inherit
-- along, the suspension of a company above) comes through one narrow path instead:
-- `ancestor_companies()` returns the context's ancestor chain, strictly above the actor's own
-- company, with only the columns below. It runs as its owner, so it reads past the policies;
-- its search_path is fixed so a caller's objects cannot stand in for the table.
DROP POLICY "tier1" ON "companies";--> statement-breakpoint
CREATE POLICY "tier1" ON "companies" TO "keyway_tier1" USING ("channel_id" = (SELECT "app_channel_id"()));--> statement-breakpoint
DROP POLICY "tier2" ON "companies";--> statement-breakpoint
CREATE POLICY "tier2" ON "companies" TO "keyway_tier2" USING ("partner_id" = (SELECT "app_partner_id"()));--> statement-breakpoint
DROP POLICY "customer" ON "companies";--> statement-breakpoint
CREATE POLICY "customer" ON "companies" TO "keyway_customer" USING ("customer_id" = (SELECT "app_customer_id"()));--> statement-breakpoint
-- Every company but the vendor carries a channel stamp, so with none (the vendor's context, or
-- the owner's connection with no context at all) there is nothing above: no rows. A tier-1's
-- channel is itself and a tier-2's partner is itself, hence the checks on the lower stamps.
CREATE FUNCTION "ancestor_companies"()
	RETURNS TABLE (
		"id" uuid, "parent_id" uuid, "kind" "company_kind", "name" text, "account_name" text,
		"status" "company_status", "channel_id" uuid, "partner_id" uuid, "customer_id" uuid
	)
	LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
		SELECT c.id, c.parent_id, c.kind, c.name, c.account_name, c.status, c.channel_id, c.partner_id, c.customer_id
		FROM public.companies c
		WHERE public.app_channel_id() IS NOT NULL
			AND (c.kind = 'vendor'
				OR (c.id = public.app_channel_id() AND (public.app_partner_id() IS NOT NULL OR public.app_customer_id() IS NOT NULL))
				OR (c.id = public.app_partner_id() AND public.app_customer_id() IS NOT NULL))
	$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "ancestor_companies"() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION "ancestor_companies"() TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
-- The companies an actor can name: its subtree (through the policies, as the caller: the view is
-- security_invoker) and its ancestors (through the function). The owner's connection reads every
-- company here, as in the table.
CREATE VIEW "company_cards" WITH (security_invoker = true) AS
	SELECT "id", "parent_id", "kind", "name", "account_name", "status", "channel_id", "partner_id", "customer_id" FROM "companies"
	UNION ALL
	SELECT "id", "parent_id", "kind", "name", "account_name", "status", "channel_id", "partner_id", "customer_id" FROM "ancestor_companies"();--> statement-breakpoint
GRANT SELECT ON "company_cards" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";
