import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ChannelName } from '../core/message';
import type { Queryable } from '../db/client';
import { broadcasts, contacts, deliveries } from '../db/schema';
import { type Audience, audienceChannels, audienceLocale } from './audience';

export type BroadcastRow = typeof broadcasts.$inferSelect;
export type ChannelCounts = Partial<Record<ChannelName, number>>;

function recipientFilter(audience: Audience) {
  const locale = audienceLocale(audience);
  return and(
    eq(contacts.subscribed, true),
    isNull(contacts.unreachableAt),
    inArray(contacts.channel, audienceChannels(audience)),
    locale ? eq(contacts.locale, locale) : undefined,
  );
}

/** How many contacts a broadcast to `audience` would reach now, per channel (for the preview). */
export async function countRecipients(q: Queryable, audience: Audience): Promise<ChannelCounts> {
  const rows = await q
    .select({ channel: contacts.channel, n: count() })
    .from(contacts)
    .where(recipientFilter(audience))
    .groupBy(contacts.channel);
  return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
}

export async function createBroadcast(
  q: Queryable,
  b: { createdBy: string; text: string; audience: Audience; image?: { mime: string; bytes: Uint8Array } },
): Promise<number> {
  const [row] = await q
    .insert(broadcasts)
    .values({
      createdBy: b.createdBy,
      text: b.text,
      audience: b.audience,
      ...(b.image ? { imageMime: b.image.mime, image: Buffer.from(b.image.bytes) } : {}),
    })
    .returning({ id: broadcasts.id });
  return row!.id;
}

/**
 * Turns a broadcast into one pending delivery per recipient, in one INSERT ... SELECT (100k rows
 * never travel through this process). Planning twice adds nobody: the (broadcast, contact) pair is
 * unique and conflicts are ignored; a broadcast already planned is not re-planned, so people who
 * subscribe later do not join a broadcast that is under way.
 */
export async function planBroadcast(q: Queryable, broadcastId: number): Promise<ChannelCounts> {
  const [b] = await q
    .select({ audience: broadcasts.audience, plannedAt: broadcasts.plannedAt, status: broadcasts.status })
    .from(broadcasts)
    .where(eq(broadcasts.id, broadcastId));
  if (!b) throw new Error(`broadcast ${broadcastId} does not exist`);
  if (!b.plannedAt) {
    await q.execute(sql`
      insert into ${deliveries} (broadcast_id, contact_id, channel)
      select ${broadcastId}::bigint, ${contacts.id}, ${contacts.channel} from ${contacts}
      where ${recipientFilter(b.audience)}
      on conflict (broadcast_id, contact_id) do nothing`);
    await q
      .update(broadcasts)
      .set({ plannedAt: sql`now()`, status: b.status === 'draft' ? 'planned' : b.status })
      .where(eq(broadcasts.id, broadcastId));
  }
  return plannedCounts(q, broadcastId);
}

export async function plannedCounts(q: Queryable, broadcastId: number): Promise<ChannelCounts> {
  const rows = await q
    .select({ channel: deliveries.channel, n: count() })
    .from(deliveries)
    .where(eq(deliveries.broadcastId, broadcastId))
    .groupBy(deliveries.channel);
  return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
}

/** Lets the workers send it (planning first if that has not happened). */
export async function startBroadcast(q: Queryable, broadcastId: number): Promise<ChannelCounts> {
  const counts = await planBroadcast(q, broadcastId);
  await q
    .update(broadcasts)
    .set({ status: 'sending' })
    .where(and(eq(broadcasts.id, broadcastId), inArray(broadcasts.status, ['draft', 'planned'])));
  return counts;
}

export interface RateSettings {
  TELEGRAM_RATE_PER_SECOND: number;
  WHATSAPP_RATE_PER_MINUTE: number;
  WHATSAPP_JITTER_MS: number;
  WHATSAPP_DAILY_CAP: number;
  /** Set: WhatsApp goes through the Cloud API, at its own rate and without the daily cap. */
  WHATSAPP_CLOUD_TOKEN?: string | undefined;
  WHATSAPP_CLOUD_RATE_PER_SECOND?: number;
}

const cloud = (c: RateSettings) =>
  c.WHATSAPP_CLOUD_TOKEN !== undefined && c.WHATSAPP_CLOUD_RATE_PER_SECOND !== undefined;

/** WhatsApp broadcasts go well below what the number tolerates for replies (to people who wrote first). */
export const BROADCAST_RATE_PER_MINUTE = 10;
export const BROADCAST_MIN_JITTER_MS = 3000;

/** The WhatsApp broadcast pace: the reply rate can be raised without speeding broadcasts up. */
export function whatsappBroadcastPace(
  c: Pick<RateSettings, 'WHATSAPP_RATE_PER_MINUTE' | 'WHATSAPP_JITTER_MS'>,
) {
  return {
    ratePerMinute: Math.min(c.WHATSAPP_RATE_PER_MINUTE, BROADCAST_RATE_PER_MINUTE),
    jitterMs: Math.max(c.WHATSAPP_JITTER_MS, BROADCAST_MIN_JITTER_MS),
  };
}

/** Messages per second each channel is sent at (WhatsApp's jitter lengthens every gap by half of it on average). */
export function channelRate(channel: ChannelName, c: RateSettings): number {
  if (channel === 'telegram') return c.TELEGRAM_RATE_PER_SECOND;
  if (cloud(c)) return c.WHATSAPP_CLOUD_RATE_PER_SECOND!;
  const pace = whatsappBroadcastPace(c);
  const gapMs = 60_000 / pace.ratePerMinute + pace.jitterMs / 2;
  return 1000 / gapMs;
}

/**
 * Seconds until every channel is done: channels send in parallel, so the slowest decides. WhatsApp
 * beyond the daily cap waits for the next day.
 */
export function estimateSeconds(counts: ChannelCounts, c: RateSettings): number {
  let worst = 0;
  for (const [channel, n] of Object.entries(counts) as [ChannelName, number][]) {
    if (!n) continue;
    let secs = n / channelRate(channel, c);
    if (channel === 'whatsapp' && !cloud(c) && n > c.WHATSAPP_DAILY_CAP) {
      const days = Math.floor((n - 1) / c.WHATSAPP_DAILY_CAP);
      secs = days * 86_400 + (n - days * c.WHATSAPP_DAILY_CAP) / channelRate(channel, c);
    }
    worst = Math.max(worst, secs);
  }
  return Math.ceil(worst);
}
