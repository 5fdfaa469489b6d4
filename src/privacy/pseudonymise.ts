import { hashId } from '../log';

/**
 * Names and numbers out of free text: for a deletion (the person's own name, number and platform id
 * become `[dihapus]`), for exports and for the retention of closed reports (the reported person
 * becomes a stable pseudonym, the reporter `[pelapor]`, any phone number `[nomor]`, e-mail `[email]`).
 */

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for a phone number however it was typed: +62 / 62 / 0 prefix, spaces, dots or dashes. */
function phonePattern(value: string): RegExp | undefined {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return undefined;
  const core = digits.replace(/^(62|0)/, '');
  return new RegExp(`(?:\\+?62|0)?[\\s.-]*${core.split('').join('[\\s.-]*')}(?!\\d)`, 'g');
}

/** Replaces every occurrence of these values (case-insensitive; numbers in any spelling). */
export function scrubValues(text: string, values: readonly string[], replacement = '[dihapus]'): string {
  let out = text;
  const sorted = [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  for (const v of sorted) {
    const phone = /^[+\d\s().-]+$/.test(v) ? phonePattern(v) : undefined;
    out = out.replace(phone ?? new RegExp(escapeRegExp(v), 'gi'), replacement);
  }
  return out;
}

/** Every string inside a JSON value, rewritten by `fn` (keys and non-strings unchanged). */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}

/** Does any string in this JSON value contain any of these values (in any spelling, for numbers)? */
export function mentionsAny(value: unknown, values: readonly string[]): boolean {
  let hit = false;
  mapStrings(value, (s) => {
    if (!hit && scrubValues(s, values, '\u0000') !== s) hit = true;
    return s;
  });
  return hit;
}

const PHONE = /(?<![\w/])(?:\+?62|0)8[\d\s.-]{7,14}\d(?!\d)/g;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;

/** Any phone number or e-mail address in text. */
export function scrubContactDetails(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[nomor]');
}

/** A stable pseudonym for a person's name (the same name gives the same pseudonym in one export). */
export function personPseudonym(name: string): string {
  return `orang-${hashId(`person:${name.trim().toLowerCase()}`).slice(0, 6)}`;
}

/**
 * A report's fields with people taken out: the reported person (`who`) becomes a pseudonym wherever
 * the name occurs, the reporter's name `[pelapor]`, phone numbers and e-mails placeholders.
 */
export function pseudonymiseFields(
  fields: Record<string, unknown>,
  reporter: { name?: string | null; contact?: string | null } = {},
): Record<string, unknown> {
  const who = typeof fields.who === 'string' && fields.who.trim() ? fields.who.trim() : undefined;
  const alias = who ? personPseudonym(who) : undefined;
  return mapStrings(fields, (s) => {
    let out = s;
    if (reporter.name) out = scrubValues(out, [reporter.name], '[pelapor]');
    if (reporter.contact) out = scrubValues(out, [reporter.contact], '[nomor]');
    if (who && alias) out = scrubValues(out, [who], alias);
    return scrubContactDetails(out);
  });
}
