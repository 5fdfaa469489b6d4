import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { t } from '../../content/copy';
import { parseMarkup } from '../../core/markup';
import type { Choice, Locale, Outbound } from '../../core/message';
import { splitRanges } from '../../core/text';

/**
 * Outbound → WhatsApp messages. Our markup becomes WhatsApp's own (`*bold*`, `_italic_`); choices
 * become numbered lines with a "reply 1, 2 or 3" hint (the engine resolves the typed number, the
 * option's words, or a close misspelling); long text is split; media goes with its caption.
 */

/** WhatsApp accepts ~4,096 characters, but long bubbles are hard to read on a phone: split earlier. */
export const SPLIT_AT = 3500;
/** Captions longer than this are sent as a separate text message. */
export const CAPTION_MAX = 1000;

/**
 * Literal characters that WhatsApp would read as formatting: `*bold*`, `_italic_`, `~strike~` and
 * backtick monospace. In text that is not ours (user input, names, and any literal the copy
 * escaped), each one that stands at a word edge, where WhatsApp could pair it, is swapped for a
 * look-alike that WhatsApp ignores. A look-alike rather than a zero-width character, because a
 * zero-width joiner is invisible to the reader but not reliably to WhatsApp's parser across
 * clients. A character between two letters or digits (snake_case, URLs) can never open or close
 * formatting and is kept as it is, so links keep working.
 */
const LOOKALIKE: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\uFF3F', // ＿ fullwidth low line
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
};

const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

export function escapeWhatsApp(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const swap = LOOKALIKE[c];
    out += swap && !(wordChar(s[i - 1]) && wordChar(s[i + 1])) ? swap : c;
  }
  return out;
}

/** Wraps each line of a formatted run; WhatsApp needs the markers tight against the words on one line. */
function wrap(text: string, bold: boolean, italic: boolean): string {
  const open = `${bold ? '*' : ''}${italic ? '_' : ''}`;
  const close = `${italic ? '_' : ''}${bold ? '*' : ''}`;
  return text
    .split('\n')
    .map((line) => {
      const m = /^(\s*)(.*?)(\s*)$/su.exec(line)!;
      return m[2] ? `${m[1]}${open}${m[2]}${close}${m[3]}` : line;
    })
    .join('\n');
}

/** Our markup → WhatsApp text, with every literal character escaped. */
export function toWhatsAppText(markup: string): string {
  return parseMarkup(markup)
    .map((seg) => {
      const text = escapeWhatsApp(seg.text);
      return seg.bold || seg.italic ? wrap(text, seg.bold === true, seg.italic === true) : text;
    })
    .join('');
}

/** "Balas 1, 2 atau 3" in the contact's language. */
export function replyHint(count: number, locale: Locale): string {
  if (count <= 1) return t('whatsapp.reply_one', locale);
  if (count > 5) return t('whatsapp.reply_range', locale, { last: count });
  const nums = Array.from({ length: count }, (_, i) => String(i + 1));
  return t('whatsapp.reply_many', locale, { list: nums.slice(0, -1).join(', '), last: nums.at(-1)! });
}

function choiceLines(choices: Choice[], locale: Locale): string {
  const lines = choices.map((c, i) => `${i + 1}. ${toWhatsAppText(c.detail ?? c.label)}`);
  return `${lines.join('\n')}\n\n${toWhatsAppText(replyHint(choices.length, locale))}`;
}

/** Splits at paragraph breaks, then line breaks, then spaces; never inside a word unless it must. */
export function splitText(text: string, max = SPLIT_AT): string[] {
  return splitRanges(text, max)
    .map(([a, b]) => text.slice(a, b).trimEnd())
    .filter((part, _i, all) => part.trim() || all.length === 1);
}

/** The WhatsApp messages for one Outbound, in order. */
export function renderWhatsApp(message: Outbound, locale: Locale): AnyMessageContent[] {
  let text = toWhatsAppText(message.text);
  if (message.choices?.length) {
    const list = choiceLines(message.choices, locale);
    text = text.trim() ? `${text}\n\n${list}` : list;
  }
  const out: AnyMessageContent[] = [];
  if (message.media) {
    const { media } = message;
    const bytes = Buffer.from(media.base64, 'base64');
    const fits = text.length <= CAPTION_MAX;
    const caption = fits && text.trim() ? { caption: text } : {};
    out.push(
      media.kind === 'image'
        ? { image: bytes, mimetype: media.mime, ...caption }
        : {
            document: bytes,
            mimetype: media.mime,
            fileName: media.fileName ?? 'dokumen',
            ...caption,
          },
    );
    if (fits) return out;
  }
  for (const part of splitText(text)) if (part.trim()) out.push({ text: part });
  return out;
}

/**
 * One turn's consecutive texts as one bubble: every bubble costs a paced slot (and a notification
 * on the phone), so "Baik." followed by the menu is one message. A bubble with media or a toast
 * stands alone; one with choices ends its bubble (its numbered list and hint come last). Bubbles
 * are not grown past what renders as one message.
 */
export function mergeTextReplies(replies: readonly Outbound[]): Outbound[] {
  const out: Outbound[] = [];
  for (const r of replies) {
    const prev = out.at(-1);
    const open = (m: Outbound) => !m.media && !m.toast && !m.choices?.length;
    if (prev && open(prev) && !r.media && !r.toast && prev.text && r.text) {
      const text = `${prev.text}\n\n${r.text}`;
      if (text.length <= SPLIT_AT) {
        out[out.length - 1] = { ...r, text };
        continue;
      }
    }
    out.push(r);
  }
  return out;
}
