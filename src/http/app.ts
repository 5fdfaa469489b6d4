import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { ChannelStatus } from '../channels/channel';
import type { Database } from '../db/client';
import type { Logger } from '../log';

/**
 * The bot's one HTTP app: webhooks, `/healthz` and the admin dashboard are routes on it, so an
 * operator opens one port and a load balancer checks one path. Features add their routes through
 * `routes` instead of starting servers of their own.
 */
export type RouteInstaller = (app: Hono) => void;

export interface HttpAppOptions {
  database: Database;
  log: Logger;
  routes?: readonly RouteInstaller[];
  /** How long `/healthz` waits for the database before saying it is down. */
  healthTimeoutMs?: number;
  /** The event workers' state: a stuck work loop makes `/healthz` fail so a supervisor restarts us. */
  health?: () => { alive: boolean; lastPassAgoMs: number; inFlight: number };
  /**
   * The channels' connections. A dead one (logged out, banned) shows as `degraded`; when every
   * channel is dead the process has nothing left to do and `/healthz` fails.
   */
  channels?: () => Record<string, ChannelStatus>;
  /** Serve `/healthz` (default true; off for a webhook-only listener). */
  healthz?: boolean;
}

export function createHttpApp(opts: HttpAppOptions): Hono {
  const app = new Hono();
  const timeout = opts.healthTimeoutMs ?? 2000;

  if (opts.healthz !== false) {
    app.get('/healthz', async (c) => {
      const db = await databaseAnswers(opts.database, timeout);
      const worker = opts.health?.();
      const channels = opts.channels?.();
      const states = Object.values(channels ?? {});
      const dead = states.filter((s) => s.state === 'dead').length;
      const allDead = states.length > 0 && dead === states.length;
      const ok = db && (worker?.alive ?? true) && !allDead;
      return c.json(
        {
          ok,
          db: opts.database.kind,
          dbAnswers: db,
          ...(worker ? { worker } : {}),
          ...(channels ? { channels, degraded: dead > 0 } : {}),
        },
        ok ? 200 : 503,
      );
    });
  }

  for (const install of opts.routes ?? []) install(app);

  app.onError((err, c) => {
    opts.log.error({ err, path: c.req.path }, 'http request failed');
    return c.text('Internal Server Error', 500);
  });
  return app;
}

async function databaseAnswers(database: Database, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = database.db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
