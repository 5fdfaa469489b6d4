import postgres from 'postgres';
import { allFlows } from '../flows/index';
import { createApp } from '../src/app';
import { createTelegramChannel } from '../src/channels/telegram/adapter';
import { parseConfig } from '../src/config';
import type { Database } from '../src/db/client';
import { createScratchDatabase } from '../src/db/scratch';
import { createHttpApp } from '../src/http/app';
import { startHttpServer } from '../src/http/server';
import { silentLogger } from '../src/log';
import type { FakeBotApi } from '../test/support/fake-bot-api';

/**
 * A Telegram webhook bot in the bench's own process: telegraf, the engine with its workers running,
 * and the HTTP app on a free loopback port. The caller starts the channel (with the dispatcher's
 * sink, or a wrapper that times it) and lets it idle before `stop`.
 */
export async function webhookBot(database: Database, env: Record<string, string>) {
  const config = parseConfig(env);
  const channel = createTelegramChannel({ config, log: silentLogger, flows: allFlows });
  const app = await createApp({ config, database, channels: [channel], log: silentLogger });
  const http = await startHttpServer(
    createHttpApp({ database, log: silentLogger, routes: channel.routes ?? [] }),
    { host: '127.0.0.1', port: 0 },
  );
  app.dispatcher.start();
  return {
    channel,
    app,
    port: http.address.port,
    async stop() {
      await channel.stop();
      await app.dispatcher.stop();
      await http.close();
    },
  };
}

/**
 * When each chat's replies reached the fake Bot API, read from its call log by one timer (a waiter
 * per user would rescan the whole log on every call).
 */
export function replyWatcher(api: FakeBotApi) {
  const times = new Map<number, number[]>();
  const waiters = new Map<string, () => void>();
  let seen = 0;
  const scan = () => {
    const calls = api.calls;
    for (; seen < calls.length; seen++) {
      const c = calls[seen]!;
      if (c.method !== 'sendMessage') continue;
      const chat = Number(c.params.chat_id);
      const list = times.get(chat) ?? [];
      list.push(c.at);
      times.set(chat, list);
      const w = waiters.get(`${chat}:${list.length}`);
      if (w) w();
    }
  };
  const timer = setInterval(scan, 2);
  return {
    /** How many replies `chat` has got so far. */
    count(chat: number): number {
      scan();
      return times.get(chat)?.length ?? 0;
    },
    /** Resolves with the time the n-th reply (1-based) to `chat` arrived. */
    nth(chat: number, n: number): Promise<number> {
      scan();
      const have = times.get(chat);
      if (have && have.length >= n) return Promise.resolve(have[n - 1]!);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no reply ${n} for ${chat}`)), 60_000);
        waiters.set(`${chat}:${n}`, () => {
          clearTimeout(t);
          resolve(times.get(chat)![n - 1]!);
        });
      });
    },
    stop: () => clearInterval(timer),
  };
}

/** Percentile of a sorted-on-demand list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The PostgreSQL server benches use: DATABASE_URL, else the local one if it answers. */
export async function benchServerUrl(): Promise<string | undefined> {
  const candidates = [process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/test'].filter(
    (u): u is string => !!u,
  );
  for (const url of candidates) {
    const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
    try {
      await sql`select 1`;
      return url;
    } catch {
      // try the next one
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
  return undefined;
}

/** A fresh database on that server for one bench run, dropped afterwards. */
export function scratchDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  return createScratchDatabase(base, 'pantau_bench');
}
