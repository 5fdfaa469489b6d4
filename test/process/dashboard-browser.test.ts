import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { contacts, reports } from '../../src/db/schema';
import { type BotProcess, spawnBot } from '../support/bot-process';
import { ROOT, spawnTsx } from '../support/child';
import { TEST_DATA_KEY } from '../support/data-key';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api';

/**
 * The dashboard in a real browser against the real bot (`src/main.ts`, PGlite, Telegram faked):
 * log in with a link printed by `npm run dashboard -- link` while the bot runs, filter the list, open
 * a report, change its status and see the reporter get the message, send a broadcast to three
 * subscribers and watch it finish. Every page visited is saved under test-output/dashboard/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-output', 'dashboard');
const REPORTER = 501;
const SUBSCRIBERS = [601, 602, 603];

describe.skipIf(!existsSync(CHROMIUM))('admin dashboard in Chromium', () => {
  let dataDir: string;
  let api: FakeBotApi;
  let bot: BotProcess;
  let browser: Browser;
  let page: Page;
  let shot = 0;
  let env: Record<string, string>;

  const snap = async (name: string) => {
    shot++;
    await page.screenshot({
      path: join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'pn-dash-'));
    // Seed before the bot starts: PGlite allows one process.
    const seed = await openDatabase({ dataDir });
    const [reporter] = await seed.db
      .insert(contacts)
      .values({ channel: 'telegram', externalId: String(REPORTER), locale: 'id' })
      .returning({ id: contacts.id });
    await seed.db
      .insert(contacts)
      .values(SUBSCRIBERS.map((id) => ({ channel: 'telegram', externalId: String(id), subscribed: true })));
    const sleman = { code: '34.04', name: 'Kab. Sleman', province: 'DI Yogyakarta' };
    await seed.db.insert(reports).values([
      {
        ticket: 'PN-AAAA-A2',
        contactId: reporter!.id,
        category: 'asn',
        fields: {
          who: 'Budi Santoso',
          agency: 'Dinas Pendidikan Kab. Sleman',
          behaviourText: 'mengajak murid memilih calon nomor dua',
          where: sleman,
          when: '2026-02-01',
        },
        anonymous: false,
        reporterName: 'Sari',
        reporterContact: '081234567890',
      },
      {
        ticket: 'PN-BBBB-B3',
        contactId: reporter!.id,
        category: 'hoax',
        fields: { links: ['https://x.example/p'] },
      },
      { ticket: 'PN-CCCC-C4', contactId: reporter!.id, category: 'money', fields: { where: sleman } },
      // The same person and agency as PN-AAAA-A2, from another citizen: one case on the clusters page.
      {
        ticket: 'PN-DDDD-D5',
        category: 'money',
        fields: { who: 'budi santoso', agency: 'Dinas Pendidikan Kab. Sleman', where: sleman },
      },
    ]);
    await seed.close();

    api = await startFakeBotApi();
    env = {
      // Empty, not absent: the test run's own DATABASE_URL must not send the bot to PostgreSQL.
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DATA_KEY: TEST_DATA_KEY,
      LOG_SALT: 'dashboard-browser-salt',
      DASHBOARD_SECRET: 'dashboard-browser-secret-0123456789',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_RATE_PER_SECOND: '20',
    };
    bot = await spawnBot(env);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    // A phone-sized window: the pages must work there.
    page = await browser.newPage({
      viewport: { width: 412, height: 915 },
      deviceScaleFactor: 1,
      locale: 'id-ID',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await bot?.kill('SIGTERM');
    await api?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs in with a link, triages a report and sends a broadcast', async () => {
    const base = `http://127.0.0.1:${bot.port}`;

    await page.goto(`${base}/admin/reports`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await snap('login-without-link');

    // The operator's link, printed while the bot holds the PGlite folder.
    const cli = spawnTsx('src/dashboard/cli.ts', { ...env, DASHBOARD_URL: base }, ['link']);
    const link = await cli.next();
    expect(await cli.exited).toBe(0);
    expect(link).toMatch(/\/admin\/login\?token=/);

    await page.goto(link);
    await snap('login-confirm');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL('**/admin/reports');
    await snap('reports');
    expect(await page.locator('tbody tr').count()).toBe(4);
    // On a phone the list is one card per report, each value under its column's name: nothing to scroll sideways.
    const list = page.locator('.scroll').first();
    expect(await list.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const place = page.locator('tbody tr').first().locator('td[data-label="Tempat"]');
    expect(
      await place.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el, '::before').content),
    ).toBe('"Tempat"');

    await page.selectOption('select[name="category"]', 'asn');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL('**/admin/reports?*category=asn*');
    expect(await page.locator('tbody tr').count()).toBe(1);
    await snap('reports-filtered');

    await page.getByRole('link', { name: 'PN-AAAA-A2' }).click();
    await page.waitForURL('**/admin/reports/PN-AAAA-A2*');
    await expect.poll(() => page.locator('body').textContent()).toContain('Budi Santoso');
    await snap('report');

    await page.selectOption('select[name="status"]', 'diverifikasi');
    await page.fill('textarea[name="note"]', 'Sudah kami cek bersama Bawaslu');
    await page.getByRole('button', { name: 'Simpan dan beri tahu pelapor' }).click();
    await expect.poll(() => page.locator('[role="status"]').textContent()).toContain('Sudah diverifikasi');
    await snap('report-status-changed');
    // The running bot's outbox pump sends it to the reporter's chat.
    await expect
      .poll(() => api.sentTexts(REPORTER).join('\n'), { timeout: 30_000 })
      .toMatch(/PN-AAAA-A2[\s\S]*Sudah diverifikasi[\s\S]*Bawaslu/);

    await page.getByRole('link', { name: 'Siaran' }).click();
    await page.fill('textarea[name="text"]', 'Pemungutan suara 14 Februari: cek lokasi TPS Anda.');
    await page.selectOption('select[name="audience"]', 'telegram');
    await page.getByRole('button', { name: 'Pratinjau' }).click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Penerima: 3');
    await snap('broadcast-preview');
    await page.getByRole('button', { name: /Kirim ke 3/ }).click();
    await page.waitForURL(/\/admin\/broadcasts\/\d+$/);
    await snap('broadcast-progress');
    // The page reloads itself (meta refresh) until the engine is done.
    await expect
      .poll(async () => ((await page.locator('#bc-status').textContent()) ?? '').trim(), {
        timeout: 60_000,
        interval: 500,
      })
      .toBe('selesai');
    expect(await page.locator('[data-count="sent"]').textContent()).toBe('3');
    await snap('broadcast-done');
    for (const chat of SUBSCRIBERS) expect(api.sentTexts(chat).join('\n')).toContain('cek lokasi TPS');

    for (const path of ['clusters', 'qa', 'numbers']) {
      await page.goto(`${base}/admin/${path}`);
      await page.waitForLoadState('load');
      await snap(path);
      if (path === 'clusters') {
        const row = page.locator('tbody tr').first();
        expect(await row.locator('strong').first().textContent()).toBe('2');
        expect(await row.textContent()).toMatch(/PN-AAAA-A2[\s\S]*PN-DDDD-D5|PN-DDDD-D5[\s\S]*PN-AAAA-A2/);
        const list = page.locator('.scroll').first();
        expect(await list.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      }
    }
    // The charts drew (Chart.js from node_modules, no CDN).
    expect(await page.locator('#chart-days').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.goto(`${base}/admin/reports`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });
});
