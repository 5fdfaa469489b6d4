import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminBroadcastEffects } from '../../src/broadcast/admin';
import type { EffectEnv, EffectHandler } from '../../src/core/dispatcher';
import { broadcasts, deliveries, sessions } from '../../src/db/schema';
import { effectHandlers } from '../../src/effects';
import { createLogger } from '../../src/log';
import { createTestBot, mediaOf, plain, type TestBot } from '../support/chat';
import { seedSubscribers } from '../support/contacts';
import { backends } from '../support/db';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(backends)('admin broadcast commands (%s)', (backend) => {
  let bot: TestBot;
  const refused: string[] = [];
  beforeAll(async () => {
    const refusedHandler: EffectHandler<'admin.refused'> = async (e, env) => {
      refused.push(e.command);
      return adminBroadcastEffects['admin.refused']!(e, env);
    };
    bot = await createTestBot({
      backend,
      channel: 'telegram',
      env: { TELEGRAM_RATE_PER_SECOND: '25' },
      effects: { ...effectHandlers, 'admin.refused': refusedHandler },
    });
    await seedSubscribers(bot.database.db, 3, { channel: 'telegram', first: 100 });
    await seedSubscribers(bot.database.db, 1, { channel: 'telegram', first: 200, locale: 'en' });
    await seedSubscribers(bot.database.db, 2, { channel: 'whatsapp', first: 628100 });
  });
  afterAll(() => bot.close());

  const admin = (text: string | { choice?: string; text?: string; media?: ReturnType<typeof mediaOf> }) =>
    bot.send({ ...(typeof text === 'string' ? { text } : text), isAdmin: true }, 'boss');

  it('composes, previews exactly as recipients see it, counts, estimates, and sends on Kirim', async () => {
    expect((await admin('/siaran')).replies.map(plain)).toEqual([
      'Kirim teks siaran (boleh dengan satu gambar; teks menjadi keterangan gambar).',
    ]);
    const img = await admin('Pengingat: ASN dilarang memberi *like* pada unggahan kampanye.');
    expect(img.replies.at(-1)!.choices!.map((c) => c.id)).toEqual(['siaran:no_image']);
    const aud = await admin({ choice: 'siaran:no_image' });
    expect(aud.replies.at(-1)!.choices!.map((c) => c.label)).toEqual([
      'Semua pelanggan (6)',
      'Hanya Telegram (4)',
      'Hanya WhatsApp (2)',
      'Berbahasa Indonesia (5)',
      'Berbahasa Inggris (1)',
    ]);
    const preview = await admin({ choice: 'siaran:aud:all' });
    const texts = preview.replies.map(plain);
    expect(texts[0]).toContain('Pratinjau');
    expect(texts[1]).toBe(
      'Pengingat: ASN dilarang memberi *like* pada unggahan kampanye.\n\nBalas BERHENTI untuk berhenti berlangganan.',
    );
    expect(texts[2]).toContain('Penerima: 6 (Telegram 4 · WhatsApp 2). Perkiraan selesai: ±');
    expect(preview.replies.at(-1)!.choices!.map((c) => c.id)).toEqual([
      'siaran:send',
      'siaran:edit',
      'siaran:cancel',
    ]);
    const sent = await admin({ choice: 'siaran:send' });
    expect(plain(sent.replies[0]!)).toMatch(/^Siaran #\d+ mulai dikirim ke 6 penerima/);
    const [b] = await bot.database.db
      .select()
      .from(broadcasts)
      .where(eq(broadcasts.createdBy, 'telegram:boss'));
    expect(b!.status).toBe('sending');
    expect(b!.image).toBeNull();
    const rows = await bot.database.db.select().from(deliveries).where(eq(deliveries.broadcastId, b!.id));
    expect(rows).toHaveLength(6);

    const status = await admin('/siaran status');
    expect(plain(status.replies[0]!)).toContain(
      `Siaran #${b!.id} (berjalan): terkirim 0, gagal 0, tidak pasti 0, dilewati 0, menunggu 6 dari 6`,
    );
    const cancel = await admin('/siaran batal');
    expect(plain(cancel.replies[0]!)).toContain('6 pesan yang belum terkirim tidak akan dikirim');
    const after = await bot.database.db.select().from(deliveries).where(eq(deliveries.broadcastId, b!.id));
    expect(after.every((r) => r.status === 'skipped')).toBe(true);
  });

  it('keeps an image in the broadcast row, not in the session, and previews it', async () => {
    await admin('/siaran');
    const r = await admin({ text: 'Klarifikasi hoaks', media: mediaOf(PNG) });
    expect(r.replies.at(-1)!.choices!.map((c) => c.id)).toContain('siaran:aud:telegram');
    const preview = await admin({ choice: 'siaran:aud:telegram' });
    expect(preview.replies[1]!.media).toMatchObject({
      kind: 'image',
      mime: 'image/png',
      base64: PNG.toString('base64'),
    });
    expect(plain(preview.replies[2]!)).toContain('Penerima: 4 (Telegram 4 · WhatsApp 0)');
    const [draft] = await bot.database.db.select().from(broadcasts).where(eq(broadcasts.status, 'draft'));
    expect(Buffer.from(draft!.image!).equals(PNG)).toBe(true);
    const all = await bot.database.db.select().from(sessions);
    expect(JSON.stringify(all)).not.toContain(PNG.toString('base64').slice(0, 40));
    const discard = await admin({ choice: 'siaran:cancel' });
    expect(plain(discard.replies[0]!)).toContain('tidak ada yang dikirim');
    expect(await bot.database.db.select().from(broadcasts).where(eq(broadcasts.status, 'draft'))).toEqual([]);
  });

  it('refuses and logs every admin command from a non-admin', async () => {
    refused.length = 0;
    for (const cmd of ['/siaran', '/siaran status', '/siaran batal', 'siaran', '/laporan']) {
      const r = await bot.say(cmd, 'someone');
      expect(r[0]).toBe('Perintah ini hanya untuk pengelola Pantau Netral.');
    }
    expect(refused).toHaveLength(5);
    // A question that merely starts with the word is a question.
    const q = await bot.say('siaran kampanye di TV boleh?', 'someone');
    expect(q.join('\n')).not.toContain('hanya untuk pengelola');
    expect(refused).toHaveLength(5);
  });

  it('refuses every button of the compose flow once the user is no longer an admin', async () => {
    refused.length = 0;
    const user = 'demoted';
    const as = (isAdmin: boolean, x: { text?: string; choice?: string }) => bot.send({ ...x, isAdmin }, user);
    await as(true, { text: '/siaran' });
    // Each step, reached as an admin, then answered by the same user without admin rights.
    expect(plain((await as(false, { text: 'teks' })).replies[0]!)).toContain('hanya untuk pengelola');
    await as(true, { text: '/siaran' });
    await as(true, { text: 'teks' });
    expect(plain((await as(false, { choice: 'siaran:no_image' })).replies[0]!)).toContain(
      'hanya untuk pengelola',
    );
    await as(true, { text: '/siaran' });
    await as(true, { text: 'teks' });
    await as(true, { choice: 'siaran:no_image' });
    expect(plain((await as(false, { choice: 'siaran:aud:all' })).replies[0]!)).toContain(
      'hanya untuk pengelola',
    );
    await as(true, { text: '/siaran' });
    await as(true, { text: 'teks' });
    await as(true, { choice: 'siaran:no_image' });
    await as(true, { choice: 'siaran:aud:all' });
    const before = await bot.database.db.select().from(broadcasts).where(eq(broadcasts.status, 'sending'));
    for (const choice of ['siaran:send']) {
      expect(plain((await as(false, { choice })).replies[0]!)).toContain('hanya untuk pengelola');
    }
    const after = await bot.database.db.select().from(broadcasts).where(eq(broadcasts.status, 'sending'));
    expect(after.length).toBe(before.length);
    expect(refused).toEqual(['siaran:text', 'siaran:image', 'siaran:audience', 'siaran:send']);
  });

  it('logs a refusal with a hashed id, never the user id', async () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    });
    const env = { userKey: 'telegram:987654321', channel: 'telegram', log } as unknown as EffectEnv;
    await adminBroadcastEffects['admin.refused']!({ type: 'admin.refused', command: 'siaran' }, env);
    expect(lines.join('')).toContain('admin command refused');
    expect(lines.join('')).not.toContain('987654321');
  });
});
