import { formatBytes } from '../../core/media';
import type { Inbound, InboundMedia, JsonValue } from '../../core/message';
import type { AfterHandled, EventKey, Normalized } from '../channel';

/**
 * The parts of a Bot API Update we read (https://core.telegram.org/bots/api#update), typed here so
 * the normaliser is independent of telegraf's large unions and can be fed JSON fixtures directly.
 */
export interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
}

export interface TgPhotoSize {
  file_id: string;
  width?: number;
  height?: number;
  file_size?: number;
}

export interface TgEntity {
  type: string;
  offset: number;
  length: number;
  user?: TgUser;
}

export type TgOrigin =
  | { type: 'user'; date?: number; sender_user: TgUser }
  | { type: 'hidden_user'; date?: number; sender_user_name: string }
  | { type: 'chat'; date?: number; sender_chat: TgChat; author_signature?: string }
  | { type: 'channel'; date?: number; chat: TgChat; message_id: number; author_signature?: string };

export interface TgMessage {
  message_id: number;
  date?: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  caption?: string;
  entities?: TgEntity[];
  caption_entities?: TgEntity[];
  photo?: TgPhotoSize[];
  document?: { file_id: string; file_name?: string; mime_type?: string; file_size?: number };
  video?: { file_id: string; mime_type?: string; file_size?: number; file_name?: string };
  forward_origin?: TgOrigin;
  /** Before Bot API 7.0 */
  forward_from?: TgUser;
  forward_from_chat?: TgChat;
  forward_sender_name?: string;
  reply_to_message?: { from?: TgUser; message_id?: number };
  // Kinds we do not read, listed so they can be recognised and answered.
  sticker?: unknown;
  voice?: unknown;
  video_note?: unknown;
  audio?: unknown;
  animation?: unknown;
  location?: unknown;
  venue?: unknown;
  contact?: unknown;
  poll?: unknown;
  dice?: unknown;
  game?: unknown;
  story?: unknown;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: { message_id: number; chat: TgChat };
  data?: string;
  game_short_name?: string;
}

export interface TgChatMemberUpdated {
  chat: TgChat;
  from: TgUser;
  new_chat_member: { status: string; user: TgUser };
  old_chat_member?: { status: string; user: TgUser };
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  channel_post?: TgMessage;
  edited_channel_post?: TgMessage;
  callback_query?: TgCallbackQuery;
  my_chat_member?: TgChatMemberUpdated;
  [other: string]: unknown;
}

export interface NormalizeOptions {
  botId: number;
  botUsername: string;
  adminIds: readonly string[];
  /** Largest file the Bot API lets a bot download (20 MB on api.telegram.org); undefined = no limit. */
  downloadLimit: number | undefined;
  /** Turns a `/start <payload>` deep link into the text the engine sees; undefined → plain `/start`. */
  deepLink(payload: string): string | undefined;
}

/** Telegram's callback_data limit is 64 bytes; ours are choice ids, which use only these characters. */
export const CALLBACK_DATA = /^[A-Za-z0-9:_-]{1,64}$/;

export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

/**
 * Pure: one Bot API update → what the adapter should do. Never throws for any update shape. Event
 * ids are the platform's own (a message's chat and id, a callback's id), scoped by the bot, so a
 * redelivered update is recognised and a renumbered one is not mistaken for an old one.
 */
export function normalizeUpdate(update: TgUpdate, opts: NormalizeOptions): Normalized {
  const base = { account: String(opts.botId), seq: update.update_id };
  if (update.message) return normalizeMessage(update.message, base, opts);
  if (update.callback_query) return normalizeCallback(update.callback_query, base, opts);
  if (update.my_chat_member) {
    const m = update.my_chat_member;
    if (m.chat.type !== 'private') return { kind: 'ignore', reason: 'group membership' };
    const status = m.new_chat_member.status;
    if (status !== 'kicked' && status !== 'member') return { kind: 'ignore', reason: `membership ${status}` };
    return {
      kind: 'membership',
      key: keyOf(base, `u${update.update_id}`, m.from, m.chat.id),
      reachable: status === 'member',
    };
  }
  if (update.edited_message) {
    const msg = update.edited_message;
    if (msg.chat.type !== 'private' || !msg.from || msg.from.is_bot)
      return { kind: 'ignore', reason: 'edit' };
    return {
      kind: 'reply',
      key: keyOf(base, `e${msg.chat.id}:${msg.message_id}:${update.update_id}`, msg.from, msg.chat.id),
      copy: 'telegram.edited',
      ...(msg.from.language_code ? { locale: msg.from.language_code } : {}),
    };
  }
  return { kind: 'ignore', reason: 'update type' };
}

type KeyBase = Pick<EventKey, 'account' | 'seq'>;

function keyOf(base: KeyBase, eventId: string, user: TgUser, chatId: number): EventKey {
  return { channel: 'telegram', ...base, eventId, userKey: userKeyOf(user), chat: String(chatId) };
}

function userKeyOf(user: TgUser): string {
  return `telegram:${user.id}`;
}

function isAdmin(user: TgUser, opts: NormalizeOptions): boolean {
  return opts.adminIds.includes(String(user.id));
}

function normalizeMessage(msg: TgMessage, base: KeyBase, opts: NormalizeOptions): Normalized {
  const from = msg.from;
  if (!from || from.is_bot) return { kind: 'ignore', reason: 'no human sender' };
  const locale = from.language_code;
  const eventId = `m${msg.chat.id}:${msg.message_id}`;
  const localeOpt = locale ? { locale } : {};
  if (msg.chat.type !== 'private') {
    // Reports are never collected where others can read them; we answer only when spoken to.
    if (msg.chat.type === 'channel' || !isAddressed(msg, opts)) return { kind: 'ignore', reason: 'group' };
    return {
      kind: 'reply',
      // The group is the unit of order here: its notices go to the group, not to the person.
      key: { ...keyOf(base, eventId, from, msg.chat.id), userKey: `telegram:chat${msg.chat.id}` },
      copy: 'telegram.group_private',
      vars: { bot: opts.botUsername },
      ...localeOpt,
    };
  }
  const key = keyOf(base, eventId, from, msg.chat.id);
  const inboundBase = {
    channel: 'telegram' as const,
    userKey: key.userKey,
    messageId: eventId,
    ...localeOpt,
    ...(isAdmin(from, opts) ? { isAdmin: true } : {}),
    ...(msg.date ? { sentAtMs: msg.date * 1000 } : {}),
  };
  const forwardedFrom = forwardOrigin(msg);
  const context = forwardedFrom ? { context: { forwardedFrom } } : {};

  if (msg.text !== undefined) {
    const text = startPayload(msg.text, opts);
    return { kind: 'message', key, inbound: { ...inboundBase, ...context, text } };
  }
  const file = mediaOf(msg, opts);
  if (file === 'too-big') {
    return {
      kind: 'reply',
      key,
      copy: 'core.file_too_big',
      vars: { size: formatBytes(announcedSize(msg) ?? 0), max: formatBytes(opts.downloadLimit ?? 0) },
      ...localeOpt,
    };
  }
  if (file) {
    const inbound: Inbound = {
      ...inboundBase,
      ...context,
      media: file,
      ...(msg.caption !== undefined ? { text: msg.caption } : {}),
    };
    return { kind: 'message', key, inbound };
  }
  if (isServiceMessage(msg)) return { kind: 'ignore', reason: 'service message' };
  return { kind: 'reply', key, copy: 'telegram.unsupported', ...localeOpt };
}

function normalizeCallback(cq: TgCallbackQuery, base: KeyBase, opts: NormalizeOptions): Normalized {
  const locale = cq.from.language_code;
  const data = cq.data;
  // Our keyboards are only ever sent in private chats, so anything else did not come from us.
  const chat = cq.message?.chat;
  if (!data || !CALLBACK_DATA.test(data) || !chat || chat.type !== 'private' || cq.from.is_bot) {
    return {
      kind: 'ignore',
      reason: 'forged callback',
      after: { callbackQueryId: cq.id, answer: 'telegram.callback_invalid', locale: locale ?? null },
    };
  }
  const numbered = /^n:(\d{1,2})$/.exec(data);
  const key = keyOf(base, `cb${cq.id}`, cq.from, chat.id);
  const inbound: Inbound = {
    channel: 'telegram',
    userKey: key.userKey,
    messageId: key.eventId,
    ...(numbered ? { text: numbered[1]! } : { choice: data }),
    ...(locale ? { locale } : {}),
    ...(isAdmin(cq.from, opts) ? { isAdmin: true } : {}),
  };
  // The tapped message and its keyboard, so the keyboard can show the choice once handled.
  const tapped = cq.message as { message_id?: number; reply_markup?: unknown } | undefined;
  const after: AfterHandled = { callbackQueryId: cq.id, chat: String(chat.id), data };
  if (typeof tapped?.message_id === 'number') after.messageId = tapped.message_id;
  if (tapped?.reply_markup) after.keyboard = tapped.reply_markup as JsonValue;
  return { kind: 'message', key, inbound, after };
}

/** `/start lapor` (from t.me/<bot>?start=lapor) → what the deep link stands for. */
function startPayload(text: string, opts: NormalizeOptions): string {
  const m = /^\/start(?:@\w+)?\s+(\S+)\s*$/i.exec(text);
  if (!m) return text;
  return opts.deepLink(m[1]!) ?? '/start';
}

function isAddressed(msg: TgMessage, opts: NormalizeOptions): boolean {
  const text = msg.text ?? msg.caption ?? '';
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const name = opts.botUsername.toLowerCase();
  if (msg.reply_to_message?.from?.id === opts.botId) return true;
  for (const e of entities) {
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (e.type === 'mention' && part === `@${name}`) return true;
    if (e.type === 'text_mention' && e.user?.id === opts.botId) return true;
    if (e.type === 'bot_command' && e.offset === 0) {
      // `/start@OtherBot` is addressed to another bot in the same group.
      const at = part.indexOf('@');
      if (at < 0 || part.slice(at + 1) === name) return true;
    }
  }
  return false;
}

function announcedSize(msg: TgMessage): number | undefined {
  if (msg.photo?.length) return largestPhoto(msg.photo).file_size;
  return msg.document?.file_size ?? msg.video?.file_size;
}

function largestPhoto(sizes: TgPhotoSize[]): TgPhotoSize {
  return sizes.reduce((best, p) => (area(p) >= area(best) ? p : best));
}

function area(p: TgPhotoSize): number {
  return (p.width ?? 0) * (p.height ?? 0) || (p.file_size ?? 0);
}

function mediaOf(msg: TgMessage, opts: NormalizeOptions): InboundMedia | 'too-big' | undefined {
  let media: Omit<InboundMedia, 'ref'> & { fileId: string };
  if (msg.photo?.length) {
    const p = largestPhoto(msg.photo);
    media = { kind: 'image', mime: 'image/jpeg', fileId: p.file_id, ...size(p.file_size) };
  } else if (msg.document) {
    const d = msg.document;
    media = {
      kind: d.mime_type?.startsWith('image/') ? 'image' : 'document',
      fileId: d.file_id,
      ...(d.mime_type ? { mime: d.mime_type } : {}),
      ...(d.file_name ? { fileName: d.file_name } : {}),
      ...size(d.file_size),
    };
  } else if (msg.video) {
    const v = msg.video;
    media = {
      kind: 'video',
      fileId: v.file_id,
      ...(v.mime_type ? { mime: v.mime_type } : {}),
      ...(v.file_name ? { fileName: v.file_name } : {}),
      ...size(v.file_size),
    };
  } else {
    return undefined;
  }
  // The Bot API refuses to serve bigger files; say so instead of a failed download.
  if (opts.downloadLimit !== undefined && media.size !== undefined && media.size > opts.downloadLimit) {
    return 'too-big';
  }
  const { fileId, ...rest } = media;
  return { ...rest, ref: { fileId, chat: String(msg.chat.id) } };
}

function size(n: number | undefined): { size?: number } {
  return n !== undefined ? { size: n } : {};
}

const SERVICE_FIELDS = [
  'new_chat_members',
  'left_chat_member',
  'new_chat_title',
  'new_chat_photo',
  'delete_chat_photo',
  'group_chat_created',
  'pinned_message',
  'message_auto_delete_timer_changed',
  'successful_payment',
  'users_shared',
  'chat_shared',
  'write_access_allowed',
  'web_app_data',
];

function isServiceMessage(msg: TgMessage): boolean {
  return SERVICE_FIELDS.some((f) => f in msg);
}

function nameOf(u: { first_name?: string; last_name?: string; title?: string }): string {
  return [u.first_name, u.last_name, u.title].filter(Boolean).join(' ');
}

/** Where a forwarded message came from, as a readable line kept with a hoax report. */
export function forwardOrigin(msg: TgMessage): string | undefined {
  const o = msg.forward_origin;
  if (o) {
    switch (o.type) {
      case 'user':
        return `user ${nameOf(o.sender_user)}${o.sender_user.username ? ` (@${o.sender_user.username})` : ''}`;
      case 'hidden_user':
        return `user ${o.sender_user_name}`;
      case 'chat':
        return `chat ${nameOf(o.sender_chat)}${o.sender_chat.username ? ` (@${o.sender_chat.username})` : ''}`;
      case 'channel': {
        const link = o.chat.username ? ` https://t.me/${o.chat.username}/${o.message_id}` : '';
        return `channel ${nameOf(o.chat)}${o.chat.username ? ` (@${o.chat.username})` : ''}${link}`;
      }
    }
  }
  if (msg.forward_from_chat) return `chat ${nameOf(msg.forward_from_chat)}`;
  if (msg.forward_from) return `user ${nameOf(msg.forward_from)}`;
  if (msg.forward_sender_name) return `user ${msg.forward_sender_name}`;
  return undefined;
}
