import { type Database, openDatabase } from '../src/db/client';
import { postWebhookUpdate, startFakeBotApi } from '../test/support/fake-bot-api';
import { fmt, percentile, replyWatcher, scratchDatabase, webhookBot } from './support';

/**
 * Updates per second through telegraf (webhook mode) + engine + database against the fake Bot API,
 * and latency from the moment an update is POSTed to the moment its first reply reaches sendMessage.
 * Like Telegram, several connections deliver at once (CONNECTIONS); each chat sends its next
 * message only after the previous one was answered in full, so every reply is matched to its update.
 */
const USERS = 100;
const MESSAGES_PER_USER = 5;
const CONNECTIONS = 20;
const SECRET = 'bench-secret';

async function measure(label: string, database: Database): Promise<void> {
  const api = await startFakeBotApi();
  const bot = await webhookBot(database, {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bench.example.test/hook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    // The engine's pace, not Telegram's: a chat that writes again the moment it is answered would
    // otherwise wait out the per-chat limit (one message a second) after its first few bubbles.
    TELEGRAM_CHAT_INTERVAL_MS: '0',
  });
  const { app } = bot;
  await bot.channel.start(app.dispatcher.sink);
  const url = `http://127.0.0.1:${bot.port}/hook`;
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

  // The inbox acknowledges before handling, so a reply arrives after the webhook answered: each
  // chat waits for all of a message's bubbles before its next message. How many bubbles each word
  // gets is learnt once, from a warm-up chat.
  const watch = replyWatcher(api);
  const bubbles = new Map<string, number>();
  const warmChat = 899_999;
  let warmSeen = 0;
  for (const w of new Set(words)) {
    const status = await postWebhookUpdate(url, update(warmChat, w), SECRET);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
    await watch.nth(warmChat, warmSeen + 1);
    await app.dispatcher.idle();
    const now = watch.count(warmChat);
    bubbles.set(w, now - warmSeen);
    warmSeen = now;
  }
  const latencies: number[] = [];

  const runChats = async (chats: number[], record: boolean) => {
    let next = 0;
    const worker = async () => {
      while (next < chats.length) {
        const chat = chats[next++]!;
        let seen = 0;
        for (let m = 0; m < MESSAGES_PER_USER; m++) {
          const word = words[m % words.length]!;
          const t0 = performance.timeOrigin + performance.now();
          const status = await postWebhookUpdate(url, update(chat, word), SECRET);
          if (status !== 200) throw new Error(`webhook answered ${status}`);
          const first = await watch.nth(chat, seen + 1);
          seen += bubbles.get(word) ?? 1;
          await watch.nth(chat, seen);
          if (record) latencies.push(first - t0);
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
  watch.stop();
  await bot.stop();
  await api.close();

  const total = USERS * MESSAGES_PER_USER;
  console.log(
    `telegram webhook ${label}: ${total} updates from ${USERS} chats over ${CONNECTIONS} connections in ${seconds.toFixed(2)} s` +
      ` → ${(total / seconds).toFixed(0)} updates/s; update→sendMessage p50 ${fmt(percentile(latencies, 50))} ms,` +
      ` p99 ${fmt(percentile(latencies, 99))} ms (${latencies.length} replies matched)`,
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
    const scratch = await scratchDatabase(base);
    const pg = await openDatabase({ url: scratch.url });
    try {
      await measure('(postgres)', pg);
    } finally {
      await pg.close();
      await scratch.drop();
    }
  }
}
