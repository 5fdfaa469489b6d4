import { createApp } from '../../src/app';
import type { ChannelAdapter } from '../../src/channels/channel';
import { type Config, parseConfig } from '../../src/config';
import type { Dispatcher, EffectHandlers, HandleResult, WorkerOptions } from '../../src/core/dispatcher';
import type { AnyFlow, Services } from '../../src/core/flow';
import { toPlainText } from '../../src/core/markup';
import type { ChannelName, Inbound, InboundMedia, Outbound } from '../../src/core/message';
import type { Sender } from '../../src/core/send';
import { type Logger, silentLogger } from '../../src/log';
import { type Backend, openTestDatabase, type TestDatabase } from './db';

/** A sender that records what each contact was sent. */
export function recordingSender(): Sender & { sent: Map<string, Outbound[]>; all: Outbound[] } {
  const sent = new Map<string, Outbound[]>();
  const all: Outbound[] = [];
  return {
    sent,
    all,
    async send(externalId, messages) {
      const list = sent.get(externalId) ?? [];
      list.push(...messages);
      sent.set(externalId, list);
      all.push(...messages);
    },
  };
}

export interface TestBot {
  database: TestDatabase;
  dispatcher: Dispatcher;
  config: Config;
  sender: ReturnType<typeof recordingSender>;
  /** Sends a line (or a whole inbound) as `user` and returns the replies as plain text. */
  say(text: string | Partial<Inbound>, user?: string): Promise<string[]>;
  send(inbound: Partial<Inbound>, user?: string): Promise<HandleResult>;
  close(): Promise<void>;
}

export interface TestBotOptions {
  backend?: Backend;
  env?: Record<string, string>;
  channel?: ChannelName;
  now?: () => Date;
  flows?: AnyFlow[];
  services?: Services;
  effects?: EffectHandlers;
  database?: TestDatabase;
  log?: Logger;
  worker?: WorkerOptions;
}

let seq = 0;

/** The whole engine on a fresh test database, with a recording channel: conversation tests without timers. */
export async function createTestBot(opts: TestBotOptions = {}): Promise<TestBot> {
  const database = opts.database ?? (await openTestDatabase(opts.backend ?? 'pglite'));
  // Per-chat pacing (a second between Telegram bubbles) is a platform courtesy, not behaviour under test.
  const config = parseConfig({ TELEGRAM_CHAT_INTERVAL_MS: '0', ...opts.env });
  const channel = opts.channel ?? 'console';
  const sender = recordingSender();
  const adapter: ChannelAdapter = { name: channel, sender, start: async () => {}, stop: async () => {} };
  const app = await createApp({
    config,
    database,
    channels: [adapter],
    log: opts.log ?? silentLogger,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.flows ? { flows: opts.flows } : {}),
    ...(opts.services ? { services: opts.services } : {}),
    ...(opts.effects ? { effects: opts.effects } : {}),
    ...(opts.worker ? { worker: opts.worker } : {}),
  });
  const send = (inbound: Partial<Inbound>, user = 'u1') =>
    app.dispatcher.handle({
      channel,
      userKey: `${channel}:${user}`,
      messageId: `m${++seq}-${Date.now()}`,
      ...inbound,
    });
  return {
    database,
    dispatcher: app.dispatcher,
    config,
    sender,
    send,
    async say(text, user) {
      const r = await send(typeof text === 'string' ? { text } : text, user);
      return r.replies.map(plain);
    },
    close: () => database.close(),
  };
}

/** An Outbound as a person would read it on the console: text, then numbered choices. */
export function plain(o: Outbound): string {
  const lines = [toPlainText(o.text), ...(o.choices ?? []).map((c, i) => `${i + 1}. ${c.label}`)];
  return lines.join('\n');
}

/** An image the user "sent", carried inline (the way the console and tests hand files to the inbox). */
export function mediaOf(
  bytes: Uint8Array,
  kind: InboundMedia['kind'] = 'image',
  extra: Partial<InboundMedia> = {},
): InboundMedia {
  return { kind, size: bytes.length, ref: { inline: Buffer.from(bytes).toString('base64') }, ...extra };
}
