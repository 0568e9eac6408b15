-- Registration keys: the index set a 1,000,000-key batch maintains (BENCHMARKS.md, "Registration keys").
-- The trigram index goes: the console searches keys by their beginning, which the unique index on the
-- code serves (text_pattern_ops: byte order, prefix LIKE). Indexes on columns a new key leaves null
-- become partial. One composite foreign key to the batch replaces four (batch, issuer, plan, product).
CREATE UNIQUE INDEX "key_batches_id_company_plan_product_key" ON "key_batches" USING btree ("id","company_id","plan_id","product_id");--> statement-breakpoint
ALTER TABLE "registration_keys" ADD CONSTRAINT "registration_keys_batch_fk" FOREIGN KEY ("batch_id","company_id","plan_id","product_id") REFERENCES "public"."key_batches"("id","company_id","plan_id","product_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_keys" DROP CONSTRAINT "registration_keys_batch_id_key_batches_id_fk";--> statement-breakpoint
ALTER TABLE "registration_keys" DROP CONSTRAINT "registration_keys_company_id_companies_id_fk";--> statement-breakpoint
ALTER TABLE "registration_keys" DROP CONSTRAINT "registration_keys_plan_id_service_plans_id_fk";--> statement-breakpoint
ALTER TABLE "registration_keys" DROP CONSTRAINT "registration_keys_product_id_products_id_fk";--> statement-breakpoint
DROP INDEX "registration_keys_code_trgm_idx";--> statement-breakpoint
DROP INDEX "registration_keys_code_key";--> statement-breakpoint
CREATE UNIQUE INDEX "registration_keys_code_key" ON "registration_keys" USING btree ("code" text_pattern_ops);--> statement-breakpoint
DROP INDEX "registration_keys_activation_code_key";--> statement-breakpoint
CREATE UNIQUE INDEX "registration_keys_activation_code_key" ON "registration_keys" USING btree ("activation_code") WHERE "registration_keys"."activation_code" is not null;--> statement-breakpoint
DROP INDEX "registration_keys_registered_company_id_idx";--> statement-breakpoint
CREATE INDEX "registration_keys_registered_company_id_idx" ON "registration_keys" USING btree ("registered_company_id") WHERE "registration_keys"."registered_company_id" is not null;--> statement-breakpoint
CREATE INDEX "registration_keys_license_id_idx" ON "registration_keys" USING btree ("license_id") WHERE "registration_keys"."license_id" is not null;
