import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceOf } from '../../src/broadcast/audience';
import { progressOf } from '../../src/broadcast/deliveries';
import { createRateLimiter } from '../../src/broadcast/limiter';
import { createBroadcast, startBroadcast } from '../../src/broadcast/plan';
import { startBroadcastWorkers } from '../../src/broadcast/workers';
import type { Sender } from '../../src/core/send';
import { silentLogger } from '../../src/log';
import { createTestBot, type TestBot } from '../support/chat';
import { seedSubscribers } from '../support/contacts';
import { backends } from '../support/db';
import { ASN_AFTER_FILE, ASN_BEFORE_FILE, copy, png, script, sendFile, TICKET_RE } from '../support/report';
import { findEverywhere } from '../support/scan';

describe.each(backends)('privacy in the conversation (%s)', (backend) => {
  let bot: TestBot;
  const now = { ms: Date.now() };
  beforeAll(async () => {
    bot = await createTestBot({
      backend,
      channel: 'telegram',
      env: { TICKET_LOOKUPS_PER_HOUR: '3' },
      now: () => new Date(now.ms),
    });
  });
  afterAll(() => bot.close());

  it('privasi explains what is kept, for how long and how to delete, then the report carries on', async () => {
    await script(bot, '501', ['lapor', '1']);
    const notice = (await bot.say('privasi', '501')).join('\n');
    expect(notice).toContain('Privasi di Pantau Netral');
    expect(notice).toContain('24 jam');
    expect(notice).toContain('30 hari');
    expect(notice).toContain('hapus data saya');
    // The report's question comes back: nothing was lost.
    expect(notice).toContain(copy('report.who_asn'));
    expect((await bot.say('/privacy', '502')).join('\n')).toContain('Privasi');
    const en = (await bot.say({ text: 'privacy', locale: 'en' }, '503')).join('\n');
    expect(en).toContain('Privacy at Pantau Netral');
  });

  it('the consent step points to privasi and to deleting', async () => {
    await script(bot, '504', ASN_BEFORE_FILE);
    await sendFile(bot, await png(), '504');
    const consent = await script(bot, '504', ASN_AFTER_FILE.slice(0, 3));
    expect(consent).toContain('privasi');
    expect(consent).toContain('hapus data saya');
  });

  it('limits ticket lookups per contact (answers reveal nothing either way); admins are not limited', async () => {
    const ticket = await (async () => {
      await script(bot, '505', ASN_BEFORE_FILE);
      await sendFile(bot, await png(), '505');
      await script(bot, '505', ASN_AFTER_FILE);
      return TICKET_RE.exec((await bot.say('kirim', '505')).join('\n'))![0];
    })();
    const guesses = ['PN-2222-22', 'PN-3333-33', 'PN-4444-44'];
    for (const g of guesses) {
      expect((await bot.say(`cek ${g}`, '506')).join('\n')).toContain(
        copy('report.status_not_found', { ticket: g }),
      );
    }
    const limited = (await bot.say('cek PN-5555-55', '506')).join('\n');
    expect(limited).toContain(copy('privacy.lookups_limited', { minutes: 60 }));
    // The reporter's own lookups count separately, and admins are never limited.
    expect((await bot.say(`cek ${ticket}`, '505')).join('\n')).toContain(ticket);
    for (let i = 0; i < 5; i++) {
      const r = await bot.send({ text: `cek ${ticket}`, isAdmin: true }, '507');
      expect(r.replies.map((o) => o.text).join('\n')).toContain(ticket);
    }
    // An hour later the window is new.
    now.ms += 61 * 60_000;
    expect((await bot.say('cek PN-5555-55', '506')).join('\n')).toContain(
      copy('report.status_not_found', { ticket: 'PN-5555-55' }),
    );
  });

  it('a deletion in the middle of a broadcast skips only that person; everyone else gets it once', async () => {
    await seedSubscribers(bot.database.db, 8, { channel: 'telegram', first: 880_000 });
    const person = '990000777';
    expect((await bot.say('langganan', person)).join('\n')).toContain(copy('broadcast.subscribed'));
    const sent: string[] = [];
    let deleted = false;
    const sender: Sender = {
      async send(externalId) {
        sent.push(externalId);
        // Mid-broadcast: the person asks to be deleted after the third message went out.
        if (sent.length === 3 && !deleted) {
          deleted = true;
          await bot.say('hapus data saya', person);
          expect((await bot.say('ya', person)).join('\n')).toContain('data Anda sudah dihapus');
        }
      },
    };
    const workers = await startBroadcastWorkers({
      database: bot.database,
      config: bot.config,
      senders: { telegram: sender },
      log: silentLogger,
      limiters: { telegram: createRateLimiter({ ratePerSecond: 20 }) },
      concurrency: { telegram: 1 },
      pollMs: 100,
    });
    try {
      const id = await createBroadcast(bot.database.db, {
        createdBy: 'test',
        text: 'Pengingat netralitas ASN.',
        audience: audienceOf('telegram'),
      });
      await startBroadcast(bot.database.db, id);
      await workers.wake(['telegram']);
      const until = Date.now() + 60_000;
      let p = await progressOf(bot.database.db, id);
      while (p && (p.pending > 0 || p.status === 'sending') && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        p = await progressOf(bot.database.db, id);
      }
      expect(p).toMatchObject({ status: 'done', pending: 0, failed: 0 });
      const others = sent.filter((x) => x !== person);
      expect(new Set(others).size).toBe(others.length);
      for (let i = 0; i < 8; i++) expect(others).toContain(String(880_000 + i));
      expect(sent.filter((x) => x === person)).toHaveLength(0);
      expect(deleted).toBe(true);
      expect(await findEverywhere(bot.database, [person])).toEqual([]);
    } finally {
      await workers.stop();
    }
  });
});
