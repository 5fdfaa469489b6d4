import { words } from '../content/words';
import type { Locale } from '../core/message';

/**
 * Reads "when did it happen" the way people type it ("kemarin", "3 hari lalu", "12/1/2024",
 * "12 Januari 2024", "Senin lalu", "last monday") into a calendar day in Asia/Jakarta. The words
 * live in content/words/when.yaml.
 *
 * Choices worth knowing:
 * - Days are Jakarta calendar days (UTC+7 all year), whatever the server's time zone.
 * - Numeric dates are day first (12/1/2024 is 12 January); 1/25/2024 can only be month first, so it is.
 * - A day and month without a year ("12 januari", "12/1") is this year, or last year if that is still ahead.
 * - "semalam" (last night) is yesterday. "tadi malam" is yesterday when said before 18:00 WIB (the
 *   night just past, marked approximate since it may have been after midnight) and today from 18:00.
 * - "senin lalu", "senin kemarin", "last monday": the latest Monday strictly before today.
 *   "hari senin", "senin", "on monday": the latest Monday, today included.
 * - "minggu lalu" is a week ago (approximate); "hari minggu" is Sunday.
 * - Relative days, weeks, months and years ("3 hari lalu", "seminggu lalu") are approximate; so is any
 *   answer with "sekitar", "kira-kira", "around".
 * - An explicit day number ("tgl 29", "29/11", "29 nov") beats a relative phrase in the same answer
 *   ("minggu kemarin tgl 29" is the 29th); otherwise the longest phrase wins ("senin kemarin" over
 *   "kemarin").
 * - "tgl 31" is the latest 31st that has passed (this month, else the latest month that has one).
 * - A date that cannot exist gets its reason: no 13th month, "Februari 2023 hanya sampai tanggal 28",
 *   no 32nd day; so does a year before 2000.
 * - Nothing in the future is accepted.
 */

export type WhenResult =
  | { ok: true; date: string /* YYYY-MM-DD */; approximate?: boolean }
  | { ok: false; key: string; vars?: Record<string, string | number> };

const DAY_MS = 86_400_000;
const JAKARTA_OFFSET_MS = 7 * 3_600_000;
const EARLIEST = Date.UTC(2000, 0, 1) / DAY_MS;
/** From this hour (WIB) "tadi malam" means tonight rather than last night. */
const EVENING_HOUR = 18;

type Reading =
  | { kind: 'day'; day: number; approximate?: boolean }
  | { kind: 'future' }
  | { kind: 'unclear' }
  /** A date that cannot exist, with its reason (month and day numbers; the caller names the month). */
  | { kind: 'impossible'; key: string; month?: number; day?: number; max?: number; year?: number };

interface Today {
  day: number;
  year: number;
  month: number;
  date: number;
  hour: number;
  /** ISO weekday, Monday 1 … Sunday 7. */
  weekday: number;
  nowMs: number;
}

interface Matcher {
  re: RegExp;
  read(m: RegExpExecArray, today: Today): Reading | null;
  /** Names a day number: beats relative phrases in the same answer. */
  explicit?: boolean;
}

interface Lexicon {
  matchers: Matcher[];
  approx: RegExp;
}

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One alternation of phrases, longest first, tolerant of extra spaces between words. */
function alt(list: string[]): string {
  const sorted = [...new Set(list)].sort((a, b) => b.length - a.length);
  return `(?:${sorted.map((w) => escapeRe(w).replace(/ +/g, '\\s+')).join('|')})`;
}

function lookup(groups: string[][]): Map<string, number> {
  const map = new Map<string, number>();
  groups.forEach((list, i) => {
    for (const w of list) if (!map.has(w)) map.set(w, i + 1);
  });
  return map;
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

function dayOf(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function todayIn(now: Date): Today {
  const nowMs = now.getTime();
  const local = new Date(nowMs + JAKARTA_OFFSET_MS);
  return {
    day: Math.floor((nowMs + JAKARTA_OFFSET_MS) / DAY_MS),
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    date: local.getUTCDate(),
    hour: local.getUTCHours(),
    weekday: ((local.getUTCDay() + 6) % 7) + 1,
    nowMs,
  };
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Why a day and month cannot exist in any year, or null when some year has it. */
function never(m: number, d: number): Reading | null {
  if (m < 1 || m > 12) return { kind: 'impossible', key: 'report.when_no_month', month: m };
  if (d < 1 || d > 31) return { kind: 'impossible', key: 'report.when_no_day_any', day: d };
  if (d > daysIn(2024, m))
    return { kind: 'impossible', key: 'report.when_no_day', day: d, month: m, max: daysIn(2024, m) };
  return null;
}

/** A day and month with no year: the latest such day that has passed (this year, or the year before…). */
function withoutYear(today: Today, m: number, d: number): Reading {
  const bad = never(m, d);
  if (bad) return bad;
  // 29 February waits for a leap year: at most eight years back.
  for (let y = today.year; y >= today.year - 8; y--) {
    const day = dayOf(y, m, d);
    if (day !== null && day <= today.day) return { kind: 'day', day };
  }
  return { kind: 'unclear' };
}
function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

function explicit(y: number, m: number, d: number): Reading {
  const day = dayOf(y, m, d);
  if (day !== null) return { kind: 'day', day };
  const bad = never(m, d);
  if (bad) return bad;
  return { kind: 'impossible', key: 'report.when_no_day_year', day: d, month: m, max: daysIn(y, m), year: y };
}

function monthsBack(today: Today, months: number): number {
  const total = today.year * 12 + (today.month - 1) - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Date.UTC(y, m - 1, Math.min(today.date, last)) / DAY_MS;
}

let lexicon: Lexicon | undefined;

function buildLexicon(): Lexicon {
  const w = (g: string) => words(`when.${g}`);
  const months = lookup(Array.from({ length: 12 }, (_, i) => w(`month_${i + 1}`)));
  const weekdays = lookup(Array.from({ length: 7 }, (_, i) => w(`weekday_${i + 1}`)));
  const numberWords = new Map<string, number>();
  for (const list of [w('numbers_id'), w('numbers_en')]) {
    for (const [i, word] of list.entries()) numberWords.set(word, i);
  }
  const units = new Map<string, 'hour' | 'day' | 'week' | 'month' | 'year'>();
  for (const u of ['day', 'week', 'month', 'year', 'hour'] as const) {
    for (const word of w(`unit_${u}`)) if (!units.has(word)) units.set(word, u);
  }
  const MONTH = alt([...months.keys()]);
  const WEEKDAY = alt([...weekdays.keys()]);
  const UNIT = alt([...units.keys()]);
  const NUM = `(?:\\d{1,4}|${alt([...numberWords.keys()])})`;
  const ONE = alt(w('one'));
  const FEW = alt(w('few'));
  const AGO = alt(w('ago'));
  const LAST = alt(w('last'));
  const AHEAD = alt(w('ahead'));
  const NEXT = alt(w('next'));
  const ON = alt(w('on'));
  const DOM = alt(w('date_of_month'));
  const ORD = '(?:st|nd|rd|th)?';
  const re = (src: string) => new RegExp(`${B}${src}${E}`, 'gu');

  const monthOf = (s: string) => months.get(squash(s)) ?? 0;
  const count = (num: string | undefined, few: string | undefined): number => {
    if (few) return 3;
    if (!num) return 1;
    return /^\d+$/.test(num) ? Number(num) : (numberWords.get(squash(num)) ?? 1);
  };
  const back = (today: Today, n: number, unit: string): Reading => {
    const u = units.get(squash(unit));
    if (u === 'hour') {
      const minutes = /^(menit|minute|minutes|min|mins)$/.test(squash(unit));
      const ms = today.nowMs - n * (minutes ? 60_000 : 3_600_000);
      return { kind: 'day', day: Math.floor((ms + JAKARTA_OFFSET_MS) / DAY_MS) };
    }
    if (u === 'day') return { kind: 'day', day: today.day - n, approximate: true };
    if (u === 'week') return { kind: 'day', day: today.day - 7 * n, approximate: true };
    if (u === 'month') return { kind: 'day', day: monthsBack(today, n), approximate: true };
    if (u === 'year') return { kind: 'day', day: monthsBack(today, 12 * n), approximate: true };
    return { kind: 'unclear' };
  };
  const phrase = (group: string, read: (today: Today) => Reading): Matcher => ({
    re: re(`(${alt(w(group))})`),
    read: (_m, today) => read(today),
  });

  const matchers: Matcher[] = [
    // 2024-01-12
    {
      re: re('(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})'),
      explicit: true,
      read: (m, _t) => explicit(Number(m[1]), Number(m[2]), Number(m[3])),
    },
    // 12/1/2024, 12-01-24, 12.01.2024, 12/1
    {
      re: re('(\\d{1,2})([-/.])(\\d{1,2})(?:\\2(\\d{4}|\\d{2}))?'),
      explicit: true,
      read: (m, today) => {
        let d = Number(m[1]);
        let mo = Number(m[3]);
        if (!m[4] && m[2] === '.') return null; // "10.30" is a time, not a date
        if (mo > 12 && d <= 12) [d, mo] = [mo, d];
        return m[4] ? explicit(fullYear(m[4]), mo, d) : withoutYear(today, mo, d);
      },
    },
    // 12 Januari 2024, 12 jan, 12-jan-2024, 12th of January
    {
      re: re(`(\\d{1,2})${ORD}[\\s\\-/]*(?:of\\s+)?(${MONTH})\\.?(?:[\\s\\-/,]*(\\d{4}|'?\\d{2}))?`),
      explicit: true,
      read: (m, today) => {
        const mo = monthOf(m[2]!);
        if (!m[3]) return withoutYear(today, mo, Number(m[1]));
        return explicit(fullYear(m[3].replace("'", '')), mo, Number(m[1]));
      },
    },
    // January 12, 2024; jan 12th
    {
      re: re(`(${MONTH})\\.?\\s+(\\d{1,2})${ORD}(?:\\s*,?\\s*(\\d{4}))?`),
      explicit: true,
      read: (m, today) => {
        const mo = monthOf(m[1]!);
        return m[3] ? explicit(Number(m[3]), mo, Number(m[2])) : withoutYear(today, mo, Number(m[2]));
      },
    },
    // tanggal 12: this month, or the latest month before it whose 12th has passed (tgl 31 skips short months)
    {
      re: re(`${DOM}\\s*(\\d{1,2})${ORD}`),
      explicit: true,
      read: (m, today) => {
        const d = Number(m[1]);
        if (d < 1 || d > 31) return { kind: 'impossible', key: 'report.when_no_day_any', day: d };
        for (let back = 0; back < 12; back++) {
          const total = today.year * 12 + (today.month - 1) - back;
          const day = dayOf(Math.floor(total / 12), (total % 12) + 1, d);
          if (day !== null && day <= today.day) return { kind: 'day', day };
        }
        return { kind: 'unclear' };
      },
    },
    phrase('today', (t) => ({ kind: 'day', day: t.day })),
    phrase('yesterday', (t) => ({ kind: 'day', day: t.day - 1 })),
    phrase('last_night', (t) =>
      t.hour >= EVENING_HOUR
        ? { kind: 'day', day: t.day }
        : { kind: 'day', day: t.day - 1, approximate: true },
    ),
    phrase('day_before_yesterday', (t) => ({ kind: 'day', day: t.day - 2, approximate: true })),
    phrase('future', () => ({ kind: 'future' })),
    // 3 hari lalu, seminggu yang lalu, a week ago, beberapa hari lalu, minggu lalu
    {
      re: re(`(?:(${NUM})\\s*|${ONE}\\s*|(${FEW})\\s+)?(${UNIT})\\s+${AGO}`),
      read: (m, today) => back(today, count(m[1], m[2]), m[3]!),
    },
    // last week, past 3 days
    {
      re: re(`${LAST}\\s+(?:(${NUM})\\s+|(${FEW})\\s+)?(${UNIT})`),
      read: (m, today) => back(today, count(m[1], m[2]), m[3]!),
    },
    // minggu depan, 3 hari lagi, next week, in 3 days
    { re: re(`(?:(?:${NUM}|${ONE}|${FEW})\\s*)?${UNIT}\\s+${AHEAD}`), read: () => ({ kind: 'future' }) },
    { re: re(`${NEXT}\\s+(?:(?:${NUM}|${FEW})\\s+)?${UNIT}`), read: () => ({ kind: 'future' }) },
    // senin lalu, senin kemarin, last monday, hari senin, senin depan, next monday
    {
      re: re(`(?:(${LAST})\\s+|(${NEXT})\\s+|(${ON})\\s+)?(${WEEKDAY})(?:\\s+(?:(${AGO})|(${AHEAD})))?`),
      read: (m, today) => {
        if (m[2] || m[6]) return { kind: 'future' };
        const wd = weekdays.get(squash(m[4]!)) ?? 0;
        const strict = Boolean(m[1] || m[5]);
        let diff = (today.weekday - wd + 7) % 7;
        if (strict && diff === 0) diff = 7;
        return { kind: 'day', day: today.day - diff };
      },
    },
  ];
  return { matchers, approx: re(alt(w('approx'))) };
}

function normalise(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[’'`]/g, '')
      .replace(/[,;!?()"“”*_]/g, ' ')
      // Times of day are not dates: "jam 10.30", "pukul 9", "14:00 wib", "8 pm".
      .replace(
        /(?<![\p{L}\p{N}])(?:jam|pukul|pkl|at)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*(?:wib|wita|wit|am|pm))?/gu,
        ' ',
      )
      .replace(/(?<![\d./-])\d{1,2}:\d{2}(?:\s*(?:wib|wita|wit|am|pm))?/g, ' ')
      .replace(/(?<![\d./-])\d{1,2}\s*(?:am|pm)(?![\p{L}])/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function monthName(m: number, locale: Locale): string {
  return new Date(Date.UTC(2024, m - 1, 1)).toLocaleDateString(locale === 'id' ? 'id-ID' : 'en-GB', {
    month: 'long',
    timeZone: 'UTC',
  });
}

/** The reason a date cannot be, with its copy variables in the user's language. */
function refusal(r: Extract<Reading, { kind: 'impossible' }>, locale: Locale): WhenResult {
  const vars: Record<string, string | number> = {};
  if (r.day !== undefined) vars.day = r.day;
  if (r.max !== undefined) vars.max = r.max;
  if (r.year !== undefined) vars.year = r.year;
  if (r.month !== undefined)
    vars.month = r.month >= 1 && r.month <= 12 ? monthName(r.month, locale) : r.month;
  return { ok: false, key: r.key, vars };
}

/** The day `text` names, in Asia/Jakarta, relative to `now`; never in the future. */
export function parseWhen(text: string, now: Date, locale: Locale = 'id'): WhenResult {
  lexicon ??= buildLexicon();
  const s = normalise(text);
  if (!s) return { ok: false, key: 'report.when_unclear' };
  const today = todayIn(now);

  let best: { length: number; explicit: boolean; reading: Reading } | undefined;
  for (const matcher of lexicon.matchers) {
    matcher.re.lastIndex = 0;
    const explicit = matcher.explicit === true;
    for (let m = matcher.re.exec(s); m; m = matcher.re.exec(s)) {
      if (m[0].length === 0) {
        matcher.re.lastIndex++;
        continue;
      }
      // A day number beats a phrase; then the longest wins, and earlier matchers win ties: a full
      // date over a phrase, "minggu lalu" as a week over Sunday.
      if (best?.explicit && !explicit) continue;
      if (best && best.explicit === explicit && m[0].length <= best.length) continue;
      const reading = matcher.read(m, today);
      if (reading) best = { length: m[0].length, explicit, reading };
    }
  }
  if (!best || best.reading.kind === 'unclear') return { ok: false, key: 'report.when_unclear' };
  if (best.reading.kind === 'impossible') return refusal(best.reading, locale);
  if (best.reading.kind === 'future') return { ok: false, key: 'report.when_future' };
  const { day } = best.reading;
  if (day > today.day) return { ok: false, key: 'report.when_future' };
  if (day < EARLIEST) {
    return { ok: false, key: 'report.when_too_old', vars: { year: new Date(day * DAY_MS).getUTCFullYear() } };
  }
  lexicon.approx.lastIndex = 0;
  const approximate = best.reading.approximate === true || lexicon.approx.test(s);
  return approximate ? { ok: true, date: isoOf(day), approximate: true } : { ok: true, date: isoOf(day) };
}
