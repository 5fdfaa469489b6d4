import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Locale } from '../core/message';
import { CONTENT_DIR } from './paths';

/**
 * Times as admins read them: in an Indonesian time zone, named (WIB, WITA or WIT), in the admin's
 * language. The zone follows the report's province when it is known (content/regions/timezones.yaml),
 * else WIB, where most of the country's people live.
 */
export type Zone = 'WIB' | 'WITA' | 'WIT';

const IANA: Record<Zone, string> = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' };

const fileSchema = z.object({
  WITA: z.array(z.union([z.number(), z.string()]).transform(String)),
  WIT: z.array(z.union([z.number(), z.string()]).transform(String)),
});

let byProvince: Map<string, Zone> | undefined;

function table(): Map<string, Zone> {
  if (byProvince) return byProvince;
  const data = fileSchema.parse(parse(readFileSync(join(CONTENT_DIR, 'regions', 'timezones.yaml'), 'utf8')));
  byProvince = new Map<string, Zone>([
    ...data.WITA.map((p) => [p, 'WITA'] as const),
    ...data.WIT.map((p) => [p, 'WIT'] as const),
  ]);
  return byProvince;
}

/** The zone of a region or province code ("73.71" or "73"); WIB when unknown. */
export function zoneOf(code: string | undefined): Zone {
  if (!code) return 'WIB';
  return table().get(code.split('.')[0]!) ?? 'WIB';
}

/** "12/01/2024 10.30 WITA" (id) or "12/01/2024, 10:30 WITA" (en). */
export function formatTime(date: Date, locale: Locale, zone: Zone = 'WIB'): string {
  const text = new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: IANA[zone],
  }).format(date);
  return `${text} ${zone}`;
}

/** The region code a report's fields carry (`where.code`), if any. */
export function regionCodeOf(fields: unknown): string | undefined {
  if (!fields || typeof fields !== 'object') return undefined;
  const where = (fields as { where?: unknown }).where;
  if (!where || typeof where !== 'object') return undefined;
  const code = (where as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
