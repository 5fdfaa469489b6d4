import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { Telegram } from 'telegraf';
import type { Config } from '../../config';
import { t } from '../../content/copy';
import { localeOf } from '../../core/dispatcher';
import type { AnyFlow } from '../../core/flow';
import { toPlainText } from '../../core/markup';
import type { Outbound } from '../../core/message';
import { CHOSEN_CHOICE } from '../../core/step';
import { hashId, type Logger } from '../../log';
import {
  type AfterHandled,
  type ChannelAdapter,
  FileTooBigError,
  type InboxSink,
  type Normalized,
  type StoredEvent,
} from '../channel';
import { downloadCapped } from '../download';
import { createBotApi } from './bot-api';
import { adminCommandList, commandList, deepLinkText, publicStartWords } from './commands';
import { normalizeUpdate, TELEGRAM_DOWNLOAD_LIMIT, type TgUpdate } from './normalize';
import { chosenKeyboard, type TappedMessage, tappedLabel } from './render';
import { createTelegramSender, type TelegramSender, type TelegramSenderOptions } from './sender';

export interface TelegramChannelOptions {
  config: Config;
  log: Logger;
  /** Flows whose triggers make commands and deep links (the adapter knows no flow itself). */
  flows: readonly AnyFlow[];
  /** Overrides TELEGRAM_API_ROOT (tests point it at the fake Bot API). */
  apiRoot?: string;
  sender?: TelegramSenderOptions;
  /** Long-polling `timeout` in seconds (default 50; tests use less). */
  pollTimeoutS?: number;
}

export interface TelegramChannel extends ChannelAdapter {
  sender: TelegramSender;
  telegram: Telegram;
  /** The webhook route's path (webhook mode), served on the one HTTP app. */
  readonly webhookPath: string | undefined;
  /** The route alone, for a listener of its own (TELEGRAM_WEBHOOK_PORT). */
  installWebhook(app: Hono): void;
}

// Every update kind the adapter reads; others are not even delivered.
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/**
 * The Telegram channel: long polling by default, a webhook route on the HTTP app when
 * TELEGRAM_WEBHOOK_URL is set. Either way an update is acknowledged to Telegram (HTTP 200, the
 * next polling offset) only once it is stored in the inbox; handling and replies come after.
 */
export function createTelegramChannel(opts: TelegramChannelOptions): TelegramChannel {
  const { config, log } = opts;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const apiRoot = opts.apiRoot ?? config.TELEGRAM_API_ROOT;
  const timeoutMs = config.PLATFORM_TIMEOUT_MS;
  const telegram = createBotApi(token, { apiRoot, timeoutMs });
  const sender = createTelegramSender(telegram, { log, ...opts.sender });
  const flows = opts.flows;
  const startWords = publicStartWords(flows);
  // A local Bot API server (TELEGRAM_API_ROOT) serves files of any size; api.telegram.org stops at 20 MB.
  const downloadLimit = apiRoot ? undefined : TELEGRAM_DOWNLOAD_LIMIT;
  const hookUrl = config.TELEGRAM_WEBHOOK_URL;
  const webhookPath = hookUrl ? new URL(hookUrl).pathname : undefined;
  const pollTimeoutS = opts.pollTimeoutS ?? 50;
  let botInfo: { id: number; username: string } | undefined;
  let sink: InboxSink | undefined;
  let polling: { stop: () => void; done: Promise<void> } | undefined;

  function normalize(update: TgUpdate): Normalized {
    try {
      return normalizeUpdate(update, {
        botId: botInfo!.id,
        botUsername: botInfo!.username,
        adminIds: config.ADMIN_TELEGRAM_IDS,
        downloadLimit,
        deepLink: (payload) => deepLinkText(payload, startWords),
      });
    } catch (err) {
      log.error({ err, update: update.update_id }, 'telegram update could not be read');
      return { kind: 'ignore', reason: 'unreadable' };
    }
  }

  /** Normalises a batch and stores what needs storing; throws when the inbox did not take it. */
  async function take(updates: TgUpdate[]): Promise<void> {
    const stored: StoredEvent[] = [];
    for (const u of updates) {
      const n = normalize(u);
      if (n.kind === 'ignore') {
        log.debug({ reason: n.reason }, 'telegram update ignored');
        if (n.after) void afterHandled(n.after, []).catch(() => {});
      } else {
        stored.push(n);
      }
    }
    if (stored.length) await sink!.accept(stored);
  }

  async function answerCallback(id: string, text?: string) {
    await telegram
      .answerCbQuery(id, text)
      .catch((err: unknown) => log.debug({ err: String(err) }, 'answerCallbackQuery failed'));
  }

  /**
   * A tap is answered on the button itself: a toast the core asked for (a stale button), else a
   * silent answer; then the tapped message's keyboard shows the choice made, or goes when the tap
   * meant nothing, so old keyboards do not invite more stale taps.
   */
  async function afterHandled(after: AfterHandled, replies: readonly Outbound[]): Promise<void> {
    const id = after.callbackQueryId;
    if (typeof id !== 'string') return;
    if (typeof after.answer === 'string') {
      const locale = localeOf(typeof after.locale === 'string' ? after.locale : undefined);
      await answerCallback(id, toPlainText(t(after.answer, locale)));
      return;
    }
    const toast = replies.find((r) => r.toast);
    await answerCallback(id, toast ? toPlainText(toast.text) : undefined);
    const data = typeof after.data === 'string' ? after.data : undefined;
    const chat = typeof after.chat === 'string' ? after.chat : undefined;
    if (typeof after.messageId !== 'number' || !data || !chat || data === CHOSEN_CHOICE) return;
    const tapped: TappedMessage = {
      message_id: after.messageId,
      ...(after.keyboard ? { reply_markup: after.keyboard as TappedMessage['reply_markup'] } : {}),
    };
    const label = toast ? undefined : tappedLabel(tapped, data);
    if (!toast && !label) return;
    await sender.settleKeyboard(chat, tapped.message_id, chosenKeyboard(label, CHOSEN_CHOICE));
  }

  async function fetchMedia(media: { ref: Record<string, unknown>; size?: number }, maxBytes: number) {
    const fileId = String(media.ref.fileId);
    if (typeof media.ref.chat === 'string') void sender.typing(media.ref.chat);
    const file = await telegram.getFile(fileId);
    const size = file.file_size ?? media.size;
    const cap = downloadLimit !== undefined ? Math.min(downloadLimit, maxBytes) : maxBytes;
    if (size !== undefined && size > cap) throw new FileTooBigError(size);
    const link = await telegram.getFileLink(file);
    // A local Bot API server in --local mode hands out paths on its own disk.
    if (link.protocol === 'file:') {
      const path = fileURLToPath(link);
      const real = (await stat(path)).size;
      if (real > cap) throw new FileTooBigError(real);
      return new Uint8Array(await readFile(path));
    }
    return downloadCapped(link, { maxBytes: cap, timeoutMs });
  }

  function installWebhook(app: Hono): void {
    if (!webhookPath) return;
    const secret = config.TELEGRAM_WEBHOOK_SECRET;
    app.post(webhookPath, async (c) => {
      if (secret && c.req.header('x-telegram-bot-api-secret-token') !== secret)
        return c.text('Forbidden', 403);
      // Not started yet (or stopping): Telegram keeps the update and sends it again.
      if (!sink || !botInfo) return c.text('Starting', 503);
      let update: TgUpdate;
      try {
        update = (await c.req.json()) as TgUpdate;
      } catch {
        return c.text('Bad Request', 400);
      }
      if (typeof update?.update_id !== 'number') return c.text('Bad Request', 400);
      try {
        await take([update]);
      } catch (err) {
        // Not stored: a non-2xx answer makes Telegram deliver it again later.
        log.warn(
          { err: String(err), update: update.update_id },
          'telegram update not stored; asked to retry',
        );
        return c.text('Retry later', 503);
      }
      return c.text('');
    });
  }

  /**
   * getUpdates → store → next offset. The offset moves only past updates the inbox took, so an
   * outage leaves them with Telegram; handling is elsewhere, so a slow update never stalls the loop.
   */
  function startPolling(): { stop: () => void; done: Promise<void> } {
    const controller = new AbortController();
    let stopped = false;
    let offset = 0;
    let failures = 0;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        controller.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    const done = (async () => {
      while (!stopped) {
        let updates: TgUpdate[];
        try {
          updates = (await telegram.callApi(
            'getUpdates',
            { offset, timeout: pollTimeoutS, allowed_updates: [...ALLOWED_UPDATES] },
            {
              signal: AbortSignal.any([
                controller.signal,
                AbortSignal.timeout(pollTimeoutS * 1000 + timeoutMs),
              ]) as never,
            },
          )) as unknown as TgUpdate[];
        } catch (err) {
          if (stopped) break;
          failures++;
          log.warn({ err: String(err), failures }, 'telegram getUpdates failed; retrying');
          await pause(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
          continue;
        }
        if (!updates.length) continue;
        try {
          await take(updates);
          offset = updates[updates.length - 1]!.update_id + 1;
          failures = 0;
        } catch (err) {
          failures++;
          log.warn({ err: String(err), failures }, 'telegram updates not stored; Telegram keeps them');
          await pause(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
        }
      }
    })();
    return {
      stop() {
        stopped = true;
        controller.abort();
      },
      done,
    };
  }

  async function registerCommands() {
    try {
      await telegram.setMyCommands(commandList('id', flows));
      await telegram.setMyCommands(commandList('en', flows), { language_code: 'en' });
    } catch (err) {
      log.warn({ err: String(err) }, 'setMyCommands failed; the command menu may be out of date');
    }
    const adminId = adminCommandList('id', flows);
    if (!adminId.length) return;
    const adminEn = adminCommandList('en', flows);
    for (const admin of config.ADMIN_TELEGRAM_IDS) {
      const scope = { type: 'chat' as const, chat_id: Number(admin) };
      try {
        await telegram.setMyCommands(adminId, { scope });
        await telegram.setMyCommands(adminEn, { scope, language_code: 'en' });
      } catch (err) {
        // "chat not found" until that admin has opened a chat with the bot: the commands still work.
        log.info({ err: String(err), admin: hashId(admin) }, 'admin command menu not set');
      }
    }
  }

  return {
    name: 'telegram',
    sender,
    telegram,
    webhookPath,
    installWebhook,
    routes: [installWebhook],
    fetchMedia,
    afterHandled,
    async start(s) {
      let me: Awaited<ReturnType<Telegram['getMe']>>;
      try {
        me = await telegram.getMe();
      } catch (err) {
        throw new Error(
          `Telegram did not answer getMe at ${apiRoot ?? 'https://api.telegram.org'} (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      botInfo = { id: me.id, username: me.username };
      await registerCommands();
      sink = s;
      if (hookUrl) {
        const secret = config.TELEGRAM_WEBHOOK_SECRET;
        await telegram.setWebhook(hookUrl, {
          allowed_updates: [...ALLOWED_UPDATES],
          ...(secret ? { secret_token: secret } : {}),
        });
        log.info({ path: webhookPath }, 'telegram webhook set');
        return;
      }
      // A webhook left over from an earlier run would make getUpdates fail; failing here fails start().
      await telegram.deleteWebhook();
      polling = startPolling();
      log.info('telegram long polling started');
    },
    async stop() {
      sink = undefined;
      const p = polling;
      polling = undefined;
      if (p) {
        p.stop();
        await p.done;
      }
    },
  };
}
