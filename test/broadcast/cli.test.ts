import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBroadcastCli } from '../../src/broadcast/cli';
import { parseConfig } from '../../src/config';
import { broadcasts } from '../../src/db/schema';
import { silentLogger } from '../../src/log';
import { seedSubscribers } from '../support/contacts';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api';

describe.each(backends)('npm run broadcast (%s)', (backend) => {
  let database: TestDatabase;
  let api: FakeBotApi;
  const dir = mkdtempSync(join(tmpdir(), 'pantau-cli-'));
  const file = join(dir, 'pesan.md');
  writeFileSync(file, 'Ingat: ASN wajib netral.\n');

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    api = await startFakeBotApi();
    await seedSubscribers(database.db, 12, { channel: 'telegram', first: 7000 });
    await seedSubscribers(database.db, 2, { channel: 'whatsapp', first: 628700 });
  });
  afterAll(async () => {
    await api.close();
    await database.close();
  });

  function cli(args: string[], answer?: string) {
    const out: string[] = [];
    const err: string[] = [];
    const config = parseConfig({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_RATE_PER_SECOND: '50',
    });
    const run = runBroadcastCli(
      args,
      {
        out: (s) => out.push(s),
        err: (s) => err.push(s),
        ...(answer !== undefined ? { ask: async () => answer } : {}),
      },
      { config, open: async () => database, log: silentLogger, refreshMs: 100 },
    );
    return run.then((code) => ({ code, out: out.join(''), err: err.join('') }));
  }

  it('refuses bad usage with the reason and the usage', async () => {
    const r = await cli(['--audience', 'everyone', '--text-file', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown audience "everyone"');
    expect((await cli([])).err).toContain('--text-file is required');
    expect((await cli(['--text-file', join(dir, 'nope.md')])).err).toContain('cannot read');
    expect((await cli(['--text-file', file, '--image', file])).err).toContain(
      'is not a JPG, PNG or WEBP image',
    );
  });

  it('shows the preview and count, and sends nothing when not confirmed', async () => {
    const r = await cli(['--text-file', file, '--audience', 'telegram'], 'n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Ingat: ASN wajib netral.\n\nBalas BERHENTI untuk berhenti berlangganan.');
    expect(r.out).toContain('Recipients: 12 (Telegram 12 · WhatsApp 0)');
    expect(r.out).toContain('discarded');
    expect(api.callsOf('sendMessage')).toHaveLength(0);
  });

  it('with --yes sends the Telegram share here and leaves WhatsApp to the bot', async () => {
    const r = await cli(['--text-file', file, '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Recipients: 14 (Telegram 12 · WhatsApp 2)');
    expect(r.out).toContain('whatsapp deliveries are sent by the bot process');
    expect(r.out).toMatch(/\[#+\.*\] \d+%/);
    expect(new Set(api.callsOf('sendMessage').map((c) => c.params.chat_id)).size).toBe(12);
    const rows = await database.db.select().from(broadcasts).where(eq(broadcasts.createdBy, 'cli'));
    expect(rows.map((b) => b.status).sort()).toEqual(['cancelled', 'sending']);
    expect(r.out).toContain(
      backend === 'pglite'
        ? '2 WhatsApp deliveries wait for the bot'
        : '2 WhatsApp deliveries are being sent by the bot',
    );
  });
});
