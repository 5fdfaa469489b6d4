/**
 * Links found anywhere in a message ("ini linknya https://fb.com/x dan tiktok.com/@y/video/1"),
 * each checked with the WHATWG URL parser; bare domains get https://. Duplicates are dropped.
 */
const CANDIDATE =
  /(?<![@\w./-])(?:https?:\/\/[^\s<>"'()]+|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|id|net|org|co|me|ly|gl|be|tv|io|app|link|info|go\.id|co\.id|or\.id|ac\.id)(?:\/[^\s<>"'()]*)?)/gi;

export function extractLinks(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const raw = m[0].replace(/[.,;:!?]+$/, '');
    const withScheme = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      continue;
    }
    if (!/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) continue;
    // "12.30" or "1.5" are times and numbers, not hosts.
    if (/^[\d.]+$/.test(url.hostname) && !/^https?:\/\//i.test(raw)) continue;
    const href = url.href;
    if (!out.includes(href)) out.push(href);
  }
  return out;
}
