import { describe, expect, it } from 'vitest';
import { whatsappBroadcastPace } from '../../../src/broadcast/plan';
import { mergeTextReplies } from '../../../src/channels/whatsapp/render';
import {
  type Clock,
  createWhatsAppBroadcastSender,
  pacerFromConfig,
} from '../../../src/channels/whatsapp/sender';
import { parseConfig } from '../../../src/config';

/** Time moves only when someone sleeps; the jitter always at its worst. */
function virtualClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
    random: () => 0.999,
  };
  return c;
}

describe('WhatsApp pace with the default configuration', () => {
  it('answers 60 people within a minute (one bubble each), the jitter at its worst', async () => {
    const clock = virtualClock();
    const pacer = pacerFromConfig(parseConfig({ WHATSAPP_ENABLED: '1' }), clock);
    for (let i = 0; i < 60; i++) await pacer.wait(`62811000000${i}@s.whatsapp.net`);
    expect(clock.t).toBeLessThanOrEqual(60_000);
  });

  it('keeps broadcasts slow and separate: 10 a minute with at least 3 s of jitter', () => {
    expect(whatsappBroadcastPace(parseConfig({}))).toEqual({ ratePerMinute: 10, jitterMs: 3000 });
    expect(whatsappBroadcastPace(parseConfig({ WHATSAPP_RATE_PER_MINUTE: '5' })).ratePerMinute).toBe(5);
  });
});

describe('mergeTextReplies', () => {
  const menu = { text: 'Menu', choices: [{ id: 'a', label: 'A' }] };
  it("folds a turn's consecutive texts into the bubble that carries the choices", () => {
    expect(mergeTextReplies([{ text: 'Baik.' }, { text: 'Lalu ini.' }, menu])).toEqual([
      { text: 'Baik.\n\nLalu ini.\n\nMenu', choices: menu.choices },
    ]);
  });
  it('leaves media, toasts and what follows choices as their own bubbles', () => {
    const media = { text: 'foto', media: { kind: 'image' as const, mime: 'image/png', base64: '' } };
    expect(mergeTextReplies([menu, { text: 'Sesudah' }])).toEqual([menu, { text: 'Sesudah' }]);
    expect(mergeTextReplies([{ text: 'a' }, media, { text: 'b' }])).toEqual([
      { text: 'a' },
      media,
      { text: 'b' },
    ]);
    expect(mergeTextReplies([{ text: 'a', toast: true }, { text: 'b' }])).toHaveLength(2);
    // Never past one rendered message.
    const long = 'x'.repeat(3000);
    expect(mergeTextReplies([{ text: long }, { text: long }])).toHaveLength(2);
  });
});

describe('one pacer and one opt-in check per WhatsApp broadcast send', () => {
  it("under the engine, only the number's shared pacer waits and the sender does not ask for the opt-in again", async () => {
    const clock = virtualClock();
    const config = parseConfig({ WHATSAPP_ENABLED: '1' });
    const shared = pacerFromConfig(config, clock);
    const waits: string[] = [];
    const sent: string[] = [];
    const sender = createWhatsAppBroadcastSender({
      config,
      // Only the daily count reads the database: nothing was sent today.
      database: { db: { select: () => ({ from: () => ({ where: async () => [{ n: 0 }] }) }) } } as never,
      sendMessage: async (jid) => {
        sent.push(jid);
      },
      sharedPacer: {
        wait: (jid) => {
          waits.push(jid);
          return shared.wait(jid);
        },
      },
      isOptedIn: async () => {
        throw new Error('the engine checked already');
      },
      localeFor: async () => 'id',
      dailyCap: 1000,
      underEngine: true,
      clock,
    });
    const before = clock.t;
    for (let i = 0; i < 3; i++) await sender.send(`62811000000${i}`, [{ text: 'Info' }]);
    expect(sent).toHaveLength(3);
    expect(waits).toHaveLength(3);
    // Three sends at the reply pace (≤ 1 s each), not at the broadcast pace (≥ 6 s each).
    expect(clock.t - before).toBeLessThan(3000);
  });
});
