CREATE TYPE "public"."email_status" AS ENUM('scheduled', 'queued', 'sending', 'sent', 'failed', 'canceled');--> statement-breakpoint
CREATE TABLE "password_reset_tokens" (
	"token_hash" "bytea" PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "email_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"event" text NOT NULL,
	"language" text NOT NULL,
	"recipient_email" text NOT NULL,
	"recipient_name" text,
	"recipient_user_id" uuid,
	"variables" jsonb NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"status" "email_status" NOT NULL,
	"scheduled_for" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"provider_message_id" text,
	"sent_at" timestamp with time zone,
	"resent_from_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"channel_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"event" text NOT NULL,
	"language" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"subject" text NOT NULL,
	"blocks" jsonb NOT NULL,
	"send_to_customer" boolean DEFAULT true NOT NULL,
	"timing" jsonb,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_resent_from_id_email_messages_id_fk" FOREIGN KEY ("resent_from_id") REFERENCES "public"."email_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_templates" ADD CONSTRAINT "email_templates_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_templates" ADD CONSTRAINT "email_templates_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "password_reset_tokens_user_id_idx" ON "password_reset_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "email_messages_due_idx" ON "email_messages" USING btree ("scheduled_for") WHERE "email_messages"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "email_messages_channel_created_idx" ON "email_messages" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE INDEX "email_messages_partner_created_idx" ON "email_messages" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "email_messages_customer_created_idx" ON "email_messages" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "email_messages_company_created_idx" ON "email_messages" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "email_messages_recipient_trgm_idx" ON "email_messages" USING gin (lower("recipient_email") gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "email_templates_company_event_language_key" ON "email_templates" USING btree ("company_id","event","language");--> statement-breakpoint
CREATE INDEX "email_templates_channel_id_idx" ON "email_templates" USING btree ("channel_id");