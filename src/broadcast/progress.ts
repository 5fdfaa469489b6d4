import { and, eq, gt, inArray, or } from 'drizzle-orm';
import type { ChannelName, Locale } from '../core/message';
import { isEditableSender, type Senders } from '../core/send';
import type { Database } from '../db/client';
import { findContact } from '../db/contacts';
import { broadcasts } from '../db/schema';
import type { Logger } from '../log';
import { progressText } from './admin';
import { progressOf } from './deliveries';

const MILESTONES = [25, 50, 75, 100];

/**
 * Shows the admin who started a broadcast how it goes: on a channel whose sender can edit
 * (Telegram), one message edited every few seconds; elsewhere a message at 25/50/75/100 %.
 * Runs in the process that holds the channel senders (the bot).
 */
export function startProgressReports(opts: {
  database: Database;
  senders: Senders;
  log: Logger;
  intervalMs?: number;
}): () => void {
  const { database, senders, log } = opts;
  const db = database.db;
  const posted = new Map<number, string>();
  const reached = new Map<number, number>();
  const startedAt = new Date();
  let busy = false;

  async function tick() {
    const rows = await db
      .select({ id: broadcasts.id, createdBy: broadcasts.createdBy, status: broadcasts.status })
      .from(broadcasts)
      .where(
        or(
          eq(broadcasts.status, 'sending'),
          and(inArray(broadcasts.status, ['done', 'cancelled']), gt(broadcasts.finishedAt, startedAt)),
        ),
      );
    for (const b of rows) {
      const [channel, externalId] = b.createdBy.split(/:(.*)/s) as [ChannelName, string | undefined];
      const sender = senders[channel];
      if (!sender || !externalId) continue;
      const finished = b.status !== 'sending';
      if (finished && !posted.has(b.id) && !reached.has(b.id)) continue;
      const p = await progressOf(db, b.id);
      if (!p) continue;
      const contact = await findContact(db, channel, externalId);
      const locale: Locale = contact?.locale === 'en' ? 'en' : 'id';
      const message = { text: progressText(p, locale) };
      if (isEditableSender(sender)) {
        const ref = posted.get(b.id);
        if (ref) await sender.edit(externalId, ref, message);
        else posted.set(b.id, await sender.post(externalId, message));
      } else {
        const pct = p.total ? Math.floor(((p.total - p.pending) * 100) / p.total) : 100;
        const next = MILESTONES.filter((m) => m <= pct).at(-1) ?? 0;
        if (next > (reached.get(b.id) ?? 0)) {
          reached.set(b.id, next);
          await sender.send(externalId, [message]);
        }
      }
      if (finished) {
        posted.delete(b.id);
        reached.delete(b.id);
      }
    }
  }

  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    tick()
      .catch((err) => log.warn({ err }, 'broadcast progress report failed'))
      .finally(() => {
        busy = false;
      });
  }, opts.intervalMs ?? 3000);
  timer.unref();
  return () => clearInterval(timer);
}
