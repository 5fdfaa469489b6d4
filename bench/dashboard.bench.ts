import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { parseConfig } from '../src/config';
import { makeLinkToken } from '../src/dashboard/auth';
import { dashboardRoutes } from '../src/dashboard/routes';
import { type Database, openDatabase } from '../src/db/client';
import { contacts, evidenceFiles, reportEvents, reportEvidence, reports } from '../src/db/schema';
import { createHttpApp } from '../src/http/app';
import { silentLogger } from '../src/log';
import { TICKET_ALPHABET } from '../src/reports/ticket';
import { benchServerUrl, fmt, percentile, scratchDatabase } from './support';

/**
 * Dashboard pages with 10,000 reports: server time of the list (plain, filtered, deep page, word
 * search) and of a report page, measured in-process (`app.request`: routing, session check, queries,
 * decryption and HTML; no socket). Target: p95 under 100 ms.
 */
const REPORTS = 10_000;
const CONTACTS = 2_000;
const FILES = 1_000;
const RUNS = 60;
const SECRET = 'dashboard-bench-secret-0123456789';
const CATEGORIES = ['asn', 'hoax', 'money', 'other'];
const STATUSES = ['baru', 'diverifikasi', 'diteruskan', 'ditolak', 'selesai'] as const;
const PLACES = [
  { code: '34.04', name: 'Kab. Sleman', province: 'DI Yogyakarta' },
  { code: '32.04', name: 'Kab. Bandung', province: 'Jawa Barat' },
  { code: '35.78', name: 'Kota Surabaya', province: 'Jawa Timur' },
  { code: '31.71', name: 'Kota Adm. Jakarta Selatan', province: 'DKI Jakarta' },
];

const ticketOf = (i: number) => {
  const a = TICKET_ALPHABET;
  const d = (n: number) => a[n % a.length];
  return `PN-${d(i)}${d(i >> 5)}${d(i >> 10)}${d(i >> 15)}-${d(i * 7)}${d(i * 13)}`;
};

/** Bulk inserts in chunks: one statement per 1,000 rows. */
async function seed(database: Database): Promise<string[]> {
  const db = database.db;
  const t0 = performance.now();
  const contactIds: number[] = [];
  for (let i = 0; i < CONTACTS; i += 1000) {
    const rows = await db
      .insert(contacts)
      .values(
        Array.from({ length: Math.min(1000, CONTACTS - i) }, (_, j) => ({
          channel: 'telegram',
          externalId: String(10_000 + i + j),
          subscribed: (i + j) % 3 === 0,
        })),
      )
      .returning({ id: contacts.id });
    contactIds.push(...rows.map((r) => r.id));
  }
  const start = Date.now() - 90 * 86_400_000;
  const tickets: string[] = [];
  const reportIds: number[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < REPORTS; i += 1000) {
    const values = Array.from({ length: Math.min(1000, REPORTS - i) }, (_, j) => {
      const n = i + j;
      let ticket = ticketOf(n * 7919 + 17);
      while (seen.has(ticket)) ticket = ticketOf(seen.size * 104_729 + n);
      seen.add(ticket);
      tickets.push(ticket);
      return {
        ticket,
        contactId: contactIds[n % contactIds.length]!,
        category: CATEGORIES[n % CATEGORIES.length]!,
        status: STATUSES[n % STATUSES.length]!,
        anonymous: n % 2 === 0,
        reporterName: n % 2 === 0 ? null : `Pelapor ${n}`,
        reporterContact: n % 2 === 0 ? null : `0812${String(n).padStart(8, '0')}`,
        fields: {
          who: `Pegawai ${n % 500}`,
          agency: `Dinas ${n % 40}`,
          behaviourText: `mengunggah foto bersama calon nomor ${n % 3} di media sosial, laporan ${n}`,
          where: PLACES[n % PLACES.length],
          when: '2026-02-01',
        },
        createdAt: new Date(start + n * ((90 * 86_400_000) / REPORTS)),
      };
    });
    const rows = await db.insert(reports).values(values).returning({ id: reports.id });
    reportIds.push(...rows.map((r) => r.id));
    await db
      .insert(reportEvents)
      .values(rows.map((r) => ({ reportId: r.id, status: 'baru' as const, actor: 'reporter' })));
  }
  const bytes = Buffer.alloc(2048, 7);
  for (let i = 0; i < FILES; i += 500) {
    const files = await db
      .insert(evidenceFiles)
      .values(
        Array.from({ length: Math.min(500, FILES - i) }, (_, j) => ({
          sha256: createHash('sha256')
            .update(`file-${i + j}`)
            .digest('hex'),
          mime: 'image/png',
          size: bytes.length,
          bytes,
          ocrText: `teks ${i + j}`,
          ocrStatus: 'done',
        })),
      )
      .returning({ id: evidenceFiles.id });
    // Each file in two or three reports: clusters to find.
    await db
      .insert(reportEvidence)
      .values(
        files.flatMap((f, j) => {
          const k = (i + j) * 7;
          return [reportIds[k % REPORTS]!, reportIds[(k + 1) % REPORTS]!, reportIds[(k + 3) % REPORTS]!].map(
            (reportId) => ({ reportId, evidenceId: f.id }),
          );
        }),
      )
      .onConflictDoNothing();
  }
  console.log(
    `  seeded ${REPORTS} reports, ${CONTACTS} contacts, ${FILES} files in ${fmt((performance.now() - t0) / 1000, 1)} s`,
  );
  return tickets;
}

async function timed(app: Hono, cookie: string, paths: () => string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const path = paths();
    const t0 = performance.now();
    const res = await app.request(path, { headers: { cookie } });
    await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    if (i >= 3) times.push(ms); // the first few warm caches and prepared statements
  }
  return times;
}

async function measure(database: Database, label: string): Promise<void> {
  const tickets = await seed(database);
  const config = parseConfig({ DASHBOARD_SECRET: SECRET });
  const app = createHttpApp({
    database,
    log: silentLogger,
    routes: [dashboardRoutes({ database, config, log: silentLogger })],
  });
  const login = await app.request('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams({ token: makeLinkToken(SECRET, 'cli', new Date()) }).toString(),
  });
  const cookie = /pn_admin=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  let k = 0;
  const pick = () => tickets[(k++ * 7_919) % tickets.length]!;
  const rows: [string, () => string, number][] = [
    ['list, no filter', () => '/admin/reports', RUNS],
    ['list, status + category', () => '/admin/reports?status=baru&category=asn', RUNS],
    ['list, page 100', () => '/admin/reports?page=100', RUNS],
    ['list, has evidence', () => '/admin/reports?evidence=yes', RUNS],
    ['list, word search (2,000 decrypted)', () => '/admin/reports?q=calon%20laporan%20123', RUNS / 3],
    ['report page', () => `/admin/reports/${pick()}`, RUNS],
    ['clusters (5,000 decrypted)', () => '/admin/clusters', 5],
    ['numbers, 30 days', () => '/admin/numbers', 5],
  ];
  for (const [name, path, runs] of rows) {
    const t = await timed(app, cookie, path, runs);
    const p95 = percentile(t, 95);
    console.log(
      `${label} ${name}: p50 ${fmt(percentile(t, 50))} ms, p95 ${fmt(p95)} ms over ${t.length}${name.startsWith('list') || name === 'report page' ? (p95 < 100 ? ' (< 100 ms target: met)' : ' (< 100 ms target: MISSED)') : ''}`,
    );
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-bench-dashboard-'));
  const pglite = await openDatabase({ dataDir: dir });
  try {
    await measure(pglite, 'PGlite');
  } finally {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const base = await benchServerUrl();
  if (!base) {
    console.log('PostgreSQL: skipped (no DATABASE_URL and no local server)');
    return;
  }
  const scratch = await scratchDatabase(base);
  const pg = await openDatabase({ url: scratch.url });
  try {
    await measure(pg, 'PostgreSQL');
  } finally {
    await pg.close();
    await scratch.drop();
  }
}
