ALTER TYPE "public"."delivery_status" ADD VALUE 'unknown';--> statement-breakpoint
CREATE TABLE "inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"account" text NOT NULL,
	"event_id" text NOT NULL,
	"user_key" text NOT NULL,
	"seq" bigint NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"handled_at" timestamp with time zone,
	"replied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "handled_messages" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "handled_messages" CASCADE;--> statement-breakpoint
DROP INDEX "outbox_message";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "inbox_id" bigint;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "message" jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_event" ON "inbox" USING btree ("channel","account","event_id");--> statement-breakpoint
CREATE INDEX "inbox_unreplied" ON "inbox" USING btree ("user_key") WHERE "inbox"."handled_at" is not null and "inbox"."replied_at" is null;--> statement-breakpoint
CREATE INDEX "inbox_pending" ON "inbox" USING btree ("user_key","seq","id") WHERE "inbox"."handled_at" is null;--> statement-breakpoint
CREATE INDEX "inbox_handled_at" ON "inbox" USING btree ("handled_at");--> statement-breakpoint
CREATE INDEX "outbox_inbox" ON "outbox" USING btree ("inbox_id");--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "message_id";--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "messages";