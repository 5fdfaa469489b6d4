import { eq, inArray } from 'drizzle-orm';
import type { ChannelAdapter, EventKey, InboxSink, StoredEvent } from '../channels/channel';
import type { Config } from '../config';
import { t } from '../content/copy';
import type { Database, Tx } from '../db/client';
import type { ContactRow } from '../db/contacts';
import { externalIdOf, findContact, markReachable, markUnreachable, setContactLocale } from '../db/contacts';
import { contactAndSession, handleAndLoad, saveSessionAndReplies } from '../db/hot';
import {
  type ClaimedEvent,
  claimEvents,
  expireHandled,
  INBOX_CHANNEL,
  isHandled,
  markHandled,
  markReplied,
  releaseEvent,
  renewLease,
  storeEvents,
} from '../db/inbox';
import {
  CHANNEL_DOWN,
  claimDue,
  enqueue,
  markFailed,
  markRetry,
  markSent,
  OWN_LEASE_MS,
  type PendingDelivery,
  repliesFor,
  unsentFor,
} from '../db/outbox';
import { contacts } from '../db/schema';
import { hashId, type Logger } from '../log';
import { lastChoices } from './choices';
import type { Effect, EffectMap, EffectResult, Notification } from './effects';
import type { FlowCtx, PreparedMedia, Services } from './flow';
import { prepareMedia } from './media';
import type { ChannelName, Inbound, InboundMedia, Locale, Outbound } from './message';
import { ChannelDownError, RetryLaterError, type Senders, UnreachableError } from './send';
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

export interface WorkerOptions {
  /** Events handled at once by this process (default 8). */
  concurrency?: number;
  /** How often an idle worker looks for events stored by other processes (default 200 ms). */
  pollMs?: number;
  /** How long a claimed event is held before another worker may take it (renewed while working). */
  leaseMs?: number;
  /** Claims of one event before it is given up with an apology (default 6). */
  maxAttempts?: number;
  /**
   * False in a process that only stores (INGRESS_ONLY): it takes no events, and each event it stores
   * notifies the workers of other processes, which listen (PostgreSQL) besides polling.
   */
  handles?: boolean;
}

export interface DispatcherDeps {
  database: Database;
  registry: FlowRegistry;
  config: Config;
  services: Services;
  effects: EffectHandlers;
  senders: Senders;
  log: Logger;
  /** The running channels: they resolve media references and run platform chores after handling. */
  channels?: readonly ChannelAdapter[];
  now?: () => Date;
  worker?: WorkerOptions;
}

export interface HandleResult {
  /** The message id was handled before; nothing ran again. */
  duplicate: boolean;
  /** Replies produced (empty for a duplicate). */
  replies: Outbound[];
  /** The replies reached the channel's sender (false when there is none, or it failed). */
  delivered: boolean;
  /** Handling failed for good; the user got an apology and the event is closed. */
  failed?: boolean;
}

export interface WorkerHealth {
  /** The work loop ran recently (or was never started in this process). */
  alive: boolean;
  /** Milliseconds since the loop last finished a look for work. */
  lastPassAgoMs: number;
  inFlight: number;
}

export interface Dispatcher {
  /** What channels hand their events to. */
  sink: InboxSink;
  /** Stores one message and waits for its handling and replies (console, tests). */
  handle(inbound: Inbound): Promise<HandleResult>;
  /** Starts the work loop: polls for events other processes stored, renews leases, expires old ids. */
  start(): void;
  /** Stops taking events and waits for those in flight, and their replies, to finish. */
  stop(): Promise<void>;
  /** Sends due outbox rows (replies whose send failed, notifications from other processes). */
  drainOutbox(limit?: number): Promise<number>;
  startOutboxPump(intervalMs?: number): () => void;
  idle(): Promise<void>;
  health(): WorkerHealth;
}

/** Tests and the console use the inbox without a platform account. */
export const DIRECT_ACCOUNT = 'direct';
const MAX_SEND_ATTEMPTS = 8;
const BURST = 3;
/** Events in one group-committed inbox insert at most. */
const STORE_BATCH = 1000;

export function localeOf(platformLocale: string | undefined): Locale {
  return platformLocale?.toLowerCase().startsWith('en') ? 'en' : 'id';
}

const keyId = (k: Pick<EventKey, 'channel' | 'account' | 'eventId'>) =>
  `${k.channel}|${k.account}|${k.eventId}`;

interface Handled {
  duplicate: boolean;
  replies: Outbound[];
  rows: PendingDelivery[];
  failed?: boolean;
}

interface Waiter {
  resolve(r: HandleResult): void;
  reject(err: unknown): void;
}

/** How long after a notification a finished event still looks for the user's next one. */
const NOTIFIED_WINDOW_MS = 60_000;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { database, registry, config, log } = deps;
  const db = database.db;
  // Storing what arrives uses its own connections: an acknowledgement must not queue behind workers.
  const ingress = database.ingress ?? db;
  const now = deps.now ?? (() => new Date());
  const concurrency = deps.worker?.concurrency ?? 8;
  const pollMs = deps.worker?.pollMs ?? 200;
  const leaseMs = deps.worker?.leaseMs ?? 15_000;
  const maxAttempts = deps.worker?.maxAttempts ?? 6;
  const handles = deps.worker?.handles ?? true;
  const channelsByName = new Map((deps.channels ?? []).map((c) => [c.name, c]));
  // Only events this process can answer: a worker without the WhatsApp socket leaves those alone.
  // The console chat is local to whoever runs it, so every process can handle it.
  const handledChannels = [
    ...new Set<string>(['console', ...channelsByName.keys(), ...Object.keys(deps.senders)]),
  ];
  const storeQueue = createKeyedQueue();
  const chatQueue = createKeyedQueue();
  // A reconnect sends what is due at once instead of at the pump's next tick. Rows are only claimed
  // (never re-timed here), so a send already in flight keeps its lease and nothing goes out twice.
  for (const ch of deps.channels ?? []) {
    ch.onReady?.(() => {
      if (stopping) return;
      void track(drainOutbox()).catch((err: unknown) =>
        log.warn({ err: String(err), channel: ch.name }, 'sending after reconnect failed'),
      );
    });
  }
  const waiters = new Map<string, Waiter[]>();
  /** Events this process handled whose replies are still on their way (their waiters settle soon). */
  const localHandled = new Set<number>();
  const inFlight = new Map<number, Promise<void>>();
  const deliveries = new Set<Promise<unknown>>();
  let passing: Promise<void> | undefined;
  let again = false;
  let stopping = false;
  let started = false;
  let lastPass = Date.now();
  let failingSince: number | undefined;
  let seqTail = 0;
  let unlisten: (() => Promise<void>) | undefined;
  let lastNotified = 0;
  const timers: NodeJS.Timeout[] = [];

  // ---- pacing and "sent" marks -------------------------------------------------------------

  const intervalOf: Partial<Record<ChannelName, number>> = {
    telegram: config.TELEGRAM_CHAT_INTERVAL_MS,
  };
  /** Per chat: when each of the last BURST bubbles went out. */
  const recentSends = new Map<string, number[]>();

  async function pace(channel: ChannelName, chat: string): Promise<void> {
    const interval = intervalOf[channel] ?? 0;
    if (interval <= 0) return;
    const key = `${channel}:${chat}`;
    const times = recentSends.get(key) ?? [];
    // A short burst (one reply of a few bubbles) goes at once; longer runs are paced per chat.
    const oldest = times.length >= BURST ? times[times.length - BURST]! : undefined;
    const wait = oldest !== undefined ? oldest + interval * BURST - Date.now() : 0;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    times.push(Date.now());
    if (times.length > BURST) times.shift();
    recentSends.set(key, times);
    if (recentSends.size > 10_000) recentSends.clear();
  }

  let sentIds: number[] = [];
  let flushing: Promise<void> | undefined;
  /** Records sent bubbles in one statement per batch; resolves once this bubble's mark is written. */
  function noteSent(id: number): Promise<void> {
    sentIds.push(id);
    if (!flushing) {
      flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        const ids = sentIds;
        sentIds = [];
        flushing = undefined;
        try {
          await markSent(db, ids);
          // Their events are replied now, so a user's next event stored here may be takeable: look
          // at once. With none waiting, a look would find nothing (the poll covers other processes).
          if (mayBeWaiting()) kick();
        } catch (err) {
          // Kept for the next flush: until written, the lease keeps the pump from sending them again.
          sentIds.push(...ids);
          log.warn({ err }, 'recording sent replies failed; will retry');
          setTimeout(() => void noteSentRetry(), 1000).unref();
          throw err;
        }
      });
    }
    return flushing.catch(() => {});
  }
  function noteSentRetry(): Promise<void> {
    if (!sentIds.length) return Promise.resolve();
    const id = sentIds.pop()!;
    return noteSent(id);
  }

  // ---- sending -----------------------------------------------------------------------------

  /** Sends one chat's bubbles in order; stops at the first that must wait. True when all went out. */
  async function sendChat(rows: PendingDelivery[]): Promise<boolean> {
    if (!rows.length) return true;
    const { channel, externalId } = rows[0]!;
    const sender = deps.senders[channel];
    if (!sender) return false;
    return chatQueue.run(`${channel}:${externalId}`, async () => {
      for (const p of rows) {
        try {
          await pace(channel, externalId);
          await sender.send(externalId, [p.message]);
        } catch (err) {
          await onSendFailure(p, err).catch((e) => log.error({ err: e }, 'recording a failed send failed'));
          return false;
        }
        await noteSent(p.id);
      }
      return true;
    });
  }

  async function onSendFailure(p: PendingDelivery, err: unknown): Promise<void> {
    if (err instanceof UnreachableError) {
      await markFailed(db, { id: p.id, contactId: p.contactId }, err.reason);
      await markUnreachable(db, p.contactId, err.reason);
      log.info({ contact: p.contactId, reason: err.reason }, 'contact unreachable');
    } else if (err instanceof ChannelDownError) {
      await markRetry(db, p, `${CHANNEL_DOWN}${err.message}`, err.retryAfterMs, { countAttempt: false });
      log.debug({ outbox: p.id, channel: p.channel }, 'channel down; reply waits');
    } else if (p.attempts + 1 >= MAX_SEND_ATTEMPTS) {
      await markFailed(db, { id: p.id }, String(err));
      log.error({ err, outbox: p.id }, 'reply given up after retries');
    } else {
      const delay =
        err instanceof RetryLaterError ? err.retryAfterMs : Math.min(60_000, 1000 * 2 ** p.attempts);
      await markRetry(db, p, String(err), delay);
      log.warn({ err: String(err), outbox: p.id, delay }, 'reply send failed; will retry');
    }
  }

  function track<T>(p: Promise<T>): Promise<T> {
    deliveries.add(p);
    void p.finally(() => deliveries.delete(p)).catch(() => {});
    return p;
  }

  // ---- handling one event ------------------------------------------------------------------

  async function resolveMedia(inbound: Inbound): Promise<PreparedMedia | undefined> {
    const media = inbound.media;
    if (!media) return undefined;
    const channel = channelsByName.get(inbound.channel);
    const fetcher = (max: number): Promise<Uint8Array> => {
      const inline = media.ref.inline;
      if (typeof inline === 'string') return Promise.resolve(new Uint8Array(Buffer.from(inline, 'base64')));
      if (!channel?.fetchMedia) return Promise.reject(new Error(`no media reader for ${inbound.channel}`));
      return channel.fetchMedia(media as InboundMedia, max);
    };
    return prepareMedia(media, config, fetcher);
  }

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

  const pending = (contact: ContactRow, channel: ChannelName, ids: number[], replies: Outbound[]) =>
    ids.map((id, i) => ({
      id,
      attempts: 0,
      contactId: contact.id,
      channel,
      externalId: contact.externalId,
      message: replies[i]!,
    }));

  async function handleMessage(claimed: ClaimedEvent, key: EventKey, inbound: Inbound): Promise<Handled> {
    const { channel, userKey } = inbound;
    const cleaned = inbound.text !== undefined ? cleanText(inbound.text, config.MAX_TEXT_LENGTH) : undefined;
    // Downloads happen before the transaction: a slow file must not hold the database (PGlite has one backend).
    const media = await resolveMedia(inbound);
    const input: StepIn = {
      ...(cleaned?.text ? { text: cleaned.text } : {}),
      ...(cleaned?.truncated ? { truncated: true } : {}),
      ...(inbound.choice !== undefined ? { choice: inbound.choice } : {}),
      ...(media ? { media } : {}),
      ...(inbound.context ? { context: inbound.context } : {}),
    };
    const at = now();
    return db.transaction(async (tx) => {
      const loaded = await handleAndLoad(tx, claimed.id, channel, key.chat, localeOf(inbound.locale));
      if (!loaded) return { duplicate: true, replies: [], rows: [] };
      const { contact, session: prev } = loaded;
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
      const produced = [...out.replies, ...fx.replies, ...out.trailer];
      // A channel that pays per bubble (WhatsApp's pacing) may fold a turn's texts together.
      const replies = channelsByName.get(channel)?.combineReplies?.(produced) ?? produced;
      const choices = lastChoices(replies);
      if (choices) out.state.choices = choices;
      if (out.state.locale !== contact.locale) await setContactLocale(tx, contact.id, out.state.locale);
      await enqueueNotifications(tx, fx.notify);
      const ids = await saveSessionAndReplies(tx, {
        contactId: contact.id,
        state: out.state,
        channel,
        inboxId: claimed.id,
        replies,
        leaseMs: OWN_LEASE_MS,
      });
      // No reply, or no sender here (the replies wait for a process that has one): the next may go.
      if (!ids.length || !deps.senders[channel]) await markReplied(tx, claimed.id);
      return { duplicate: false, replies, rows: pending(contact, channel, ids, replies) };
    });
  }

  /** A canned reply or an apology: copy for the chat, through the outbox like any reply. */
  async function handleCanned(
    claimed: ClaimedEvent,
    key: EventKey,
    copy: string,
    vars: Record<string, string> | undefined,
    locale: string | undefined,
    error?: string,
  ): Promise<Handled> {
    return db.transaction(async (tx) => {
      if (!(await markHandled(tx, claimed.id, error !== undefined ? { error } : {})))
        return { duplicate: true, replies: [], rows: [] };
      const { contact } = await contactAndSession(tx, key.channel, key.chat, localeOf(locale));
      const replies = [{ text: t(copy, contact.locale === 'en' ? 'en' : 'id', vars) }];
      const ids = await enqueue(tx, {
        contactId: contact.id,
        channel: key.channel,
        inboxId: claimed.id,
        messages: replies,
        leaseMs: OWN_LEASE_MS,
      });
      if (!deps.senders[key.channel]) await markReplied(tx, claimed.id);
      return { duplicate: false, replies, rows: pending(contact, key.channel, ids, replies) };
    });
  }

  async function handleMembership(
    claimed: ClaimedEvent,
    key: EventKey,
    reachable: boolean,
  ): Promise<Handled> {
    return db.transaction(async (tx) => {
      if (!(await markHandled(tx, claimed.id, { replied: true })))
        return { duplicate: true, replies: [], rows: [] };
      const contact = await findContact(tx, key.channel, key.chat);
      if (contact) {
        if (reachable) await markReachable(tx, contact.id);
        else await markUnreachable(tx, contact.id, 'bot was blocked by the user');
        log.info({ contact: contact.id, reachable }, 'membership changed');
      }
      return { duplicate: false, replies: [], rows: [] };
    });
  }

  function handleEvent(claimed: ClaimedEvent): Promise<Handled> {
    const e = claimed.event;
    switch (e.kind) {
      case 'message':
        return handleMessage(claimed, e.key, e.inbound);
      case 'reply':
        return handleCanned(claimed, e.key, e.copy, e.vars, e.locale);
      case 'membership':
        return handleMembership(claimed, e.key, e.reachable);
    }
  }

  function settle(key: EventKey, result: HandleResult | { error: unknown }) {
    const id = keyId(key);
    const list = waiters.get(id);
    if (!list) return;
    waiters.delete(id);
    for (const w of list) {
      if ('error' in result) w.reject(result.error);
      else w.resolve(result);
    }
  }

  async function runEvent(claimed: ClaimedEvent): Promise<void> {
    const { event } = claimed;
    const user = hashId(event.key.userKey);
    let handled: Handled;
    try {
      handled = await handleEvent(claimed);
    } catch (err) {
      if (claimed.attempts >= maxAttempts) {
        log.error(
          { err, user, event: claimed.id, attempts: claimed.attempts },
          'event given up; apologising',
        );
        const locale = event.kind === 'message' ? event.inbound.locale : undefined;
        try {
          handled = await handleCanned(claimed, event.key, 'core.error', undefined, locale, String(err));
          handled.failed = true;
        } catch (err2) {
          await releaseEvent(db, claimed.id, String(err2), 5000).catch(() => {});
          return;
        }
      } else {
        const delay = Math.min(30_000, 250 * 2 ** claimed.attempts);
        log.warn(
          { err, user, event: claimed.id, attempts: claimed.attempts, delay },
          'event failed; will retry',
        );
        // If even this fails (the database is gone), the lease runs out and another pass takes it.
        await releaseEvent(db, claimed.id, String(err), delay).catch(() => {});
        kickLater(delay);
        return;
      }
    }
    if (handled.duplicate) {
      log.debug({ user }, 'event already handled');
      return;
    }
    log.debug({ user, replies: handled.replies.length }, 'event handled');
    // Replied at commit (nothing to send here): the user's next event may go now.
    if (!handled.rows.length && mayBeWaiting()) kick();
    localHandled.add(claimed.id);
    const channel = channelsByName.get(event.key.channel);
    const after = 'after' in event ? event.after : undefined;
    const chores = () => {
      if (after && channel?.afterHandled) {
        void channel
          .afterHandled(after, handled.replies)
          .catch((err: unknown) => log.debug({ err: String(err) }, 'after-handling chore failed'));
      }
    };
    // Replies go out after commit, off the worker's slot: a slow platform never holds a worker.
    void track(
      sendChat(handled.rows).then(
        (delivered) => {
          // Not all sent: a bubble given up may have released the user's next event.
          if (!delivered) kick();
          localHandled.delete(claimed.id);
          chores();
          settle(event.key, {
            duplicate: false,
            replies: handled.replies,
            delivered,
            ...(handled.failed ? { failed: true } : {}),
          });
        },
        (err: unknown) => {
          localHandled.delete(claimed.id);
          chores();
          log.error({ err }, 'sending replies failed');
          settle(event.key, { duplicate: false, replies: handled.replies, delivered: false });
        },
      ),
    );
  }

  // ---- the work loop -----------------------------------------------------------------------

  /**
   * The last pass stopped because every slot was taken, so events may be waiting for a slot: a
   * finished event then looks again. Otherwise a finished event frees nothing anyone waits for
   * (new events, replied events and retries kick on their own, the poll catches other processes),
   * and a look would be one more query per event.
   */
  let saturated = false;

  /** Inbox ids this process stored and has not taken yet, with when they were stored. */
  const storedHere = new Map<number, number>();
  function noteStored(ids: readonly number[]): void {
    waitingHere(); // drops old entries, so the map stays small in a process that seldom sends
    const at = Date.now();
    for (const id of ids) storedHere.set(id, at);
  }
  /**
   * A user's next event may be waiting for the one just replied to: one this process stored, or, in
   * a worker an ingress-only process notifies, one stored there (its notification came while the
   * earlier event was in hand, and the claim then skipped it).
   */
  function mayBeWaiting(): boolean {
    return waitingHere() || Date.now() - lastNotified < NOTIFIED_WINDOW_MS;
  }
  function waitingHere(): boolean {
    // Another process may have taken some: after a while they are left to the poll.
    const old = Date.now() - 60_000;
    for (const [id, at] of storedHere) {
      if (at >= old) break;
      storedHere.delete(id);
    }
    return storedHere.size > 0;
  }

  async function pass(): Promise<void> {
    saturated = false;
    while (!stopping) {
      if (inFlight.size >= concurrency) {
        saturated = true;
        break;
      }
      const want = concurrency - inFlight.size;
      const claimed = await claimEvents(db, handledChannels, want, leaseMs);
      for (const c of claimed) {
        storedHere.delete(c.id);
        const p = runEvent(c)
          .catch((err: unknown) => log.error({ err }, 'event runner failed'))
          .finally(() => {
            inFlight.delete(c.id);
            if (saturated) kick();
          });
        inFlight.set(c.id, p);
      }
      if (claimed.length < want) break;
    }
  }

  function kick(): void {
    if (stopping || !handles) return;
    if (passing) {
      again = true;
      return;
    }
    again = false;
    passing = pass()
      .then(
        () => {
          if (failingSince !== undefined)
            log.info({ downMs: Date.now() - failingSince }, 'inbox reachable again');
          failingSince = undefined;
        },
        (err: unknown) => {
          // Once per outage, not once per poll.
          if (failingSince === undefined) log.warn({ err: String(err) }, 'looking for work failed; retrying');
          failingSince ??= Date.now();
        },
      )
      .finally(() => {
        lastPass = Date.now();
        passing = undefined;
        if (again) kick();
      });
  }

  function kickLater(ms: number): void {
    const timer = setTimeout(kick, ms + 5);
    timer.unref();
  }

  // ---- entry points ------------------------------------------------------------------------

  /**
   * Group commit: webhook calls that arrive while an inbox insert is in flight wait for it and then
   * go together in one multi-row insert (one statement, one commit), in the order they came. Each
   * caller resolves only once the insert holding its events committed, and a failed insert rejects
   * every caller in it (none of them is acknowledged, so the platform sends each again).
   */
  const storeBatch: { events: readonly StoredEvent[]; resolve(): void; reject(err: unknown): void }[] = [];
  let storing = false;

  async function flushStores(): Promise<void> {
    storing = true;
    try {
      while (storeBatch.length) {
        // Bounded, so a statement stays far below PostgreSQL's 65,535 parameters.
        let n = 0;
        let take = 0;
        while (
          take < storeBatch.length &&
          (take === 0 || n + storeBatch[take]!.events.length <= STORE_BATCH)
        ) {
          n += storeBatch[take]!.events.length;
          take++;
        }
        const batch = storeBatch.splice(0, take);
        try {
          noteStored(
            await storeEvents(
              ingress,
              batch.flatMap((b) => b.events),
              { notify: !handles },
            ),
          );
        } catch (err) {
          for (const b of batch) b.reject(err);
          continue;
        }
        for (const b of batch) b.resolve();
        kick();
      }
    } finally {
      storing = false;
    }
  }

  function accept(events: readonly StoredEvent[]): Promise<void> {
    if (!events.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      storeBatch.push({ events, resolve, reject });
      if (!storing) void flushStores();
    });
  }

  function wait(key: EventKey): Promise<HandleResult> {
    return new Promise<HandleResult>((resolve, reject) => {
      const id = keyId(key);
      const list = waiters.get(id) ?? [];
      list.push({ resolve, reject });
      waiters.set(id, list);
    });
  }

  async function handle(inbound: Inbound): Promise<HandleResult> {
    const chat = externalIdOf(inbound.channel, inbound.userKey);
    const account = inbound.channel === 'console' ? 'console' : DIRECT_ACCOUNT;
    // Stored in call order per user, so a burst keeps its order.
    const { key, fresh } = await storeQueue.run(inbound.userKey, async () => {
      const seq = Math.max(Date.now() * 1000, seqTail + 1);
      seqTail = seq;
      const key: EventKey = {
        channel: inbound.channel,
        account,
        eventId: inbound.messageId,
        userKey: inbound.userKey,
        chat,
        seq,
      };
      let fresh: number[];
      try {
        fresh = await storeEvents(ingress, [{ kind: 'message', key, inbound }], { notify: !handles });
        noteStored(fresh);
      } catch (err) {
        // Not stored, so not acknowledged: the caller must send it again.
        log.warn({ err, user: hashId(inbound.userKey) }, 'event not stored; the sender must retry');
        throw err;
      }
      return { key, fresh: fresh.length > 0 };
    });
    if (!fresh) {
      const state = await isHandled(db, key.channel, key.account, key.eventId);
      if (state?.handled && !localHandled.has(state.id)) {
        // The first delivery may have crashed between commit and send: finish that send now.
        const unsent = await unsentFor(db, state.id);
        for (const rows of groupBy(unsent, (p) => p.externalId).values()) await sendChat(rows);
        return { duplicate: true, replies: [], delivered: unsent.length > 0 };
      }
    }
    const result = wait(key);
    kick();
    // Another process may take it: look now and then whether it was handled elsewhere.
    for (;;) {
      const tick = new Promise<'tick'>((r) => setTimeout(() => r('tick'), 1000).unref());
      const r = await Promise.race([result, tick]);
      if (r !== 'tick') return r;
      const state = await isHandled(db, key.channel, key.account, key.eventId).catch(() => undefined);
      if (state?.handled && !inFlight.has(state.id) && !localHandled.has(state.id)) {
        dropWaiter(key);
        return { duplicate: false, replies: await repliesFor(db, state.id), delivered: false };
      }
      kick();
    }
  }

  function dropWaiter(key: EventKey): void {
    waiters.delete(keyId(key));
  }

  async function drainOutbox(limit = 50): Promise<number> {
    const channels = Object.keys(deps.senders) as ChannelName[];
    const due = await db.transaction((tx) => claimDue(tx, channels, limit, 60_000));
    const byChat = groupBy(due, (p) => `${p.channel}:${p.externalId}`);
    let sent = 0;
    await Promise.all(
      [...byChat.values()].map((rows) =>
        track(sendChat(rows)).then((ok) => {
          if (ok) sent += rows.length;
        }),
      ),
    );
    return sent;
  }

  return {
    sink: { accept, handle },
    handle,
    start() {
      if (started || !handles) return;
      started = true;
      // Events stored by an ingress-only process wake this one at once; the poll is the fallback
      // (a lost notification, a process that stores without notifying).
      if (database.sql) {
        const sql = database.sql;
        void sql
          .listen(INBOX_CHANNEL, () => {
            lastNotified = Date.now();
            kick();
          })
          .then((l) => {
            if (stopping) void l.unlisten().catch(() => {});
            else unlisten = () => l.unlisten();
          })
          .catch((err: unknown) =>
            log.warn({ err: String(err) }, 'listening for stored events failed; polling'),
          );
      }
      const poll = setInterval(kick, pollMs);
      // Renews the leases of slow events (a download, OCR) so nobody else takes them meanwhile.
      const renew = setInterval(() => {
        void renewLease(db, [...inFlight.keys()], leaseMs).catch(() => {});
      }, leaseMs / 3);
      const expire = () =>
        void expireHandled(db, config.INBOX_RETENTION_DAYS)
          .then((n) => n && log.info({ events: n }, 'expired handled inbox events'))
          .catch((err: unknown) => log.warn({ err: String(err) }, 'inbox expiry failed'));
      const hourly = setInterval(expire, 3_600_000);
      expire();
      for (const timer of [poll, renew, hourly]) {
        timer.unref();
        timers.push(timer);
      }
      kick();
    },
    async stop() {
      stopping = true;
      for (const timer of timers) clearInterval(timer);
      await unlisten?.().catch(() => {});
      while (passing) await passing;
      while (inFlight.size) await Promise.all(inFlight.values());
      while (deliveries.size) await Promise.all(deliveries);
      if (flushing) await flushing.catch(() => {});
    },
    drainOutbox,
    startOutboxPump(intervalMs = 3000) {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        drainOutbox()
          .catch((err) => log.warn({ err: String(err) }, 'outbox pump failed'))
          .finally(() => {
            busy = false;
          });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    async idle() {
      for (;;) {
        if (passing) await passing;
        if (inFlight.size) await Promise.all(inFlight.values());
        if (deliveries.size) await Promise.all(deliveries);
        if (flushing) await flushing.catch(() => {});
        await storeQueue.idle();
        if (!passing && !inFlight.size && !deliveries.size && !flushing) return;
      }
    },
    health() {
      const ago = Date.now() - lastPass;
      return {
        alive: !started || stopping || ago < Math.max(10_000, pollMs * 20),
        lastPassAgoMs: ago,
        inFlight: inFlight.size,
      };
    },
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Used by tools that change a contact from outside a conversation (admin CLI). */
export async function contactById(q: Database['db'], id: number): Promise<ContactRow | undefined> {
  const [row] = await q.select().from(contacts).where(eq(contacts.id, id));
  return row;
}
