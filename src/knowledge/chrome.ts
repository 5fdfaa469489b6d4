/**
 * What a pasted screenshot or forward carries besides its message: a social app's counters ("89
 * suka", "Lihat semua 388 komentar", "3 kali dibagikan") and a forward header ("Forward dari grup
 * P3K:", "Diteruskan"). "89 suka" is not someone liking a post, and "forward dari" is not the act
 * of sharing: left in, they match the rules and hoaxes about likes and shares.
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The words or phrases as one regex alternation, longest first, any whitespace inside a phrase. */
export function alternatives(words: readonly string[]): string {
  // Longest first, so "kali dibagikan" wins over "dibagikan".
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escapeRegExp(w).replace(/\s+/g, '\\s+'))
    .join('|');
}

export interface Chrome {
  counters: RegExp;
  headers: RegExp;
}

export function buildChrome(counterWords: readonly string[], headerWords: readonly string[]): Chrome {
  return {
    // A number (with separators, and "1,2K", "3 rb", "1 jt"; not a bare year, since apps write a
    // count of that size "2.024") right before the counter's word.
    counters: new RegExp(
      `(^|[^\\p{L}\\p{N}])(?!(?:19|20)\\d\\d(?![\\d.,]))\\d[\\d.,]*\\s*(?:k|rb|ribu|jt|m)?\\s*(${alternatives(counterWords)})(?![\\p{L}\\p{N}])`,
      'giu',
    ),
    // A header opens the message or one of its lines.
    headers: new RegExp(
      `(^|\\n)[\\s*_~\\[]*(${alternatives(headerWords)})(?![\\p{L}\\p{N}])[\\]\\s*_~]*:?`,
      'giu',
    ),
  };
}

/** The text without the app's counters (what every stage should read). */
export function withoutCounters(text: string, chrome: Chrome): string {
  return text.replace(chrome.counters, '$1 ');
}

/** The text without counters and forward headers (what a claim's entities are matched against). */
export function withoutChrome(text: string, chrome: Chrome): string {
  return withoutCounters(text, chrome).replace(chrome.headers, '$1 ');
}
