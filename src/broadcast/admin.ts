import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { t } from '../content/copy';
import { formatTime } from '../content/time';
import type { EffectEnv, EffectHandlers } from '../core/dispatcher';
import type { Json } from '../core/flow';
import type { Locale, Outbound } from '../core/message';
import type { Queryable } from '../db/client';
import { broadcasts, contacts } from '../db/schema';
import { hashId } from '../log';
import { audienceChannels, audienceOf } from './audience';
import { cancelBroadcast, latestBroadcastId, type Progress, progressOf } from './deliveries';
import { broadcastMessage } from './message';
import { countRecipients, startBroadcast } from './plan';
import { summaryText, totalOf } from './summary';
import { wakeInTransaction } from './workers';

/** Subscribers who can be reached, per channel and language (one small GROUP BY for the compose flow). */
export async function loadSubscriberTable(q: Queryable): Promise<Json> {
  const rows = await q
    .select({ channel: contacts.channel, locale: contacts.locale, n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(and(eq(contacts.subscribed, true), isNull(contacts.unreachableAt)))
    .groupBy(contacts.channel, contacts.locale);
  const table: Record<string, Record<string, number>> = {};
  for (const r of rows) table[r.channel] = { ...table[r.channel], [r.locale]: Number(r.n) };
  return table;
}

const localeOf = (env: EffectEnv): Locale => (env.contact.locale === 'en' ? 'en' : 'id');

/** The admin's draft (one per admin): created on first need. */
async function draftOf(env: EffectEnv): Promise<number> {
  const [row] = await env.tx
    .select({ id: broadcasts.id })
    .from(broadcasts)
    .where(and(eq(broadcasts.createdBy, env.userKey), eq(broadcasts.status, 'draft')))
    .orderBy(desc(broadcasts.id))
    .limit(1);
  if (row) return row.id;
  const [created] = await env.tx
    .insert(broadcasts)
    .values({ createdBy: env.userKey, text: '', audience: {} })
    .returning({ id: broadcasts.id });
  return created!.id;
}

/** The progress line, with when it started and ended in WIB, in the admin's language. */
export function progressText(p: Progress, locale: Locale): string {
  const times = [
    ...(p.startedAt
      ? [t('broadcast.progress_started', locale, { time: formatTime(p.startedAt, locale) })]
      : []),
    ...(p.endedAt ? [t('broadcast.progress_ended', locale, { time: formatTime(p.endedAt, locale) })] : []),
  ];
  const line = t('broadcast.progress', locale, {
    id: p.broadcastId,
    status: t(`broadcast.status_${p.status}`, locale),
    sent: p.sent,
    failed: p.failed,
    unknown: p.unknown,
    skipped: p.skipped,
    pending: p.pending,
    total: p.total,
    rate: Math.round(p.rate * 10) / 10,
  });
  const receipts =
    p.delivered || p.read
      ? [t('broadcast.progress_receipts', locale, { delivered: p.delivered, read: p.read })]
      : [];
  return [line, ...receipts, ...times].join(' ');
}

function reply(text: string): { replies: Outbound[] } {
  return { replies: [{ text }] };
}

/** Effect handlers of the admin flows; each runs in the admin's message transaction. */
export const adminBroadcastEffects: EffectHandlers = {
  'admin.refused': async (e, env) => {
    // The command's argument may be a ticket (`laporan PN-…`): a ticket in a log links a person to a report.
    const command = e.command.replace(/\bPN-[A-Z0-9-]*/gi, 'PN-…');
    env.log.warn({ user: hashId(env.userKey), channel: env.channel, command }, 'admin command refused');
    return undefined;
  },
  'broadcast.draft_image': async (e, env) => {
    const id = await draftOf(env);
    await env.tx
      .update(broadcasts)
      .set({ image: Buffer.from(e.bytes), imageMime: e.mime })
      .where(eq(broadcasts.id, id));
    return undefined;
  },
  'broadcast.preview': async (e, env) => {
    const locale = localeOf(env);
    const id = await draftOf(env);
    const audience = audienceOf(e.audience);
    const [row] = await env.tx
      .update(broadcasts)
      .set({ text: e.text, audience, ...(e.withImage ? {} : { image: null, imageMime: null }) })
      .where(eq(broadcasts.id, id))
      .returning({ image: broadcasts.image, imageMime: broadcasts.imageMime });
    const counts = await countRecipients(env.tx, audience);
    const image = row?.image && row.imageMime ? { mime: row.imageMime, bytes: row.image } : undefined;
    return {
      replies: [
        { text: t('broadcast.preview_head', locale) },
        broadcastMessage({ text: e.text, image }, locale),
        {
          text: summaryText(counts, env.config, locale),
          choices: [
            { id: 'siaran:send', label: t('broadcast.choice_send', locale) },
            { id: 'siaran:edit', label: t('broadcast.choice_edit', locale) },
            { id: 'siaran:cancel', label: t('broadcast.choice_cancel', locale) },
          ],
        },
      ],
    };
  },
  'broadcast.start': async (_e, env) => {
    const locale = localeOf(env);
    const id = await draftOf(env);
    const [b] = await env.tx
      .select({ audience: broadcasts.audience })
      .from(broadcasts)
      .where(eq(broadcasts.id, id));
    const counts = await startBroadcast(env.tx, id);
    await wakeInTransaction(env.tx, audienceChannels(b?.audience ?? {}));
    env.log.info(
      { admin: hashId(env.userKey), broadcast: id, recipients: totalOf(counts) },
      'broadcast started',
    );
    return reply(t('broadcast.started', locale, { id, total: totalOf(counts) }));
  },
  'broadcast.discard': async (_e, env) => {
    await env.tx
      .delete(broadcasts)
      .where(and(eq(broadcasts.createdBy, env.userKey), eq(broadcasts.status, 'draft')));
    return reply(t('broadcast.discarded', localeOf(env)));
  },
  'broadcast.status': async (_e, env) => {
    const locale = localeOf(env);
    const id = await latestBroadcastId(env.tx);
    const p = id ? await progressOf(env.tx, id) : undefined;
    return reply(p ? progressText(p, locale) : t('broadcast.none', locale));
  },
  'broadcast.cancel': async (_e, env) => {
    const locale = localeOf(env);
    const [b] = await env.tx
      .select({ id: broadcasts.id })
      .from(broadcasts)
      .where(sql`${broadcasts.status} in ('planned', 'sending')`)
      .orderBy(desc(broadcasts.id))
      .limit(1);
    if (!b) return reply(t('broadcast.nothing_to_cancel', locale));
    const skipped = await cancelBroadcast(env.tx, b.id);
    env.log.info({ admin: hashId(env.userKey), broadcast: b.id, skipped }, 'broadcast cancelled');
    return reply(t('broadcast.cancelled', locale, { id: b.id, skipped }));
  },
};
