import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/channels/channel';
import type { Database } from '../../src/db/client';
import { storeEvents } from '../../src/db/inbox';
import { createHttpApp } from '../../src/http/app';
import { startHttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { backends, openTestDatabase } from '../support/db';

describe.each(backends)('http app on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
  });

  it('answers /healthz with 200 while the database answers', async () => {
    const app = createHttpApp({ database, log: silentLogger });
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      db: backend,
      dbAnswers: true,
      inbox: { pending: 0, oldestMs: 0 },
    });
  });

  it('shows the inbox backlog on /healthz: unhandled events and the age of the oldest, still ok', async () => {
    const key = { channel: 'telegram' as const, account: 'bot:1', userKey: 'tg:health', chat: 'health' };
    const events: StoredEvent[] = [1, 2].map((n) => ({
      kind: 'message',
      key: { ...key, eventId: `u:${n}`, seq: n },
      inbound: { channel: 'telegram', userKey: 'tg:health', messageId: `u:${n}`, text: 'halo' },
    }));
    const ids = await storeEvents(database.db, events);
    try {
      const app = createHttpApp({ database, log: silentLogger });
      const res = await app.request('/healthz');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { inbox: { pending: number; oldestMs: number } };
      expect(body.inbox.pending).toBe(2);
      expect(body.inbox.oldestMs).toBeGreaterThanOrEqual(0);
    } finally {
      await database.db.execute(sql`delete from inbox where id in (${sql.join(ids, sql`, `)})`);
    }
  });

  it('answers /healthz with 503 when the worker loop is stuck, though the database answers', async () => {
    const health = () => ({ alive: false, lastPassAgoMs: 60_000, inFlight: 8 });
    const app = createHttpApp({ database, log: silentLogger, health });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, dbAnswers: true, worker: { alive: false } });
  });

  it('answers /healthz with 503 when the database does not answer in time', async () => {
    const stuck = { ...database, db: { execute: () => new Promise(() => {}) } } as unknown as Database;
    const app = createHttpApp({ database: stuck, log: silentLogger, healthTimeoutMs: 20 });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false });
  });

  it('serves the routes features install, over a real socket', async () => {
    const app = createHttpApp({
      database,
      log: silentLogger,
      routes: [(a) => a.get('/ping', (c) => c.text('pong'))],
    });
    const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${server.address.port}`;
      expect(await (await fetch(`${base}/ping`)).text()).toBe('pong');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
