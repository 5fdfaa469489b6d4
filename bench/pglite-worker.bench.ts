import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { fmt } from './support';

/**
 * Issue 16 asked whether PGlite (WASM plus its JS, half of the main thread's CPU under load) should
 * move into a worker thread. This measures the dispatcher's shape of work both ways: per message one
 * transaction of three statements (take the inbox row, write the session, queue the reply), with
 * 32 users' messages in flight, and reports messages/s and how busy the main thread was (event-loop
 * utilisation): what a worker thread would free for the channels' HTTP and JSON work.
 */
const MESSAGES = 3_000;
const IN_FLIGHT = 32;

type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

const SCHEMA = [
  'create table inbox (id bigserial primary key, user_key text not null, payload jsonb not null, handled boolean not null default false)',
  'create table sessions (user_key text primary key, state jsonb not null)',
  'create table outbox (id bigserial primary key, user_key text not null, message jsonb not null)',
];

async function workload(query: Query): Promise<{ perSecond: number; elu: number }> {
  for (const s of SCHEMA) await query(s);
  // One connection: a transaction must not interleave with another, as the dispatcher's PGlite lock ensures.
  let lock: Promise<unknown> = Promise.resolve();
  const handle = async (n: number) => {
    const user = `u${n % IN_FLIGHT}`;
    const run = lock.then(async () => {
      await query('begin');
      const [row] = (await query('insert into inbox (user_key, payload) values ($1, $2) returning id', [
        user,
        JSON.stringify({ text: `pesan ${n}` }),
      ])) as { id: number }[];
      await query(
        'insert into sessions (user_key, state) values ($1, $2) on conflict (user_key) do update set state = excluded.state',
        [user, JSON.stringify({ step: n })],
      );
      await query('insert into outbox (user_key, message) values ($1, $2)', [
        user,
        JSON.stringify({ reply: n }),
      ]);
      await query('update inbox set handled = true where id = $1', [row!.id]);
      await query('commit');
    });
    lock = run.catch(() => undefined);
    await run;
  };
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < MESSAGES) await handle(next++);
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  return { perSecond: MESSAGES / secs, elu };
}

async function inThread(): Promise<{ perSecond: number; elu: number }> {
  const db = await PGlite.create();
  const result = await workload(async (sql, params) => (await db.query(sql, params ?? [])).rows);
  await db.close();
  return result;
}

async function inWorker(): Promise<{ perSecond: number; elu: number }> {
  const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url));
  const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }>();
  await new Promise<void>((resolve) => {
    worker.on('message', (m: { ready?: boolean; id?: number; rows?: unknown[]; error?: string }) => {
      if (m.ready) return resolve();
      const w = waiting.get(m.id!);
      waiting.delete(m.id!);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m.rows ?? []);
    });
  });
  let ids = 0;
  const result = await workload(
    (sql, params) =>
      new Promise((resolve, reject) => {
        const id = ++ids;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, sql, params: params ?? [] });
      }),
  );
  await worker.terminate();
  return result;
}

export async function run(): Promise<void> {
  const runs = {
    main: [] as { perSecond: number; elu: number }[],
    worker: [] as { perSecond: number; elu: number }[],
  };
  for (let i = 0; i < 3; i++) {
    runs.main.push(await inThread());
    runs.worker.push(await inWorker());
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const main = {
    perSecond: median(runs.main.map((r) => r.perSecond)),
    elu: median(runs.main.map((r) => r.elu)),
  };
  const worker = {
    perSecond: median(runs.worker.map((r) => r.perSecond)),
    elu: median(runs.worker.map((r) => r.elu)),
  };
  console.log(
    `pglite in the main thread:  ${fmt(main.perSecond, 0)} msg/s, main thread busy ${fmt(main.elu * 100, 0)}% (median of 3)`,
  );
  console.log(
    `pglite in a worker thread:  ${fmt(worker.perSecond, 0)} msg/s, main thread busy ${fmt(worker.elu * 100, 0)}% ` +
      `(${fmt(worker.perSecond / main.perSecond, 2)}× the throughput, main thread ${fmt(worker.elu / main.elu, 2)}× as busy)`,
  );
}
