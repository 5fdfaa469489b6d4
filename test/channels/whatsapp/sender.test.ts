import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BroadcastHaltedError,
  type Clock,
  classifySendError,
  createPacer,
  createWhatsAppBroadcastSender,
  createWhatsAppSender,
  NotOptedInError,
} from '../../../src/channels/whatsapp/sender';
import { parseConfig } from '../../../src/config';
import { RetryLaterError, UnreachableError } from '../../../src/core/send';
import { upsertContact } from '../../../src/db/contacts';
import { broadcasts, contacts, deliveries } from '../../../src/db/schema';
import { backends, openTestDatabase, type TestDatabase } from '../../support/db';

/**
 * A clock whose sleeps end instantly but in time order: sleepers wake one by one at their target
 * time (each after the previous one's code has run), so pacing is checked on the recorded times.
 */
function fakeClock(start = Date.UTC(2026, 10, 25, 10, 0, 0), random = () => 0.5): Clock & { t: number } {
  const pending: { target: number; wake: () => void }[] = [];
  let scheduled = false;
  const drain = () => {
    scheduled = false;
    pending.sort((a, b) => a.target - b.target);
    const next = pending.shift();
    if (!next) return;
    c.t = Math.max(c.t, next.target);
    next.wake();
    if (pending.length) schedule();
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  };
  const c = {
    t: start,
    now: () => c.t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        pending.push({ target: c.t + ms, wake });
        schedule();
      }),
    random,
  };
  return c;
}

function recorder(clock: { now(): number }) {
  const sent: { jid: string; at: number; content: AnyMessageContent }[] = [];
  return {
    sent,
    sendMessage: async (jid: string, content: AnyMessageContent) => {
      sent.push({ jid, at: clock.now(), content });
      return {};
    },
  };
}

describe('WhatsApp pacing', () => {
  it('holds the overall rate and the per-chat interval, with jitter (fake clock)', async () => {
    let r = 0;
    const randoms = [0, 0.99, 0.3, 0.7, 0.1, 0.5];
    const clock = fakeClock(undefined, () => randoms[r++ % randoms.length]!);
    const pacer = createPacer({ ratePerMinute: 30, chatIntervalMs: 5000, jitterMs: 1000, clock });
    const times: { chat: string; at: number }[] = [];
    // Three chats fire at once, twice each: all queue through reserved slots.
    await Promise.all(
      ['a', 'b', 'c', 'a', 'b', 'c'].map(async (chat) => {
        await pacer.wait(chat);
        times.push({ chat, at: clock.now() });
      }),
    );
    const sorted = [...times].sort((x, y) => x.at - y.at);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i]!.at - sorted[i - 1]!.at).toBeGreaterThanOrEqual(2000); // 30/min
    }
    for (const chat of ['a', 'b', 'c']) {
      const ts = times.filter((x) => x.chat === chat).map((x) => x.at);
      expect(ts[1]! - ts[0]!).toBeGreaterThanOrEqual(5000);
    }
    // Jitter makes the gaps uneven (no machine-like rhythm).
    const gaps = sorted.slice(1).map((x, i) => x.at - sorted[i]!.at);
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it('holds the configured rate in real time (short intervals)', async () => {
    const config = parseConfig({
      WHATSAPP_RATE_PER_MINUTE: '1200',
      WHATSAPP_CHAT_INTERVAL_MS: '0',
      WHATSAPP_JITTER_MS: '20',
    });
    const pacer = createPacer({
      ratePerMinute: config.WHATSAPP_RATE_PER_MINUTE,
      chatIntervalMs: config.WHATSAPP_CHAT_INTERVAL_MS,
      jitterMs: config.WHATSAPP_JITTER_MS,
    });
    const clock = { now: () => performance.now() };
    const rec = recorder(clock);
    const sender = createWhatsAppSender({ sendMessage: rec.sendMessage, pacer, localeFor: async () => 'id' });
    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) => sender.send(`62811000${i % 2}`, [{ text: `pesan ${i}` }])),
    );
    expect(rec.sent).toHaveLength(6);
    for (let i = 1; i < rec.sent.length; i++) {
      // 1200/min = one per 50 ms; timers may fire a millisecond early.
      expect(rec.sent[i]!.at - rec.sent[i - 1]!.at).toBeGreaterThanOrEqual(49);
    }
  });

  it('sends every rendered part in order, shows typing, and maps failures', async () => {
    const clock = fakeClock();
    const rec = recorder(clock);
    const presence: string[] = [];
    const sender = createWhatsAppSender({
      sendMessage: rec.sendMessage,
      pacer: createPacer({ ratePerMinute: 60, chatIntervalMs: 0, jitterMs: 0, clock }),
      localeFor: async () => 'en',
      presence: async (jid, s) => {
        presence.push(`${jid}:${s}`);
      },
    });
    await sender.send('6281234567890', [
      { text: 'Satu' },
      {
        text: 'Dua',
        choices: [
          { id: 'y', label: 'Ya' },
          { id: 'n', label: 'Tidak' },
        ],
        typing: true,
      },
    ]);
    expect(rec.sent.map((s) => s.content)).toEqual([
      { text: 'Satu' },
      { text: 'Dua\n\n1. Ya\n2. Tidak\n\nReply 1 or 2' },
    ]);
    expect(rec.sent[0]!.jid).toBe('6281234567890@s.whatsapp.net');
    expect(presence.at(-1)).toBe('6281234567890@s.whatsapp.net:composing');

    const failing = (err: unknown) =>
      createWhatsAppSender({
        sendMessage: async () => Promise.reject(err),
        pacer: createPacer({ ratePerMinute: 60, chatIntervalMs: 0, jitterMs: 0, clock }),
        localeFor: async () => 'id',
      });
    await expect(
      failing(Object.assign(new Error('item-not-found'), { output: { statusCode: 404 } })).send('1', [
        { text: 'x' },
      ]),
    ).rejects.toBeInstanceOf(UnreachableError);
    await expect(failing(new Error('Connection Closed')).send('1', [{ text: 'x' }])).rejects.toBeInstanceOf(
      RetryLaterError,
    );
  });

  it('classifies errors', () => {
    expect(classifySendError(Object.assign(new Error('x'), { output: { statusCode: 410 } }))).toBeInstanceOf(
      UnreachableError,
    );
    const rate = classifySendError(
      Object.assign(new Error('rate-overlimit'), { output: { statusCode: 429 } }),
    );
    expect(rate).toBeInstanceOf(RetryLaterError);
    expect((rate as RetryLaterError).retryAfterMs).toBe(60_000);
    expect(
      classifySendError(Object.assign(new Error('logged out'), { output: { statusCode: 401 } })),
    ).toBeInstanceOf(RetryLaterError);
  });
});

describe.each(backends)('WhatsApp broadcast sender (%s)', (backend) => {
  let database: TestDatabase;
  let broadcastId: number;
  const config = parseConfig({ WHATSAPP_DAILY_CAP: '3', WHATSAPP_JITTER_MS: '0' });

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    const [b] = await database.db
      .insert(broadcasts)
      .values({ createdBy: 'admin', text: 'Info', audience: { channels: ['whatsapp'] } })
      .returning();
    broadcastId = b!.id;
    for (const id of ['6281100000001', '6281100000002', '6281100000003', '6281100000004']) {
      const c = await upsertContact(database.db, 'whatsapp', id, 'id');
      await database.db.update(contacts).set({ subscribed: true }).where(eq(contacts.id, c.id));
    }
    await upsertContact(database.db, 'whatsapp', '6281199999999', 'id'); // never opted in
  });
  afterAll(async () => {
    await database.close();
  });

  async function markDelivered(externalId: string, at: Date) {
    const [c] = await database.db.select().from(contacts).where(eq(contacts.externalId, externalId));
    await database.db
      .insert(deliveries)
      .values({ broadcastId, contactId: c!.id, channel: 'whatsapp', status: 'sent', sentAt: at })
      .onConflictDoUpdate({
        target: [deliveries.broadcastId, deliveries.contactId],
        set: { status: 'sent', sentAt: at },
      });
  }

  it('refuses contacts who did not opt in, and unknown ones', async () => {
    const clock = fakeClock();
    const rec = recorder(clock);
    const sender = createWhatsAppBroadcastSender({ config, database, sendMessage: rec.sendMessage, clock });
    await expect(sender.send('6281199999999', [{ text: 'Info' }])).rejects.toBeInstanceOf(NotOptedInError);
    await expect(sender.send('6289999', [{ text: 'Info' }])).rejects.toBeInstanceOf(NotOptedInError);
    // The caller's own check wins when given.
    const custom = createWhatsAppBroadcastSender({
      config,
      database,
      sendMessage: rec.sendMessage,
      clock,
      isOptedIn: async () => false,
    });
    await expect(custom.send('6281100000001', [{ text: 'Info' }])).rejects.toBeInstanceOf(NotOptedInError);
    expect(rec.sent).toHaveLength(0);
  });

  it('paces at the conservative default rate and stops at the daily cap counted in the database', async () => {
    const clock = fakeClock();
    const rec = recorder(clock);
    // Yesterday's deliveries do not count; one sent today by an earlier run does.
    await markDelivered('6281100000004', new Date(clock.t - 86_400_000));
    await markDelivered('6281100000004', new Date(clock.t - 60_000));
    const sender = createWhatsAppBroadcastSender({ config, database, sendMessage: rec.sendMessage, clock });
    expect(await sender.sentToday()).toBe(1);

    await sender.send('6281100000001', [{ text: 'Info *penting*' }]);
    await markDelivered('6281100000001', new Date(clock.t));
    await sender.send('6281100000002', [{ text: 'Info *penting*' }]);
    // Not yet marked by the engine: the sender's own count still covers it.
    expect(await sender.sentToday()).toBe(3);
    const halted = await sender.send('6281100000003', [{ text: 'Info' }]).catch((e: unknown) => e);
    expect(halted).toBeInstanceOf(BroadcastHaltedError);
    expect((halted as BroadcastHaltedError).reason).toBe('daily_cap');
    // Resumes at the next UTC midnight (the test day started at 10:00 UTC).
    const resume = (halted as BroadcastHaltedError).resumeAfterMs!;
    expect(resume).toBeGreaterThan(13 * 3_600_000);
    expect(resume).toBeLessThanOrEqual(14 * 3_600_000);
    expect(rec.sent.map((s) => s.jid)).toEqual([
      '6281100000001@s.whatsapp.net',
      '6281100000002@s.whatsapp.net',
    ]);
    // Default 10/min with at least 3 s jitter: never closer than 6 s.
    expect(rec.sent[1]!.at - rec.sent[0]!.at).toBeGreaterThanOrEqual(6000);

    // A restart (new sender) still sees today's deliveries; the next day starts again.
    const restarted = createWhatsAppBroadcastSender({
      config,
      database,
      sendMessage: rec.sendMessage,
      clock,
    });
    await markDelivered('6281100000002', new Date(clock.t));
    await expect(restarted.send('6281100000003', [{ text: 'Info' }])).rejects.toBeInstanceOf(
      BroadcastHaltedError,
    );
    clock.t += 86_400_000;
    await restarted.send('6281100000003', [{ text: 'Info' }]);
    expect(rec.sent).toHaveLength(3);
  });

  it('halts after consecutive failures instead of pushing on', async () => {
    const clock = fakeClock(Date.UTC(2026, 11, 1, 8));
    let fail = true;
    const tried: string[] = [];
    const sender = createWhatsAppBroadcastSender({
      config,
      database,
      clock,
      maxConsecutiveFailures: 3,
      sendMessage: async (jid) => {
        tried.push(jid);
        if (fail) throw Object.assign(new Error('rate-overlimit'), { output: { statusCode: 429 } });
        return {};
      },
    });
    await expect(sender.send('6281100000001', [{ text: 'x' }])).rejects.toBeInstanceOf(RetryLaterError);
    await expect(sender.send('6281100000002', [{ text: 'x' }])).rejects.toBeInstanceOf(RetryLaterError);
    const third = await sender.send('6281100000003', [{ text: 'x' }]).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(BroadcastHaltedError);
    expect((third as BroadcastHaltedError).reason).toBe('failures');
    expect(sender.halted).toBe(true);
    // Halted: nothing more is even tried.
    await expect(sender.send('6281100000004', [{ text: 'x' }])).rejects.toBeInstanceOf(BroadcastHaltedError);
    expect(tried).toHaveLength(3);
    fail = false;
    sender.resume();
    await sender.send('6281100000004', [{ text: 'x' }]);
    expect(tried).toHaveLength(4);
  });
});
