import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/**
 * Without drizzle's relational schema (`db.query.…`, which nothing here uses): given one, drizzle
 * builds a query helper for every table on every transaction object (9 µs instead of 1.5 µs per
 * transaction in a micro-bench; every message runs one).
 */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
/** Anything queries can run on: the database or a transaction (inside a transaction, always pass `tx`). */
export type Queryable = Db | Tx;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The raw PGlite instance (pg-boss and tools need it); undefined on PostgreSQL. */
  pglite?: PGlite;
  /** The raw postgres.js client; undefined on PGlite. */
  sql?: postgres.Sql;
  /**
   * PostgreSQL: a small pool of its own for storing inbound events, so a webhook's acknowledgement
   * never waits for a connection behind the workers' transactions. Undefined on PGlite (one
   * connection for everything).
   */
  ingress?: Db;
  close(): Promise<void>;
}

export class DatabaseInUseError extends Error {}

export interface OpenOptions {
  /** PostgreSQL URL; without it, PGlite. */
  url?: string;
  /** PGlite data folder; `memory` for an in-memory database (tests). */
  dataDir?: string;
  /** A PGlite data dump to start from (tests start from a migrated template). */
  loadDataDir?: Blob | File;
  migrate?: boolean;
  poolSize?: number;
  /** PostgreSQL: a statement running longer is cancelled (default 30 s). */
  statementTimeoutMs?: number;
  /** PostgreSQL: a connection not ready within this fails with a clear message (default 10 s). */
  connectTimeoutMs?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.url ? await openPostgres(opts.url, opts) : await openPglite(opts);
  if (opts.migrate !== false) {
    try {
      await runMigrations(database);
    } catch (err) {
      await database.close().catch(() => {});
      throw explain(err, opts);
    }
  }
  return database;
}

type TxFn = (tx: postgres.TransactionSql) => unknown;

/**
 * drizzle sends its queries unnamed, and postgres.js then makes the server describe each one before
 * running it: two round trips per query. Marking them prepared (postgres.js caches statements by
 * their text and parameter types) halves the round trips; drizzle's query text is stable per shape.
 */
export function preparing<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (
          query: string,
          params?: postgres.ParameterOrJSON<never>[],
          opts?: postgres.UnsafeQueryOptions,
        ) => target.unsafe(query, params, { ...opts, prepare: true });
      }
      if (prop === 'begin' || prop === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.pop() as TxFn;
          const method = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
          return method.apply(target, [...args, (tx: postgres.TransactionSql) => fn(preparing(tx))]);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** A connect timeout as one line naming the server and the setting, not a stack of driver internals. */
function explain(err: unknown, opts: OpenOptions): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (opts.url && (code === 'CONNECT_TIMEOUT' || code === 'ECONNREFUSED' || code === 'ENOTFOUND')) {
    const u = new URL(opts.url);
    const what =
      code === 'CONNECT_TIMEOUT'
        ? `no answer within ${opts.connectTimeoutMs ?? 10_000} ms (DB_CONNECT_TIMEOUT_MS)`
        : code === 'ECONNREFUSED'
          ? 'connection refused'
          : 'host not found';
    return new Error(`PostgreSQL at ${u.hostname}:${u.port || 5432}: ${what}`);
  }
  return err;
}

/** Connections kept for storing inbound events (see `Database.ingress`). */
const INGRESS_POOL = 2;

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const make =
    (max = opts.poolSize ?? 10) =>
    () =>
      postgres(url, {
        max,
        onnotice: () => {},
        connect_timeout: Math.max(1, Math.ceil((opts.connectTimeoutMs ?? 10_000) / 1000)),
        // postgres.js waits up to 20 s between reconnects after failures; after an outage that is 20 s
        // of a bot that cannot answer. Seconds, growing to 1 s.
        backoff: (retries: number) => Math.min(1, 0.05 * 2 ** retries),
        // Sent at connection start-up, so every connection (and every reconnect) has them.
        connection: {
          application_name: 'pantau-netral',
          statement_timeout: opts.statementTimeoutMs ?? 30_000,
        },
      });
  const deadline = (opts.statementTimeoutMs ?? 30_000) + 5000;
  const client = recyclingClient(make(), deadline);
  const db = drizzlePostgres(preparing(client)) as unknown as Db;
  const ingressClient = recyclingClient(make(INGRESS_POOL), deadline);
  const ingress = drizzlePostgres(preparing(ingressClient)) as unknown as Db;
  return {
    db,
    ingress,
    kind: 'postgres',
    sql: client,
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), ingressClient.end({ timeout: 5 })]);
    },
  };
}

/**
 * postgres.js with a way out of a wedged pool. When a backend is terminated in the middle of a
 * transaction (a failover, a pooler restart), postgres.js 3.4.9 can leave that transaction waiting
 * forever even with our patch (patches/). A transaction that outlives the statement timeout by
 * `deadlineMs` is therefore failed, and the whole pool is replaced: the old one is destroyed (its
 * queries rejected), the next query opens fresh connections. Everyone holds this proxy, never the
 * client inside it, so a swap reaches every user (drizzle, pg-boss, the channel locks).
 */
function recyclingClient(make: () => postgres.Sql, deadlineMs: number): postgres.Sql {
  let current = make();
  const recycle = (why: string) => {
    const old = current;
    current = make();
    process.emitWarning(`PostgreSQL pool replaced: ${why}`);
    void old.end({ timeout: 0 }).catch(() => {});
  };
  const begin = (...args: unknown[]) => {
    const client = current;
    const run = (Reflect.get(client, 'begin') as (...a: unknown[]) => Promise<unknown>).apply(client, args);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (current === client) recycle(`a transaction hung for ${deadlineMs} ms`);
        reject(Object.assign(new Error('database transaction timed out'), { code: 'TX_DEADLINE' }));
      }, deadlineMs);
      timer.unref();
    });
    return Promise.race([run, deadline]).finally(() => clearTimeout(timer));
  };
  const target = (() => {}) as unknown as postgres.Sql;
  return new Proxy(target, {
    apply: (_t, _this, args) =>
      Reflect.apply(current as unknown as (...a: unknown[]) => unknown, undefined, args),
    get: (_t, prop) => {
      if (prop === 'begin') return begin;
      const value = Reflect.get(current, prop);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  const dir = opts.dataDir ?? './data';
  let release = () => {};
  let client: PGlite;
  if (dir === 'memory') {
    client = await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  } else {
    const abs = resolve(dir);
    mkdirSync(abs, { recursive: true });
    release = lockDataDir(abs);
    try {
      client = await PGlite.create(
        join(abs, 'pglite'),
        opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {},
      );
    } catch (err) {
      release();
      throw err;
    }
  }
  const db = drizzlePglite(client) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * PGlite does not lock its folder, and two processes on one folder corrupt it; so we do, with a
 * lock file holding our pid. A lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = join(dir, 'pantau.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseInUseError(
          `The database folder ${dir} is in use by another Pantau Netral process (pid ${pid}). Stop that process, or set DATA_DIR to another folder.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseInUseError(`Could not lock the database folder ${dir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Any fixed number: every process agrees on it, so only one migrates at a time.
const MIGRATION_LOCK = 7_302_514_001;

/** Applies the drizzle-kit migrations; on PostgreSQL behind an advisory lock so two starting processes don't race. */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const conn = await database.sql!.reserve();
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await conn`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    conn.release();
  }
}
