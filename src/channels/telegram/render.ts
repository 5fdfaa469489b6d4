import { escapeMarkup, parseMarkup, type Segment } from '../../core/markup';
import type { Choice, Outbound, OutboundMedia } from '../../core/message';
import { splitRanges } from '../../core/text';
import { CALLBACK_DATA } from './normalize';

/** Telegram's limits on the text of a message and on a media caption (after entities are parsed). */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** Longest button label we show: longer ones are cut on the button and written out in the message. */
export const LABEL_LIMIT = 32;
/** Two buttons share a row when both labels are at most this long (a phone shows them whole). */
const PAIR_LIMIT = 16;

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

/** True when some label is too long for a button: the message then lists the options in full. */
export function needsOptionList(choices: Choice[] | undefined): boolean {
  return (choices ?? []).some((c) => c.detail !== undefined || [...c.label].length > LABEL_LIMIT);
}

function cut(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max
    ? label
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * Choices as an inline keyboard: callback_data is the choice id. Labels are at most 32 characters;
 * when one is longer, every button is numbered and cut, and the full options go in the message text
 * (see renderOutbound). Two short labels share a row; longer ones get a row each. An id that is not
 * valid callback data is sent as its number, which the core resolves like a typed number.
 */
export function keyboardFor(choices: Choice[] | undefined): InlineKeyboard | undefined {
  if (!choices?.length) return undefined;
  const numbered = needsOptionList(choices);
  const buttons = choices.map((c, i) => ({
    text: numbered ? cut(`${i + 1}. ${c.label}`, LABEL_LIMIT) : c.label,
    callback_data: CALLBACK_DATA.test(c.id) ? c.id : `n:${i + 1}`,
  }));
  const rows: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i++) {
    const a = buttons[i]!;
    const b = buttons[i + 1];
    if (b && [...a.text].length <= PAIR_LIMIT && [...b.text].length <= PAIR_LIMIT) {
      rows.push([a, b]);
      i++;
    } else {
      rows.push([a]);
    }
  }
  return { inline_keyboard: rows };
}

/** The keyboard left on a message after a tap: the choice made, or none when the tap no longer meant anything. */
export function chosenKeyboard(label: string | undefined, data: string): InlineKeyboard {
  return label
    ? { inline_keyboard: [[{ text: cut(`✓ ${label}`, LABEL_LIMIT), callback_data: data }]] }
    : { inline_keyboard: [] };
}

/** The message a callback query came from, as the Bot API sends it (with its keyboard). */
export interface TappedMessage {
  message_id: number;
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
}

/** The label of the tapped button, without the number or cut we may have added. */
export function tappedLabel(message: TappedMessage | undefined, data: string): string | undefined {
  for (const row of message?.reply_markup?.inline_keyboard ?? []) {
    for (const b of row) if (b.callback_data === data) return b.text;
  }
  return undefined;
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

/**
 * One Outbound → the calls that show it, in order; the keyboard rides on the last one. A toast is
 * shown on the tapped button by the adapter (answerCallbackQuery), so it sends nothing here.
 */
export function renderOutbound(original: Outbound): TelegramOp[] {
  if (original.toast) return [];
  const message = needsOptionList(original.choices)
    ? {
        ...original,
        text: `${original.text}\n\n${original
          .choices!.map((c, i) => `${i + 1}. ${c.detail ?? escapeMarkup(c.label)}`)
          .join('\n')}`,
      }
    : original;
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
