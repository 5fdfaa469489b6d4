/**
 * A fake WhatsApp Cloud API (Meta Graph API) on 127.0.0.1 for tests, and helpers that build and sign
 * the webhooks Meta posts to us.
 *
 *   const graph = await startFakeGraphApi();           // apiRoot http://127.0.0.1:PORT/v23.0
 *   graph.addMedia('media-1', bytes, 'image/jpeg');    // GET {root}/media-1 → { url }, GET url → bytes
 *   graph.failNext({ code: 131047 }, { to: '628…' });  // the next send to that number fails so
 *   await graph.waitForSends(2);
 *   await postWebhook(appUrl, textMessage('628…', 'halo'), APP_SECRET);
 *
 * Sends need `Authorization: Bearer <token>`; the media URL too (as Meta's lookaside host does).
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export const FAKE_GRAPH_TOKEN = 'EAAG-fake-graph-token';
export const FAKE_PHONE_NUMBER_ID = '109876543210987';
export const FAKE_APP_SECRET = 'fake-app-secret';
export const FAKE_VERIFY_TOKEN = 'fake-verify-token';

export interface SentMessage {
  to: string;
  type: string;
  body: Record<string, unknown>;
  /** The wamid the fake answered with (undefined when it failed). */
  id?: string;
  outcome: 'ok' | number;
  /** Epoch ms when the request arrived (real clock). */
  at: number;
}

/** A Graph error code (131047, 130429, 131056, 131050, ...) with HTTP 400, or a bare 5xx. */
export type GraphFailure = { code: number; status?: number } | { status: 500 | 502 | 503 };

interface Pending {
  failure: GraphFailure;
  times: number;
  to?: string;
  type?: string;
}

export interface FakeGraphApi {
  apiRoot: string;
  token: string;
  phoneNumberId: string;
  sends: SentMessage[];
  /** Successful sends only. */
  readonly delivered: SentMessage[];
  uploads: { id: string; mime: string; size: number }[];
  mediaRequests: { id: string; kind: 'info' | 'download'; authorized: boolean }[];
  addMedia(id: string, bytes: Uint8Array, mime: string, opts?: { announcedSize?: number }): void;
  failNext(failure: GraphFailure, opts?: { times?: number; to?: string; type?: string }): void;
  /**
   * From now on sends are recorded (Meta has them) but never answered, until `release()`: the
   * moment a crash leaves a message sent with nobody to write it down.
   */
  holdAnswers(): { release(): void };
  waitForSends(n: number, opts?: { ok?: boolean; timeoutMs?: number }): Promise<SentMessage[]>;
  close(): Promise<void>;
}

const ERROR_TITLES: Record<number, string> = {
  131047: 'Re-engagement message',
  130429: 'Rate limit hit',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  131050: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages',
  131026: 'Message undeliverable',
  100: 'Invalid parameter',
};

export async function startFakeGraphApi(
  opts: { token?: string; phoneNumberId?: string } = {},
): Promise<FakeGraphApi> {
  const token = opts.token ?? FAKE_GRAPH_TOKEN;
  const phoneNumberId = opts.phoneNumberId ?? FAKE_PHONE_NUMBER_ID;
  const sends: SentMessage[] = [];
  const mediaRequests: FakeGraphApi['mediaRequests'] = [];
  const media = new Map<string, { bytes: Uint8Array; mime: string; announced?: number }>();
  const pending: Pending[] = [];
  const uploads: FakeGraphApi['uploads'] = [];
  const waiters: (() => void)[] = [];
  let held: Promise<void> | undefined;
  let next = 1;
  let base = '';

  const authorized = (h: string | undefined) => h === `Bearer ${token}`;
  const takeFailure = (to: string, type: string): GraphFailure | undefined => {
    const i = pending.findIndex((p) => (!p.to || p.to === to) && (!p.type || p.type === type));
    if (i < 0) return undefined;
    const p = pending[i]!;
    if (--p.times <= 0) pending.splice(i, 1);
    return p.failure;
  };

  const app = new Hono();
  app.post('/:version/:phone/messages', async (c) => {
    if (!authorized(c.req.header('authorization')))
      return c.json(
        { error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } },
        401,
      );
    if (c.req.param('phone') !== phoneNumberId)
      return c.json(
        { error: { message: 'Unsupported post request', type: 'GraphMethodException', code: 100 } },
        400,
      );
    const body = (await c.req.json()) as Record<string, unknown>;
    const to = String(body.to);
    const type = String(body.type);
    const failure = takeFailure(to, type);
    const sent: SentMessage = { to, type, body, outcome: 'ok', at: Date.now() };
    sends.push(sent);
    for (const w of waiters.splice(0)) w();
    if (held) await held;
    if (failure) {
      if (!('code' in failure)) {
        sent.outcome = failure.status;
        return c.text('upstream error', failure.status);
      }
      sent.outcome = failure.code;
      return c.json(
        {
          error: {
            message: `(#${failure.code}) ${ERROR_TITLES[failure.code] ?? 'Error'}`,
            type: 'OAuthException',
            code: failure.code,
            error_data: { messaging_product: 'whatsapp', details: ERROR_TITLES[failure.code] ?? 'Error' },
            fbtrace_id: 'Afake',
          },
        },
        (failure.status ?? 400) as 400,
      );
    }
    sent.id = `wamid.FAKE${String(next++).padStart(6, '0')}`;
    return c.json({
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: sent.id }],
    });
  });
  app.post('/:version/:phone/media', async (c) => {
    if (!authorized(c.req.header('authorization')))
      return c.json({ error: { message: 'bad token', code: 190 } }, 401);
    const form = await c.req.formData();
    const file = form.get('file');
    if (!(file instanceof Blob)) return c.json({ error: { message: 'file missing', code: 100 } }, 400);
    const id = `upload-${next++}`;
    const bytes = new Uint8Array(await file.arrayBuffer());
    media.set(id, { bytes, mime: file.type });
    uploads.push({ id, mime: file.type, size: bytes.length });
    return c.json({ id });
  });
  app.get('/media/:id', (c) => {
    const id = c.req.param('id');
    const ok = authorized(c.req.header('authorization'));
    mediaRequests.push({ id, kind: 'download', authorized: ok });
    if (!ok) return c.text('Unauthorized', 401);
    const m = media.get(id);
    if (!m) return c.text('Not Found', 404);
    return c.body(Buffer.from(m.bytes), 200, { 'content-type': m.mime });
  });
  app.get('/:version/:id', (c) => {
    const id = c.req.param('id');
    const ok = authorized(c.req.header('authorization'));
    mediaRequests.push({ id, kind: 'info', authorized: ok });
    if (!ok) return c.json({ error: { message: 'Invalid OAuth access token', code: 190 } }, 401);
    const m = media.get(id);
    if (!m) return c.json({ error: { message: 'Unsupported get request', code: 100 } }, 400);
    return c.json({
      messaging_product: 'whatsapp',
      url: `${base}/media/${id}`,
      mime_type: m.mime,
      sha256: 'fake',
      file_size: m.announced ?? m.bytes.length,
      id,
    });
  });

  let server: ReturnType<typeof serve> | undefined;
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info));
  });
  const close = () =>
    new Promise<void>((done) => {
      server!.close(() => done());
      // Keep-alive sockets would hold close() open until they time out.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  base = `http://127.0.0.1:${address.port}`;

  return {
    apiRoot: `${base}/v23.0`,
    token,
    phoneNumberId,
    sends,
    get delivered() {
      return sends.filter((s) => s.outcome === 'ok');
    },
    mediaRequests,
    uploads,
    addMedia(id, bytes, mime, o = {}) {
      media.set(id, {
        bytes,
        mime,
        ...(o.announcedSize !== undefined ? { announced: o.announcedSize } : {}),
      });
    },
    failNext(failure, o = {}) {
      pending.push({
        failure,
        times: o.times ?? 1,
        ...(o.to ? { to: o.to } : {}),
        ...(o.type ? { type: o.type } : {}),
      });
    },
    holdAnswers() {
      let release = () => {};
      held = new Promise<void>((r) => {
        release = () => {
          held = undefined;
          r();
        };
      });
      return { release };
    },
    async waitForSends(n, o = {}) {
      const deadline = Date.now() + (o.timeoutMs ?? 10_000);
      const list = () => (o.ok ? sends.filter((s) => s.outcome === 'ok') : sends);
      while (list().length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} sends, got ${list().length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100).unref();
        });
      }
      return list();
    },
    close,
  };
}

// ---- webhooks Meta posts to us ------------------------------------------------------------------

export type WebhookMessage = Record<string, unknown> & { from: string; id: string; type: string };
export type WebhookStatus = Record<string, unknown> & { id: string; status: string; recipient_id: string };

let seqNo = 0;
/** A fresh wamid for an inbound message. */
export const inboundId = () => `wamid.IN${Date.now().toString(36)}${(seqNo++).toString(36)}`;
const nowS = () => String(Math.floor(Date.now() / 1000));

export function textMessage(from: string, body: string, extra: Record<string, unknown> = {}): WebhookMessage {
  return { from, id: inboundId(), timestamp: nowS(), type: 'text', text: { body }, ...extra };
}

export function buttonReply(from: string, id: string, title: string): WebhookMessage {
  return {
    from,
    id: inboundId(),
    timestamp: nowS(),
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id, title } },
  };
}

export function listReply(from: string, id: string, title: string): WebhookMessage {
  return {
    from,
    id: inboundId(),
    timestamp: nowS(),
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id, title } },
  };
}

export function imageMessage(from: string, mediaId: string, caption?: string): WebhookMessage {
  return {
    from,
    id: inboundId(),
    timestamp: nowS(),
    type: 'image',
    image: { id: mediaId, mime_type: 'image/jpeg', sha256: 'x', ...(caption ? { caption } : {}) },
  };
}

export function documentMessage(
  from: string,
  mediaId: string,
  filename: string,
  mime: string,
): WebhookMessage {
  return {
    from,
    id: inboundId(),
    timestamp: nowS(),
    type: 'document',
    document: { id: mediaId, mime_type: mime, sha256: 'x', filename },
  };
}

export function statusUpdate(
  wamid: string,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  recipient: string,
  errorCode?: number,
): WebhookStatus {
  return {
    id: wamid,
    status,
    timestamp: nowS(),
    recipient_id: recipient,
    ...(errorCode !== undefined
      ? {
          errors: [
            {
              code: errorCode,
              title: ERROR_TITLES[errorCode] ?? 'Error',
              error_data: { details: ERROR_TITLES[errorCode] ?? 'Error' },
            },
          ],
        }
      : {}),
  };
}

/** The envelope Meta posts: one entry, one `messages` change with messages and/or statuses. */
export function webhookBody(
  items: { messages?: WebhookMessage[]; statuses?: WebhookStatus[]; name?: string },
  phoneNumberId = FAKE_PHONE_NUMBER_ID,
): Record<string, unknown> {
  const value: Record<string, unknown> = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
  };
  if (items.messages?.length) {
    value.contacts = [...new Set(items.messages.map((m) => m.from))].map((wa_id) => ({
      profile: { name: items.name ?? 'Warga' },
      wa_id,
    }));
    value.messages = items.messages;
  }
  if (items.statuses?.length) value.statuses = items.statuses;
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value }] }],
  };
}

export function signBody(raw: string, secret = FAKE_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/**
 * POSTs a webhook to our app as Meta does: the exact bytes signed with the app secret. `signature`
 * overrides the header (null: none at all). Returns the status and body text.
 */
export async function postWebhook(
  url: string,
  body: Record<string, unknown> | string,
  opts: { secret?: string; signature?: string | null } = {},
): Promise<{ status: number; text: string }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = opts.signature === undefined ? signBody(raw, opts.secret) : opts.signature;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature !== null ? { 'x-hub-signature-256': signature } : {}),
    },
    body: raw,
  });
  return { status: res.status, text: await res.text() };
}
