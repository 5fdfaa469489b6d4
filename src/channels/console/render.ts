import { parseMarkup } from '../../core/markup';
import type { Outbound } from '../../core/message';

/** Plain text for a terminal: choices as numbered lines, bold in ANSI only when it is a real terminal. */
export function renderConsole(message: Outbound, color: boolean): string {
  const text = parseMarkup(message.text)
    .map((s) =>
      color && s.bold ? `\x1b[1m${s.text}\x1b[22m` : color && s.italic ? `\x1b[3m${s.text}\x1b[23m` : s.text,
    )
    .join('');
  const lines = [text];
  if (message.media) lines.push(`[${message.media.kind}: ${message.media.fileName ?? message.media.mime}]`);
  message.choices?.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${c.detail ?? c.label}`);
  });
  return lines.join('\n');
}
