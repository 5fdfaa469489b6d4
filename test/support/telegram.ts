import { allFlows } from '../../flows/index';
import { type App, createApp } from '../../src/app';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter';
import { type Config, parseConfig } from '../../src/config';
import type { AnyFlow } from '../../src/core/flow';
import { createHttpApp } from '../../src/http/app';
import { type HttpServer, startHttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import type { Backend, TestDatabase } from './db';
import { openTestDatabase } from './db';
import { type FakeBotApi, postWebhookUpdate, startFakeBotApi } from './fake-bot-api';

export const WEBHOOK_SECRET = 's3cret-Token_1';

export interface TelegramHarness {
  api: FakeBotApi;
  channel: TelegramChannel;
  app: App;
  database: TestDatabase;
  config: Config;
  /** Delivers updates: queued for getUpdates (polling, one batch) or POSTed one by one (webhook). */
  deliver(...updates: Record<string, unknown>[]): Promise<void>;
  /** Delivers one update from `chat`, waits until it was fully handled, returns the new texts sent to `chat`. */
  say(chat: number, update: Record<string, unknown>): Promise<string[]>;
  /** The webhook URL on 127.0.0.1 (webhook mode). */
  hookUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole bot: the fake Bot API, the real telegraf channel (polling or webhook) and the engine on
 * a fresh test database.
 */
export async function startTelegramHarness(opts: {
  backend?: Backend;
  mode: 'polling' | 'webhook';
  env?: Record<string, string>;
  flows?: AnyFlow[];
  database?: TestDatabase;
  api?: { token?: string };
}): Promise<TelegramHarness> {
  const api = await startFakeBotApi({ maxPollMs: 300, ...opts.api });
  const database = opts.database ?? (await openTestDatabase(opts.backend ?? 'pglite'));
  const config = parseConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...(opts.mode === 'webhook'
      ? { TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/tg/hook', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET }
      : {}),
    // Per-chat pacing has its own test; here it would only make bursts slow.
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ...opts.env,
  });
  const flows = opts.flows ?? allFlows;
  const channel = createTelegramChannel({
    config,
    log: silentLogger,
    flows,
    sender: { backoffMs: 20 },
    pollTimeoutS: 1,
  });
  const app = await createApp({ config, database, channels: [channel], log: silentLogger, flows });
  let http: HttpServer | undefined;
  if (opts.mode === 'webhook') {
    const httpApp = createHttpApp({ database, log: silentLogger, routes: channel.routes ?? [] });
    http = await startHttpServer(httpApp, { host: '127.0.0.1', port: 0 });
  }
  app.dispatcher.start();
  await channel.start(app.dispatcher.sink);
  const hookUrl = http ? `http://127.0.0.1:${http.address.port}/tg/hook` : '';
  const harness: TelegramHarness = {
    api,
    channel,
    app,
    database,
    config,
    hookUrl,
    async deliver(...updates) {
      if (opts.mode === 'polling') {
        api.pushUpdates(...updates);
        return;
      }
      for (const u of updates) {
        const status = await postWebhookUpdate(
          hookUrl,
          { update_id: api.newUpdateId(), ...u },
          WEBHOOK_SECRET,
        );
        if (status !== 200) throw new Error(`webhook answered ${status}`);
      }
    },
    async say(chat, update) {
      const before = api.sentTexts(chat).length;
      if (opts.mode === 'polling') {
        const [id] = api.pushUpdates(update);
        // The next offset is asked for once the update is stored; then it is handled and answered.
        await api.waitUntil(
          () => api.calls.some((c) => c.method === 'getUpdates' && Number(c.params.offset) > id!),
          30_000,
          `update ${id} stored`,
        );
      } else {
        await harness.deliver(update);
      }
      await app.dispatcher.idle();
      return api.sentTexts(chat).slice(before);
    },
    async stop() {
      await channel.stop();
      await app.dispatcher.stop();
      await http?.close();
      await api.close();
      if (!opts.database) await database.close();
    },
  };
  return harness;
}

let messageSeq = 1000;

const userOf = (id: number, lang: string) => ({
  id,
  is_bot: false,
  first_name: `User${id}`,
  language_code: lang,
});

/** A private text message from user `id` (chat id = user id), as the Bot API sends it. */
export function textUpdate(id: number, text: string, lang = 'id'): Record<string, unknown> {
  const entities = text.startsWith('/')
    ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }]
    : undefined;
  return {
    message: {
      message_id: ++messageSeq,
      date: Math.floor(Date.now() / 1000),
      chat: { id, type: 'private', first_name: `User${id}` },
      from: userOf(id, lang),
      text,
      ...(entities ? { entities } : {}),
    },
  };
}

export function callbackUpdate(id: number, data: string, lang = 'id'): Record<string, unknown> {
  return {
    callback_query: {
      id: `cq-${++messageSeq}`,
      from: userOf(id, lang),
      chat_instance: `ci-${id}`,
      data,
      message: {
        message_id: ++messageSeq,
        date: Math.floor(Date.now() / 1000),
        chat: { id, type: 'private' },
        text: 'menu',
      },
    },
  };
}

/**
 * A tap on a button of a message the bot really sent (a recorded sendMessage call): the callback
 * carries that message's id and keyboard, as Telegram sends it.
 */
export function tapUpdate(
  id: number,
  sent: { params: Record<string, unknown>; result?: unknown },
  data: string,
  lang = 'id',
): Record<string, unknown> {
  const result = sent.result as { message_id: number; date: number };
  return {
    callback_query: {
      id: `cq-${++messageSeq}`,
      from: userOf(id, lang),
      chat_instance: `ci-${id}`,
      data,
      message: {
        message_id: result.message_id,
        date: result.date,
        chat: { id, type: 'private' },
        text: String(sent.params.text ?? ''),
        ...(sent.params.reply_markup ? { reply_markup: sent.params.reply_markup } : {}),
      },
    },
  };
}

export function photoUpdate(
  id: number,
  fileId: string,
  fileSize: number,
  caption?: string,
  lang = 'id',
): Record<string, unknown> {
  return {
    message: {
      message_id: ++messageSeq,
      date: Math.floor(Date.now() / 1000),
      chat: { id, type: 'private' },
      from: userOf(id, lang),
      photo: [
        { file_id: `${fileId}-thumb`, file_unique_id: `${fileId}-t`, width: 90, height: 90, file_size: 900 },
        { file_id: fileId, file_unique_id: `${fileId}-u`, width: 800, height: 600, file_size: fileSize },
      ],
      ...(caption ? { caption } : {}),
    },
  };
}
