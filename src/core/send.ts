import type { ChannelName, Outbound } from './message';

/** What the broadcast engine tells a sender about the message it is sending. */
export interface SendContext {
  /** The delivery row (a sender may record the platform's message id on it). */
  deliveryId?: number;
}

/** What a channel gives the engine to deliver replies to one of its contacts. */
export interface Sender {
  send(externalId: string, messages: Outbound[], context?: SendContext): Promise<void>;
}

/**
 * A sender that can also post one message and change it later (live progress of a broadcast).
 * `post` returns a reference to the message shown; `edit` replaces its text (and choices).
 */
export interface EditableSender extends Sender {
  post(externalId: string, message: Outbound): Promise<string>;
  edit(externalId: string, ref: string, message: Outbound): Promise<void>;
}

export function isEditableSender(sender: Sender | undefined): sender is EditableSender {
  return sender !== undefined && 'post' in sender && 'edit' in sender;
}

export type Senders = Partial<Record<ChannelName, Sender>>;

/** The platform refused for good (user blocked the bot, number gone): mark the contact, never retry. */
export class UnreachableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The platform asked us to wait (HTTP 429 retry_after) or failed transiently. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** This recipient is left out of a broadcast, with the reason recorded on the delivery (nothing was sent). */
export class DeliverySkippedError extends Error {
  constructor(readonly skipReason: string) {
    super(skipReason);
  }
}

/**
 * The channel itself is down (no connection to the platform): nothing is wrong with the message, so
 * it waits however long the outage lasts, in order, without using up its attempts.
 */
export class ChannelDownError extends RetryLaterError {}

/**
 * The request went out and no answer came back (timeout, connection reset, a 5xx from a proxy):
 * the platform may have delivered it. Replies may be sent again (at least once); broadcasts never.
 */
export class OutcomeUnknownError extends Error {}
