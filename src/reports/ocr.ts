// TEMPORARY stand-in for the OCR module built on branch issue-4-evidence (same interface).
export function extractHints(text: string): { links: string[]; hashtags: string[]; handles: string[] } {
  return {
    links: text.match(/https?:\/\/\S+/g) ?? [],
    hashtags: text.match(/#[\p{L}\p{N}_]+/gu) ?? [],
    handles: text.match(/(?<![\w.])@[\w.]+/g) ?? [],
  };
}
