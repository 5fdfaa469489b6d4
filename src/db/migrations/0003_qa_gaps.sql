CREATE TABLE "qa_gaps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"question" text NOT NULL,
	"topic_id" text,
	"kind" text,
	"actor" text,
	"locale" text NOT NULL,
	"sender_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "qa_gaps_created" ON "qa_gaps" USING btree ("created_at");