import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../log';
import type { ChannelAdapter } from './channel';
import { createTelegramChannel } from './telegram/adapter';

/**
 * The platform channels this configuration asks for (Telegram with a token, WhatsApp when enabled).
 * An empty list means the console chat opens instead.
 */
export async function platformChannels(
  config: Config,
  database: Database,
  log: Logger,
): Promise<ChannelAdapter[]> {
  const channels: ChannelAdapter[] = [];
  if (config.TELEGRAM_BOT_TOKEN) channels.push(createTelegramChannel({ config, database, log }));
  return channels;
}
