import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceOf } from '../../src/broadcast/audience';
import {
  countRecipients,
  createBroadcast,
  estimateSeconds,
  planBroadcast,
  plannedCounts,
} from '../../src/broadcast/plan';
import { parseConfig } from '../../src/config';
import { contacts, deliveries } from '../../src/db/schema';
import { seedSubscribers } from '../support/contacts';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';

describe.each(backends)('broadcast planning (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    const db = database.db;
    await seedSubscribers(db, 30, { channel: 'telegram', first: 1000 });
    await seedSubscribers(db, 10, { channel: 'telegram', first: 2000, locale: 'en' });
    await seedSubscribers(db, 20, { channel: 'whatsapp', first: 6281000 });
    await seedSubscribers(db, 5, { channel: 'telegram', first: 3000, subscribed: false });
    await seedSubscribers(db, 3, { channel: 'console', first: 4000 });
    // Two subscribers who blocked the bot are not planned.
    await db
      .update(contacts)
      .set({ unreachableAt: new Date() })
      .where(inArray(contacts.externalId, ['1000', '6281000']));
  });
  afterAll(() => database.close());

  it('counts recipients per channel for every audience', async () => {
    const db = database.db;
    expect(await countRecipients(db, audienceOf('all'))).toEqual({ telegram: 39, whatsapp: 19 });
    expect(await countRecipients(db, audienceOf('telegram'))).toEqual({ telegram: 39 });
    expect(await countRecipients(db, audienceOf('whatsapp'))).toEqual({ whatsapp: 19 });
    expect(await countRecipients(db, audienceOf('en'))).toEqual({ telegram: 10 });
    expect(await countRecipients(db, audienceOf('id'))).toEqual({ telegram: 29, whatsapp: 19 });
  });

  it('plans one delivery per recipient, and planning twice adds nobody', async () => {
    const db = database.db;
    const id = await createBroadcast(db, { createdBy: 'cli', text: 'Halo', audience: audienceOf('all') });
    const first = await planBroadcast(db, id);
    expect(first).toEqual({ telegram: 39, whatsapp: 19 });
    const rowsBefore = await db.select().from(deliveries).where(eq(deliveries.broadcastId, id));
    // A new subscriber after planning does not join a broadcast already planned.
    await seedSubscribers(db, 1, { channel: 'telegram', first: 5000 });
    expect(await planBroadcast(db, id)).toEqual(first);
    const rowsAfter = await db.select().from(deliveries).where(eq(deliveries.broadcastId, id));
    expect(rowsAfter.map((r) => r.id).sort()).toEqual(rowsBefore.map((r) => r.id).sort());
    expect(new Set(rowsAfter.map((r) => r.contactId)).size).toBe(rowsAfter.length);
    expect(rowsAfter.every((r) => r.status === 'pending')).toBe(true);
    await db.delete(contacts).where(eq(contacts.externalId, '5000'));
  });

  it('refuses a second delivery row for the same broadcast and contact', async () => {
    const db = database.db;
    const id = await createBroadcast(db, { createdBy: 'cli', text: 'Hi', audience: audienceOf('en') });
    await planBroadcast(db, id);
    const [row] = await db.select().from(deliveries).where(eq(deliveries.broadcastId, id)).limit(1);
    await expect(
      db.insert(deliveries).values({ broadcastId: id, contactId: row!.contactId, channel: 'telegram' }),
    ).rejects.toThrow();
    expect(await plannedCounts(db, id)).toEqual({ telegram: 10 });
  });

  it('estimates the duration from the slowest channel', () => {
    const c = parseConfig({
      TELEGRAM_RATE_PER_SECOND: '25',
      WHATSAPP_RATE_PER_MINUTE: '20',
      WHATSAPP_JITTER_MS: '0',
    });
    expect(estimateSeconds({ telegram: 2500 }, c)).toBe(100);
    // WhatsApp broadcasts go at most 10 a minute with at least 3 s of jitter (1.5 s on average),
    // whatever the reply rate: 60 × 7.5 s.
    expect(estimateSeconds({ telegram: 2500, whatsapp: 60 }, c)).toBe(450);
    expect(estimateSeconds({}, c)).toBe(0);
  });

  it('estimates WhatsApp on the Cloud API at its own rate, with no daily cap', () => {
    const c = parseConfig({
      WHATSAPP_CLOUD_TOKEN: 'x',
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: '123456789',
      WHATSAPP_CLOUD_APP_SECRET: 's',
      WHATSAPP_CLOUD_VERIFY_TOKEN: 'v',
      WHATSAPP_CLOUD_RATE_PER_SECOND: '20',
    });
    expect(estimateSeconds({ whatsapp: 2000 }, c)).toBe(100);
    expect(estimateSeconds({ whatsapp: 50_000 }, c)).toBe(2500);
  });
});
