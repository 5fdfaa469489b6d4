ALTER TABLE "deliveries" ADD COLUMN "platform_message_id" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "platform_status" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "via" text;--> statement-breakpoint
CREATE INDEX "deliveries_platform_message" ON "deliveries" USING btree ("platform_message_id");