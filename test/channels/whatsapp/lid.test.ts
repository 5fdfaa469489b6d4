import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDbAuthState } from '../../../src/channels/whatsapp/auth-store';
import { createWhatsAppBroadcastSender, NotOptedInError } from '../../../src/channels/whatsapp/sender';
import { t } from '../../../src/content/copy';
import { toPlainText } from '../../../src/core/markup';
import { contacts } from '../../../src/db/schema';
import { LID, LID_JID, PHONE, PN_JID, textFrom } from '../../fixtures/whatsapp/messages';
import { backends, openTestDatabase } from '../../support/db';
import { type Harness, harness, stopAll } from './harness';

afterEach(stopAll);

const LID_ID = `${LID}@lid`;

/** Every WhatsApp contact (ids opened). */
const all = (h: Harness) => h.database.db.select().from(contacts).where(eq(contacts.channel, 'whatsapp'));

/** A broadcast to this person under either id: what reaches them. */
async function broadcastReaches(h: Harness): Promise<string[]> {
  const sender = createWhatsAppBroadcastSender({
    config: h.config,
    database: h.database,
    sendMessage: h.channel.sendMessage,
    jitterMs: 0,
    ratePerMinute: 600_000,
  });
  const before = h.sock().sent.length;
  for (const id of [PHONE, LID_ID]) {
    const err = await sender.send(id, [{ text: 'Info pemilu' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotOptedInError);
  }
  return h.sock().texts(before);
}

describe.each(backends)('WhatsApp: one person, one contact (%s)', (backend) => {
  it('first seen by LID, then by phone number after the mapping event: one "berhenti" stops broadcasts', async () => {
    const h = await harness(backend);
    const sub = await h.say(textFrom('langganan', LID_JID));
    expect(sub[0]).toContain(toPlainText(t('broadcast.subscribed', 'id')).slice(0, 30));
    expect((await all(h)).map((c) => [c.externalId, c.subscribed])).toEqual([[LID_ID, true]]);

    h.sock().ev.emit('lid-mapping.update', { lid: LID_JID, pn: PN_JID });
    await h.channel.idle();
    expect((await all(h)).map((c) => [c.externalId, c.subscribed])).toEqual([[PHONE, true]]);

    const stop = await h.say(textFrom('berhenti'));
    expect(stop[0]).toContain(toPlainText(t('broadcast.unsubscribed', 'id')).slice(0, 30));
    expect((await all(h)).map((c) => [c.externalId, c.subscribed])).toEqual([[PHONE, false]]);
    expect(await broadcastReaches(h)).toEqual([]);
  });

  it('two contacts already exist; a message carrying both ids folds them before it is handled', async () => {
    const h = await harness(backend);
    await h.say(textFrom('halo')); // phone-number contact, never subscribed
    await h.say(textFrom('langganan', LID_JID)); // LID contact, subscribed
    expect(await all(h)).toHaveLength(2);
    const stop = await h.say(textFrom('berhenti', PN_JID, { remoteJidAlt: LID_JID }));
    // The subscription came along with the merge, so "berhenti" has something to stop.
    expect(stop[0]).toContain(toPlainText(t('broadcast.unsubscribed', 'id')).slice(0, 30));
    expect((await all(h)).map((c) => [c.externalId, c.subscribed])).toEqual([[PHONE, false]]);
    expect(await broadcastReaches(h)).toEqual([]);
  });

  it("folds duplicates from before at start, from baileys' stored mapping; an opt-out under either id wins", async () => {
    const database = await openTestDatabase(backend);
    try {
      const first = await harness(backend, {}, { database });
      await first.say(textFrom('langganan'));
      await first.say(textFrom('berhenti')); // opted out under the phone number
      await first.say(textFrom('langganan', LID_JID)); // ...and (unknowingly) subscribed under the LID
      await first.stop();
      const auth = await loadDbAuthState(database, {});
      await auth.state.keys.set({ 'lid-mapping': { [PHONE]: LID, [`${LID}_reverse`]: PHONE } });

      const second = await harness(backend, {}, { database });
      await vi.waitFor(async () => expect(await all(second)).toHaveLength(1));
      expect((await all(second)).map((c) => [c.externalId, c.subscribed])).toEqual([[PHONE, false]]);
      expect(await broadcastReaches(second)).toEqual([]);
    } finally {
      await stopAll();
      await database.close();
    }
  });
});
