CREATE TABLE "dashboard_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"report_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_sessions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"id_hash" text NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_used_links" (
	"link_id" text PRIMARY KEY NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_daily" (
	"day" text NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "qa_daily_day_pk" PRIMARY KEY("day")
);
--> statement-breakpoint
ALTER TABLE "dashboard_audit" ADD CONSTRAINT "dashboard_audit_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_audit_report" ON "dashboard_audit" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dashboard_sessions_id_hash" ON "dashboard_sessions" USING btree ("id_hash");