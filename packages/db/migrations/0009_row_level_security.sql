-- Row-level security: the second wall behind the scoped queries. Requests run as one of four
-- NOLOGIN roles, one per tier, with the actor's stamps in transaction-local settings; the
-- policies below hide every row outside the actor's subtree and its ancestors' own rows (a row
-- with no channel is the vendor's own), so a query that forgets its scope still cannot read or
-- write another channel's, a sibling partner's or a sibling customer's rows. Sign-in, session checks, migrations, the seed and the
-- worker run as the connecting role, which owns the tables and is not subject to the policies.
DO $$
DECLARE
	tier text;
BEGIN
	FOREACH tier IN ARRAY ARRAY['keyway_vendor', 'keyway_tier1', 'keyway_tier2', 'keyway_customer'] LOOP
		BEGIN
			-- Roles are shared by every database of the server: another database may have created it,
			-- or be creating it at this moment.
			EXECUTE format('CREATE ROLE %I NOLOGIN', tier);
		EXCEPTION WHEN duplicate_object OR unique_violation THEN
			NULL;
		END;
		IF NOT pg_has_role(current_user, tier, 'MEMBER') THEN
			EXECUTE format('GRANT %I TO %I', tier, current_user);
		END IF;
	END LOOP;
END
$$;--> statement-breakpoint
-- The actor's stamps, set for one transaction by the request (empty outside one: no rows).
CREATE FUNCTION "app_channel_id"() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT nullif(current_setting('app.channel_id', true), '')::uuid $$;--> statement-breakpoint
CREATE FUNCTION "app_partner_id"() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT nullif(current_setting('app.partner_id', true), '')::uuid $$;--> statement-breakpoint
CREATE FUNCTION "app_customer_id"() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT nullif(current_setting('app.customer_id', true), '')::uuid $$;--> statement-breakpoint
-- A policy's quals run before the query's own, and the planner lets a query's condition use an
-- index only when every function in it is leakproof: the name search (LIKE on the trigram index),
-- the kind and status filters (enum equality) and the keyset condition on lower(name) would
-- otherwise become filters over a whole channel. None of these three functions reveals anything
-- through an error or a side channel; declaring it takes a superuser, so elsewhere the plans
-- stay correct and become slower.
DO $$
BEGIN
	IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
		ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;
		ALTER FUNCTION pg_catalog.enum_eq(anyenum, anyenum) LEAKPROOF;
		ALTER FUNCTION pg_catalog.lower(text) LEAKPROOF;
	ELSE
		RAISE NOTICE 'Not a superuser: textlike, enum_eq and lower stay not leakproof, and searches under row-level security cannot use their indexes.';
	END IF;
END
$$;--> statement-breakpoint
GRANT USAGE ON SCHEMA "public" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "public" TO "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
-- The audit log is append-only for the application; the catalog is the vendor's to change.
REVOKE UPDATE, DELETE ON "audit_log" FROM "keyway_vendor", "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON "products" FROM "keyway_tier1", "keyway_tier2", "keyway_customer";--> statement-breakpoint
ALTER TABLE "companies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "companies" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "companies" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "companies" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "companies" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "users" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "users" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "users" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "users" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "audit_log" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "audit_log" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "audit_log" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "audit_log" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "data_centers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "data_centers" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "data_centers" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "data_centers" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "data_centers" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "regional_services" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "regional_services" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "regional_services" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "regional_services" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "regional_services" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "email_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "email_templates" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "email_templates" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "email_templates" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "email_templates" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "email_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "email_messages" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "email_messages" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "email_messages" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "email_messages" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "key_batches" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "key_batches" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "key_batches" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "key_batches" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "key_batches" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "registration_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "registration_keys" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "registration_keys" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "registration_keys" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "registration_keys" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "legal_documents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "legal_documents" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "legal_documents" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "legal_documents" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "legal_documents" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "legal_acceptances" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "legal_acceptances" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "legal_acceptances" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "legal_acceptances" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "legal_acceptances" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "license_pools" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "license_pools" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "license_pools" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "license_pools" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "license_pools" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "license_pool_movements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "license_pool_movements" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "license_pool_movements" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "license_pool_movements" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "license_pool_movements" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "license_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "license_requests" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "license_requests" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "license_requests" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "license_requests" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "service_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "service_plans" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "service_plans" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "service_plans" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "service_plans" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "service_plan_resellers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "service_plan_resellers" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "service_plan_resellers" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "service_plan_resellers" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "service_plan_resellers" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "licenses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "licenses" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "licenses" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "licenses" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "licenses" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
ALTER TABLE "customer_transactions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vendor" ON "customer_transactions" TO "keyway_vendor" USING (true);--> statement-breakpoint
CREATE POLICY "tier1" ON "customer_transactions" TO "keyway_tier1" USING (
	"channel_id" = "app_channel_id"() OR "channel_id" IS NULL
);--> statement-breakpoint
CREATE POLICY "tier2" ON "customer_transactions" TO "keyway_tier2" USING (
	"partner_id" = "app_partner_id"()
	OR ("partner_id" IS NULL AND "customer_id" IS NULL AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);--> statement-breakpoint
CREATE POLICY "customer" ON "customer_transactions" TO "keyway_customer" USING (
	"customer_id" = "app_customer_id"()
	OR ("customer_id" IS NULL
		AND ("partner_id" = "app_partner_id"() OR "partner_id" IS NULL)
		AND ("channel_id" = "app_channel_id"() OR "channel_id" IS NULL))
);
