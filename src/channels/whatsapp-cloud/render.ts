import { t } from '../../content/copy';
import { toPlainText } from '../../core/markup';
import type { Choice, Locale, Outbound, OutboundMedia } from '../../core/message';
import { replyHint, splitText, toWhatsAppText } from '../whatsapp/render';

/**
 * Outbound → Cloud API message payloads. Choices become reply buttons (up to 3 short labels) or a
 * list (up to 10 rows); beyond Meta's limits they become numbered lines, as on baileys, which the
 * engine reads back from the typed number or words. Text is split at Meta's 4,096 characters.
 */

export const TEXT_MAX = 4096;
/** Interactive bodies and media captions stop at 1,024 characters. */
export const BODY_MAX = 1024;
export const BUTTONS_MAX = 3;
export const BUTTON_TITLE_MAX = 20;
export const ROWS_MAX = 10;
export const ROW_TITLE_MAX = 24;
export const ROW_DESCRIPTION_MAX = 72;
/** Reply and row ids stop at 256 / 200 characters; ours are short. */
const ID_MAX = 200;

/** One payload to POST, or a file to upload first (its media id then goes into the payload). */
export type CloudPayload =
  | { kind: 'message'; body: Record<string, unknown> }
  | { kind: 'media'; media: OutboundMedia; caption?: string };

const len = (s: string) => [...s].length;

function buttonsFit(choices: Choice[]): boolean {
  return (
    choices.length <= BUTTONS_MAX &&
    choices.every((c) => c.detail === undefined && len(c.label) <= BUTTON_TITLE_MAX && c.id.length <= ID_MAX)
  );
}

/**
 * A list row: a label over 24 characters is cut in the title and given whole as the description
 * (when there is no detail), so the person still reads the full option.
 */
function rowOf(c: Choice): { id: string; title: string; description?: string } | undefined {
  if (c.id.length > ID_MAX) return undefined;
  const long = len(c.label) > ROW_TITLE_MAX;
  const description = c.detail !== undefined ? toPlainText(c.detail) : long ? c.label : undefined;
  if (long && c.detail !== undefined) return undefined;
  if (description !== undefined && len(description) > ROW_DESCRIPTION_MAX) return undefined;
  const title = long
    ? `${[...c.label]
        .slice(0, ROW_TITLE_MAX - 1)
        .join('')
        .trimEnd()}…`
    : c.label;
  return { id: c.id, title, ...(description !== undefined ? { description } : {}) };
}

function listFits(choices: Choice[]): boolean {
  return choices.length <= ROWS_MAX && choices.every((c) => rowOf(c) !== undefined);
}

function numbered(choices: Choice[], locale: Locale): string {
  const lines = choices.map((c, i) => `${i + 1}. ${toWhatsAppText(c.detail ?? c.label)}`);
  return `${lines.join('\n')}\n\n${toWhatsAppText(replyHint(choices.length, locale))}`;
}

const textPayload = (body: string): CloudPayload => ({
  kind: 'message',
  body: { type: 'text', text: { body, preview_url: false } },
});

/** Text parts, the last one kept for an interactive body when it fits there. */
function withBody(text: string, locale: Locale): { before: string[]; body: string } {
  const parts = text.trim() ? splitText(text, BODY_MAX) : [];
  if (!parts.length) return { before: [], body: toWhatsAppText(t('whatsapp.cloud_choose', locale)) };
  const body = parts.pop()!;
  const rest = parts.join('\n\n');
  return { before: rest ? splitText(rest, TEXT_MAX) : [], body };
}

export function renderCloud(message: Outbound, locale: Locale): CloudPayload[] {
  let text = toWhatsAppText(message.text);
  const choices = message.choices ?? [];
  const out: CloudPayload[] = [];
  const interactive = choices.length > 0 && (buttonsFit(choices) || listFits(choices));
  if (choices.length && !interactive) {
    const list = numbered(choices, locale);
    text = text.trim() ? `${text}\n\n${list}` : list;
  }
  if (message.media) {
    const fits = !interactive && len(text) <= BODY_MAX;
    out.push({ kind: 'media', media: message.media, ...(fits && text.trim() ? { caption: text } : {}) });
    if (fits) return out;
  }
  if (!interactive) {
    for (const part of splitText(text, TEXT_MAX)) if (part.trim()) out.push(textPayload(part));
    return out;
  }
  const { before, body } = withBody(text, locale);
  for (const part of before) out.push(textPayload(part));
  const action = buttonsFit(choices)
    ? {
        buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.id, title: c.label } })),
      }
    : {
        button: t('whatsapp.cloud_list_button', locale),
        sections: [
          {
            rows: choices.map((c) => rowOf(c)!),
          },
        ],
      };
  out.push({
    kind: 'message',
    body: {
      type: 'interactive',
      interactive: { type: buttonsFit(choices) ? 'button' : 'list', body: { text: body }, action },
    },
  });
  return out;
}
