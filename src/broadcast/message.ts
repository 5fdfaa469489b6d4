import { t } from '../content/copy';
import { escapeMarkup } from '../core/markup';
import type { Locale, Outbound } from '../core/message';

export interface BroadcastContent {
  text: string;
  image?: { mime: string; bytes: Uint8Array } | undefined;
}

/**
 * What a subscriber receives: the admin's text as written (escaped, so `*` stays a star), and the
 * one line that says how to stop, in the subscriber's language. The preview uses this too, so the
 * admin sees exactly what recipients will.
 */
export function broadcastMessage(content: BroadcastContent, locale: Locale): Outbound {
  const text = `${escapeMarkup(content.text)}\n\n${t('broadcast.stop_line', locale)}`;
  return content.image
    ? {
        text,
        media: {
          kind: 'image',
          mime: content.image.mime,
          base64: Buffer.from(content.image.bytes).toString('base64'),
        },
      }
    : { text };
}
