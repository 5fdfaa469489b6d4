CREATE TABLE "whatsapp_sent" (
	"account" text NOT NULL,
	"message_id" text NOT NULL,
	"jid" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_sent_account_message_id_pk" PRIMARY KEY("account","message_id")
);
--> statement-breakpoint
CREATE INDEX "whatsapp_sent_jid" ON "whatsapp_sent" USING btree ("jid");--> statement-breakpoint
CREATE INDEX "whatsapp_sent_created" ON "whatsapp_sent" USING btree ("created_at");