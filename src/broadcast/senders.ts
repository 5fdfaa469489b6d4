import type { ChannelAdapter } from '../channels/channel';
import { createBotApi } from '../channels/telegram/bot-api';
import { createTelegramSender } from '../channels/telegram/sender';
import { isWhatsAppChannel } from '../channels/whatsapp/adapter';
import { createWhatsAppBroadcastSender } from '../channels/whatsapp/sender';
import { isWhatsAppCloudChannel } from '../channels/whatsapp-cloud/adapter';
import { createCloudBroadcastSender } from '../channels/whatsapp-cloud/broadcast';
import type { Config } from '../config';
import type { Sender, Senders } from '../core/send';
import type { Database } from '../db/client';
import type { Logger } from '../log';

/**
 * The Telegram sender for broadcasts: the channel's own sender, with its in-call waiting turned
 * off, so a 429 or a network failure comes back to the engine, which pauses the whole channel
 * (retry_after is per bot) or retries the delivery later, instead of one send sleeping in place.
 */
export function telegramBroadcastSender(config: Config, log: Logger, apiRoot?: string): Sender {
  const telegram = createBotApi(config.TELEGRAM_BOT_TOKEN!, {
    apiRoot: apiRoot ?? config.TELEGRAM_API_ROOT,
    timeoutMs: config.PLATFORM_TIMEOUT_MS,
  });
  return createTelegramSender(telegram, { log, maxRateRetries: 0, networkRetries: 0 });
}

/**
 * Broadcast senders for the platform channels this process runs: Telegram from the token;
 * WhatsApp Cloud API through its template-aware sender; WhatsApp on baileys only through the opt-in, capped, jittered broadcast sender over the channel's live
 * socket (sharing its reply pacer), never through its reply sender.
 */
export function broadcastSenders(
  channels: readonly ChannelAdapter[],
  config: Config,
  log: Logger,
  database?: Database,
): Senders {
  const out: Senders = {};
  for (const ch of channels) {
    if (ch.name === 'telegram' && config.TELEGRAM_BOT_TOKEN)
      out.telegram = telegramBroadcastSender(config, log);
    if (ch.name === 'whatsapp') {
      if (isWhatsAppCloudChannel(ch) && database) {
        out.whatsapp = createCloudBroadcastSender({ api: ch.api, database, config, log });
      } else if (isWhatsAppChannel(ch) && database) {
        out.whatsapp = createWhatsAppBroadcastSender({
          config,
          database,
          sendMessage: ch.sendMessage,
          sharedPacer: ch.pacer,
          underEngine: true,
        });
      } else {
        log.warn('the WhatsApp channel offers no broadcast sender: WhatsApp deliveries wait');
      }
    }
  }
  return out;
}
