import { BufferJSON } from '@whiskeysockets/baileys';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, whatsappAuth, whatsappSent } from '../../src/db/schema';
import { deleteContactData } from '../../src/privacy/delete';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';

/**
 * A WhatsApp user is one contact under their phone number, but the bot may have written to them
 * under their LID too (before WhatsApp told it the number): those copies are theirs as well.
 */
describe.each(backends)('deleting a WhatsApp person (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(() => database.close());

  it('removes the copies sent to their phone number and to their LID, and nobody else’s', async () => {
    const db = database.db;
    const [me] = await db
      .insert(contacts)
      .values({ channel: 'whatsapp', externalId: '6285711112222' })
      .returning({ id: contacts.id });
    // baileys' own record of each pair, both ways: `lid-mapping:<phone>` → LID, `<lid>_reverse` → phone.
    await db.insert(whatsappAuth).values([
      {
        account: 'default',
        key: 'lid-mapping:6285711112222',
        value: JSON.stringify('99887766', BufferJSON.replacer),
      },
      {
        account: 'default',
        key: 'lid-mapping:6289900001111',
        value: JSON.stringify('11223344', BufferJSON.replacer),
      },
      {
        account: 'default',
        key: 'lid-mapping:99887766_reverse',
        value: JSON.stringify('6285711112222', BufferJSON.replacer),
      },
      {
        account: 'default',
        key: 'lid-mapping:11223344_reverse',
        value: JSON.stringify('6289900001111', BufferJSON.replacer),
      },
    ]);
    const copy = (messageId: string, jid: string) => ({ account: 'default', messageId, jid, message: '{}' });
    await db
      .insert(whatsappSent)
      .values([
        copy('A1', '6285711112222@s.whatsapp.net'),
        copy('A2', '99887766@lid'),
        copy('B1', '6289900001111@s.whatsapp.net'),
        copy('B2', '11223344@lid'),
      ]);

    await db.transaction((tx) => deleteContactData(tx, me!.id));

    const left = await db.select({ id: whatsappSent.messageId }).from(whatsappSent);
    expect(left.map((r) => r.id).sort()).toEqual(['B1', 'B2']);
    const [gone] = await db.select().from(contacts).where(eq(contacts.id, me!.id));
    expect(gone?.deletedAt).toBeInstanceOf(Date);
  });
});
