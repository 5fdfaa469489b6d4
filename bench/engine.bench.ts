import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createApp } from '../src/app';
import { parseConfig } from '../src/config';
import { type Database, openDatabase } from '../src/db/client';
import { silentLogger } from '../src/log';
import { benchServerUrl, fmt, percentile, scratchDatabase } from './support';

/**
 * Engine throughput and latency: simulated users chatting through the real dispatcher and database,
 * next to the same transaction written directly with postgres.js (the floor no engine can beat).
 */
const USERS = 50;
const MESSAGES_PER_USER = 40;
/**
 * Latency is measured with people's pace: each user waits THINK_MS (±50%) between messages, so the
 * numbers are service time at a stated load. Throughput is measured flat out (no pause), where
 * latency is only queueing (users / rate) and says nothing about the engine.
 */
const THINK_MS = 250;
const LINES = ['menu', 'bahasa', '1', 'menu', 'bahasa', 'bantuan'];

interface Result {
  rate: number;
  p50: number;
  p99: number;
}

async function runUsers(send: (user: number, i: number) => Promise<void>, thinkMs = 0): Promise<Result> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      for (let i = 0; i < MESSAGES_PER_USER; i++) {
        if (thinkMs) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
        const t0 = performance.now();
        await send(user, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function engine(database: Database, tag: string, thinkMs = 0): Promise<Result> {
  const config = parseConfig({});
  const app = await createApp({
    config,
    database,
    log: silentLogger,
    channels: [
      { name: 'console', sender: { send: async () => {} }, start: async () => {}, stop: async () => {} },
    ],
  });
  // Warm-up: first contact creation and JIT, not measured.
  await app.dispatcher.handle({
    channel: 'console',
    userKey: 'console:warm',
    messageId: `${tag}-warm`,
    text: 'menu',
  });
  return runUsers(async (user, i) => {
    await app.dispatcher.handle({
      channel: 'console',
      userKey: `console:bench-${tag}-${user}`,
      messageId: `${tag}-${user}-${i}`,
      text: LINES[i % LINES.length]!,
    });
  }, thinkMs);
}

/**
 * The same transaction the dispatcher runs per message (src/db/hot.ts), by hand with postgres.js:
 * lock + dedupe, contact + session, session write + outbox row, commit, then mark the reply sent.
 */
async function direct(url: string, thinkMs = 0): Promise<Result> {
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const state = JSON.stringify({ v: 1, locale: 'id' });
  const replies = JSON.stringify([{ text: 'menu' }]);
  const result = await runUsers(async (user, i) => {
    const key = `console:direct-${user}`;
    const id = `d-${thinkMs}-${user}-${i}`;
    const outboxId = await sql.begin(async (tx) => {
      await tx`with l as (select pg_advisory_xact_lock(hashtextextended(${key}, 0)))
        insert into handled_messages (channel, message_id) select 'console', ${id} from l
        on conflict do nothing returning 1 as fresh`;
      const [c] =
        await tx`with c as (insert into contacts (channel, external_id, locale) values ('console', ${`direct-${user}`}, 'id')
          on conflict (channel, external_id) do update set last_seen_at = now() returning *)
        select c.*, s.state from c left join sessions s on s.contact_id = c.id`;
      const [o] =
        await tx`with s as (insert into sessions (contact_id, state) values (${c!.id}, ${state}::jsonb)
          on conflict (contact_id) do update set state = excluded.state, updated_at = now())
        insert into outbox (contact_id, channel, message_id, messages, next_attempt_at)
        values (${c!.id}, 'console', ${id}, ${replies}::jsonb, now() + interval '30 seconds') returning id`;
      return o!.id as number;
    });
    await sql`update outbox set sent_at = now() where id = ${outboxId}`;
  }, thinkMs);
  await sql.end();
  return result;
}

function row(label: string, r: Result) {
  console.log(
    `${label.padEnd(34)} ${fmt(r.rate, 0).padStart(7)} msg/s   p50 ${fmt(r.p50, 2).padStart(7)} ms   p99 ${fmt(r.p99, 2).padStart(7)} ms`,
  );
}

export async function run(): Promise<void> {
  console.log(
    `${USERS} concurrent users x ${MESSAGES_PER_USER} messages; "flat out" = no pause (throughput), ` +
      `"paced" = ${THINK_MS} ms ±50% between a user's messages (latency)`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'pantau-bench-'));
  const pglite = await openDatabase({ dataDir: dir });
  row('engine on PGlite, flat out', await engine(pglite, 'pgl'));
  row('engine on PGlite, paced', await engine(pglite, 'pgl2', THINK_MS));
  await pglite.close();
  rmSync(dir, { recursive: true, force: true });

  const server = await benchServerUrl();
  if (!server) {
    console.log('PostgreSQL: no server answered (set DATABASE_URL); skipped');
    return;
  }
  const scratch = await scratchDatabase(server);
  try {
    const pg = await openDatabase({ url: scratch.url });
    const e = await engine(pg, 'pg');
    const paced = await engine(pg, 'pg2', THINK_MS);
    await pg.close();
    const d = await direct(scratch.url);
    const dPaced = await direct(scratch.url, THINK_MS);
    row('engine on PostgreSQL, flat out', e);
    row('direct postgres.js, flat out (floor)', d);
    row('engine on PostgreSQL, paced', paced);
    row('direct postgres.js, paced (floor)', dPaced);
    const ratio = e.rate / d.rate;
    console.log(
      `ratio engine/direct throughput on PostgreSQL: ${fmt(ratio * 100, 0)}% (target >= 60%): ${ratio >= 0.6 ? 'OK' : 'BELOW TARGET'}`,
    );
    console.log(
      `engine p99 at ${USERS} paced users on PostgreSQL: ${fmt(paced.p99, 2)} ms (target < 25 ms): ${paced.p99 < 25 ? 'OK' : 'ABOVE TARGET'}`,
    );
  } finally {
    await scratch.drop();
  }
}
