import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/channels/channel';
import { openDatabase } from '../../src/db/client';
import { handleAndLoad, rowsOf } from '../../src/db/hot';
import { claimEvents, expireHandled, storeEvents } from '../../src/db/inbox';
import { sealId } from '../../src/privacy/crypto';
import { backends, createScratchDatabase, openTestDatabase, type TestDatabase } from '../support/db';

const event = (eventId: string, account = '111', seq = 1): StoredEvent => ({
  kind: 'reply',
  key: { channel: 'telegram', account, eventId, userKey: `telegram:${eventId}`, chat: '1', seq },
  copy: 'telegram.unsupported',
});

describe.each(backends)('inbox storage (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(() => database.close());

  it('drops a duplicate, keeps the same id from another bot, and forgets handled ids after the retention time', async () => {
    expect(await storeEvents(database.db, [event('m1:5')])).toHaveLength(1);
    expect(await storeEvents(database.db, [event('m1:5')])).toHaveLength(0);
    expect(await storeEvents(database.db, [event('m1:5', '222')])).toHaveLength(1);
    await database.db.execute(
      sql`update inbox set handled_at = now() - interval '31 days' where event_id = ${sealId('m1:5')} and account = '111'`,
    );
    expect(await expireHandled(database.db, 30)).toBe(1);
    // A platform that reuses the id later (Telegram renumbering updates) is heard again.
    expect(await storeEvents(database.db, [event('m1:5')])).toHaveLength(1);
  });

  it("takes only a user's oldest event, and never one two claimers at once", async () => {
    await storeEvents(database.db, [
      { ...event('o1', '9', 10), key: { ...event('o1', '9', 10).key, userKey: 'telegram:order' } },
      { ...event('o2', '9', 11), key: { ...event('o2', '9', 11).key, userKey: 'telegram:order' } },
    ]);
    const [a, b] = await Promise.all([
      claimEvents(database.db, ['telegram'], 50, 60_000),
      claimEvents(database.db, ['telegram'], 50, 60_000),
    ]);
    const mine = [...a!, ...b!].filter((c) => c.userKey === 'telegram:order');
    expect(mine.map((c) => c.event.key.eventId)).toEqual(['o1']);
  });
});

describe.each(backends)('handling an inbox event (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(() => database.close());

  it('marks it handled and loads the contact in one statement, and only the first time', async () => {
    const [id] = await storeEvents(database.db, [event('h1', '7', 1)]);
    const contactsOf = async (ext: string) =>
      rowsOf(
        await database.db.execute(
          sql`select id from contacts where channel = 'telegram' and external_id = ${sealId(ext)}`,
        ),
      ).length;
    const first = await database.db.transaction((tx) => handleAndLoad(tx, id!, 'telegram', 'ext-h1', 'en'));
    expect(first?.contact.externalId).toBe('ext-h1');
    expect(first?.contact.locale).toBe('en');
    expect(first?.session).toBeUndefined();
    const row = rowsOf<{ handled_at: unknown; replied_at: unknown; lease_until: unknown }>(
      await database.db.execute(sql`select handled_at, replied_at, lease_until from inbox where id = ${id!}`),
    )[0]!;
    expect(row.handled_at).not.toBeNull();
    expect(row.replied_at).toBeNull();
    // Handled already (another worker whose lease ran out): nothing loaded, no contact created.
    const again = await database.db.transaction((tx) => handleAndLoad(tx, id!, 'telegram', 'ext-h2', 'id'));
    expect(again).toBeUndefined();
    expect(await contactsOf('ext-h2')).toBe(0);
    expect(await contactsOf('ext-h1')).toBe(1);
  });

  it('leaves the event unhandled when the transaction rolls back', async () => {
    const [id] = await storeEvents(database.db, [event('h3', '7', 2)]);
    await expect(
      database.db.transaction(async (tx) => {
        await handleAndLoad(tx, id!, 'telegram', 'ext-h3', 'id');
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    const again = await database.db.transaction((tx) => handleAndLoad(tx, id!, 'telegram', 'ext-h3', 'id'));
    expect(again?.contact.externalId).toBe('ext-h3');
  });
});

describe('connecting to PostgreSQL', () => {
  let server: Server;
  let port = 0;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: a host that swallows packets after the handshake.
    server = createServer((s) => {
      sockets.add(s);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );

  it('gives up after the connect timeout with one clear line', async () => {
    const err = await openDatabase({
      url: `postgres://postgres@127.0.0.1:${port}/x`,
      connectTimeoutMs: 1000,
    }).catch((e: unknown) => e);
    expect(String(err)).toBe(
      `Error: PostgreSQL at 127.0.0.1:${port}: no answer within 1000 ms (DB_CONNECT_TIMEOUT_MS)`,
    );
  });
});

describe.skipIf(!process.env.DATABASE_URL)('storing inbound events on PostgreSQL', () => {
  it('does not wait for a connection behind transactions that hold every worker connection', async () => {
    const { url, drop } = await createScratchDatabase();
    // Two connections for the workers, both held by slow transactions: a store on that pool would queue.
    const database = await openDatabase({ url, poolSize: 2 });
    try {
      const order: string[] = [];
      const slow = [1, 2].map((n) =>
        database.db
          .transaction(async (tx) => {
            await tx.execute(sql`select pg_sleep(1.5)`);
          })
          .then(() => order.push(`worker transaction ${n}`)),
      );
      await new Promise((r) => setTimeout(r, 300));
      await storeEvents(database.ingress!, [event('lane:1')]).then(() => order.push('stored'));
      await Promise.all(slow);
      expect(order[0]).toBe('stored');
      expect(order).toHaveLength(3);
    } finally {
      await database.close();
      await drop();
    }
  });
});
