import postgres from 'postgres';
import { createApp } from '../src/app';
import { createTelegramChannel } from '../src/channels/telegram/adapter';
import { parseConfig } from '../src/config';
import { type Database, openDatabase } from '../src/db/client';
import { silentLogger } from '../src/log';
import { postWebhookUpdate, startFakeBotApi } from '../test/support/fake-bot-api';

/**
 * Updates per second through telegraf (webhook mode) + engine + database against the fake Bot API,
 * and latency from the moment an update is POSTed to the moment its reply reaches sendMessage.
 * Like Telegram, several connections deliver at once (CONNECTIONS); each chat sends its next
 * message only after the previous one was answered.
 */
const USERS = 200;
const MESSAGES_PER_USER = 5;
const CONNECTIONS = 20;
const SECRET = 'bench-secret';

async function measure(label: string, database: Database): Promise<void> {
  const api = await startFakeBotApi();
  const config = parseConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bench.example.test/hook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  const channel = createTelegramChannel({
    config,
    database,
    log: silentLogger,
    webhookPort: 0,
    webhookHost: '127.0.0.1',
  });
  const app = await createApp({ config, database, channels: [channel], log: silentLogger });
  await channel.start(app.dispatcher.handle);
  const url = `http://127.0.0.1:${channel.webhookAddress()!.port}/hook`;
  let updateId = 1;
  const words = ['menu', 'bantuan', 'menu', 'bahasa', 'menu'];
  const update = (chat: number, text: string) => ({
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private' },
      from: { id: chat, is_bot: false, first_name: 'Bench', language_code: 'id' },
      text,
    },
  });

  // Where each chat's replies start in the fake's call log, so a reply is matched to its update.
  const latencies: number[] = [];
  const scanFrom = new Map<number, number>();
  const firstReplyAfter = (chat: number, t0: number): number | undefined => {
    const calls = api.calls;
    for (let i = scanFrom.get(chat) ?? 0; i < calls.length; i++) {
      const c = calls[i]!;
      if (c.method === 'sendMessage' && Number(c.params.chat_id) === chat && c.at >= t0) {
        scanFrom.set(chat, i + 1);
        return c.at;
      }
    }
    return undefined;
  };

  const runChats = async (chats: number[], record: boolean) => {
    let next = 0;
    const worker = async () => {
      while (next < chats.length) {
        const chat = chats[next++]!;
        for (let m = 0; m < MESSAGES_PER_USER; m++) {
          const t0 = performance.timeOrigin + performance.now();
          const status = await postWebhookUpdate(url, update(chat, words[m % words.length]!), SECRET);
          if (status !== 200) throw new Error(`webhook answered ${status}`);
          const at = firstReplyAfter(chat, t0);
          if (record && at !== undefined) latencies.push(at - t0);
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  };

  await runChats(
    Array.from({ length: 20 }, (_, i) => 900_000 + i),
    false,
  );
  const chats = Array.from({ length: USERS }, (_, i) => 100_000 + i);
  const start = performance.now();
  await runChats(chats, true);
  const seconds = (performance.now() - start) / 1000;
  await app.dispatcher.idle();
  await channel.stop();
  await api.close();

  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const total = USERS * MESSAGES_PER_USER;
  console.log(
    `telegram webhook ${label}: ${total} updates from ${USERS} chats over ${CONNECTIONS} connections in ${seconds.toFixed(2)} s` +
      ` → ${(total / seconds).toFixed(0)} updates/s; update→sendMessage p50 ${pct(50).toFixed(1)} ms,` +
      ` p99 ${pct(99).toFixed(1)} ms (${latencies.length} replies matched)`,
  );
}

export async function run(): Promise<void> {
  const pglite = await openDatabase({ dataDir: 'memory' });
  try {
    await measure('(pglite)', pglite);
  } finally {
    await pglite.close();
  }
  const base = process.env.DATABASE_URL;
  if (base) {
    // A scratch database, so the numbers start from empty tables like the PGlite run.
    const name = `pantau_bench_tg_${Date.now().toString(36)}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const pg = await openDatabase({ url: url.toString() });
    try {
      await measure('(postgres)', pg);
    } finally {
      await pg.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
}
