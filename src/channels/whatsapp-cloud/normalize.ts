import type { Config } from '../../config';
import type { Inbound, InboundMedia } from '../../core/message';
import type { EventKey, Normalized, StoredEvent } from '../channel';

/**
 * WhatsApp Cloud API webhook → Normalized events and delivery statuses, pure. The body's shape is
 * Meta's (entry[].changes[].value with messages, contacts, statuses); anything we cannot read is
 * ignored rather than failing the whole body, because Meta would then post it again and again.
 */

export interface CloudMessage {
  from?: unknown;
  id?: unknown;
  timestamp?: unknown;
  type?: unknown;
  text?: { body?: unknown };
  interactive?: {
    type?: unknown;
    button_reply?: { id?: unknown; title?: unknown };
    list_reply?: { id?: unknown; title?: unknown };
  };
  /** A quick-reply button of a template. */
  button?: { payload?: unknown; text?: unknown };
  image?: CloudMediaNode;
  document?: CloudMediaNode & { filename?: unknown };
  location?: { latitude?: unknown; longitude?: unknown; name?: unknown; address?: unknown };
  context?: { forwarded?: unknown; frequently_forwarded?: unknown };
}

interface CloudMediaNode {
  id?: unknown;
  mime_type?: unknown;
  caption?: unknown;
}

export interface CloudStatus {
  /** The wamid our send was answered with. */
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipient: string;
  atMs: number;
  error?: { code: number; title: string };
}

export interface CloudWebhook {
  events: StoredEvent[];
  ignored: { reason: string }[];
  statuses: CloudStatus[];
}

/** Types we answer with "I can read text, photos, documents and locations". */
const UNSUPPORTED = new Set(['audio', 'voice', 'video', 'sticker', 'contacts', 'order', 'unsupported']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Digits only: the same key the baileys transport gives a phone-number sender (`whatsapp:628…`). */
export function userKeyOfWaId(waId: string): string {
  return `whatsapp:${waId}`;
}

export interface CloudNormalizeOptions {
  config: Pick<Config, 'ADMIN_WHATSAPP_NUMBERS'>;
  /** `cloud:<phone number id>`: the inbox scope of this number's events. */
  account: string;
  phoneNumberId: string;
}

export function cloudAccount(phoneNumberId: string): string {
  return `cloud:${phoneNumberId}`;
}

function coordinate(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A shared location as the words the bot reads: place name, address, then the coordinates. */
function locationText(loc: NonNullable<CloudMessage['location']>): string | undefined {
  const lat = coordinate(loc.latitude);
  const lon = coordinate(loc.longitude);
  if (lat === undefined || lon === undefined) return undefined;
  const place = [str(loc.name), str(loc.address)].filter(Boolean).join(', ');
  const where = `${lat.toFixed(6)}, ${lon.toFixed(6)}`;
  return place ? `${place} (${where})` : where;
}

export function normalizeMessage(m: CloudMessage, opts: CloudNormalizeOptions): Normalized {
  const from = str(m.from);
  const id = str(m.id);
  const type = str(m.type);
  if (!from || !/^\d{5,20}$/.test(from)) return { kind: 'ignore', reason: 'unknown sender' };
  if (!id) return { kind: 'ignore', reason: 'no message id' };
  if (!type) return { kind: 'ignore', reason: 'no type' };
  const ts = coordinate(m.timestamp);
  const userKey = userKeyOfWaId(from);
  const key: EventKey = {
    channel: 'whatsapp',
    account: opts.account,
    eventId: id,
    userKey,
    chat: from,
    // Meta gives seconds: messages of one second keep the order they arrived in.
    seq: (ts ?? Math.floor(Date.now() / 1000)) * 1000,
  };
  const forwarded = m.context?.forwarded === true || m.context?.frequently_forwarded === true;
  const base: Inbound = {
    channel: 'whatsapp',
    userKey,
    messageId: id,
    isAdmin: opts.config.ADMIN_WHATSAPP_NUMBERS.includes(from),
    ...(ts !== undefined ? { sentAtMs: ts * 1000 } : {}),
    // A forwarded message (a chain message) is marked so Q&A checks it as a claim.
    ...(forwarded ? { context: { forwardedFrom: 'whatsapp' } } : {}),
  };
  const message = (extra: Partial<Inbound>): Normalized => ({
    kind: 'message',
    key,
    inbound: { ...base, ...extra },
  });

  switch (type) {
    case 'text':
      return message({ text: str(m.text?.body) ?? '' });
    case 'interactive': {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      const choice = str(reply?.id);
      if (choice) return message({ choice });
      // A reply without an id (other interactive kinds, e.g. a flow's answer): its title is the words.
      return message({ text: str(reply?.title) ?? '' });
    }
    case 'button':
      // Template quick replies carry our payload when we set one, else the button's text.
      return message({ text: str(m.button?.text) ?? str(m.button?.payload) ?? '' });
    case 'image':
    case 'document': {
      const node = type === 'image' ? m.image : m.document;
      const mediaId = str(node?.id);
      if (!mediaId) return { kind: 'ignore', reason: 'media without id' };
      const mime = str(node?.mime_type);
      const fileName = type === 'document' ? str(m.document?.filename) : undefined;
      // Meta's webhook gives no size: the download asks the media endpoint first and checks it there.
      const media: InboundMedia = {
        kind: type,
        ...(mime ? { mime } : {}),
        ...(fileName ? { fileName } : {}),
        ref: { mediaId, chat: from },
      };
      const caption = str(node?.caption);
      return message({ media, ...(caption ? { text: caption } : {}) });
    }
    case 'location': {
      const text = m.location ? locationText(m.location) : undefined;
      if (!text) return { kind: 'reply', key, copy: 'whatsapp.cloud_unsupported' };
      return message({ text });
    }
    default:
      if (UNSUPPORTED.has(type)) return { kind: 'reply', key, copy: 'whatsapp.cloud_unsupported' };
      // Reactions, system notices (number changed), deleted and ephemeral notices need no answer.
      return { kind: 'ignore', reason: type };
  }
}

const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

function normalizeStatus(s: Record<string, unknown>): CloudStatus | undefined {
  const wamid = str(s.id);
  const status = str(s.status);
  const recipient = str(s.recipient_id);
  if (!wamid || !status || !STATUSES.has(status) || !recipient) return undefined;
  const ts = coordinate(s.timestamp);
  const err = Array.isArray(s.errors) ? (s.errors[0] as Record<string, unknown> | undefined) : undefined;
  const code = err ? coordinate(err.code) : undefined;
  return {
    wamid,
    status: status as CloudStatus['status'],
    recipient,
    atMs: (ts ?? Math.floor(Date.now() / 1000)) * 1000,
    ...(code !== undefined ? { error: { code, title: str(err?.title) ?? str(err?.message) ?? '' } } : {}),
  };
}

/** Reads one webhook body; changes for another phone number id are ignored. */
export function normalizeWebhook(body: unknown, opts: CloudNormalizeOptions): CloudWebhook {
  const out: CloudWebhook = { events: [], ignored: [], statuses: [] };
  const entries = (body as { entry?: unknown })?.entry;
  if (!Array.isArray(entries)) return out;
  for (const entry of entries) {
    const changes = (entry as { changes?: unknown })?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const c = change as { field?: unknown; value?: Record<string, unknown> };
      if (c.field !== 'messages' || !c.value) continue;
      const meta = c.value.metadata as { phone_number_id?: unknown } | undefined;
      if (meta?.phone_number_id !== undefined && String(meta.phone_number_id) !== opts.phoneNumberId) {
        out.ignored.push({ reason: 'another phone number' });
        continue;
      }
      const messages = Array.isArray(c.value.messages) ? c.value.messages : [];
      for (const m of messages) {
        const n = normalizeMessage(m as CloudMessage, opts);
        if (n.kind === 'ignore') out.ignored.push({ reason: n.reason });
        else out.events.push(n);
      }
      const statuses = Array.isArray(c.value.statuses) ? c.value.statuses : [];
      for (const s of statuses) {
        const st = normalizeStatus(s as Record<string, unknown>);
        if (st) out.statuses.push(st);
      }
    }
  }
  return out;
}
