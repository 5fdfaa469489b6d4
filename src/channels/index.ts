import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../log';
import type { ChannelAdapter } from './channel';

/**
 * The platform channels this configuration asks for (Telegram with a token, WhatsApp when enabled).
 * An empty list means the console chat opens instead.
 */
export async function platformChannels(
  _config: Config,
  _database: Database,
  _log: Logger,
): Promise<ChannelAdapter[]> {
  return [];
}
