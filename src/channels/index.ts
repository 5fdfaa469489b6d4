import { allFlows } from '../../flows/index';
import { type Config, whatsappCloudEnabled } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../log';
import type { ChannelAdapter } from './channel';
import { createTelegramChannel } from './telegram/adapter';
import { createWhatsAppChannel } from './whatsapp/adapter';
import { createWhatsAppCloudChannel } from './whatsapp-cloud/adapter';

/**
 * The platform channels this configuration asks for (Telegram with a token, WhatsApp through baileys
 * when enabled, or through the Cloud API when its settings are there).
 * An empty list means the console chat opens instead.
 */
export async function platformChannels(
  config: Config,
  database: Database,
  log: Logger,
  opts: { workerOnly?: boolean } = {},
): Promise<ChannelAdapter[]> {
  const channels: ChannelAdapter[] = [];
  if (config.TELEGRAM_BOT_TOKEN) channels.push(createTelegramChannel({ config, log, flows: allFlows }));
  // One socket per WhatsApp number: a worker-only process leaves WhatsApp to the process holding it.
  if (config.WHATSAPP_ENABLED && !opts.workerOnly)
    channels.push(createWhatsAppChannel({ config, database, log }));
  // The Cloud API holds no connection: every process may send and read files with it.
  if (whatsappCloudEnabled(config)) channels.push(createWhatsAppCloudChannel({ config, database, log }));
  return channels;
}
