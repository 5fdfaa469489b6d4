import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../../src/content/copy';
import { toPlainText } from '../../../src/core/markup';
import { textFrom } from '../../fixtures/whatsapp/messages';
import { backends, openTestDatabase } from '../../support/db';
import { harness, stopAll } from './harness';

afterEach(stopAll);

describe.each(backends)('WhatsApp after a restart (%s)', (backend) => {
  it('shows the pending question again before taking a typed answer', { timeout: 240_000 }, async () => {
    const database = await openTestDatabase(backend);
    try {
      const first = await harness(backend, {}, { database });
      await first.say(textFrom('lapor'));
      await first.say(textFrom('1'));
      await first.stop();

      const second = await harness(backend, {}, { database });
      const r = await second.say(textFrom('2'));
      // The note and the question again, in one bubble (one turn).
      expect(r[0]!.startsWith(`${toPlainText(t('core.after_restart', 'id'))}\n\n`)).toBe(true);
      expect(r.join('\n')).toContain(toPlainText(t('report.who_asn', 'id')).slice(0, 30));
      const next = await second.say(textFrom('Pak Ahmad'));
      expect(next.join('\n')).toContain(toPlainText(t('report.agency', 'id')).slice(0, 30));
    } finally {
      await stopAll();
      await database.close();
    }
  });
});

describe.each(backends)('WhatsApp messages sent while the bot was down (%s)', (backend) => {
  it('answers every recent message baileys hands over as `append`, each once', {
    timeout: 240_000,
  }, async () => {
    const database = await openTestDatabase(backend);
    try {
      const first = await harness(backend, {}, { database });
      const greeting = await first.say(textFrom('halo'));
      await first.stop();

      // While we were down three people wrote; baileys acks them on connect and upserts them as `append`.
      const now = Math.floor(Date.now() / 1000);
      const recent = (text: string, jid: string) => ({ ...textFrom(text, jid), messageTimestamp: now - 600 });
      const queued = [
        recent('halo', '6281111111111@s.whatsapp.net'),
        recent('halo', '6282222222222@s.whatsapp.net'),
        recent('halo', '6283333333333@s.whatsapp.net'),
      ];
      const second = await harness(backend, {}, { database });
      const s = second.sock();
      s.ev.emit('messages.upsert', { messages: queued, type: 'append' });
      // The same message may also arrive as `notify` (overlap): the id dedupe answers it once.
      s.deliver(queued[0]!);
      await second.channel.idle();
      await second.app.dispatcher.idle();
      await second.app.dispatcher.idle();
      for (const m of queued) {
        const to = s.sent.filter((x) => x.jid === m.key.remoteJid);
        expect(to.map((x) => (x.content as { text?: string }).text)).toEqual(greeting);
      }
      expect(s.sent).toHaveLength(3 * greeting.length);
    } finally {
      await stopAll();
      await database.close();
    }
  });
});
