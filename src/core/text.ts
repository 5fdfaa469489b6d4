/** Cleaning and comparing what people type. */

// Lone surrogates (invalid UTF-16) and control characters other than tab and newline.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u2028\u2029\uFEFF]/g;

export interface CleanText {
  text: string;
  truncated: boolean;
}

/** Makes any input safe to store and show: valid UTF-16, no control characters, at most `max` chars. */
export function cleanText(input: string, max: number): CleanText {
  let text = input.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').replace(/\r\n?/g, '\n').trim();
  let truncated = false;
  if (text.length > max) {
    // Do not cut a surrogate pair in half.
    let cut = max;
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    text = text.slice(0, cut);
    truncated = true;
  }
  return { text, truncated };
}

/** The form used to match commands and choices: lower case, no leading "/", no "@bot", no trailing punctuation. */
export function normalizeWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .normalize('NFKC')
    .replace(/^\/(\w+)@\w+/, '/$1')
    .replace(/^\//, '')
    .replace(/[.!?,;:]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when the text has at least one letter or digit (not only emoji or punctuation). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/**
 * The one text splitter (every channel uses it): splits plain text into pieces of at most `limit` UTF-16 units: at a paragraph break if there is
 * one, else a line break, else a space, else anywhere (never inside a surrogate pair). Returns the
 * [start, end) ranges, separators excluded.
 */
export function splitRanges(text: string, limit: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  while (text.length - start > limit) {
    const window = text.slice(start, start + limit + 1);
    let cut = -1;
    let skip = 0;
    for (const sep of ['\n\n', '\n', ' ']) {
      const at = window.lastIndexOf(sep, limit);
      if (at > 0) {
        cut = at;
        skip = sep.length;
        break;
      }
    }
    if (cut <= 0) {
      cut = limit;
      const code = text.charCodeAt(start + cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      skip = 0;
    }
    out.push([start, start + cut]);
    start += cut + skip;
    while (text[start] === '\n') start++;
  }
  if (start < text.length || out.length === 0) out.push([start, text.length]);
  return out;
}
