import { Telegram } from 'telegraf';
import { toPlainText } from '../../src/core/markup';
import { RetryLaterError, type Sender, UnreachableError } from '../../src/core/send';
import type { FakeBotApi } from './fake-bot-api';

/**
 * A Telegram sender for broadcast tests, talking to the fake Bot API through telegraf, with the
 * core's error contract (403 → UnreachableError, 429 → RetryLaterError with retry_after).
 */
export function fakeApiSender(api: Pick<FakeBotApi, "token" | "apiRoot">): Sender {
  const tg = new Telegram(api.token, { apiRoot: api.apiRoot, webhookReply: false });
  return {
    async send(externalId, messages) {
      for (const m of messages) {
        try {
          if (m.media) {
            await tg.sendPhoto(
              externalId,
              { source: Buffer.from(m.media.base64, 'base64') },
              { caption: toPlainText(m.text) },
            );
          } else {
            await tg.sendMessage(externalId, toPlainText(m.text));
          }
        } catch (err) {
          const e = err as { code?: number; response?: { parameters?: { retry_after?: number } } };
          if (e.code === 403) throw new UnreachableError('blocked');
          if (e.code === 429) {
            throw new RetryLaterError('429', (e.response?.parameters?.retry_after ?? 1) * 1000);
          }
          throw err;
        }
      }
    },
  };
}
