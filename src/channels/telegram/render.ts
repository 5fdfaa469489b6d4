import { parseMarkup, type Segment } from '../../core/markup';
import type { Choice, Outbound, OutboundMedia } from '../../core/message';
import { splitRanges } from '../../core/text';
import { CALLBACK_DATA } from './normalize';

/** Telegram's limits on the text of a message and on a media caption (after entities are parsed). */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

export interface InlineButton {
  text: string;
  callback_data: string;
}
export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}

/** One Bot API call that shows (part of) an Outbound. */
export type TelegramOp =
  | { method: 'sendMessage'; html: string; plain: string; keyboard?: InlineKeyboard }
  | {
      method: 'sendPhoto' | 'sendDocument';
      media: OutboundMedia;
      html?: string;
      plain?: string;
      keyboard?: InlineKeyboard;
    };

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Markup segments → Telegram HTML; every piece of text is escaped, only our own tags are added. */
export function segmentsToHtml(segments: Segment[]): string {
  return segments
    .map((s) => {
      let h = escapeHtml(s.text);
      if (s.italic) h = `<i>${h}</i>`;
      if (s.bold) h = `<b>${h}</b>`;
      return h;
    })
    .join('');
}

export function toHtml(markup: string): string {
  return segmentsToHtml(parseMarkup(markup));
}

/**
 * Choices as an inline keyboard: callback_data is the choice id. Short labels share a row (up to
 * three), long ones get a row each so Telegram does not cut them. An id that is not valid callback
 * data is sent as its number, which the core resolves like a typed number.
 */
export function keyboardFor(choices: Choice[] | undefined): InlineKeyboard | undefined {
  if (!choices?.length) return undefined;
  const longest = Math.max(...choices.map((c) => [...c.label].length));
  const perRow = longest <= 10 ? 3 : longest <= 18 ? 2 : 1;
  const buttons = choices.map((c, i) => ({
    text: c.label,
    callback_data: CALLBACK_DATA.test(c.id) ? c.id : `n:${i + 1}`,
  }));
  const rows: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return { inline_keyboard: rows };
}

/** The segments that fall inside [from, to) of their joined text. */
function sliceSegments(segments: Segment[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const s of segments) {
    const end = pos + s.text.length;
    const a = Math.max(from, pos);
    const b = Math.min(to, end);
    if (a < b) out.push({ ...s, text: s.text.slice(a - pos, b - pos) });
    pos = end;
  }
  return out;
}

/** Plain text and HTML pieces of a markup text, each within `limit` visible characters. */
export function splitText(markup: string, limit = MESSAGE_LIMIT): { html: string; plain: string }[] {
  const segments = parseMarkup(markup);
  const plain = segments.map((s) => s.text).join('');
  return splitRanges(plain, limit).map(([a, b]) => ({
    html: segmentsToHtml(sliceSegments(segments, a, b)),
    plain: plain.slice(a, b),
  }));
}

/** One Outbound → the calls that show it, in order; the keyboard rides on the last one. */
export function renderOutbound(message: Outbound): TelegramOp[] {
  const keyboard = keyboardFor(message.choices);
  const ops: TelegramOp[] = [];
  const hasText = message.text.trim().length > 0;
  if (message.media) {
    const method = message.media.kind === 'image' ? 'sendPhoto' : 'sendDocument';
    const pieces = hasText ? splitText(message.text, CAPTION_LIMIT) : [];
    if (pieces.length === 1) {
      ops.push({ method, media: message.media, html: pieces[0]!.html, plain: pieces[0]!.plain });
    } else {
      ops.push({ method, media: message.media });
      if (hasText) for (const p of splitText(message.text)) ops.push({ method: 'sendMessage', ...p });
    }
  } else {
    // Telegram refuses an empty text; a keyboard alone still needs a message to ride on.
    for (const p of splitText(hasText ? message.text : '…')) ops.push({ method: 'sendMessage', ...p });
  }
  if (keyboard) ops[ops.length - 1]!.keyboard = keyboard;
  return ops;
}
