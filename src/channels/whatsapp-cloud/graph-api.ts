import { OutcomeUnknownError } from '../../core/send';
import { FileTooBigError } from '../channel';
import { downloadCapped } from '../download';

/**
 * The few Graph API calls the channel makes: send a message, look up a media id, download it.
 * Every call carries the bearer token and gives up after `timeoutMs`.
 */

/** Meta's error codes we act on (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
export const GRAPH_ERRORS = {
  /** More than 24 hours since the person last wrote: only a template may go. */
  reEngagement: 131047,
  /** Too many messages from this number (throughput). */
  rateLimit: 130429,
  /** Too many messages to the same person in a short time (pair rate). */
  pairRateLimit: 131056,
  /** The person stopped marketing messages from this business. */
  userStopped: 131050,
} as const;

/** A refusal from the Graph API: its HTTP status and, when it sent one, Meta's error code. */
export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    /** The request never reached Meta (connection refused): safe to send again. */
    readonly notSent = false,
  ) {
    super(message);
  }
}

export interface GraphApi {
  /** POST {root}/{phone-number-id}/messages; returns the wamid Meta gave the message. */
  send(payload: Record<string, unknown>): Promise<string>;
  /** POST {root}/{phone-number-id}/media: uploads a file we send; returns its media id. */
  upload(bytes: Uint8Array, mime: string, fileName: string): Promise<string>;
  /** GET {root}/{media-id}: the short-lived download URL and what Meta knows of the file. */
  mediaInfo(mediaId: string): Promise<{ url: string; mime?: string; size?: number }>;
  /** Downloads a media URL (with the token), stopping past `maxBytes`. */
  download(url: string, maxBytes: number): Promise<Uint8Array>;
}

export interface GraphApiOptions {
  apiRoot: string;
  token: string;
  phoneNumberId: string;
  timeoutMs: number;
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function causeCode(err: unknown): string | undefined {
  const c = (err as { cause?: { code?: unknown } })?.cause?.code;
  return typeof c === 'string' ? c : undefined;
}

async function graphError(res: Response): Promise<GraphApiError> {
  const text = await res.text().catch(() => '');
  let code: number | undefined;
  let message = text.slice(0, 300) || res.statusText;
  try {
    const e = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof e?.code === 'number') code = e.code;
    if (typeof e?.message === 'string') message = e.message;
  } catch {
    // Not JSON (a proxy's 502 page): the status says enough.
  }
  return new GraphApiError(
    res.status,
    code,
    `graph api ${res.status}${code ? ` (${code})` : ''}: ${message}`,
  );
}

export function createGraphApi(opts: GraphApiOptions): GraphApi {
  const auth = { authorization: `Bearer ${opts.token}` };

  async function call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs) });
    } catch (err) {
      const code = causeCode(err);
      if (code && CONNECT_ERRORS.has(code)) throw new GraphApiError(0, undefined, `graph api: ${code}`, true);
      // Timed out or reset after the request left: Meta may have taken it.
      throw new OutcomeUnknownError(`graph api: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return {
    async send(payload) {
      const res = await call(`${opts.apiRoot}/${opts.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...payload }),
      });
      if (!res.ok) throw await graphError(res);
      const body = (await res.json()) as { messages?: { id?: unknown }[] };
      const id = body.messages?.[0]?.id;
      if (typeof id !== 'string') throw new OutcomeUnknownError('graph api: answer without a message id');
      return id;
    },
    async upload(bytes, mime, fileName) {
      const form = new FormData();
      form.append('messaging_product', 'whatsapp');
      form.append('type', mime);
      form.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), fileName);
      const res = await call(`${opts.apiRoot}/${opts.phoneNumberId}/media`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
      if (!res.ok) throw await graphError(res);
      const body = (await res.json()) as { id?: unknown };
      if (typeof body.id !== 'string')
        throw new GraphApiError(502, undefined, 'graph api: upload without id');
      return body.id;
    },
    async mediaInfo(mediaId) {
      if (!/^[\w.-]+$/.test(mediaId)) throw new GraphApiError(400, undefined, 'graph api: bad media id');
      const res = await call(`${opts.apiRoot}/${mediaId}`, { headers: auth });
      if (!res.ok) throw await graphError(res);
      const body = (await res.json()) as { url?: unknown; mime_type?: unknown; file_size?: unknown };
      if (typeof body.url !== 'string')
        throw new GraphApiError(502, undefined, 'graph api: media without url');
      const size = typeof body.file_size === 'number' ? body.file_size : Number(body.file_size);
      return {
        url: body.url,
        ...(typeof body.mime_type === 'string' ? { mime: body.mime_type } : {}),
        ...(Number.isFinite(size) ? { size } : {}),
      };
    },
    async download(url, maxBytes) {
      const bytes = await downloadCapped(url, { maxBytes, timeoutMs: opts.timeoutMs, headers: auth });
      if (bytes.length > maxBytes) throw new FileTooBigError(bytes.length);
      return bytes;
    },
  };
}
