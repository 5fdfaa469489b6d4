import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { createDispatcher } from '../../src/core/dispatcher';
import type { Outbound } from '../../src/core/message';
import { RetryLaterError, UnreachableError } from '../../src/core/send';
import { makeRegistry } from '../../src/core/step';
import { MIGRATIONS_DIR, openDatabase } from '../../src/db/client';
import { findContact, upsertContact } from '../../src/db/contacts';
import { claimDue, enqueue } from '../../src/db/outbox';
import { contacts, evidenceFiles, outbox } from '../../src/db/schema';
import { readSession, writeSession } from '../../src/db/sessions';
import { silentLogger } from '../../src/log';
import { backends, createScratchDatabase, openTestDatabase, type TestDatabase } from '../support/db';

describe.each(backends)('storage on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(() => database.close());

  it('creates a contact once per channel id and keeps its session as JSON', async () => {
    const a = await upsertContact(database.db, 'telegram', '42', 'en');
    const b = await upsertContact(database.db, 'telegram', '42', 'id');
    expect(b.id).toBe(a.id);
    expect(b.locale).toBe('en');
    await writeSession(database.db, a.id, {
      v: 1,
      locale: 'en',
      parked: { x: { name: 'x', version: 1, step: 's', data: { n: 1 }, history: [], startedAt: 'now' } },
    });
    expect((await readSession(database.db, a.id))?.parked?.x?.data).toEqual({ n: 1 });
    expect(await findContact(database.db, 'whatsapp', '42')).toBeUndefined();
  });

  it('stores bytes in bytea and gets a Buffer back', async () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    await database.db.insert(evidenceFiles).values({ sha256: 'abc', mime: 'image/png', size: 4, bytes });
    const [row] = await database.db.select().from(evidenceFiles).where(eq(evidenceFiles.sha256, 'abc'));
    expect(Buffer.isBuffer(row!.bytes)).toBe(true);
    expect([...row!.bytes]).toEqual([0, 1, 2, 255]);
  });

  it('leases due outbox rows so two pumps never take the same row, nor a later bubble of a held chat', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await upsertContact(database.db, 'console', `lease${i}`, 'id');
      ids.push(c.id);
      await enqueue(database.db, { contactId: c.id, channel: 'console', messages: [{ text: `n${i}` }] });
    }
    const first = await database.db.transaction((tx) => claimDue(tx, ['console'], 3, 60_000));
    const second = await database.db.transaction((tx) => claimDue(tx, ['console'], 10, 60_000));
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second].map((r) => r.id)).size).toBe(5);
    expect(second[0]!.externalId).toBe('lease3');

    // Three bubbles of one reply: while the first is held, nobody takes the second or third.
    const chat = await upsertContact(database.db, 'console', 'bubbles', 'id');
    await enqueue(database.db, {
      contactId: chat.id,
      channel: 'console',
      messages: [{ text: 'b1' }, { text: 'b2' }, { text: 'b3' }],
    });
    const one = await database.db.transaction((tx) => claimDue(tx, ['console'], 1, 60_000));
    expect(one.map((r) => r.message.text)).toEqual(['b1']);
    const rest = await database.db.transaction((tx) => claimDue(tx, ['console'], 10, 60_000));
    expect(rest).toEqual([]);
  });

  it('marks a contact unreachable when the platform refuses for good, and retries later on 429', async () => {
    const config = parseConfig({});
    const attempts: string[] = [];
    const dispatcher = createDispatcher({
      database,
      registry: makeRegistry([]),
      config,
      services: {},
      effects: {},
      log: silentLogger,
      senders: {
        whatsapp: {
          async send(externalId: string, messages: Outbound[]) {
            attempts.push(`${externalId}:${messages[0]!.text}`);
            if (externalId === 'gone') throw new UnreachableError('blocked');
            if (externalId === 'busy') throw new RetryLaterError('429', 120_000);
          },
        },
      },
    });
    const gone = await upsertContact(database.db, 'whatsapp', 'gone', 'id');
    const busy = await upsertContact(database.db, 'whatsapp', 'busy', 'id');
    const ok = await upsertContact(database.db, 'whatsapp', 'ok', 'id');
    for (const c of [gone, busy, ok])
      await enqueue(database.db, { contactId: c.id, channel: 'whatsapp', messages: [{ text: 'hi' }] });
    expect(await dispatcher.drainOutbox()).toBe(1);
    const [g] = await database.db.select().from(contacts).where(eq(contacts.id, gone.id));
    expect(g!.unreachableReason).toBe('blocked');
    const rows = await database.db.select().from(outbox).where(eq(outbox.channel, 'whatsapp'));
    const byContact = new Map(rows.map((r) => [r.contactId, r]));
    expect(byContact.get(gone.id)!.failedAt).not.toBeNull();
    expect(byContact.get(busy.id)!.sentAt).toBeNull();
    expect(byContact.get(busy.id)!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 100_000);
    expect(byContact.get(ok.id)!.sentAt).not.toBeNull();
    // Nothing is due now: the refused one is final and the busy one waits for retry_after.
    expect(await dispatcher.drainOutbox()).toBe(0);
    expect(attempts).toHaveLength(3);
  });
});

describe.runIf(backends.includes('postgres'))('migrations on PostgreSQL', () => {
  it('run once when several processes start together', async () => {
    const { url, drop } = await createScratchDatabase();
    try {
      const opened = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url, poolSize: 2 })));
      const [first] = opened;
      const rows = await first!.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const n = (Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows)[0] as { n: number };
      await Promise.all(opened.map((d) => d.close()));
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
        entries: unknown[];
      };
      expect(n.n).toBe(journal.entries.length);
    } finally {
      await drop();
    }
  });
});
