import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { hashId, type Logger } from '../../log';
import type { ChannelAdapter, InboxSink } from '../channel';
import { FileTooBigError } from '../channel';
import { localeFromDatabase } from '../whatsapp/sender';
import { createGraphApi, type GraphApi } from './graph-api';
import { type CloudStatus, cloudAccount, normalizeWebhook } from './normalize';
import { createCloudSender } from './sender';
import { applyLateStatuses, applyStatuses } from './statuses';

export const WEBHOOK_PATH = '/webhooks/whatsapp';
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface WhatsAppCloudChannelOptions {
  config: Config;
  database: Database;
  log: Logger;
  /** Applies delivery statuses before Meta is answered (default: to broadcast delivery rows). */
  onStatuses?: (statuses: CloudStatus[]) => Promise<void>;
  /** Waits before statuses of messages not yet recorded are looked up again (tests resolve them at will). */
  lateStatusWaits?: readonly (() => Promise<void>)[];
}

export interface WhatsAppCloudChannel extends ChannelAdapter {
  api: GraphApi;
  account: string;
}

/** X-Hub-Signature-256 is `sha256=<hex HMAC of the raw body with the app secret>`. */
export function validSignature(raw: Uint8Array, header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', secret).update(raw).digest();
  // timingSafeEqual throws on a length mismatch; a wrong length is simply wrong.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * WhatsApp through Meta's Cloud API: Meta posts webhooks to /webhooks/whatsapp on the one HTTP app;
 * a body is answered 200 only once its messages are in the inbox (and its statuses recorded), so a
 * failure makes Meta post it again, and the inbox drops what it already has.
 */
export function createWhatsAppCloudChannel(opts: WhatsAppCloudChannelOptions): WhatsAppCloudChannel {
  const { config, database, log } = opts;
  const token = config.WHATSAPP_CLOUD_TOKEN;
  const phoneNumberId = config.WHATSAPP_CLOUD_PHONE_NUMBER_ID;
  const secret = config.WHATSAPP_CLOUD_APP_SECRET;
  const verifyToken = config.WHATSAPP_CLOUD_VERIFY_TOKEN;
  if (!token || !phoneNumberId || !secret || !verifyToken)
    throw new Error('WhatsApp Cloud API is not configured');
  const account = cloudAccount(phoneNumberId);
  const api = createGraphApi({
    apiRoot: config.WHATSAPP_CLOUD_API_ROOT,
    token,
    phoneNumberId,
    timeoutMs: config.PLATFORM_TIMEOUT_MS,
  });
  const sender = createCloudSender({ api, localeFor: localeFromDatabase(database), log });
  const onStatuses =
    opts.onStatuses ??
    (async (statuses: CloudStatus[]) => {
      const out = await applyStatuses(database, statuses, { config, log });
      const unknown = new Set(out.filter((o) => o.result === 'unknown message').map((o) => o.wamid));
      const late = statuses.filter((s) => unknown.has(s.wamid));
      // Answered 200 now; the late ones are looked up again in the background.
      if (late.length)
        void applyLateStatuses(database, late, {
          config,
          log,
          ...(opts.lateStatusWaits ? { waits: opts.lateStatusWaits } : {}),
        }).catch((err) => log.warn({ err: String(err) }, 'late whatsapp cloud statuses failed'));
    });
  let sink: InboxSink | undefined;

  function installWebhook(app: Hono): void {
    app.get(WEBHOOK_PATH, (c) => {
      const mode = c.req.query('hub.mode');
      const given = c.req.query('hub.verify_token') ?? '';
      const challenge = c.req.query('hub.challenge') ?? '';
      const a = Buffer.from(given);
      const b = Buffer.from(verifyToken!);
      const ok = mode === 'subscribe' && a.length === b.length && timingSafeEqual(a, b);
      if (!ok) {
        log.warn('whatsapp cloud webhook verification refused (wrong verify token)');
        return c.text('Forbidden', 403);
      }
      log.info('whatsapp cloud webhook verified');
      return c.text(challenge, 200);
    });

    app.post(WEBHOOK_PATH, async (c) => {
      // Meta's bodies are a few kilobytes; a huge one is not read into memory to be signature-checked.
      if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES)
        return c.text('Payload Too Large', 413);
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (raw.length > MAX_BODY_BYTES) return c.text('Payload Too Large', 413);
      if (!validSignature(raw, c.req.header('x-hub-signature-256'), secret!)) {
        log.warn('whatsapp cloud webhook with a missing or wrong signature refused');
        return c.text('Unauthorized', 401);
      }
      // Not started yet (or stopping): Meta keeps the body and posts it again.
      if (!sink) return c.text('Starting', 503);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.from(raw).toString('utf8'));
      } catch {
        return c.text('Bad Request', 400);
      }
      const read = normalizeWebhook(body, { config, account, phoneNumberId: phoneNumberId! });
      for (const i of read.ignored) log.debug({ reason: i.reason }, 'whatsapp cloud message ignored');
      try {
        if (read.events.length) await sink.accept(read.events);
        if (read.statuses.length) await onStatuses(read.statuses);
      } catch (err) {
        // Not stored: a non-2xx answer makes Meta post the body again later.
        log.warn(
          { err: String(err), events: read.events.length },
          'whatsapp cloud webhook not stored; asked to retry',
        );
        return c.text('Retry later', 503);
      }
      for (const e of read.events) {
        if (e.kind === 'reply')
          log.info({ user: hashId(e.key.userKey) }, 'whatsapp cloud message type not supported');
      }
      return c.text('EVENT_RECEIVED', 200);
    });
  }

  async function fetchMedia(media: { ref: Record<string, unknown>; size?: number }, maxBytes: number) {
    const mediaId = media.ref.mediaId;
    if (typeof mediaId !== 'string') throw new Error('whatsapp cloud media without a media id');
    const info = await api.mediaInfo(mediaId);
    // Meta tells the size before the download: a file over the cap is never fetched.
    if (info.size !== undefined && info.size > maxBytes) throw new FileTooBigError(info.size);
    return api.download(info.url, maxBytes);
  }

  return {
    name: 'whatsapp',
    account,
    api,
    sender,
    fetchMedia,
    routes: [installWebhook],
    async start(s) {
      sink = s;
      log.info({ path: WEBHOOK_PATH }, 'whatsapp cloud api webhook ready');
    },
    async stop() {
      sink = undefined;
    },
  };
}

export function isWhatsAppCloudChannel(channel: ChannelAdapter): channel is WhatsAppCloudChannel {
  return channel.name === 'whatsapp' && 'api' in channel && 'account' in channel;
}
