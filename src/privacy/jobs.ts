import type PgBoss from 'pg-boss';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../log';
import { safeMessage } from '../log-errors';
import { rekeyAll } from './rekey';
import { retentionPolicy, runRetention } from './retention';

/**
 * The daily privacy job on the broadcasts' pg-boss (one boss per process): retention, then
 * re-encryption of anything not under the current DATA_KEY. pg-boss's cron runs it once a day
 * across all processes; at start-up with DATA_KEY_OLD set, a rekey job is queued at once.
 */

export const RETENTION_QUEUE = 'privacy-retention';
export const REKEY_QUEUE = 'privacy-rekey';
/** 03:17 in Jakarta: quiet hours, and not on the hour when other jobs pile up. */
export const RETENTION_CRON = '17 3 * * *';

export async function startPrivacyJobs(
  boss: PgBoss,
  opts: { database: Database; config: Config; log: Logger; now?: () => Date },
): Promise<void> {
  const { database, config, log } = opts;
  for (const q of [RETENTION_QUEUE, REKEY_QUEUE]) {
    if (!(await boss.getQueue(q))) await boss.createQueue(q);
  }
  await boss.schedule(RETENTION_QUEUE, RETENTION_CRON, {}, { tz: 'Asia/Jakarta' });
  await boss.work(RETENTION_QUEUE, async () => {
    try {
      const counts = await runRetention(database.db, retentionPolicy(config), {
        now: opts.now?.() ?? new Date(),
      });
      log.info(counts, 'retention applied');
      const rekeyed = await rekeyAll(database.db);
      const total = Object.values(rekeyed).reduce((a, b) => a + b, 0);
      if (total) log.info({ values: total }, 're-encrypted under the current key');
    } catch (err) {
      log.error({ err }, 'retention job failed');
      throw new Error(safeMessage(err));
    }
  });
  await boss.work(REKEY_QUEUE, async () => {
    try {
      const rekeyed = await rekeyAll(database.db);
      const total = Object.values(rekeyed).reduce((a, b) => a + b, 0);
      log.info({ values: total }, 'key rotation: re-encryption done');
    } catch (err) {
      log.error({ err }, 'key rotation job failed');
      throw new Error(safeMessage(err));
    }
  });
  if (config.DATA_KEY_OLD.length) await boss.send(REKEY_QUEUE, {}, { singletonKey: 'rekey' });
}
