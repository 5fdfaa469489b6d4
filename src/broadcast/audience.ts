import type { ChannelName, Locale } from '../core/message';

/** Who a broadcast goes to, as stored in `broadcasts.audience`. */
export interface Audience {
  channels?: string[];
  locale?: string;
}

/** The choices an admin picks from (chat and CLI share them). */
export const AUDIENCE_KEYS = ['all', 'telegram', 'whatsapp', 'id', 'en'] as const;
export type AudienceKey = (typeof AUDIENCE_KEYS)[number];

/** Channels that can receive broadcasts (the console is a local test chat, never a recipient). */
export const BROADCAST_CHANNELS: readonly ChannelName[] = ['telegram', 'whatsapp'];

export function audienceOf(key: AudienceKey): Audience {
  switch (key) {
    case 'all':
      return {};
    case 'telegram':
    case 'whatsapp':
      return { channels: [key] };
    case 'id':
    case 'en':
      return { locale: key };
  }
}

export function isAudienceKey(s: string): s is AudienceKey {
  return (AUDIENCE_KEYS as readonly string[]).includes(s);
}

export function audienceChannels(a: Audience): ChannelName[] {
  return BROADCAST_CHANNELS.filter((c) => !a.channels || a.channels.includes(c));
}

export function audienceLocale(a: Audience): Locale | undefined {
  return a.locale === 'id' || a.locale === 'en' ? a.locale : undefined;
}
