CREATE TYPE "public"."activation_policy" AS ENUM('on-assignment', 'first-sign-in');--> statement-breakpoint
CREATE TYPE "public"."license_request_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."license_status" AS ENUM('pending', 'active', 'grace', 'expired', 'suspended', 'discontinued');--> statement-breakpoint
CREATE TYPE "public"."pool_movement_kind" AS ENUM('vendor-issue', 'auto-refill', 'partner-assignment', 'refill', 'request-approved', 'license');--> statement-breakpoint
CREATE TYPE "public"."transaction_type" AS ENUM('new-purchase', 'license-change', 'conversion', 'discontinue', 'suite-composition-change');--> statement-breakpoint
CREATE TYPE "public"."version_type" AS ENUM('trial', 'full');--> statement-breakpoint
CREATE TABLE "customer_transactions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_transactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" "transaction_type" NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"license_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"version_type" "version_type" NOT NULL,
	"unit_type" text NOT NULL,
	"previous_units" integer DEFAULT 0 NOT NULL,
	"new_units" integer NOT NULL,
	"change" integer GENERATED ALWAYS AS (new_units - previous_units) STORED NOT NULL,
	"previous_charge_starts_on" date,
	"new_charge_starts_on" date,
	"actor_user_id" uuid,
	"actor_company_id" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "license_pool_movements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "license_pool_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"pool_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"product_id" uuid NOT NULL,
	"kind" "pool_movement_kind" NOT NULL,
	"trial_units" integer DEFAULT 0 NOT NULL,
	"full_units" integer DEFAULT 0 NOT NULL,
	"counterpart_company_id" uuid,
	"license_id" uuid,
	"request_id" uuid,
	"actor_user_id" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "license_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"product_id" uuid NOT NULL,
	"trial_total" integer DEFAULT 0 NOT NULL,
	"trial_assigned" integer DEFAULT 0 NOT NULL,
	"full_total" integer DEFAULT 0 NOT NULL,
	"full_assigned" integer DEFAULT 0 NOT NULL,
	"minimum" integer DEFAULT 0 NOT NULL,
	"auto_refill_threshold" integer DEFAULT 0 NOT NULL,
	"full_capacity" integer,
	"trial_capacity" integer,
	"disabled_at" timestamp with time zone,
	"disabled_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "license_pools_trial_not_overdrawn" CHECK ("license_pools"."trial_assigned" between 0 and "license_pools"."trial_total"),
	CONSTRAINT "license_pools_full_not_overdrawn" CHECK ("license_pools"."full_assigned" between 0 and "license_pools"."full_total"),
	CONSTRAINT "license_pools_minimum_not_negative" CHECK ("license_pools"."minimum" >= 0),
	CONSTRAINT "license_pools_threshold_not_negative" CHECK ("license_pools"."auto_refill_threshold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "license_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"parent_company_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"version_type" "version_type" NOT NULL,
	"units" integer NOT NULL,
	"note" text,
	"status" "license_request_status" DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"rejection_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "license_requests_units_positive" CHECK ("license_requests"."units" > 0)
);
--> statement-breakpoint
CREATE TABLE "licenses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"managing_company_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"version_type" "version_type" NOT NULL,
	"unit_type" text NOT NULL,
	"units" integer NOT NULL,
	"status" "license_status" NOT NULL,
	"starts_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"grace_ends_on" date,
	"expires_on_before_disable" date,
	"status_before_disable" "license_status",
	"auto_renew" boolean DEFAULT false NOT NULL,
	"renewal_period_months" integer DEFAULT 12 NOT NULL,
	"expiration_notice_days" integer DEFAULT 30 NOT NULL,
	"charge_starts_on" date NOT NULL,
	"data_center_id" uuid,
	"units_returned_at" timestamp with time zone,
	"discontinued_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "licenses_units_positive" CHECK ("licenses"."units" > 0)
);
--> statement-breakpoint
CREATE TABLE "service_plan_resellers" (
	"plan_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_plan_resellers_plan_id_reseller_id_pk" PRIMARY KEY("plan_id","reseller_id")
);
--> statement-breakpoint
CREATE TABLE "service_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"product_id" uuid NOT NULL,
	"version_type" "version_type" NOT NULL,
	"nfr" boolean DEFAULT false NOT NULL,
	"unit_type" text NOT NULL,
	"units_per_license" integer DEFAULT 1 NOT NULL,
	"initial_period_months" integer NOT NULL,
	"auto_renew" boolean DEFAULT false NOT NULL,
	"renewal_period_months" integer DEFAULT 12 NOT NULL,
	"expiration_notice_days" integer DEFAULT 30 NOT NULL,
	"activation_policy" "activation_policy" DEFAULT 'on-assignment' NOT NULL,
	"data_center_id" uuid,
	"region" text,
	"trial_signup_url" text,
	"approved_composition_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_plans_period" CHECK ("service_plans"."initial_period_months" between 1 and 66),
	CONSTRAINT "service_plans_trial_period" CHECK ("service_plans"."version_type" = 'full' or "service_plans"."initial_period_months" = 1),
	CONSTRAINT "service_plans_units_per_license" CHECK ("service_plans"."units_per_license" > 0)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "composition_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_transactions" ADD CONSTRAINT "customer_transactions_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_transactions" ADD CONSTRAINT "customer_transactions_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_transactions" ADD CONSTRAINT "customer_transactions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_transactions" ADD CONSTRAINT "customer_transactions_plan_id_service_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."service_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_transactions" ADD CONSTRAINT "customer_transactions_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_transactions" ADD CONSTRAINT "customer_transactions_actor_company_id_companies_id_fk" FOREIGN KEY ("actor_company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pool_movements" ADD CONSTRAINT "license_pool_movements_pool_id_license_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."license_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pool_movements" ADD CONSTRAINT "license_pool_movements_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pool_movements" ADD CONSTRAINT "license_pool_movements_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pool_movements" ADD CONSTRAINT "license_pool_movements_counterpart_company_id_companies_id_fk" FOREIGN KEY ("counterpart_company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pool_movements" ADD CONSTRAINT "license_pool_movements_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_disabled_by_users_id_fk" FOREIGN KEY ("disabled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_requests" ADD CONSTRAINT "license_requests_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_requests" ADD CONSTRAINT "license_requests_parent_company_id_companies_id_fk" FOREIGN KEY ("parent_company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_requests" ADD CONSTRAINT "license_requests_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_requests" ADD CONSTRAINT "license_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_requests" ADD CONSTRAINT "license_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_managing_company_id_companies_id_fk" FOREIGN KEY ("managing_company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_plan_id_service_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."service_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_data_center_id_data_centers_id_fk" FOREIGN KEY ("data_center_id") REFERENCES "public"."data_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plan_resellers" ADD CONSTRAINT "service_plan_resellers_plan_id_service_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."service_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plan_resellers" ADD CONSTRAINT "service_plan_resellers_reseller_id_companies_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plan_resellers" ADD CONSTRAINT "service_plan_resellers_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plans" ADD CONSTRAINT "service_plans_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plans" ADD CONSTRAINT "service_plans_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plans" ADD CONSTRAINT "service_plans_data_center_id_data_centers_id_fk" FOREIGN KEY ("data_center_id") REFERENCES "public"."data_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plans" ADD CONSTRAINT "service_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_transactions_channel_id_at_idx" ON "customer_transactions" USING btree ("channel_id","at");--> statement-breakpoint
CREATE INDEX "customer_transactions_partner_id_at_idx" ON "customer_transactions" USING btree ("partner_id","at");--> statement-breakpoint
CREATE INDEX "customer_transactions_customer_id_at_idx" ON "customer_transactions" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "customer_transactions_license_id_idx" ON "customer_transactions" USING btree ("license_id");--> statement-breakpoint
CREATE INDEX "license_pool_movements_pool_id_at_idx" ON "license_pool_movements" USING btree ("pool_id","at");--> statement-breakpoint
CREATE INDEX "license_pool_movements_channel_id_at_idx" ON "license_pool_movements" USING btree ("channel_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "license_pools_company_product_key" ON "license_pools" USING btree ("company_id","product_id");--> statement-breakpoint
CREATE INDEX "license_pools_channel_id_idx" ON "license_pools" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "license_pools_partner_id_idx" ON "license_pools" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "license_requests_parent_status_idx" ON "license_requests" USING btree ("parent_company_id","status","created_at");--> statement-breakpoint
CREATE INDEX "license_requests_company_id_idx" ON "license_requests" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "licenses_company_id_idx" ON "licenses" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "licenses_channel_status_idx" ON "licenses" USING btree ("channel_id","status");--> statement-breakpoint
CREATE INDEX "licenses_partner_status_idx" ON "licenses" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "licenses_managing_company_id_idx" ON "licenses" USING btree ("managing_company_id","status");--> statement-breakpoint
CREATE INDEX "licenses_plan_id_idx" ON "licenses" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "licenses_live_expires_on_idx" ON "licenses" USING btree ("expires_on") WHERE "licenses"."status" in ('active', 'grace');--> statement-breakpoint
CREATE INDEX "service_plan_resellers_reseller_id_idx" ON "service_plan_resellers" USING btree ("reseller_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_plans_company_name_key" ON "service_plans" USING btree ("company_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "service_plans_nfr_key" ON "service_plans" USING btree ("company_id","product_id",coalesce("region", '')) WHERE "service_plans"."nfr";--> statement-breakpoint
CREATE INDEX "service_plans_channel_id_idx" ON "service_plans" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "service_plans_partner_id_idx" ON "service_plans" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "service_plans_product_id_idx" ON "service_plans" USING btree ("product_id");