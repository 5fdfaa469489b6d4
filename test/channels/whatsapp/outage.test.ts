import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../../src/db/schema';
import { PN_JID, textFrom } from '../../fixtures/whatsapp/messages';
import { backends } from '../../support/db';
import { harness, stopAll } from './harness';

afterEach(stopAll);

const B_JID = '6282222222222@s.whatsapp.net';
const C_JID = '6283333333333@s.whatsapp.net';
const PUMP_MS = 3000;

describe.each(backends)('WhatsApp outage (%s)', (backend) => {
  it('keeps every reply through a 5-minute outage and sends each once, in order', {
    timeout: 240_000,
  }, async () => {
    const h = await harness(backend);
    await h.say(textFrom('halo'));
    const first = h.sock();
    first.close(408);
    // Already on their way when the connection dropped: two from A (the second waits for the first's
    // replies), one from B.
    first.deliver(textFrom('menu'), textFrom('bantuan'), textFrom('halo', B_JID));
    await h.channel.idle();
    await h.app.dispatcher.idle();
    const sentBefore = first.sent.length;

    // Five minutes of pump ticks: the clock is the outbox's next_attempt_at, moved instead of waited for.
    const db = h.database.db;
    const unsent = () =>
      db
        .select()
        .from(outbox)
        .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt)));
    const tick = async () => {
      await db
        .update(outbox)
        .set({ nextAttemptAt: new Date(0) })
        .where(isNull(outbox.sentAt));
      return h.app.dispatcher.drainOutbox();
    };
    for (let t = 0; t < (5 * 60_000) / PUMP_MS; t++) expect(await tick()).toBe(0);
    const waiting = await unsent();
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((r) => r.attempts === 0)).toBe(true);
    expect(waiting.filter((r) => r.lastError?.includes('not connected')).length).toBeGreaterThan(0);
    expect(await db.select().from(outbox).where(eq(outbox.attempts, 8))).toEqual([]);
    expect(first.sent).toHaveLength(sentBefore);

    // The connection comes back (the reconnect loop made a new socket meanwhile).
    await vi.waitFor(() => expect(h.sockets.length).toBeGreaterThan(1));
    const live = h.sock();
    live.open();
    // The reconnect's own drain first: the test's clock below re-times rows, which a real clock never
    // does to a row already claimed.
    await h.app.dispatcher.idle();
    h.app.dispatcher.start();
    await vi.waitFor(
      async () => {
        await tick();
        await h.app.dispatcher.idle();
        expect(await unsent()).toEqual([]);
        expect(live.sent.filter((s) => s.jid === PN_JID).length).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 50 },
    );
    await h.app.dispatcher.idle();

    // What C, who asked the same while the connection was up, got: the reference.
    await h.say(textFrom('halo', C_JID));
    const cMenuFrom = live.sent.length;
    await h.say(textFrom('menu', C_JID));
    await h.say(textFrom('bantuan', C_JID));
    const textsTo = (jid: string, from = 0) =>
      live.sent
        .slice(from)
        .filter((s) => s.jid === jid)
        .map((s) => (s.content as { text?: string }).text);
    const expectedA = textsTo(C_JID, cMenuFrom);
    expect(expectedA.length).toBeGreaterThan(1);
    expect(textsTo(PN_JID)).toEqual(expectedA);
    const cGreeting = textsTo(C_JID).slice(0, textsTo(C_JID).length - expectedA.length);
    expect(textsTo(B_JID)).toEqual(cGreeting);
  });

  it('sends what waited as soon as the connection opens, not at the pump’s next tick', async () => {
    const h = await harness(backend);
    await h.say(textFrom('halo'));
    const first = h.sock();
    first.close(408);
    first.deliver(textFrom('menu', B_JID));
    await h.channel.idle();
    await h.app.dispatcher.idle();
    const db = h.database.db;
    const [waiting] = await db.select().from(outbox).where(isNull(outbox.sentAt));
    expect(waiting?.lastError).toMatch(/^channel down: /);
    // Its short wait is over; nothing runs the pump here, so only the reconnect can send it.
    await db
      .update(outbox)
      .set({ nextAttemptAt: new Date(0) })
      .where(isNull(outbox.sentAt));

    await vi.waitFor(() => expect(h.sockets.length).toBeGreaterThan(1));
    const live = h.sock();
    live.open();
    await vi.waitFor(async () => {
      expect(live.sent.filter((m) => m.jid === B_JID).length).toBeGreaterThan(0);
      expect(await db.select().from(outbox).where(isNull(outbox.sentAt))).toEqual([]);
    });
  });
});
