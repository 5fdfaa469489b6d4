import type { ChannelName, Outbound } from './message';

/** What a channel gives the engine to deliver replies to one of its contacts. */
export interface Sender {
  send(externalId: string, messages: Outbound[]): Promise<void>;
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
