import { eq, inArray } from 'drizzle-orm';
import type { Config } from '../config';
import { t } from '../content/copy';
import type { Database, Tx } from '../db/client';
import type { ContactRow } from '../db/contacts';
import { externalIdOf, markReachable, markUnreachable, setContactLocale } from '../db/contacts';
import { contactAndSession, lockAndClaim, saveSessionAndReplies } from '../db/hot';
import {
  claimDue,
  enqueue,
  markFailed,
  markRetry,
  markSent,
  OWN_LEASE_MS,
  type PendingDelivery,
  unsentFor,
} from '../db/outbox';
import { contacts } from '../db/schema';
import { hashId, type Logger } from '../log';
import { lastChoices } from './choices';
import type { Effect, EffectMap, EffectResult, Notification } from './effects';
import type { FlowCtx, Services } from './flow';
import { prepareMedia } from './media';
import type { ChannelName, Inbound, Locale, Outbound } from './message';
import { RetryLaterError, type Senders, UnreachableError } from './send';
import { type FlowRegistry, type StepIn, step } from './step';
import { cleanText } from './text';
import { createKeyedQueue } from './user-queue';

/** What an effect handler may use: the message's transaction, never the outer database. */
export interface EffectEnv {
  tx: Tx;
  contact: ContactRow;
  channel: ChannelName;
  userKey: string;
  config: Config;
  now: Date;
  log: Logger;
}

export type EffectHandler<K extends keyof EffectMap> = (
  effect: Extract<Effect, { type: K }>,
  env: EffectEnv,
) => Promise<EffectResult | undefined>;

export type EffectHandlers = { [K in keyof EffectMap]?: EffectHandler<K> };

export interface DispatcherDeps {
  database: Database;
  registry: FlowRegistry;
  config: Config;
  services: Services;
  effects: EffectHandlers;
  senders: Senders;
  log: Logger;
  now?: () => Date;
}

export interface HandleResult {
  /** The message id was handled before; nothing ran again. */
  duplicate: boolean;
  /** Replies produced (empty for a duplicate). */
  replies: Outbound[];
  /** The replies reached the channel's sender (false when there is none, or it failed). */
  delivered: boolean;
  /** Handling failed; the user got an apology and the message is not marked handled. */
  failed?: boolean;
}

export interface Dispatcher {
  handle(inbound: Inbound): Promise<HandleResult>;
  /** Sends due outbox rows (replies whose send failed, notifications from other processes). */
  drainOutbox(limit?: number): Promise<number>;
  startOutboxPump(intervalMs?: number): () => void;
  idle(): Promise<void>;
}

const MAX_SEND_ATTEMPTS = 8;

export function localeOf(platformLocale: string | undefined): Locale {
  return platformLocale?.toLowerCase().startsWith('en') ? 'en' : 'id';
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { database, registry, config, log } = deps;
  const db = database.db;
  const queue = createKeyedQueue();
  const now = deps.now ?? (() => new Date());

  async function runEffects(effects: Effect[], env: EffectEnv) {
    const replies: Outbound[] = [];
    const notify: Notification[] = [];
    for (const effect of effects) {
      const handler = deps.effects[effect.type] as EffectHandler<typeof effect.type> | undefined;
      if (!handler) throw new Error(`no handler for effect "${effect.type}"`);
      const r = await handler(effect as never, env);
      if (r?.replies) replies.push(...r.replies);
      if (r?.notify) notify.push(...r.notify);
    }
    return { replies, notify };
  }

  async function enqueueNotifications(tx: Tx, notes: Notification[]) {
    if (!notes.length) return;
    const rows = await tx
      .select({ id: contacts.id, channel: contacts.channel })
      .from(contacts)
      .where(
        inArray(
          contacts.id,
          notes.map((n) => n.contactId),
        ),
      );
    const channelOf = new Map(rows.map((r) => [r.id, r.channel as ChannelName]));
    for (const n of notes) {
      const channel = channelOf.get(n.contactId);
      if (channel) await enqueue(tx, { contactId: n.contactId, channel, messages: n.messages });
    }
  }

  async function deliver(p: PendingDelivery): Promise<boolean> {
    const sender = deps.senders[p.channel];
    if (!sender) return false;
    try {
      await sender.send(p.externalId, p.messages);
      await markSent(db, p.id);
      return true;
    } catch (err) {
      if (err instanceof UnreachableError) {
        await markFailed(db, p.id, err.reason);
        await markUnreachable(db, p.contactId, err.reason);
        log.info({ contact: p.contactId, reason: err.reason }, 'contact unreachable');
      } else if (p.attempts + 1 >= MAX_SEND_ATTEMPTS) {
        await markFailed(db, p.id, String(err));
        log.error({ err, outbox: p.id }, 'reply given up after retries');
      } else {
        const delay =
          err instanceof RetryLaterError ? err.retryAfterMs : Math.min(60_000, 1000 * 2 ** p.attempts);
        await markRetry(db, p.id, String(err), delay);
        log.warn({ err, outbox: p.id, delay }, 'reply send failed; will retry');
      }
      return false;
    }
  }

  async function process(inbound: Inbound): Promise<HandleResult> {
    const { channel, userKey, messageId } = inbound;
    const externalId = externalIdOf(channel, userKey);
    const cleaned = inbound.text !== undefined ? cleanText(inbound.text, config.MAX_TEXT_LENGTH) : undefined;
    // Downloads happen before the transaction: a slow file must not hold the database (PGlite has one backend).
    const media = inbound.media ? await prepareMedia(inbound.media, config) : undefined;
    const input: StepIn = {
      ...(cleaned?.text ? { text: cleaned.text } : {}),
      ...(cleaned?.truncated ? { truncated: true } : {}),
      ...(inbound.choice !== undefined ? { choice: inbound.choice } : {}),
      ...(media ? { media } : {}),
      ...(inbound.context ? { context: inbound.context } : {}),
    };
    const at = now();
    const user = hashId(userKey);
    let outcome:
      | { duplicate: true }
      | { duplicate: false; replies: Outbound[]; outboxId?: number; contactId: number };
    try {
      outcome = await db.transaction(async (tx) => {
        // Per-user order across processes too (webhook workers behind a load balancer).
        if (!(await lockAndClaim(tx, userKey, channel, messageId))) return { duplicate: true as const };
        const { contact, session: prev } = await contactAndSession(
          tx,
          channel,
          externalId,
          localeOf(inbound.locale),
        );
        if (contact.unreachableAt) await markReachable(tx, contact.id);
        const ctx: FlowCtx = {
          locale: contact.locale === 'en' ? 'en' : 'id',
          now: at,
          channel,
          userKey,
          isAdmin: inbound.isAdmin === true,
          contact: { id: contact.id, subscribed: contact.subscribed },
          config,
          services: deps.services,
        };
        const frame = prev?.flow;
        const loader = frame ? registry.flows.get(frame.name)?.load : undefined;
        if (loader && frame) {
          const loaded = await loader(tx, frame.data, frame.step);
          if (loaded !== undefined) ctx.loaded = loaded;
        }
        const out = step(registry, prev, input, ctx);
        const env: EffectEnv = { tx, contact, channel, userKey, config, now: at, log };
        const fx = await runEffects(out.effects, env);
        const replies = [...out.replies, ...fx.replies, ...out.trailer];
        const choices = lastChoices(replies);
        if (choices) out.state.choices = choices;
        if (out.state.locale !== contact.locale) await setContactLocale(tx, contact.id, out.state.locale);
        await enqueueNotifications(tx, fx.notify);
        const outboxId = await saveSessionAndReplies(tx, {
          contactId: contact.id,
          state: out.state,
          channel,
          messageId,
          replies,
          leaseMs: OWN_LEASE_MS,
        });
        return {
          duplicate: false as const,
          replies,
          contactId: contact.id,
          ...(outboxId ? { outboxId } : {}),
        };
      });
    } catch (err) {
      log.error({ err, user, channel }, 'message handling failed');
      const sorry: Outbound[] = [{ text: t('core.error', localeOf(inbound.locale)) }];
      await deps.senders[channel]?.send(externalId, sorry).catch(() => {});
      return { duplicate: false, replies: sorry, delivered: false, failed: true };
    }

    if (outcome.duplicate) {
      log.debug({ user, channel }, 'duplicate message skipped');
      // The first delivery may have crashed between commit and send: finish that send now.
      const unsent = await unsentFor(db, channel, messageId);
      for (const row of unsent) {
        await deliver({ ...row, channel, externalId, messages: row.messages });
      }
      return { duplicate: true, replies: [], delivered: unsent.length > 0 };
    }
    log.debug({ user, channel, replies: outcome.replies.length }, 'message handled');
    const delivered =
      outcome.outboxId !== undefined
        ? await deliver({
            id: outcome.outboxId,
            attempts: 0,
            externalId,
            contactId: outcome.contactId,
            channel,
            messages: outcome.replies,
          })
        : true;
    return { duplicate: false, replies: outcome.replies, delivered };
  }

  async function drainOutbox(limit = 50): Promise<number> {
    const channels = Object.keys(deps.senders) as ChannelName[];
    const due = await db.transaction((tx) => claimDue(tx, channels, limit, 60_000));
    let sent = 0;
    await Promise.all(
      due.map((p) =>
        queue.run(`${p.channel}:${p.externalId}`, async () => {
          if (await deliver(p)) sent++;
        }),
      ),
    );
    return sent;
  }

  return {
    handle: (inbound) => queue.run(inbound.userKey, () => process(inbound)),
    drainOutbox,
    startOutboxPump(intervalMs = 3000) {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        drainOutbox()
          .catch((err) => log.error({ err }, 'outbox pump failed'))
          .finally(() => {
            busy = false;
          });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    idle: () => queue.idle(),
  };
}

/** Used by tools that change a contact from outside a conversation (admin CLI). */
export async function contactById(q: Database['db'], id: number): Promise<ContactRow | undefined> {
  const [row] = await q.select().from(contacts).where(eq(contacts.id, id));
  return row;
}
