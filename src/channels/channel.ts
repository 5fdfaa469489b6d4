import type { HandleResult } from '../core/dispatcher';
import type { ChannelName, Inbound, InboundMedia, JsonValue, Outbound } from '../core/message';
import type { Sender } from '../core/send';
import type { RouteInstaller } from '../http/app';

/**
 * Where an event sits in the inbox: which platform account received it, the platform's own id
 * (the deduplication key), whose order it belongs to, where a reply goes and the platform's order.
 */
export interface EventKey {
  channel: ChannelName;
  /** Telegram bot id, WhatsApp account: the same id on two bots is two events. */
  account: string;
  eventId: string;
  /** The ordering unit (a person, or a group chat for group notices). */
  userKey: string;
  /** Where replies go (the contact's external id: a chat id, a jid). */
  chat: string;
  /** Platform order (Telegram update_id, WhatsApp timestamp in ms); ties keep arrival order. */
  seq: number;
}

/** Platform chores after an event was handled (answer a button press, mark as read); best effort. */
export type AfterHandled = { [k: string]: JsonValue };

/**
 * One channel vocabulary: what any adapter turns a platform event into. Everything but `ignore` is
 * stored in the inbox before the platform is acknowledged, and handled by a worker through the
 * dispatcher (so canned replies get deduplication and the outbox too).
 */
export type Normalized =
  /** A message for the engine. */
  | { kind: 'message'; key: EventKey; inbound: Inbound; after?: AfterHandled }
  /** A canned reply (copy key) without the engine: unsupported kinds, files too big, groups. */
  | {
      kind: 'reply';
      key: EventKey;
      copy: string;
      vars?: Record<string, string>;
      locale?: string;
      after?: AfterHandled;
    }
  /** The user blocked (`reachable: false`) or unblocked the bot. */
  | { kind: 'membership'; key: EventKey; reachable: boolean }
  /** Nothing to store; `after` still runs (e.g. answer a forged button). */
  | { kind: 'ignore'; reason: string; after?: AfterHandled };

export type StoredEvent = Exclude<Normalized, { kind: 'ignore' }>;

/** What a channel hands its events to. */
export interface InboxSink {
  /**
   * Stores events durably (duplicates are dropped). Resolves once committed: only then may the
   * platform be acknowledged; rejects when they could not be stored (the platform must retry).
   */
  accept(events: readonly StoredEvent[]): Promise<void>;
  /** Stores one message and waits until it is handled and its replies are sent (console, tests). */
  handle(inbound: Inbound): Promise<HandleResult>;
}

/** A channel is a normaliser (platform event → Normalized) and a sender (Outbound → platform). */
export interface ChannelAdapter {
  name: ChannelName;
  sender: Sender;
  /** Starts receiving; resolves once receiving has begun (console: when input ends). */
  start(sink: InboxSink): Promise<void>;
  stop(): Promise<void>;
  /** Reads a file a user sent, stopping at `maxBytes` (throws FileTooBigError past it). */
  fetchMedia?(media: InboundMedia, maxBytes: number): Promise<Uint8Array>;
  /** Runs an event's platform chores after it was handled (or right away for an ignored one). */
  afterHandled?(after: AfterHandled, replies: readonly Outbound[]): Promise<void>;
  /** HTTP routes the channel serves on the one app (webhooks). */
  routes?: readonly RouteInstaller[];
  /** Folds one turn's replies into fewer bubbles before they are queued (WhatsApp). */
  combineReplies?(replies: Outbound[]): Outbound[];
  /** The connection's state, for channels that hold one (WhatsApp). */
  status?(): ChannelStatus;
  /** Called once when the channel stops for good on its own (logged out, banned, replaced). */
  onDead?(listener: (status: ChannelStatus) => void): void;
  /** Called each time the connection opens again: replies held back by the outage can go now. */
  onReady?(listener: () => void): void;
}

/** A channel's connection as a supervisor sees it (`/healthz`, `npm run whatsapp -- status`). */
export interface ChannelStatus {
  state: 'starting' | 'connecting' | 'open' | 'reconnecting' | 'stopped' | 'dead';
  /** Why it is dead or reconnecting (e.g. `logged_out`, `replaced`, a status code). */
  reason?: string;
  /** The exit code a process should end with when this channel died and nothing else keeps it useful. */
  exitCode?: number;
  since: string;
}

/** A download stopped at the size cap (the platform may have announced less). */
export class FileTooBigError extends Error {
  constructor(readonly size: number) {
    super(`file over the size limit (${size} bytes read)`);
  }
}
