import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findContact } from '../../../src/db/contacts';
import { whatsappSent } from '../../../src/db/schema';
import { deleteContactData } from '../../../src/privacy/delete';
import { retentionPolicy, runRetention } from '../../../src/privacy/retention';
import { PHONE, PN_JID, textFrom } from '../../fixtures/whatsapp/messages';
import { backends, openTestDatabase } from '../../support/db';
import { harness, stopAll } from './harness';

afterEach(stopAll);

const textOf = (m: unknown) => (m as { extendedTextMessage?: { text?: string } }).extendedTextMessage?.text;

describe.each(backends)('WhatsApp messages asked for again (%s)', (backend) => {
  it('answers getMessage from the database, across reconnects and restarts, with one retry counter cache', async () => {
    const database = await openTestDatabase(backend);
    try {
      const first = await harness(backend, {}, { database });
      const replies = await first.say(textFrom('halo'));
      expect(replies.length).toBeGreaterThan(0);
      const s1 = first.sock();
      const ids = (await database.db.select().from(whatsappSent)).map((r) => r.messageId);
      expect(ids).toHaveLength(replies.length);
      const asked = await s1.options!.getMessage({ remoteJid: PN_JID, fromMe: true, id: ids[0]! });
      expect(textOf(asked)).toBe(replies[0]);
      // Sealed at rest: the stored text is not readable in the table.
      const raw = await database.db.execute(sql`select message from whatsapp_sent limit 1`);
      expect(JSON.stringify(raw)).not.toContain(replies[0]!.slice(0, 20));

      // A reconnect gets the same retry counter cache (counts survive), and the same answers.
      s1.close(428);
      await vi.waitFor(() => expect(first.sockets).toHaveLength(2));
      expect(first.sock().options!.msgRetryCounterCache).toBe(s1.options!.msgRetryCounterCache);
      await first.stop();

      const second = await harness(backend, {}, { database });
      const again = await second
        .sock()
        .options!.getMessage({ remoteJid: PN_JID, fromMe: true, id: ids.at(-1)! });
      expect(textOf(again)).toBe(replies.at(-1));
      expect(
        await second.sock().options!.getMessage({ remoteJid: PN_JID, fromMe: true, id: 'UNKNOWN' }),
      ).toBeUndefined();
    } finally {
      await stopAll();
      await database.close();
    }
  });

  it('forgets them after the retention time and when the person asks for deletion', async () => {
    const h = await harness(backend);
    await h.say(textFrom('halo'));
    await h.say(textFrom('halo', '6289999999999@s.whatsapp.net'));
    const all = await h.database.db.select().from(whatsappSent);
    expect(new Set(all.map((r) => r.jid))).toEqual(new Set([PN_JID, '6289999999999@s.whatsapp.net']));

    const contact = (await findContact(h.database.db, 'whatsapp', PHONE))!;
    await h.database.db.transaction((tx) => deleteContactData(tx, contact.id));
    const left = await h.database.db.select().from(whatsappSent);
    expect(left.map((r) => r.jid).every((j) => j === '6289999999999@s.whatsapp.net')).toBe(true);
    expect(left.length).toBeGreaterThan(0);

    const policy = retentionPolicy(h.config);
    expect(policy.whatsappSentDays).toBe(3);
    const soon = await runRetention(h.database.db, policy, { now: new Date(Date.now() + 2 * 86_400_000) });
    expect(soon.whatsappSent).toBe(0);
    const later = await runRetention(h.database.db, policy, { now: new Date(Date.now() + 4 * 86_400_000) });
    expect(later.whatsappSent).toBe(left.length);
    expect(await h.database.db.select().from(whatsappSent)).toEqual([]);
  });
});
