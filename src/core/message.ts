/** Channel-neutral message shapes: what an adapter produces and what it must render. */

export type ChannelName = 'telegram' | 'whatsapp' | 'console';
export type Locale = 'id' | 'en';
export const LOCALES: readonly Locale[] = ['id', 'en'];

export type MediaKind = 'image' | 'document' | 'video' | 'audio' | 'sticker' | 'other';

/** JSON, as it survives a trip through the inbox (jsonb). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/**
 * A file the user sent, as a reference the channel resolves when a worker handles the event (the
 * event is stored first, so it cannot carry a download closure). `ref` is the platform's handle:
 * a Telegram file id, the baileys message; `{ inline: base64 }` carries the bytes themselves
 * (console, tests).
 */
export interface InboundMedia {
  kind: MediaKind;
  /** What the platform claims; never trusted for type checks (file-type decides). */
  mime?: string;
  /** Size the platform announced, checked before download (the download checks again). */
  size?: number;
  fileName?: string;
  ref: { [k: string]: JsonValue };
}

/** Everything the engine needs about one inbound message; plain data, rebuildable from an inbox row. */
export interface Inbound {
  channel: ChannelName;
  /** Stable per person on a channel, e.g. `telegram:12345`. */
  userKey: string;
  /** Platform id of this message; the idempotency key together with the channel and account. */
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
  /** When the platform says it was sent (epoch milliseconds). */
  sentAtMs?: number;
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
