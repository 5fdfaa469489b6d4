import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { contacts, dashboardAudit, evidenceFiles, reportEvidence, reports } from '../../src/db/schema';
import { backends, openTestDatabase } from '../support/db';
import { png } from '../support/report';
import { adminClient, dashboardApp } from './support';

const tickets = (page: string) => [...page.matchAll(/>(PN-[A-Z0-9]{4}-[A-Z0-9]{2})<\/a>/g)].map((m) => m[1]);

describe.each(backends)('dashboard reports (%s)', (backend) => {
  let database: Database;
  let app: Hono;
  let client: Awaited<ReturnType<typeof adminClient>>;
  let imageId = 0;
  let pdfId = 0;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = dashboardApp(database);
    const db = database.db;
    const [reporter] = await db
      .insert(contacts)
      .values({ channel: 'telegram', externalId: '4242' })
      .returning({ id: contacts.id });
    const sleman = { code: '34.04', name: 'Kab. Sleman', province: 'DI Yogyakarta' };
    const bandung = { code: '32.04', name: 'Kab. Bandung', province: 'Jawa Barat' };
    const rows = await db
      .insert(reports)
      .values([
        {
          ticket: 'PN-AAAA-A2',
          contactId: reporter!.id,
          category: 'asn',
          fields: {
            who: 'Budi Santoso',
            agency: 'Dinas Pendidikan',
            where: sleman,
            behaviourText: 'ikut kampanye',
          },
          anonymous: false,
          reporterName: 'Sari Wulandari',
          reporterContact: '081234567890',
          createdAt: new Date('2026-02-01T03:00:00Z'),
        },
        {
          ticket: 'PN-BBBB-B3',
          contactId: reporter!.id,
          category: 'hoax',
          status: 'diverifikasi',
          fields: { links: ['https://x.example/post'], where: bandung },
          createdAt: new Date('2026-02-10T03:00:00Z'),
        },
        {
          ticket: 'PN-CCCC-C4',
          contactId: reporter!.id,
          category: 'money',
          fields: { behaviourText: 'bagi-bagi amplop', where: bandung },
          createdAt: new Date('2026-02-20T03:00:00Z'),
        },
      ])
      .returning({ id: reports.id, ticket: reports.ticket });
    const image = await png();
    const files = await db
      .insert(evidenceFiles)
      .values([
        {
          sha256: createHash('sha256').update(image).digest('hex'),
          mime: 'image/png',
          size: image.length,
          bytes: Buffer.from(image),
          ocrText: 'COBLOS NOMOR 2',
          ocrStatus: 'done',
        },
        {
          sha256: 'f'.repeat(64),
          mime: 'application/pdf',
          size: 9,
          bytes: Buffer.from('%PDF-1.4\n'),
        },
      ])
      .returning({ id: evidenceFiles.id });
    imageId = files[0]!.id;
    pdfId = files[1]!.id;
    await db.insert(reportEvidence).values([
      { reportId: rows[0]!.id, evidenceId: imageId },
      { reportId: rows[0]!.id, evidenceId: pdfId },
      { reportId: rows[1]!.id, evidenceId: imageId },
    ]);
    client = await adminClient(app, new Date());
  });
  afterAll(async () => {
    await database.close();
  });

  it('lists newest first and filters by status, category, dates, evidence, ticket, words and province', async () => {
    const list = async (q: string) => {
      const res = await client.get(`/admin/reports${q}`);
      expect(res.status, q).toBe(200);
      return tickets(await res.text());
    };
    expect(await list('')).toEqual(['PN-CCCC-C4', 'PN-BBBB-B3', 'PN-AAAA-A2']);
    expect(await list('?status=diverifikasi')).toEqual(['PN-BBBB-B3']);
    expect(await list('?category=money')).toEqual(['PN-CCCC-C4']);
    expect(await list('?from=2026-02-05&to=2026-02-10')).toEqual(['PN-BBBB-B3']);
    expect(await list('?evidence=yes')).toEqual(['PN-BBBB-B3', 'PN-AAAA-A2']);
    expect(await list('?evidence=no')).toEqual(['PN-CCCC-C4']);
    expect(await list('?q=pn%20aaaa%20a2')).toEqual(['PN-AAAA-A2']);
    expect(await list('?q=amplop')).toEqual(['PN-CCCC-C4']);
    expect(await list('?q=budi%20kampanye')).toEqual(['PN-AAAA-A2']);
    expect(await list('?province=jawa%20barat')).toEqual(['PN-CCCC-C4', 'PN-BBBB-B3']);
    expect(await list('?province=jawa%20barat&category=hoax')).toEqual(['PN-BBBB-B3']);
    // Values that are not ours are dropped, never an error page.
    expect(await list('?status=nope&from=yesterday&page=-3&evidence=maybe')).toHaveLength(3);
  });

  it('pages in the database, keeping the filter in the links', async () => {
    const page1 = await (await client.get('/admin/reports?category=asn')).text();
    expect(page1).not.toContain('page=2');
    const all = await (await client.get('/admin/reports?page=2')).text();
    expect(tickets(all)).toEqual([]);
    expect(all).toContain('page=1');
  });

  it('shows every field, the evidence, OCR text and history; images through the authenticated route', async () => {
    const res = await client.get('/admin/reports/PN-AAAA-A2');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Budi Santoso');
    expect(page).toContain('Dinas Pendidikan');
    expect(page).toContain('COBLOS NOMOR 2');
    expect(page).toContain(`<img src="/admin/evidence/${imageId}"`);
    expect(page).toContain(`/admin/evidence/${pdfId}?download=1`);
    expect(page).toContain('PN-BBBB-B3'); // shares the image
    // Identity only on request.
    expect(page).not.toContain('Sari Wulandari');
    const img = await client.get(`/admin/evidence/${imageId}`);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('content-disposition')).toMatch(/^inline/);
    expect(new Uint8Array(await img.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));
    const pdf = await client.get(`/admin/evidence/${pdfId}`);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await client.get('/admin/evidence/999999')).status).toBe(404);
    expect((await client.get('/admin/evidence/abc')).status).toBe(404);
    expect((await client.get('/admin/reports/PN-ZZZZ-Z9')).status).toBe(404);
  });

  it('shows a reporter’s identity only when not anonymous, and writes each view to the audit log', async () => {
    const before = (await database.db.select().from(dashboardAudit)).length;
    const shown = await (await client.get('/admin/reports/PN-AAAA-A2?identity=1')).text();
    expect(shown).toContain('Sari Wulandari');
    expect(shown).toContain('081234567890');
    const audit = await database.db.select().from(dashboardAudit);
    expect(audit.length).toBe(before + 1);
    expect(audit.at(-1)).toMatchObject({ actor: 'cli', action: 'identity.view' });
    const anonymous = await (await client.get('/admin/reports/PN-BBBB-B3?identity=1')).text();
    expect(anonymous).not.toContain('4242');
    expect(anonymous).toContain('Anonim');
    expect((await database.db.select().from(dashboardAudit)).length).toBe(before + 1);
  });

  it('refuses a status that needs a note without one, in the admin’s language, and changes nothing', async () => {
    const res = await client.post('/admin/reports/PN-CCCC-C4/status?lang=en', {
      status: 'ditolak',
      note: '',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('this status needs a note');
    const bad = await client.post('/admin/reports/PN-CCCC-C4/status', { status: 'hilang' });
    expect(bad.status).toBe(400);
    const page = await (await client.get('/admin/reports?status=baru')).text();
    expect(tickets(page)).toContain('PN-CCCC-C4');
  });

  it('exports the current filter as CSV and JSON, pseudonymised', async () => {
    const csv = await client.get('/admin/reports.csv?category=asn');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\n')[0]).toContain('ticket,category');
    expect(text).toContain('PN-AAAA-A2');
    expect(text).not.toContain('PN-CCCC-C4');
    expect(text).not.toContain('Budi Santoso');
    expect(text).not.toContain('Sari Wulandari');
    const json = (await (await client.get('/admin/reports.json?q=amplop')).json()) as { ticket: string }[];
    expect(json.map((r) => r.ticket)).toEqual(['PN-CCCC-C4']);
    const audit = await database.db.select().from(dashboardAudit);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['export.csv', 'export.json']));
    expect(audit.map((a) => a.action)).not.toContain('export.csv.identity');
    const named = await (await client.get('/admin/reports.csv?category=asn&identity=1')).text();
    expect(named).toContain('Sari Wulandari');
    expect(named).toContain('Budi Santoso');
    const after = await database.db.select().from(dashboardAudit);
    expect(after.at(-1)).toMatchObject({ actor: 'cli', action: 'export.csv.identity' });
  });

  it('groups reports that share evidence or name the same person and agency, with the count', async () => {
    await database.db.insert(reports).values([
      {
        ticket: 'PN-EEEE-E6',
        category: 'asn',
        fields: { who: 'budi  SANTOSO', agency: 'Dinas Pendidikan' },
        createdAt: new Date('2026-02-21T00:00:00Z'),
      },
      {
        ticket: 'PN-FFFF-F7',
        category: 'asn',
        fields: { who: 'Budi Santoso', agency: 'Dinas Kesehatan' },
        createdAt: new Date('2026-02-22T00:00:00Z'),
      },
    ]);
    const res = await client.get('/admin/clusters');
    expect(res.status).toBe(200);
    const page = await res.text();
    const rows = [...page.matchAll(/<tr>\s*<td[^>]*><strong>(\d+)<\/strong><\/td>([\s\S]*?)<\/tr>/g)];
    expect(rows).toHaveLength(1);
    expect(rows[0]![1]).toBe('3');
    // A shares its image with B, and names the same person at the same agency as E; F is elsewhere.
    expect(tickets(rows[0]![2]!).sort()).toEqual(['PN-AAAA-A2', 'PN-BBBB-B3', 'PN-EEEE-E6']);
    expect(rows[0]![2]!.toLowerCase()).toMatch(/budi +santoso \(dinas pendidikan\)/);
  });

  it('escapes what reporters wrote', async () => {
    await database.db.insert(reports).values({
      ticket: 'PN-DDDD-D5',
      category: 'other',
      fields: { behaviourText: '<script>alert(1)</script>' },
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });
    const page = await (await client.get('/admin/reports/PN-DDDD-D5')).text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;');
  });
});
