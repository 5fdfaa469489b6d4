/** Channel-neutral message shapes: what an adapter produces and what it must render. */

export type ChannelName = 'telegram' | 'whatsapp' | 'console';
export type Locale = 'id' | 'en';
export const LOCALES: readonly Locale[] = ['id', 'en'];

export type MediaKind = 'image' | 'document' | 'video' | 'audio' | 'sticker' | 'other';

/** A file the user sent. Bytes are fetched lazily so nothing is downloaded before it is wanted. */
export interface InboundMedia {
  kind: MediaKind;
  /** What the platform claims; never trusted for type checks (file-type decides). */
  mime?: string;
  /** Size the platform announced, checked before download. */
  size?: number;
  fileName?: string;
  fetch(): Promise<Uint8Array>;
}

export interface Inbound {
  channel: ChannelName;
  /** Stable per person on a channel, e.g. `telegram:12345`. */
  userKey: string;
  /** Platform id of this message; the idempotency key together with the channel. */
  messageId: string;
  text?: string;
  /** Id of a choice the user picked with a button. */
  choice?: string;
  media?: InboundMedia;
  /** Locale the platform reports, used only for a brand-new contact. */
  locale?: string;
  /** Forwarded-from or similar context an adapter wants kept with a report. */
  context?: { forwardedFrom?: string; isGroup?: boolean };
  /** Set by the adapter when the sender is an admin by configuration. */
  isAdmin?: boolean;
  receivedAt?: Date;
}

export interface Choice {
  id: string;
  /** What a button shows: at most 32 characters (a test checks the copy). */
  label: string;
  /**
   * A longer description: numbered lists (WhatsApp, console) show it instead of the label, and a
   * channel with buttons writes it in the message text above them.
   */
  detail?: string;
  /** Extra words that select this choice when typed. */
  aliases?: string[];
}

export interface OutboundMedia {
  kind: 'image' | 'document';
  mime: string;
  fileName?: string;
  /** Base64 so an Outbound survives a trip through the outbox (jsonb). */
  base64: string;
}

/**
 * One message to show. `text` uses a tiny markup (see markup.ts): `*bold*`, `_italic_`, and `\`
 * escapes, so every renderer can do its own formatting and escaping.
 */
export interface Outbound {
  text: string;
  choices?: Choice[];
  media?: OutboundMedia;
  /** Hint that a slow step follows (e.g. OCR) so the channel can show "typing". */
  typing?: boolean;
  /**
   * A short notice about a tapped button ("that option is no longer active"): a channel with
   * buttons shows it on the button itself (Telegram's callback answer) and sends no message.
   */
  toast?: boolean;
}
