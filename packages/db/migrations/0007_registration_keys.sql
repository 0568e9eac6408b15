CREATE TYPE "public"."key_batch_status" AS ENUM('queued', 'generating', 'ready', 'failed');--> statement-breakpoint
CREATE TYPE "public"."registration_key_status" AS ENUM('available', 'registered', 'voided', 'expired');--> statement-breakpoint
CREATE TYPE "public"."legal_document_kind" AS ENUM('eula', 'privacy');--> statement-breakpoint
CREATE TYPE "public"."legal_document_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "regional_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"endpoint" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"plan_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"count" integer NOT NULL,
	"generated" integer DEFAULT 0 NOT NULL,
	"valid_until" date NOT NULL,
	"note" text,
	"status" "key_batch_status" DEFAULT 'queued' NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "key_batches_count" CHECK ("key_batches"."count" between 1 and 1000000),
	CONSTRAINT "key_batches_generated" CHECK ("key_batches"."generated" between 0 and "key_batches"."count")
);
--> statement-breakpoint
CREATE TABLE "registration_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registration_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"batch_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"plan_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"status" "registration_key_status" DEFAULT 'available' NOT NULL,
	"registered_company_id" uuid,
	"registered_by" uuid,
	"registered_at" timestamp with time zone,
	"license_id" uuid,
	"data_center_id" uuid,
	"activation_code" text,
	"voided_at" timestamp with time zone,
	"voided_by" uuid,
	"void_reason" text,
	"expired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "legal_acceptances" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "legal_acceptances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"user_id" uuid,
	"key_id" bigint,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "legal_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"kind" "legal_document_kind" NOT NULL,
	"product_id" uuid,
	"language" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" "legal_document_status" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "data_centers_code_key";--> statement-breakpoint
ALTER TABLE "data_centers" ADD COLUMN "company_id" uuid;--> statement-breakpoint
ALTER TABLE "data_centers" ADD COLUMN "channel_id" uuid;--> statement-breakpoint
ALTER TABLE "data_centers" ADD COLUMN "partner_id" uuid;--> statement-breakpoint
ALTER TABLE "data_centers" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "key_batches" ADD CONSTRAINT "key_batches_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_batches" ADD CONSTRAINT "key_batches_plan_id_service_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."service_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_batches" ADD CONSTRAINT "key_batches_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_batches" ADD CONSTRAINT "key_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_batch_id_key_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."key_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_plan_id_service_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."service_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_registered_company_id_companies_id_fk" FOREIGN KEY ("registered_company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_data_center_id_data_centers_id_fk" FOREIGN KEY ("data_center_id") REFERENCES "public"."data_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_acceptances" ADD CONSTRAINT "legal_acceptances_document_id_legal_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."legal_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_acceptances" ADD CONSTRAINT "legal_acceptances_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_acceptances" ADD CONSTRAINT "legal_acceptances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_acceptances" ADD CONSTRAINT "legal_acceptances_key_id_registration_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."registration_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_documents" ADD CONSTRAINT "legal_documents_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_documents" ADD CONSTRAINT "legal_documents_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_documents" ADD CONSTRAINT "legal_documents_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_documents" ADD CONSTRAINT "legal_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "regional_services_owner_code_key" ON "regional_services" USING btree (coalesce("company_id", '00000000-0000-0000-0000-000000000000'::uuid),lower("code"));--> statement-breakpoint
CREATE INDEX "regional_services_channel_id_idx" ON "regional_services" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "key_batches_channel_created_idx" ON "key_batches" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE INDEX "key_batches_partner_created_idx" ON "key_batches" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "key_batches_plan_id_idx" ON "key_batches" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_keys_code_key" ON "registration_keys" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_keys_batch_seq_key" ON "registration_keys" USING btree ("batch_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_keys_activation_code_key" ON "registration_keys" USING btree ("activation_code");--> statement-breakpoint
CREATE INDEX "registration_keys_channel_id_idx" ON "registration_keys" USING btree ("channel_id","status");--> statement-breakpoint
CREATE INDEX "registration_keys_partner_id_idx" ON "registration_keys" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "registration_keys_registered_company_id_idx" ON "registration_keys" USING btree ("registered_company_id");--> statement-breakpoint
CREATE INDEX "registration_keys_code_trgm_idx" ON "registration_keys" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "legal_acceptances_company_id_idx" ON "legal_acceptances" USING btree ("company_id","accepted_at");--> statement-breakpoint
CREATE INDEX "legal_acceptances_document_id_idx" ON "legal_acceptances" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_documents_version_key" ON "legal_documents" USING btree (coalesce("company_id", '00000000-0000-0000-0000-000000000000'::uuid),"kind",coalesce("product_id", '00000000-0000-0000-0000-000000000000'::uuid),"language","version");--> statement-breakpoint
CREATE INDEX "legal_documents_current_idx" ON "legal_documents" USING btree ("company_id","kind","product_id","language","published_at") WHERE "legal_documents"."status" = 'published';--> statement-breakpoint
CREATE INDEX "legal_documents_channel_id_idx" ON "legal_documents" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_centers_owner_code_key" ON "data_centers" USING btree (coalesce("company_id", '00000000-0000-0000-0000-000000000000'::uuid),lower("code"));--> statement-breakpoint
CREATE INDEX "data_centers_channel_id_idx" ON "data_centers" USING btree ("channel_id");