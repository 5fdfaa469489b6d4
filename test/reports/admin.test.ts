import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { upsertContact } from '../../src/db/contacts';
import { outbox, reportEvents, reports } from '../../src/db/schema';
import { exportReports, listReports, ReportAdminError, setStatus, showReport } from '../../src/reports/admin';
import { runCli } from '../../src/reports/cli';
import { insertReport } from '../../src/reports/store';
import { TEST_DATA_KEY } from '../support/data-key';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';

const run = promisify(execFile);

describe.each(backends)('report admin on %s', (backend) => {
  let database: TestDatabase;
  let named: string;
  let anon: string;
  let reporterId: number;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    reporterId = (await upsertContact(database.db, 'telegram', '4242', 'id')).id;
    named = (
      await insertReport(database.db, {
        contactId: reporterId,
        category: 'money',
        fields: { who: 'Pak Joko', chronology: 'Membagikan amplop, "uang" saku, di RT 3' },
        reporter: { anonymous: false, name: 'Siti', contact: '08123456789' },
      })
    ).ticket;
    anon = (
      await insertReport(database.db, {
        contactId: reporterId,
        category: 'asn',
        fields: { who: 'Budi' },
        reporter: { anonymous: true },
      })
    ).ticket;
  });
  afterAll(() => database.close());

  it('lists, filters and shows reports', async () => {
    const all = await listReports(database.db);
    expect(all.map((r) => r.ticket).sort()).toEqual([named, anon].sort());
    expect(await listReports(database.db, { status: 'selesai' })).toEqual([]);
    expect(await listReports(database.db, { since: new Date(Date.now() + 86_400_000) })).toEqual([]);
    const d = await showReport(database.db, anon.toLowerCase());
    expect(d.report.ticket).toBe(anon);
    expect(d.events.map((e) => e.status)).toEqual(['baru']);
    await expect(showReport(database.db, 'PN-2222-22')).rejects.toThrow(ReportAdminError);
  });

  it('changes a status: event row, report status, and a message to the reporter in the outbox', async () => {
    await expect(
      setStatus(database.db, { ticket: anon, status: 'ditolak', actor: 'cli' }),
    ).rejects.toMatchObject({
      code: 'note_required',
    });
    await expect(
      setStatus(database.db, { ticket: anon, status: 'hilang', actor: 'cli' }),
    ).rejects.toMatchObject({
      code: 'bad_status',
    });
    const before = await database.db.select().from(outbox).where(eq(outbox.contactId, reporterId));
    const r = await setStatus(database.db, { ticket: anon, status: 'diverifikasi', actor: 'admin:x' });
    expect(r).toMatchObject({ status: 'diverifikasi', notified: true });
    const [row] = await database.db.select().from(reports).where(eq(reports.ticket, anon));
    expect(row!.status).toBe('diverifikasi');
    const events = await database.db.select().from(reportEvents).where(eq(reportEvents.reportId, row!.id));
    expect(events.map((e) => [e.status, e.actor])).toContainEqual(['diverifikasi', 'admin:x']);
    const after = await database.db.select().from(outbox).where(eq(outbox.contactId, reporterId));
    expect(after.length).toBe(before.length + 1);
    expect(JSON.stringify(after.at(-1)!.message)).toContain(anon);
    expect(after.at(-1)!.sentAt).toBeNull();
  });

  it('exports with a stable pseudonym, or the identity when asked', async () => {
    const json = JSON.parse(await exportReports(database.db, { format: 'json' })) as {
      reporter: string;
      reporter_name: string;
    }[];
    expect(json).toHaveLength(2);
    expect(json[0]!.reporter).toBe(json[1]!.reporter);
    expect(json[0]!.reporter).not.toContain('4242');
    expect(json.every((r) => r.reporter_name === '')).toBe(true);
    const again = JSON.parse(await exportReports(database.db, { format: 'json' })) as { reporter: string }[];
    expect(again[0]!.reporter).toBe(json[0]!.reporter);
    const csv = await exportReports(database.db, { format: 'csv', withIdentity: true });
    expect(csv.split('\n')[0]).toBe(
      'ticket,category,status,created_at,reporter,reporter_name,reporter_contact,fields',
    );
    expect(csv).toContain('telegram:4242');
    expect(csv).toContain('Siti');
    // Quotes, commas and JSON inside a field stay inside one quoted CSV cell: one line per report.
    expect(csv.trimEnd().split('\n')).toHaveLength(3);
    expect(csv).toMatch(/,"\{""who"":""Pak Joko""/);
    expect(await exportReports(database.db, { format: 'csv' })).not.toContain('Siti');
  });

  it('runs the CLI commands with clear errors and exit codes', async () => {
    const keep = () => Promise.resolve({ ...database, close: async () => {} });
    const io = () => {
      const o = { out: '', err: '' };
      const out = (s: string) => {
        o.out += s;
      };
      const err = (s: string) => {
        o.err += s;
      };
      return { o, io: { out, err } };
    };
    let c = io();
    expect(await runCli(['list'], c.io, keep)).toBe(0);
    expect(c.o.out).toContain(named);
    expect(c.o.out).toContain('2 report(s)');
    c = io();
    expect(await runCli(['list', '--status', 'diverifikasi'], c.io, keep)).toBe(0);
    expect(c.o.out).toContain(anon);
    expect(c.o.out).not.toContain(named);
    c = io();
    expect(await runCli(['show', named], c.io, keep)).toBe(0);
    expect(c.o.out).toContain('Pak Joko');
    c = io();
    expect(await runCli(['status', named, 'diteruskan', '--note', 'Bawaslu Kab. Sleman'], c.io, keep)).toBe(
      0,
    );
    expect(c.o.out).toContain('diteruskan');
    c = io();
    expect(await runCli(['status', named, 'diteruskan'], c.io, keep)).toBe(2);
    expect(c.o.err).toContain('--note');
    c = io();
    expect(await runCli(['show', 'PN-2222-22'], c.io, keep)).toBe(3);
    expect(c.o.err).toContain('no report');
    c = io();
    expect(await runCli(['export', '--format', 'xml'], c.io, keep)).toBe(2);
    c = io();
    expect(await runCli(['export', '--format', 'json'], c.io, keep)).toBe(0);
    expect(JSON.parse(c.o.out)).toHaveLength(2);
    c = io();
    expect(await runCli(['frobnicate'], c.io, keep)).toBe(2);
    expect(c.o.err).toContain('Usage');
    c = io();
    expect(await runCli(['list', '--since', 'kemarin'], c.io, keep)).toBe(2);
  });
});

describe('reports CLI as a process', () => {
  it('opens DATA_DIR like the bot and prints a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-cli-'));
    try {
      const database = await openDatabase({ dataDir: dir });
      const contactId = (await upsertContact(database.db, 'console', 'cli', 'id')).id;
      const { ticket } = await insertReport(database.db, {
        contactId,
        category: 'hoax',
        fields: { claim: 'Pemilu diundur' },
        reporter: { anonymous: true },
      });
      await database.close();
      const { DATABASE_URL: _ignored, ...rest } = process.env;
      // The CLI reads what this test wrote, so it gets the key this test sealed with.
      const env = { ...rest, DATA_DIR: dir, DATA_KEY: TEST_DATA_KEY };
      const shown = await run('npx', ['tsx', 'src/reports/cli.ts', 'show', ticket], { env });
      expect(shown.stdout).toContain('Pemilu diundur');
      const missing = await run('npx', ['tsx', 'src/reports/cli.ts', 'show', 'PN-2222-22'], { env }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(missing).toMatchObject({ code: 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
