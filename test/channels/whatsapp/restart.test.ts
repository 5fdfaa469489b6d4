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
      expect(r[0]).toBe(toPlainText(t('core.after_restart', 'id')));
      expect(r[1]).toContain(toPlainText(t('report.who_asn', 'id')).slice(0, 30));
      const next = await second.say(textFrom('Pak Ahmad'));
      expect(next.join('\n')).toContain(toPlainText(t('report.agency', 'id')).slice(0, 30));
    } finally {
      await stopAll();
      await database.close();
    }
  });
});
