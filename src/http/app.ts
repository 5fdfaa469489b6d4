import { Hono } from 'hono';
import type { ChannelStatus } from '../channels/channel';
import type { Database } from '../db/client';
import { backlog } from '../db/inbox';
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
      const inbox = await inboxBacklog(opts.database, timeout);
      const db = inbox !== undefined;
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
          // A growing backlog is for an operator to see, not a reason to restart: it stays `ok`.
          ...(inbox ? { inbox } : {}),
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

/** The inbox's unhandled events and the oldest one's age; undefined when the database does not answer in time. */
async function inboxBacklog(
  database: Database,
  timeoutMs: number,
): Promise<{ pending: number; oldestMs: number } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  const query = backlog(database.db).then(
    (b) => ({ pending: b.pending, oldestMs: Math.round(b.oldestMs) }),
    () => undefined,
  );
  try {
    return await Promise.race([query, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
