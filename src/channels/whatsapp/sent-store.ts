import { BufferJSON, type proto } from '@whiskeysockets/baileys';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { whatsappSent } from '../../db/schema';

/**
 * Messages the bot sent, by id, for RETENTION_WHATSAPP_SENT_DAYS: when a recipient's phone could
 * not decrypt one (common after a broadcast to phones that were offline) it asks for it again, and
 * baileys re-encrypts what `getMessage` returns. Without it the person sees "Waiting for this message".
 */
export interface SentStore {
  save(jid: string, messageId: string, message: proto.IMessage): Promise<void>;
  get(messageId: string): Promise<proto.IMessage | undefined>;
}

export function dbSentStore(database: Database, account: string): SentStore {
  const { db } = database;
  return {
    async save(jid, messageId, message) {
      await db
        .insert(whatsappSent)
        .values({ account, messageId, jid, message: JSON.stringify(message, BufferJSON.replacer) })
        .onConflictDoNothing();
    },
    async get(messageId) {
      const [row] = await db
        .select({ message: whatsappSent.message })
        .from(whatsappSent)
        .where(and(eq(whatsappSent.account, account), eq(whatsappSent.messageId, messageId)));
      return row ? (JSON.parse(row.message, BufferJSON.reviver) as proto.IMessage) : undefined;
    },
  };
}
