import type PgBoss from 'pg-boss';
import type { ChannelAdapter } from '../channels/channel';
import type { Config } from '../config';
import type { Senders } from '../core/send';
import type { Database } from '../db/client';
import type { Logger } from '../log';
import { startProgressReports } from './progress';
import { broadcastSenders } from './senders';
import { startBroadcastWorkers } from './workers';

/** What the bot process runs for broadcasts: the channel workers and the admins' progress messages. */
export async function startBroadcasts(opts: {
  database: Database;
  config: Config;
  channels: readonly ChannelAdapter[];
  log: Logger;
}): Promise<{ stop(): Promise<void>; boss: PgBoss }> {
  const workers = await startBroadcastWorkers({
    schedule: true,
    database: opts.database,
    config: opts.config,
    senders: broadcastSenders(opts.channels, opts.config, opts.log, opts.database),
    log: opts.log,
  });
  const replySenders: Senders = Object.fromEntries(opts.channels.map((c) => [c.name, c.sender]));
  const stopProgress = startProgressReports({
    database: opts.database,
    senders: replySenders,
    log: opts.log,
  });
  return {
    boss: workers.boss,
    async stop() {
      stopProgress();
      await workers.stop();
    },
  };
}
