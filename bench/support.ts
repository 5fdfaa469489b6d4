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
