import {
  BufferJSON,
  getContentType,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  jidDecode,
  normalizeMessageContent,
  type proto,
  type WAMessage,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import type { Config } from '../../config';
import type { Inbound, InboundMedia, JsonValue } from '../../core/message';
import type { EventKey, Normalized } from '../channel';

/**
 * WhatsApp message → Inbound, pure. Which messages we answer, how a sender becomes one contact,
 * and which content we can read; downloading stays behind the injected `download`.
 */

/** Reads a message's file, stopping past `maxBytes` where it can. */
export type MediaDownload = (message: WAMessage, maxBytes: number) => Promise<Uint8Array>;

/** Content types we answer with "I can read text, photos and documents". */
const UNSUPPORTED = new Set<string>([
  'stickerMessage',
  'audioMessage',
  'videoMessage',
  'ptvMessage',
  'locationMessage',
  'liveLocationMessage',
  'contactMessage',
  'contactsArrayMessage',
  'pollCreationMessage',
  'pollCreationMessageV2',
  'pollCreationMessageV3',
  'eventMessage',
  'stickerPackMessage',
  'lottieStickerMessage',
]);

export interface Sender {
  /** `whatsapp:6281234567890` (phone known) or `whatsapp:123456789012345@lid` (LID only). */
  userKey: string;
  /** Where replies go: `628…@s.whatsapp.net` or `…@lid`. */
  jid: string;
  /** Digits of the phone number, when WhatsApp told us. */
  phone?: string;
}

/**
 * One stable contact key per person. WhatsApp 7.x may address a chat by LID (`…@lid`, a private
 * id) or by phone number; `remoteJidAlt` carries the other form when WhatsApp shares it. We prefer
 * the phone number, because it is what admins configure (ADMIN_WHATSAPP_NUMBERS), what people
 * quote when they ask for help, and what stays the same across the LID migration; the LID is
 * used only when no phone number is known. Device suffixes (`:12`) are dropped.
 */
export function senderOf(key: WAMessageKey): Sender | undefined {
  const candidates = [key.remoteJid, key.remoteJidAlt].filter((j): j is string => !!j);
  const pn = candidates.map(phoneOf).find((p) => p !== undefined);
  if (pn) return { userKey: `whatsapp:${pn}`, jid: `${pn}@s.whatsapp.net`, phone: pn };
  const lid = candidates.find((j) => isLidUser(j));
  const user = lid ? jidDecode(lid)?.user : undefined;
  if (!user) return undefined;
  return { userKey: `whatsapp:${user}@lid`, jid: `${user}@lid` };
}

function phoneOf(jid: string): string | undefined {
  const d = jidDecode(jid);
  if (!d || (d.server !== 's.whatsapp.net' && d.server !== 'c.us')) return undefined;
  return /^\d{5,20}$/.test(d.user) ? d.user : undefined;
}

/** The jid replies go to for a contact's external id (the part of the user key after `whatsapp:`). */
export function jidOfExternalId(externalId: string): string {
  return externalId.includes('@') ? externalId : `${externalId}@s.whatsapp.net`;
}

function ignoredChat(jid: string): string | undefined {
  if (isJidStatusBroadcast(jid)) return 'status';
  if (isJidGroup(jid)) return 'group';
  if (isJidNewsletter(jid)) return 'newsletter';
  if (isJidBroadcast(jid)) return 'broadcast list';
  return undefined;
}

type Media = proto.Message.IImageMessage | proto.Message.IDocumentMessage;

function sizeOf(m: Media): number | undefined {
  const len = m.fileLength;
  if (len === null || len === undefined) return undefined;
  const n = typeof len === 'number' ? len : Number(len.toString());
  return Number.isFinite(n) ? n : undefined;
}

export interface NormalizeOptions {
  config: Pick<Config, 'ADMIN_WHATSAPP_NUMBERS'>;
  /** The number this socket runs as (events are scoped by it). */
  account: string;
}

/** A baileys message as JSON that survives the inbox (its Buffers included), and back. */
export function messageToJson(msg: WAMessage): JsonValue {
  return JSON.parse(JSON.stringify(msg, BufferJSON.replacer)) as JsonValue;
}

export function messageFromJson(json: JsonValue): WAMessage {
  return JSON.parse(JSON.stringify(json), BufferJSON.reviver) as WAMessage;
}

function timestampOf(msg: WAMessage): number | undefined {
  const ts = msg.messageTimestamp;
  if (ts === null || ts === undefined) return undefined;
  const n = typeof ts === 'number' ? ts : Number(ts.toString());
  return Number.isFinite(n) ? n : undefined;
}

export function normalizeMessage(msg: WAMessage, opts: NormalizeOptions): Normalized {
  const key = msg.key;
  const remote = key?.remoteJid;
  if (!key || !remote) return { kind: 'ignore', reason: 'no chat' };
  if (key.fromMe) return { kind: 'ignore', reason: 'own message' };
  const chat = ignoredChat(remote) ?? (key.remoteJidAlt ? ignoredChat(key.remoteJidAlt) : undefined);
  if (chat) return { kind: 'ignore', reason: chat };
  if (msg.broadcast) return { kind: 'ignore', reason: 'broadcast list' };
  const sender = senderOf(key);
  if (!sender) return { kind: 'ignore', reason: 'unknown sender' };
  if (!key.id) return { kind: 'ignore', reason: 'no message id' };

  // Unwraps ephemeral, view-once (all versions), document-with-caption and edited wrappers.
  const content = normalizeMessageContent(msg.message);
  const type = getContentType(content);
  if (!content || !type) return { kind: 'ignore', reason: 'no content' };

  const ts = timestampOf(msg);
  const eventKey: EventKey = {
    channel: 'whatsapp',
    account: opts.account,
    eventId: key.id,
    userKey: sender.userKey,
    chat: sender.userKey.slice('whatsapp:'.length),
    // WhatsApp gives seconds: messages of one second keep the order they arrived in.
    seq: (ts ?? Math.floor(Date.now() / 1000)) * 1000,
  };
  const base: Inbound = {
    channel: 'whatsapp',
    userKey: sender.userKey,
    messageId: key.id,
    isAdmin: sender.phone !== undefined && opts.config.ADMIN_WHATSAPP_NUMBERS.includes(sender.phone),
    ...(ts !== undefined ? { sentAtMs: ts * 1000 } : {}),
  };
  const inbound = (extra: Partial<Inbound>): Normalized => ({
    kind: 'message',
    key: eventKey,
    inbound: { ...base, ...extra },
  });

  if (type === 'conversation') {
    return inbound({ text: content.conversation ?? '' });
  }
  if (type === 'extendedTextMessage') {
    // The quoted message is the user's context, not their words: only the new text is read.
    // A forwarded text (a chain message) is marked so Q&A checks it as a claim.
    const forwarded = content.extendedTextMessage?.contextInfo?.isForwarded === true;
    return inbound({
      text: content.extendedTextMessage?.text ?? '',
      ...(forwarded ? { context: { forwardedFrom: 'whatsapp' } } : {}),
    });
  }
  if (type === 'imageMessage' || type === 'documentMessage') {
    const m = (type === 'imageMessage' ? content.imageMessage : content.documentMessage) as Media;
    const fileName = type === 'documentMessage' ? content.documentMessage?.fileName : undefined;
    const size = sizeOf(m);
    // The download gets the message with its wrappers removed, so baileys finds the media node.
    const unwrapped: WAMessage = { ...msg, message: content };
    const media: InboundMedia = {
      kind: type === 'imageMessage' ? 'image' : 'document',
      ...(m.mimetype ? { mime: m.mimetype } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(fileName ? { fileName } : {}),
      ref: { message: messageToJson(unwrapped), jid: sender.jid },
    };
    return inbound({ media, ...(m.caption ? { text: m.caption } : {}) });
  }
  if (UNSUPPORTED.has(type)) return { kind: 'reply', key: eventKey, copy: 'whatsapp.unsupported' };
  // Reactions, protocol messages (deletes, key shares), receipts and the like need no answer.
  return { kind: 'ignore', reason: type };
}
