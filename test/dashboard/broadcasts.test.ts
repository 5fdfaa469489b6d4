import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { broadcasts, contacts, deliveries } from '../../src/db/schema';
import { backends, openTestDatabase } from '../support/db';
import { adminClient, dashboardApp } from './support';

describe.each(backends)('dashboard broadcasts (%s)', (backend) => {
  let database: Database;
  let app: Hono;
  let client: Awaited<ReturnType<typeof adminClient>>;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = dashboardApp(database);
    await database.db.insert(contacts).values([
      { channel: 'telegram', externalId: '1', subscribed: true, locale: 'id' },
      { channel: 'telegram', externalId: '2', subscribed: true, locale: 'en' },
      { channel: 'whatsapp', externalId: '6281', subscribed: true, locale: 'id' },
      { channel: 'telegram', externalId: '3', subscribed: false },
    ]);
    client = await adminClient(app);
  });
  afterAll(async () => {
    await database.close();
  });

  it('previews as each platform shows it, with audience counts per channel and an estimate', async () => {
    const res = await client.post('/admin/broadcasts/preview', { text: 'Awas *hoaks* <b>', audience: 'all' });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Penerima: 3');
    expect(page).toMatch(/Telegram: 2/);
    expect(page).toMatch(/WhatsApp: 1/);
    expect(page).toContain('Perkiraan selesai');
    // The audience choices carry their counts.
    expect(page).toContain('Semua pelanggan (3)');
    expect(page).toContain('Hanya Telegram (2)');
    expect(page).toContain('Awas *hoaks* &lt;b&gt;');
    // Both languages' stop line.
    expect(page).toMatch(/berhenti/i);
    expect(page).toMatch(/stop/i);
    const tg = await (
      await client.post('/admin/broadcasts/preview', { text: 'Hai', audience: 'telegram' })
    ).text();
    expect(tg).toContain('Penerima: 2');
    expect(tg).not.toMatch(/WhatsApp: /);
  });

  it('refuses an empty or too long text in the admin’s language, sending nothing', async () => {
    const empty = await client.post('/admin/broadcasts?lang=en', { text: '  ', audience: 'all' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Write the broadcast text first');
    const long = await client.post('/admin/broadcasts/preview', { text: 'x'.repeat(5000), audience: 'all' });
    expect(long.status).toBe(400);
    expect(await database.db.select().from(broadcasts)).toEqual([]);
  });

  it('sends on the broadcast engine, shows progress per channel, refreshes while running, and cancels', async () => {
    const res = await client.post('/admin/broadcasts', { text: 'Pemilu 14 Februari', audience: 'all' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    const id = Number(location.split('/').at(-1));
    const [b] = await database.db.select().from(broadcasts).where(eq(broadcasts.id, id));
    expect(b!.status).toBe('sending');
    const planned = await database.db.select().from(deliveries).where(eq(deliveries.broadcastId, id));
    expect(planned).toHaveLength(3);
    const progress = await (await client.get(location)).text();
    expect(progress).toContain('http-equiv="refresh"');
    expect(progress).toMatch(/data-count="pending">3</);
    expect(progress).toContain('WhatsApp');
    const cancelled = await client.post(`${location}/cancel`, {});
    expect(cancelled.status).toBe(200);
    const page = await cancelled.text();
    expect(page).toMatch(/data-count="skipped">3</);
    expect(page).not.toContain('http-equiv="refresh"');
    const list = await (await client.get('/admin/broadcasts')).text();
    expect(list).toContain(`#${id}`);
    expect((await client.get('/admin/broadcasts/999999')).status).toBe(404);
  });
});
