CREATE TYPE "public"."licenses_daily_step" AS ENUM('units-snapshot', 'status-snapshot');--> statement-breakpoint
CREATE TABLE "licenses_daily_steps" (
	"day" date NOT NULL,
	"step" "licenses_daily_step" NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "licenses_daily_steps_day_step_pk" PRIMARY KEY("day","step")
);
