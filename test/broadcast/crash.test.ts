import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { audienceOf } from '../../src/broadcast/audience';
import { INTERRUPTED } from '../../src/broadcast/deliveries';
import { createBroadcast, startBroadcast } from '../../src/broadcast/plan';
import { openDatabase } from '../../src/db/client';
import { contacts, deliveries } from '../../src/db/schema';
import { spawnTsx } from '../support/child';
import { seedSubscribers } from '../support/contacts';
import { TEST_DATA_KEY } from '../support/data-key';
import { backends, createScratchDatabase } from '../support/db';
import { startFakeBotApi } from '../support/fake-bot-api';

const N = 2000;

describe.each(backends)('a broadcast survives SIGKILL of its worker process (%s)', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('carries on after a restart: nobody gets it twice, nobody is left out', async () => {
    const api = await startFakeBotApi();
    cleanups.push(() => api.close());
    let where: { url: string } | { dataDir: string };
    if (backend === 'postgres') {
      const scratch = await createScratchDatabase();
      cleanups.push(scratch.drop);
      where = { url: scratch.url };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'pantau-crash-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      where = { dataDir: dir };
    }
    let database = await openDatabase(where);
    await seedSubscribers(database.db, N, { first: 500_000 });
    const id = await createBroadcast(database.db, {
      createdBy: 'test',
      text: 'Halo',
      audience: audienceOf('all'),
    });
    await startBroadcast(database.db, id);
    // PGlite allows one process per folder: the workers get it to themselves.
    await database.close();

    const env = {
      CHILD_API_ROOT: api.apiRoot,
      CHILD_TOKEN: api.token,
      CHILD_BROADCAST: String(id),
      CHILD_DATA_KEY: TEST_DATA_KEY,
      ...('url' in where ? { CHILD_DATABASE_URL: where.url } : { CHILD_DATA_DIR: where.dataDir }),
    };
    const first = spawnTsx('test/broadcast/crash-child.ts', env);
    expect(JSON.parse(await first.next())).toEqual({ ready: true });
    await api.waitForCalls('sendMessage', N / 2, { timeoutMs: 180_000 });
    // Hold the answers: the next send reaches the platform and the worker dies waiting for the reply,
    // the one moment where the platform has the message and our row cannot say so.
    api.latencyMs = 600_000;
    const before = api.callsOf('sendMessage').length;
    await api.waitForCalls('sendMessage', before + 1, { timeoutMs: 30_000 });
    first.proc.kill('SIGKILL');
    await first.exited;
    api.latencyMs = 0;

    const second = spawnTsx('test/broadcast/crash-child.ts', env);
    expect(JSON.parse(await second.next())).toEqual({ ready: true });
    const done = JSON.parse(await second.next()) as { sent: number; failed: number; pending: number };
    expect(await second.exited).toBe(0);
    expect(done.pending).toBe(0);

    const chats = api.callsOf('sendMessage').map((c) => String(c.params.chat_id));
    const perChat = new Map<string, number>();
    for (const c of chats) perChat.set(c, (perChat.get(c) ?? 0) + 1);
    expect(perChat.size).toBe(N);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);

    database = await openDatabase(where);
    cleanups.push(() => database.close());
    const rows = await database.db
      .select({ status: deliveries.status, lastError: deliveries.lastError, chat: contacts.externalId })
      .from(deliveries)
      .innerJoin(contacts, eq(contacts.id, deliveries.contactId))
      .where(eq(deliveries.broadcastId, id));
    expect(rows).toHaveLength(N);
    const notSent = rows.filter((r) => r.status !== 'sent');
    // The send held at the kill (and any success not yet written down) is recorded, not resent.
    expect(notSent.length).toBeGreaterThanOrEqual(1);
    expect(notSent.length).toBeLessThanOrEqual(51);
    for (const r of notSent) {
      expect(r).toMatchObject({ status: 'unknown', lastError: INTERRUPTED });
      expect(perChat.get(r.chat)).toBe(1);
    }
  }, 400_000);
});
