import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Telegraf } from 'telegraf';
import { allFlows } from '../../../flows/index';
import type { Config } from '../../config';
import { t } from '../../content/copy';
import { localeOf } from '../../core/dispatcher';
import type { AnyFlow } from '../../core/flow';
import { toPlainText } from '../../core/markup';
import type { Outbound } from '../../core/message';
import { CHOSEN_CHOICE } from '../../core/step';
import type { Database } from '../../db/client';
import { findContact, markReachable, markUnreachable } from '../../db/contacts';
import { hashId, type Logger } from '../../log';
import type { ChannelAdapter, InboundHandler } from '../channel';
import { adminCommandList, commandList, deepLinkText, publicStartWords } from './commands';
import { type Normalized, normalizeUpdate, TELEGRAM_DOWNLOAD_LIMIT, type TgUpdate } from './normalize';
import { chosenKeyboard, type TappedMessage, tappedLabel } from './render';
import { createTelegramSender, type TelegramSender, type TelegramSenderOptions } from './sender';

export interface TelegramChannelOptions {
  config: Config;
  database: Database;
  log: Logger;
  /** Overrides TELEGRAM_API_ROOT (tests point it at the fake Bot API). */
  apiRoot?: string;
  /** Overrides TELEGRAM_WEBHOOK_PORT; 0 picks a free port (tests, benchmarks). */
  webhookPort?: number;
  /** Address the webhook server listens on (default all interfaces). */
  webhookHost?: string;
  /** Flows whose triggers make commands and deep links (default: every flow). */
  flows?: readonly AnyFlow[];
  sender?: TelegramSenderOptions;
}

export interface TelegramChannel extends ChannelAdapter {
  sender: TelegramSender;
  bot: Telegraf;
  /** The webhook server's address once started in webhook mode. */
  webhookAddress(): AddressInfo | undefined;
}

// Every update kind the adapter reads; others are not even delivered.
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/**
 * The Telegram channel on telegraf: long polling by default, a webhook server when
 * TELEGRAM_WEBHOOK_URL is set. Updates are normalised and handed to the engine in arrival order
 * (the engine's per-user queue keeps each chat in order although telegraf runs a batch concurrently).
 */
export function createTelegramChannel(opts: TelegramChannelOptions): TelegramChannel {
  const { config, database, log } = opts;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const apiRoot = opts.apiRoot ?? config.TELEGRAM_API_ROOT;
  const bot = new Telegraf(token, {
    // Replies inside the webhook response cannot be checked for errors; every call goes to the API.
    telegram: { webhookReply: false, ...(apiRoot ? { apiRoot } : {}) },
  });
  const sender = createTelegramSender(bot.telegram, { log, ...opts.sender });
  const flows = opts.flows ?? allFlows;
  const startWords = publicStartWords(flows);
  // A local Bot API server (TELEGRAM_API_ROOT) serves files of any size; api.telegram.org stops at 20 MB.
  const downloadLimit = apiRoot ? undefined : TELEGRAM_DOWNLOAD_LIMIT;
  let server: Server | undefined;
  let polling = false;

  async function download(fileId: string, announced: number | undefined): Promise<Uint8Array> {
    const file = await bot.telegram.getFile(fileId);
    const size = file.file_size ?? announced;
    if (downloadLimit !== undefined && size !== undefined && size > downloadLimit) {
      throw new Error('file over the Bot API download limit');
    }
    const link = await bot.telegram.getFileLink(file);
    // A local Bot API server in --local mode hands out paths on its own disk.
    if (link.protocol === 'file:') return new Uint8Array(await readFile(fileURLToPath(link)));
    const res = await fetch(link);
    if (!res.ok) throw new Error(`file download failed: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  async function localeFor(chatId: number, platform: string | undefined) {
    if (chatId > 0) {
      const contact = await findContact(database.db, 'telegram', String(chatId));
      if (contact) return contact.locale === 'en' ? 'en' : 'id';
    }
    return localeOf(platform);
  }

  async function answerCallback(id: string, text?: string) {
    await bot.telegram
      .answerCbQuery(id, text)
      .catch((err: unknown) => log.debug({ err: String(err) }, 'answerCallbackQuery failed'));
  }

  /**
   * A tap is answered on the button itself: a toast the core asked for (a stale button), else a
   * silent answer; then the tapped message's keyboard shows the choice made, or goes when the tap
   * meant nothing, so old keyboards do not invite more stale taps.
   */
  async function settleTap(
    n: { chatId: number; callbackQueryId: string; inbound: { choice?: string } },
    replies: Outbound[],
    tapped: TappedMessage | undefined,
  ) {
    const toast = replies.find((r) => r.toast);
    await answerCallback(n.callbackQueryId, toast ? toPlainText(toast.text) : undefined);
    const data = n.inbound.choice;
    if (!tapped || !data || data === CHOSEN_CHOICE) return;
    const label = toast ? undefined : tappedLabel(tapped, data);
    if (!toast && !label) return;
    await sender.settleKeyboard(String(n.chatId), tapped.message_id, chosenKeyboard(label, CHOSEN_CHOICE));
  }

  async function act(n: Normalized, handle: InboundHandler, update?: TgUpdate): Promise<void> {
    switch (n.kind) {
      case 'inbound': {
        // A file means a download and possibly OCR: show "typing" while that runs.
        if (n.inbound.media) void sender.typing(String(n.chatId));
        // handle() is called before any await so the engine queues updates in arrival order.
        const handled = handle(n.inbound);
        try {
          const result = await handled;
          if (n.callbackQueryId) {
            const tapped = update?.callback_query?.message as TappedMessage | undefined;
            await settleTap({ ...n, callbackQueryId: n.callbackQueryId }, result.replies, tapped);
          }
        } catch (err) {
          if (n.callbackQueryId) await answerCallback(n.callbackQueryId);
          throw err;
        }
        return;
      }
      case 'forged-callback': {
        const text = toPlainText(t('telegram.callback_invalid', localeOf(n.locale)));
        await answerCallback(n.callbackQueryId, text);
        return;
      }
      case 'reply': {
        const locale = await localeFor(n.chatId, n.locale);
        const message: Outbound = { text: t(n.key, locale, n.vars) };
        await sender.send(String(n.chatId), [message]).catch((err: unknown) => {
          log.info({ err: String(err), chat: hashId(String(n.chatId)) }, 'telegram notice not delivered');
        });
        return;
      }
      case 'membership': {
        const contact = await findContact(database.db, 'telegram', String(n.userId));
        if (!contact) return;
        if (n.reachable) await markReachable(database.db, contact.id);
        else await markUnreachable(database.db, contact.id, 'bot was blocked by the user');
        log.info({ contact: contact.id, reachable: n.reachable }, 'telegram membership changed');
        return;
      }
      case 'ignore':
        log.debug({ reason: n.reason }, 'telegram update ignored');
        return;
    }
  }

  function onUpdate(update: TgUpdate, handle: InboundHandler): Promise<void> {
    let n: Normalized;
    try {
      n = normalizeUpdate(update, {
        botId: bot.botInfo?.id ?? 0,
        botUsername: bot.botInfo?.username ?? '',
        adminIds: config.ADMIN_TELEGRAM_IDS,
        downloadLimit,
        download,
        deepLink: (payload) => deepLinkText(payload, startWords),
      });
    } catch (err) {
      log.error({ err, update: update.update_id }, 'telegram update could not be read');
      return Promise.resolve();
    }
    return act(n, handle, update).catch((err: unknown) => {
      log.error({ err, update: update.update_id }, 'telegram update failed');
    });
  }

  async function registerCommands() {
    try {
      await bot.telegram.setMyCommands(commandList('id', flows));
      await bot.telegram.setMyCommands(commandList('en', flows), { language_code: 'en' });
    } catch (err) {
      log.warn({ err: String(err) }, 'setMyCommands failed; the command menu may be out of date');
    }
    const adminId = adminCommandList('id', flows);
    if (!adminId.length) return;
    const adminEn = adminCommandList('en', flows);
    for (const admin of config.ADMIN_TELEGRAM_IDS) {
      const scope = { type: 'chat' as const, chat_id: Number(admin) };
      try {
        await bot.telegram.setMyCommands(adminId, { scope });
        await bot.telegram.setMyCommands(adminEn, { scope, language_code: 'en' });
      } catch (err) {
        // "chat not found" until that admin has opened a chat with the bot: the commands still work.
        log.info({ err: String(err), admin: hashId(admin) }, 'admin command menu not set');
      }
    }
  }

  return {
    name: 'telegram',
    sender,
    bot,
    webhookAddress: () => (server?.address() as AddressInfo | null) ?? undefined,
    async start(handle) {
      bot.catch((err) => log.error({ err }, 'telegraf error'));
      bot.use((ctx) => onUpdate(ctx.update as unknown as TgUpdate, handle));
      bot.botInfo = await bot.telegram.getMe();
      await registerCommands();
      const hookUrl = config.TELEGRAM_WEBHOOK_URL;
      if (hookUrl) {
        const secret = config.TELEGRAM_WEBHOOK_SECRET;
        const callback = bot.webhookCallback(
          new URL(hookUrl).pathname,
          secret ? { secretToken: secret } : {},
        );
        server = createServer((req, res) => void callback(req, res));
        const port = opts.webhookPort ?? config.TELEGRAM_WEBHOOK_PORT;
        await new Promise<void>((resolve, reject) => {
          server!.once('error', reject);
          server!.listen(port, opts.webhookHost ?? '0.0.0.0', resolve);
        });
        await bot.telegram.setWebhook(hookUrl, {
          allowed_updates: [...ALLOWED_UPDATES],
          ...(secret ? { secret_token: secret } : {}),
        });
        log.info({ port: (server.address() as AddressInfo).port }, 'telegram webhook listening');
        return;
      }
      // A webhook left over from an earlier run would make getUpdates fail; failing here fails start().
      await bot.telegram.deleteWebhook();
      // launch() resolves only when polling stops; onLaunch fires once getMe has answered.
      await new Promise<void>((resolve, reject) => {
        bot
          .launch({ allowedUpdates: [...ALLOWED_UPDATES] }, () => {
            polling = true;
            resolve();
          })
          .catch((err: unknown) => {
            log.error({ err }, 'telegram polling stopped');
            reject(err);
          });
      });
      log.info('telegram long polling started');
    },
    async stop() {
      if (polling) {
        polling = false;
        try {
          bot.stop('stop');
        } catch {
          // Already stopped (e.g. polling failed).
        }
      }
      if (server) {
        const s = server;
        server = undefined;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
    },
  };
}
