import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNumbers } from '../../src/dashboard/numbers';
import type { Database } from '../../src/db/client';
import { contacts, qaDaily, qaGaps, reportEvents, reports } from '../../src/db/schema';
import { createTestBot } from '../support/chat';
import { backends, openTestDatabase } from '../support/db';
import { adminClient, dashboardApp } from './support';

const NOW = new Date('2026-03-10T05:00:00Z'); // 12:00 WIB

describe.each(backends)('dashboard Q&A and numbers (%s)', (backend) => {
  let database: Database;
  let app: Hono;
  let client: Awaited<ReturnType<typeof adminClient>>;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = dashboardApp(database, { now: () => NOW });
    const db = database.db;
    await db.insert(contacts).values([
      { channel: 'telegram', externalId: '1', subscribed: true },
      { channel: 'telegram', externalId: '2', subscribed: true, locale: 'en' },
      { channel: 'whatsapp', externalId: '6281', subscribed: true },
      { channel: 'whatsapp', externalId: '6282', subscribed: false },
    ]);
    const yogya = { code: '34.04', name: 'Kab. Sleman', province: 'DI Yogyakarta' };
    const rows = await db
      .insert(reports)
      .values([
        // 2026-03-09 23:30 WIB and 2026-03-10 00:30 WIB: different days in WIB, the same in UTC.
        {
          ticket: 'PN-AAAA-A2',
          category: 'asn',
          fields: { where: yogya },
          createdAt: new Date('2026-03-09T16:30:00Z'),
        },
        {
          ticket: 'PN-BBBB-B3',
          category: 'hoax',
          fields: { where: yogya },
          createdAt: new Date('2026-03-09T17:30:00Z'),
        },
        { ticket: 'PN-CCCC-C4', category: 'asn', fields: {}, createdAt: new Date('2026-03-09T18:00:00Z') },
        // Outside 30 days.
        { ticket: 'PN-DDDD-D5', category: 'asn', fields: {}, createdAt: new Date('2026-01-01T00:00:00Z') },
      ])
      .returning({ id: reports.id, createdAt: reports.createdAt });
    const at = (i: number, minutes: number) => new Date(rows[i]!.createdAt.getTime() + minutes * 60_000);
    await db.insert(reportEvents).values([
      { reportId: rows[0]!.id, status: 'baru', actor: 'reporter', createdAt: at(0, 0) },
      { reportId: rows[0]!.id, status: 'diverifikasi', actor: 'cli', createdAt: at(0, 60) },
      { reportId: rows[0]!.id, status: 'selesai', actor: 'cli', createdAt: at(0, 600) },
      { reportId: rows[1]!.id, status: 'diverifikasi', actor: 'admin:abc', createdAt: at(1, 120) },
      { reportId: rows[2]!.id, status: 'ditolak', actor: 'admin:abc', createdAt: at(2, 300) },
    ]);
    await db.insert(qaDaily).values({ day: '2026-03-10', answered: 7 });
    const gap = { locale: 'id', senderHash: 's1', topicId: null, kind: null, actor: null };
    await db.insert(qaGaps).values([
      {
        ...gap,
        reason: 'declined',
        question: 'siapa pemenang pemilu nanti',
        createdAt: new Date('2026-03-10T01:00:00Z'),
      },
      {
        ...gap,
        reason: 'declined',
        question: 'siapa pemenang pemilu 2029',
        senderHash: 's2',
        createdAt: new Date('2026-03-10T02:00:00Z'),
      },
      {
        ...gap,
        reason: 'unhelpful',
        question: 'kades boleh kampanye?',
        topicId: 'kades-kampanye',
        createdAt: new Date('2026-03-09T02:00:00Z'),
      },
    ]);
    client = await adminClient(app, NOW);
  });
  afterAll(async () => {
    await database.close();
  });

  it('counts reports per WIB day by category and province, the median first change, questions and subscribers', async () => {
    const n = await loadNumbers(database.db, { now: NOW, days: 30 });
    expect(n.days).toHaveLength(30);
    expect(n.days.at(-1)).toBe('2026-03-10');
    expect(n.perDay['2026-03-09']).toEqual({ asn: 1 });
    expect(n.perDay['2026-03-10']).toEqual({ hoax: 1, asn: 1 });
    expect(n.provinces).toEqual([
      { province: 'DI Yogyakarta', n: 2 },
      { province: '', n: 1 },
    ]);
    // First changes after 60, 120 and 300 minutes.
    expect(n.medianFirstChangeSeconds).toBe(120 * 60);
    expect(n.changed).toBe(3);
    expect(n.questions.at(-1)).toEqual({ day: '2026-03-10', answered: 7, declined: 2 });
    expect(n.questions.at(-2)).toEqual({ day: '2026-03-09', answered: 0, declined: 0 });
    expect(n.subscribers).toEqual({ telegram: 2, whatsapp: 1 });
  });

  it('shows the numbers as tables (readable without JavaScript) and charts from node_modules', async () => {
    const res = await client.get('/admin/numbers?lang=en');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('2 hours');
    expect(page).toContain('DI Yogyakarta');
    expect(page).toContain('<script src="/admin/static/chart.js"></script>');
    expect(page).not.toMatch(/https?:\/\/cdn/);
    const chart = await client.get('/admin/static/chart.js');
    expect(chart.headers.get('content-type')).toContain('javascript');
    expect(await chart.text()).toContain('Chart');
    expect((await app.request('/admin/static/chart.js')).status).toBe(302);
  });

  it('lists topics with verdict, certainty and sources, and the gap inbox grouped with counts', async () => {
    const page = await (await client.get('/admin/qa')).text();
    expect(page).toMatch(/<strong>2<\/strong><div class="muted">dari 2 pengirim/);
    expect(page).toContain('siapa pemenang pemilu');
    expect(page).toContain('👎 tidak membantu');
    expect(page).toContain('terverifikasi');
    expect(page).toMatch(/Tidak boleh/);
    expect(page).toContain('medsos-like');
  });
});

describe.each(backends)('answered questions are counted per day (%s)', (backend) => {
  it('adds one to today’s count for each question answered with a topic', async () => {
    const bot = await createTestBot({ backend });
    try {
      await bot.say('min pns boleh ga like postingan capres di ig', 'a');
      await bot.say('asn boleh nyoblos di tps ga', 'b');
      const rows = await bot.database.db.select().from(qaDaily);
      expect(rows.reduce((a, r) => a + r.answered, 0)).toBe(2);
    } finally {
      await bot.close();
    }
  });
});
