/**
 * The markup every Outbound text uses: `*bold*`, `_italic_`, and a backslash before any of `*_\`
 * to mean the literal character. Copy is written in it; user text enters only through `escape`,
 * so a renderer can never be tricked into formatting (or HTML) by what a user typed.
 */

export interface Segment {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export function escapeMarkup(s: string): string {
  return s.replace(/[\\*_]/g, (c) => `\\${c}`);
}

export function parseMarkup(s: string): Segment[] {
  const out: Segment[] = [];
  let bold = false;
  let italic = false;
  let buf = '';
  const flush = () => {
    if (buf) out.push({ text: buf, ...(bold ? { bold } : {}), ...(italic ? { italic } : {}) });
    buf = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && '\\*_'.includes(s[i + 1]!)) {
      buf += s[++i];
    } else if (c === '*' && (bold || s.indexOf('*', i + 1) > i + 1)) {
      flush();
      bold = !bold;
    } else if (c === '_' && (italic || isItalicOpen(s, i))) {
      flush();
      italic = !italic;
    } else {
      buf += c;
    }
  }
  flush();
  return out;
}

// An underscore inside a word (snake_case, file_name) is not formatting.
function isItalicOpen(s: string, i: number): boolean {
  const prev = i > 0 ? s[i - 1]! : ' ';
  if (/[\p{L}\p{N}]/u.test(prev)) return false;
  const close = s.indexOf('_', i + 1);
  return close > i + 1;
}

export function toPlainText(s: string): string {
  return parseMarkup(s)
    .map((seg) => seg.text)
    .join('');
}
