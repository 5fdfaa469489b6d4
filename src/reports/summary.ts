import { t } from '../content/copy';
import { escapeMarkup } from '../core/markup';
import type { Locale } from '../core/message';
import { BEHAVIOURS, CATEGORIES, type Category, type Draft, PLATFORMS, SEQUENCES } from './draft';

/** A date as people write it: "12 Januari 2024" / "12 January 2024". */
export function formatDate(iso: string, locale: Locale): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale === 'id' ? 'id-ID' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** One field's value, escaped for markup; undefined when the field was not asked. */
export function fieldValue(field: string, d: Draft, locale: Locale, full = false): string | undefined {
  const e = (s: string) => escapeMarkup(full ? s : clip(s, 160));
  const unknown = t('report.value.unknown', locale);
  switch (field) {
    case 'who':
      return d.who === undefined ? undefined : d.who === null ? unknown : e(d.who);
    case 'agency':
      return d.agency === undefined ? undefined : d.agency === null ? unknown : e(d.agency);
    case 'what': {
      const b = BEHAVIOURS.find((x) => x === d.behaviour);
      if (b) return t(`report.behaviour_detail.${b}`, locale);
      return d.behaviourText ? e(d.behaviourText) : undefined;
    }
    case 'platform': {
      const p = PLATFORMS.find((x) => x === d.platform);
      return p ? t(`report.platform.${p}`, locale) : undefined;
    }
    case 'links': {
      if (!d.links) return undefined;
      const all = [...d.links, ...(d.tags ?? [])];
      if (!all.length) return t('report.value.none', locale);
      return escapeMarkup(full ? all.join(' ') : clip(all.join(' '), 200));
    }
    case 'when':
      if (!d.when) return undefined;
      return formatDate(d.when, locale) + (d.whenApprox ? ` ${t('report.value.approx', locale)}` : '');
    case 'where':
      if (d.where === undefined) return undefined;
      if (d.where === null) return unknown;
      return 'code' in d.where ? e(`${d.where.name}, ${d.where.province}`) : e(d.where.text);
    case 'evidence': {
      const n = d.files?.length ?? 0;
      if (n) return t('report.value.files', locale, { n });
      if (d.noEvidenceReason)
        return t('report.value.no_files', locale, { reason: clip(d.noEvidenceReason, 160) });
      return undefined;
    }
    case 'chronology':
      return d.chronology ? e(d.chronology) : undefined;
    case 'claim':
      return d.claim ? e(d.claim) : undefined;
    case 'why':
      return d.whyFalse === undefined ? undefined : d.whyFalse === null ? unknown : e(d.whyFalse);
    case 'identity': {
      const r = d.reporter;
      if (!r) return undefined;
      if (r.anonymous) return t('report.value.anonymous', locale);
      return e([r.name, r.contact].filter(Boolean).join(', '));
    }
    default:
      return undefined;
  }
}

/** "• Field: value" lines for every answered field of the draft, in the order they were asked. */
export function summaryText(d: Draft, locale: Locale, opts: { full?: boolean } = {}): string {
  const category: Category = CATEGORIES.find((c) => c === d.category) ?? 'asn';
  const lines = [`• ${t('report.field.category', locale)}: ${t(`report.cat.${category}`, locale)}`];
  for (const field of SEQUENCES[category]) {
    const v = fieldValue(field, d, locale, opts.full === true);
    if (v !== undefined) lines.push(`• ${t(`report.field.${field}`, locale)}: ${v}`);
  }
  return lines.join('\n');
}
