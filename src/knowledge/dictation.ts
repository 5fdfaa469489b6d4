/**
 * What voice typing leaves in a message: punctuation spoken as words ("… boleh nggak tanda tanya",
 * "… sanksinya apa titik makasih"). Read as words, the question loses its question mark and the
 * thanks after "titik" seem to close the question itself; read as marks, they split it as the user
 * meant. "titik" is a word too ("titik kumpul", "dijadiin titik pengaduan"): only where neither
 * the word before nor the word after makes it one is it a full stop.
 */

import { alternatives } from './chrome';

export interface Dictation {
  questionMarks: RegExp;
  fullStops: RegExp;
  /** Words before "titik" that make it a noun ("di titik", "jadi titik", "5 titik"). */
  nounBefore: ReadonlySet<string>;
  /** Words after "titik" that make it a noun ("titik kumpul", "titik rawan"). */
  nounAfter: ReadonlySet<string>;
}

export function buildDictation(
  questionMarks: readonly string[],
  fullStops: readonly string[],
  nounBefore: readonly string[],
  nounAfter: readonly string[],
): Dictation {
  const spoken = (list: readonly string[]) =>
    new RegExp(`(^|\\s)(?:${alternatives(list.map((w) => w.trim())) || '(?!)'})(?=\\s|$)`, 'giu');
  return {
    questionMarks: spoken(questionMarks),
    fullStops: spoken(fullStops),
    nounBefore: new Set(nounBefore.map((w) => w.toLowerCase())),
    nounAfter: new Set(nounAfter.map((w) => w.toLowerCase())),
  };
}

/** The text with spoken punctuation written as marks. */
export function withoutDictation(text: string, d: Dictation): string {
  const asked = text.replace(d.questionMarks, '?');
  return asked.replace(d.fullStops, (match, lead: string, at: number, all: string) => {
    const before = all.slice(0, at).trim().split(/\s+/).at(-1)?.toLowerCase() ?? '';
    const after =
      all
        .slice(at + match.length)
        .trim()
        .split(/\s+/)[0]
        ?.toLowerCase() ?? '';
    // At the very start there is nothing to end.
    if (!before || d.nounBefore.has(before) || /^\d/.test(before) || d.nounAfter.has(after)) return match;
    return `${lead === '\n' ? '\n' : ''}.`;
  });
}
