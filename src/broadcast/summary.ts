import type { Config } from '../config';
import { t } from '../content/copy';
import type { Locale } from '../core/message';
import { type Audience, type AudienceKey, audienceChannels, audienceLocale } from './audience';
import { type ChannelCounts, estimateSeconds } from './plan';

/** Subscribers per channel and language, as read for the compose flow. */
export type CountTable = Record<string, Record<string, number>>;

export function countsFor(table: CountTable, audience: Audience): ChannelCounts {
  const locale = audienceLocale(audience);
  const out: ChannelCounts = {};
  for (const ch of audienceChannels(audience)) {
    const byLocale = table[ch] ?? {};
    out[ch] = locale ? (byLocale[locale] ?? 0) : Object.values(byLocale).reduce((a, b) => a + b, 0);
  }
  return out;
}

export function totalOf(c: ChannelCounts): number {
  return (c.telegram ?? 0) + (c.whatsapp ?? 0);
}

export function formatDuration(seconds: number, locale: Locale): string {
  if (seconds < 90) return t('broadcast.seconds', locale, { n: Math.max(1, seconds) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return t('broadcast.minutes', locale, { n: minutes });
  return t('broadcast.hours', locale, { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** "Penerima: 12.480 (Telegram 9.102 · WhatsApp 3.378). Perkiraan selesai: ±12 menit." */
export function summaryText(counts: ChannelCounts, config: Config, locale: Locale): string {
  const fmt = (n: number) => n.toLocaleString(locale === 'id' ? 'id-ID' : 'en-US');
  return t('broadcast.summary', locale, {
    total: fmt(totalOf(counts)),
    telegram: fmt(counts.telegram ?? 0),
    whatsapp: fmt(counts.whatsapp ?? 0),
    duration: formatDuration(estimateSeconds(counts, config), locale),
  });
}

export const AUDIENCE_LABELS: Record<AudienceKey, string> = {
  all: 'broadcast.audience_all',
  telegram: 'broadcast.audience_telegram',
  whatsapp: 'broadcast.audience_whatsapp',
  id: 'broadcast.audience_id',
  en: 'broadcast.audience_en',
};
