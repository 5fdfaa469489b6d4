/**
 * A broadcast worker in its own process, for the crash test: it sends through the fake Bot API
 * until nothing is pending, printing one JSON line when ready and one when done. The test SIGKILLs it.
 */
import { progressOf } from '../../src/broadcast/deliveries';
import { createRateLimiter } from '../../src/broadcast/limiter';
import { telegramBroadcastSender } from '../../src/broadcast/senders';
import { startBroadcastWorkers } from '../../src/broadcast/workers';
import { parseConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { silentLogger } from '../../src/log';
import { installDataKeys } from '../../src/privacy/crypto';

const env = process.env;
installDataKeys(env.CHILD_DATA_KEY!);
const database = await openDatabase(
  env.CHILD_DATABASE_URL ? { url: env.CHILD_DATABASE_URL } : { dataDir: env.CHILD_DATA_DIR! },
);
const workers = await startBroadcastWorkers({
  database,
  config: parseConfig({}),
  senders: {
    telegram: telegramBroadcastSender(
      parseConfig({ TELEGRAM_BOT_TOKEN: env.CHILD_TOKEN! }),
      silentLogger,
      env.CHILD_API_ROOT!,
    ),
  },
  log: silentLogger,
  limiters: { telegram: createRateLimiter({ ratePerSecond: Number(env.CHILD_RATE ?? 200) }) },
  concurrency: { telegram: Number(env.CHILD_CONCURRENCY ?? 1) },
  pollMs: 200,
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const id = Number(env.CHILD_BROADCAST);
for (;;) {
  const p = await progressOf(database.db, id);
  if (p && p.pending === 0) {
    await workers.stop();
    await database.close();
    process.stdout.write(`${JSON.stringify(p)}\n`);
    process.exit(0);
  }
  await new Promise((r) => setTimeout(r, 200));
}
