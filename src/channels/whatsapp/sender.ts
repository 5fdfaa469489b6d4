import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { and, count, eq, gte } from 'drizzle-orm';
import { whatsappBroadcastPace } from '../../broadcast/plan';
import type { Config } from '../../config';
import type { Locale, Outbound } from '../../core/message';
import { ChannelDownError, RetryLaterError, type Sender, UnreachableError } from '../../core/send';
import type { Database } from '../../db/client';
import { findContact } from '../../db/contacts';
import { deliveries } from '../../db/schema';
import { hashId, type Logger } from '../../log';
import { jidOfExternalId } from './normalize';
import { renderWhatsApp } from './render';

/**
 * Outgoing WhatsApp messages. An unofficial client that sends fast or in a steady rhythm gets the
 * number banned, so every message waits for its slot: a gap per chat, a rate overall, and a random
 * jitter on top. Broadcasts get a stricter sender with an opt-in check, a daily cap and a halt.
 */

export type SendMessage = (jid: string, content: AnyMessageContent) => Promise<unknown>;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

export interface PacerOptions {
  ratePerMinute: number;
  chatIntervalMs: number;
  jitterMs: number;
  clock?: Clock;
}

export interface Pacer {
  /** Resolves when this chat may send its next message. */
  wait(chat: string): Promise<void>;
}

/**
 * Callers line up in one queue: each send goes at least 60000/rate after the previous one
 * overall and chatIntervalMs after the previous one to the same chat, plus 0..jitterMs of random
 * delay. The gap is measured from when the previous caller actually woke, so a late timer never
 * squeezes two sends together. One queue means a chat waiting for its own interval holds the
 * others back; at WhatsApp-safe rates the overall gap is the longer wait anyway.
 */
export function createPacer(opts: PacerOptions): Pacer {
  const clock = opts.clock ?? realClock;
  const gap = 60_000 / opts.ratePerMinute;
  let lastAny = Number.NEGATIVE_INFINITY;
  const lastByChat = new Map<string, number>();
  let tail: Promise<void> = Promise.resolve();
  return {
    wait(chat) {
      const turn = tail.then(async () => {
        const now = clock.now();
        const at =
          Math.max(
            now,
            lastAny + gap,
            (lastByChat.get(chat) ?? Number.NEGATIVE_INFINITY) + opts.chatIntervalMs,
          ) + Math.floor(clock.random() * opts.jitterMs);
        if (at > now) await clock.sleep(at - now);
        const woke = clock.now();
        lastAny = woke;
        lastByChat.set(chat, woke);
        // Chats whose interval has passed are forgotten, so the map does not grow forever.
        if (lastByChat.size > 5000) {
          for (const [k, v] of lastByChat) if (v < woke - opts.chatIntervalMs) lastByChat.delete(k);
        }
      });
      tail = turn.catch(() => {});
      return turn;
    },
  };
}

export function pacerFromConfig(config: Config, clock?: Clock): Pacer {
  return createPacer({
    ratePerMinute: config.WHATSAPP_RATE_PER_MINUTE,
    chatIntervalMs: config.WHATSAPP_CHAT_INTERVAL_MS,
    jitterMs: config.WHATSAPP_JITTER_MS,
    ...(clock ? { clock } : {}),
  });
}

function statusOf(err: unknown): number | undefined {
  const e = err as { output?: { statusCode?: unknown }; status?: unknown; statusCode?: unknown };
  const s = e?.output?.statusCode ?? e?.statusCode ?? e?.status;
  return typeof s === 'number' ? s : undefined;
}

/**
 * What a failed send means. WhatsApp says a contact is gone with "not found"/"gone" style errors
 * (404, 410, an unknown or unregistered jid); everything else (connection closed, timeouts, rate
 * limits, our own logout) is ours or temporary and is retried later.
 */
export function classifySendError(err: unknown): UnreachableError | RetryLaterError {
  if (err instanceof UnreachableError || err instanceof RetryLaterError) return err;
  const status = statusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (
    status === 404 ||
    status === 410 ||
    /not.?on.?whatsapp|item-not-found|no such user|not registered/i.test(message)
  ) {
    return new UnreachableError(`whatsapp: ${status ?? ''} ${message}`.trim());
  }
  // baileys throws Boom 428 "Connection Closed" when the socket drops under a send.
  if (status === 428 || /connection (closed|lost)/i.test(message)) {
    return new ChannelDownError(`whatsapp connection closed: ${message}`, 3000);
  }
  const wait = status === 429 ? 60_000 : 5_000;
  return new RetryLaterError(`whatsapp send failed: ${status ?? ''} ${message}`.trim(), wait);
}

export interface WhatsAppSenderOptions {
  sendMessage: SendMessage;
  pacer: Pacer;
  /** The contact's language, for the "reply 1, 2 or 3" hint. */
  localeFor(externalId: string): Promise<Locale>;
  /** Shows "typing…" in the chat; failures are ignored. */
  presence?(jid: string, state: 'composing' | 'paused'): Promise<void>;
  log?: Logger;
}

/** The reply sender: paced, and "typing…" is shown while a message waits for its slot. */
export function createWhatsAppSender(opts: WhatsAppSenderOptions): Sender {
  const presence = async (jid: string, state: 'composing' | 'paused') => {
    await opts.presence?.(jid, state).catch(() => {});
  };
  return {
    async send(externalId, messages: Outbound[]) {
      const jid = jidOfExternalId(externalId);
      const locale = await opts.localeFor(externalId);
      for (const message of messages) {
        for (const content of renderWhatsApp(message, locale)) {
          await presence(jid, 'composing');
          await opts.pacer.wait(jid);
          try {
            await opts.sendMessage(jid, content);
          } catch (err) {
            const e = classifySendError(err);
            opts.log?.warn({ user: hashId(jid), err: e.message }, 'whatsapp send failed');
            throw e;
          }
        }
      }
      // A `typing` hint means a slow step follows: keep showing it.
      await presence(jid, messages.at(-1)?.typing ? 'composing' : 'paused');
    },
  };
}

/** The contact's stored language; a contact we do not know yet reads Indonesian. */
export function localeFromDatabase(database: Database): (externalId: string) => Promise<Locale> {
  return async (externalId) => {
    const row = await findContact(database.db, 'whatsapp', externalId);
    return row?.locale === 'en' ? 'en' : 'id';
  };
}

// ---------------------------------------------------------------------------------------------
// Broadcasts

/** The broadcast sender refused a contact that has not opted in (or opted out). Skip them. */
export class NotOptedInError extends Error {}

/**
 * The broadcast must stop now: too many consecutive failures (a sign WhatsApp is limiting or
 * banning the number), or the daily cap is reached. `resumeAfterMs` is set when waiting helps
 * (daily cap: until the next day); after failures a person should look before resuming.
 */
export class BroadcastHaltedError extends Error {
  /** Read by the broadcast engine: stop this channel (and resume after resumeAfterMs when set). */
  readonly haltChannel = true;
  constructor(
    readonly reason: 'daily_cap' | 'failures' | 'disconnected',
    message: string,
    readonly resumeAfterMs?: number,
  ) {
    super(message);
  }
}

export { BROADCAST_MIN_JITTER_MS, BROADCAST_RATE_PER_MINUTE } from '../../broadcast/plan';
export const BROADCAST_MAX_CONSECUTIVE_FAILURES = 3;
/** How long a broadcast pauses before looking again whether WhatsApp is connected. */
export const DISCONNECTED_PAUSE_MS = 5000;

export interface BroadcastSenderOptions {
  config: Config;
  database: Database;
  sendMessage: SendMessage;
  /**
   * Whether this contact opted in. Pass the contact row's `subscribed` flag through this check;
   * the default reads the contacts table (subscribed and not unreachable).
   */
  isOptedIn?(externalId: string): Promise<boolean>;
  /** Default: the lower of WHATSAPP_RATE_PER_MINUTE and BROADCAST_RATE_PER_MINUTE. */
  ratePerMinute?: number;
  /** Default: WHATSAPP_JITTER_MS, at least BROADCAST_MIN_JITTER_MS. */
  jitterMs?: number;
  /** Default: WHATSAPP_DAILY_CAP. */
  dailyCap?: number;
  maxConsecutiveFailures?: number;
  /** The channel's reply pacer (WhatsAppChannel.pacer): broadcasts then also count against the reply rate. */
  sharedPacer?: Pacer;
  /**
   * The broadcast engine drives this sender: its limiter already keeps the broadcast pace and its
   * skipIfGone checks the subscription right before each send, so neither is done twice here (the
   * number's one shared pacer still applies).
   */
  underEngine?: boolean;
  /** Default: the contact's stored language. */
  localeFor?(externalId: string): Promise<Locale>;
  clock?: Clock;
  log?: Logger;
}

export interface BroadcastSender extends Sender {
  /** Sends so far today (UTC day), from the deliveries table and this process. */
  sentToday(): Promise<number>;
  /** Lets a halted sender (after failures) send again, once a person has looked. */
  resume(): void;
  readonly halted: boolean;
}

function utcDayStart(ms: number): Date {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * The sender the broadcast engine uses for WhatsApp. Every `send(externalId, messages)` is one
 * delivery: it refuses contacts who did not opt in (NotOptedInError), waits for a slow, jittered
 * slot, counts against the daily cap (sent deliveries on channel whatsapp since 00:00 UTC, so a
 * restart does not reset it), and throws BroadcastHaltedError instead of pushing on when the cap is
 * reached or several sends in a row failed. Per-contact failures still surface as
 * UnreachableError / RetryLaterError.
 */
export function createWhatsAppBroadcastSender(opts: BroadcastSenderOptions): BroadcastSender {
  const { config, database } = opts;
  const clock = opts.clock ?? realClock;
  const cap = opts.dailyCap ?? config.WHATSAPP_DAILY_CAP;
  const maxFailures = opts.maxConsecutiveFailures ?? BROADCAST_MAX_CONSECUTIVE_FAILURES;
  const pacer = createPacer({
    ratePerMinute: opts.ratePerMinute ?? whatsappBroadcastPace(config).ratePerMinute,
    chatIntervalMs: config.WHATSAPP_CHAT_INTERVAL_MS,
    jitterMs: opts.jitterMs ?? whatsappBroadcastPace(config).jitterMs,
    clock,
  });
  const isOptedIn =
    opts.isOptedIn ??
    (async (externalId: string) => {
      const row = await findContact(database.db, 'whatsapp', externalId);
      return !!row && row.subscribed && !row.unreachableAt;
    });
  const localeFor = opts.localeFor ?? localeFromDatabase(database);
  let failures = 0;
  let halted = false;
  let localDay = 0;
  let localCount = 0;
  let baseline = 0;

  async function countSent(start: Date): Promise<number> {
    const [row] = await database.db
      .select({ n: count() })
      .from(deliveries)
      .where(
        and(eq(deliveries.channel, 'whatsapp'), eq(deliveries.status, 'sent'), gte(deliveries.sentAt, start)),
      );
    return Number(row?.n ?? 0);
  }

  async function sentToday(): Promise<number> {
    const start = utcDayStart(clock.now());
    const inDb = await countSent(start);
    if (start.getTime() !== localDay) {
      // A new day (or a fresh process): what earlier runs sent today is the baseline.
      localDay = start.getTime();
      baseline = inDb;
      localCount = 0;
    }
    // The engine marks a delivery sent only after we return, so our own count covers the gap.
    return Math.max(inDb, baseline + localCount);
  }

  return {
    get halted() {
      return halted;
    },
    resume() {
      halted = false;
      failures = 0;
    },
    sentToday,
    async send(externalId, messages) {
      if (halted) {
        throw new BroadcastHaltedError('failures', 'broadcast halted after repeated WhatsApp failures');
      }
      if (!opts.underEngine && !(await isOptedIn(externalId)))
        throw new NotOptedInError('contact has not opted in');
      const today = await sentToday();
      if (today >= cap) {
        const tomorrow = utcDayStart(clock.now()).getTime() + 86_400_000;
        throw new BroadcastHaltedError(
          'daily_cap',
          `daily cap of ${cap} WhatsApp messages reached`,
          tomorrow - clock.now(),
        );
      }
      const jid = jidOfExternalId(externalId);
      const locale = await localeFor(externalId);
      let sentAny = false;
      try {
        for (const message of messages) {
          for (const content of renderWhatsApp(message, locale)) {
            if (!opts.underEngine) await pacer.wait(jid);
            await opts.sharedPacer?.wait(jid);
            await opts.sendMessage(jid, content);
            sentAny = true;
          }
        }
      } catch (err) {
        if (err instanceof ChannelDownError && !sentAny) {
          // A routine reconnect, and nothing of this delivery went out: pause the broadcast, not halt it.
          opts.log?.info({ err: err.message }, 'whatsapp broadcast paused while disconnected');
          throw new BroadcastHaltedError('disconnected', err.message, DISCONNECTED_PAUSE_MS);
        }
        failures++;
        const e = classifySendError(err);
        opts.log?.warn({ user: hashId(jid), failures, err: e.message }, 'whatsapp broadcast send failed');
        if (failures >= maxFailures) {
          halted = true;
          throw new BroadcastHaltedError(
            'failures',
            `${failures} WhatsApp sends failed in a row: ${e.message}`,
          );
        }
        throw e;
      }
      failures = 0;
      localCount++;
    },
  };
}
