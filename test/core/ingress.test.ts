import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/channels/channel';
import { rowsOf } from '../../src/db/hot';
import { INBOX_CHANNEL, storeEvents } from '../../src/db/inbox';
import { createTestBot, type TestBot } from '../support/chat';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';

/**
 * INGRESS_ONLY: a process that stores what arrives and handles nothing, so its acknowledgements
 * never wait behind handling; workers elsewhere take the events, woken by a notification.
 */
let n = 0;
const update = (chat: string, text: string): StoredEvent => {
  n++;
  return {
    kind: 'message',
    key: {
      channel: 'telegram',
      account: 'bot:1',
      eventId: `u:${chat}:${n}`,
      userKey: `telegram:${chat}`,
      chat,
      seq: n,
    },
    inbound: { channel: 'telegram', userKey: `telegram:${chat}`, messageId: `u:${chat}:${n}`, text },
  };
};

const count = async (database: TestDatabase, where: 'handled_at is null' | 'replied_at is not null') =>
  Number(
    rowsOf<{ n: number | string }>(
      await database.db.execute(sql.raw(`select count(*)::int as n from inbox where ${where}`)),
    )[0]!.n,
  );

/**
 * Waits for a condition with a deadline far below the worker's minute-long poll, so meeting it
 * shows the notification woke the worker.
 */
async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(backends)('an ingress-only process (%s)', (backend) => {
  let database: TestDatabase;
  let ingress: TestBot;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    ingress = await createTestBot({ database, channel: 'telegram', worker: { handles: false } });
    ingress.dispatcher.start();
  });
  afterAll(async () => {
    await ingress.dispatcher.stop();
    await database.close();
  });

  it('stores and acknowledges what arrives, and handles and sends nothing itself', async () => {
    await ingress.dispatcher.sink.accept([update('a', 'menu'), update('a', 'bahasa')]);
    await ingress.dispatcher.idle();
    expect(await count(database, 'handled_at is null')).toBe(2);
    expect(ingress.sender.all).toEqual([]);
    expect(ingress.dispatcher.health().alive).toBe(true);
    await database.db.execute(sql`delete from inbox`);
  });

  it('stores a duplicate once, with or without a notification', async () => {
    const event = update('b', 'menu');
    expect(await storeEvents(database.db, [event], { notify: true })).toHaveLength(1);
    expect(await storeEvents(database.db, [event], { notify: true })).toEqual([]);
    await database.db.execute(sql`delete from inbox`);
  });
});

// Listening needs PostgreSQL (PGlite is one process, whose own workers take what it stores).
describe.skipIf(!backends.includes('postgres'))('ingress and worker processes on PostgreSQL', () => {
  let database: TestDatabase;
  let ingress: TestBot;
  let worker: TestBot;
  const heard: string[] = [];
  let stopListening: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    ingress = await createTestBot({ database, channel: 'telegram', worker: { handles: false } });
    // A poll of a minute: only the notification can wake this worker within the test.
    worker = await createTestBot({ database, channel: 'telegram', worker: { pollMs: 60_000 } });
    const l = await database.sql!.listen(INBOX_CHANNEL, (payload) => heard.push(payload));
    stopListening = () => l.unlisten();
  });
  afterAll(async () => {
    await stopListening?.();
    await ingress.dispatcher.stop();
    await worker.dispatcher.stop();
    await database.close();
  });

  it('notifies at commit, once per new event and not for a duplicate', async () => {
    const event = update('d', 'menu');
    const before = heard.length;
    await database.db.transaction(async (tx) => {
      await storeEvents(tx, [event], { notify: true });
      await storeEvents(tx, [event], { notify: true });
      // Not before commit: a worker woken now would not see the row yet.
      await new Promise((r) => setTimeout(r, 50));
      expect(heard.length).toBe(before);
    });
    await until(async () => heard.length > before);
    await new Promise((r) => setTimeout(r, 50));
    expect(heard.length).toBe(before + 1);
    await database.db.execute(sql`delete from inbox`);
  });

  it("wakes the worker at once, which handles a user's events in order and once", async () => {
    ingress.dispatcher.start();
    worker.dispatcher.start();
    await worker.dispatcher.idle();
    await ingress.dispatcher.sink.accept([update('c', 'menu')]);
    await ingress.dispatcher.sink.accept([update('c', 'bahasa')]);
    await ingress.dispatcher.sink.accept([update('c', 'bahasa')]);
    await until(async () => (await count(database, 'replied_at is not null')) >= 3);
    await worker.dispatcher.idle();
    const texts = (worker.sender.sent.get('c') ?? []).map((o) => o.text);
    // The menu, then "now in English", then "now in Indonesian": handled in the order they arrived.
    const english = texts.findIndex((t) => /English/.test(t));
    const indonesian = texts.findIndex((t, i) => i > english && /Bahasa Indonesia/.test(t));
    expect(english).toBeGreaterThan(0);
    expect(indonesian).toBeGreaterThan(english);
    expect(ingress.sender.all).toEqual([]);
    expect(await count(database, 'handled_at is null')).toBe(0);
  });
});
