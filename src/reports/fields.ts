import { words } from '../content/words';

/** Why a free-text answer was refused: a copy key (report.*). */
export type TextCheck = { ok: true; value: string } | { ok: false; key: string };

const LETTERS = /\p{L}/u;

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A name or short description: has letters, within bounds. */
export function checkShort(text: string | undefined, min: number, max: number, key: string): TextCheck {
  const v = (text ?? '').trim().replace(/\s+/g, ' ');
  if (v.length < min || v.length > max || !LETTERS.test(v)) return { ok: false, key };
  return { ok: true, value: v };
}

/** A sentence or more: at least `minWords` words with letters. */
export function checkSentence(text: string | undefined, minWords: number, key: string): TextCheck {
  const v = (text ?? '').trim();
  const ws = wordsOf(v).filter((w) => LETTERS.test(w));
  if (ws.length < minWords) return { ok: false, key };
  return { ok: true, value: v };
}

export const CHRONOLOGY_MIN_CHARS = 40;
export const CHRONOLOGY_MIN_WORDS = 6;

/**
 * The story of what happened. Catches what investigators cannot use: too short, one word repeated,
 * keyboard mashing, or a test/greeting instead of a report.
 */
export function checkChronology(
  text: string | undefined,
  offTopicWords: readonly string[] = words('report.offtopic'),
): TextCheck {
  const v = (text ?? '').trim();
  const ws = wordsOf(v);
  if (v.length < CHRONOLOGY_MIN_CHARS || ws.length < CHRONOLOGY_MIN_WORDS) {
    return { ok: false, key: 'report.chrono_short' };
  }
  const distinct = new Set(ws);
  const offTopic = new Set(offTopicWords);
  const filler = ws.filter((w) => offTopic.has(w)).length;
  // Real words carry vowels; "asdfgh jkl qwrt" does not.
  const mashed = ws.filter((w) => /\p{L}{3,}/u.test(w) && !/[aiueo]/.test(w)).length;
  if (distinct.size < 4 || filler * 2 >= ws.length || mashed * 2 >= ws.length) {
    return { ok: false, key: 'report.chrono_offtopic' };
  }
  return { ok: true, value: v.slice(0, 3000) };
}

/** A phone number (8+ digits) or an e-mail address; nothing else is accepted as a contact. */
export function checkContact(text: string | undefined): TextCheck {
  const v = (text ?? '').trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return { ok: true, value: v };
  const digits = v.replace(/[\s\-().+]/g, '');
  if (/^\d{8,15}$/.test(digits)) return { ok: true, value: v };
  return { ok: false, key: 'report.contact_bad' };
}
