import type { HandleResult } from '../core/dispatcher';
import type { ChannelName, Inbound } from '../core/message';
import type { Sender } from '../core/send';

export type InboundHandler = (inbound: Inbound) => Promise<HandleResult>;

/** A channel is a normaliser (platform event → Inbound) and a sender (Outbound → platform). */
export interface ChannelAdapter {
  name: ChannelName;
  sender: Sender;
  /** Starts receiving; resolves once receiving has begun (console: when input ends). */
  start(handle: InboundHandler): Promise<void>;
  stop(): Promise<void>;
}
