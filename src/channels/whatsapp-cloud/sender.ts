import type { Locale, Outbound } from '../../core/message';
import { OutcomeUnknownError, RetryLaterError, type Sender } from '../../core/send';
import { hashId, type Logger } from '../../log';
import { GRAPH_ERRORS, type GraphApi, GraphApiError } from './graph-api';
import { renderCloud } from './render';

/** How long to wait after Meta said "too many" (throughput, or too many to this one person). */
export const RATE_BACKOFF_MS = 5_000;
export const PAIR_RATE_BACKOFF_MS = 30_000;
const TRANSIENT_BACKOFF_MS = 5_000;

/** Whether a failed send is worth trying again later, and after how long. */
export function retryDelayOf(err: unknown): number | undefined {
  if (!(err instanceof GraphApiError)) return undefined;
  if (err.code === GRAPH_ERRORS.rateLimit || err.status === 429) return RATE_BACKOFF_MS;
  if (err.code === GRAPH_ERRORS.pairRateLimit) return PAIR_RATE_BACKOFF_MS;
  if (err.notSent || err.status >= 500) return TRANSIENT_BACKOFF_MS;
  return undefined;
}

/** Sends the rendered payloads of one message, uploading its file first; returns the wamids. */
export async function sendRendered(
  api: GraphApi,
  to: string,
  message: Outbound,
  locale: Locale,
): Promise<string[]> {
  const ids: string[] = [];
  for (const p of renderCloud(message, locale)) {
    if (p.kind === 'message') {
      ids.push(await api.send({ to, ...p.body }));
      continue;
    }
    const { media } = p;
    const fileName = media.fileName ?? (media.kind === 'image' ? 'gambar' : 'dokumen');
    const mediaId = await api.upload(Buffer.from(media.base64, 'base64'), media.mime, fileName);
    const node = {
      id: mediaId,
      ...(p.caption ? { caption: p.caption } : {}),
      ...(media.kind === 'document' ? { filename: fileName } : {}),
    };
    ids.push(await api.send({ to, type: media.kind, [media.kind]: node }));
  }
  return ids;
}

/**
 * The reply sender. A conversation's replies always fall in the 24-hour window (the person just
 * wrote), so they go as free-form messages; Meta's rate errors come back as RetryLaterError for the
 * outbox to retry later, and an answer that never came as an error the outbox retries too (a reply
 * may arrive twice, never not at all).
 */
export function createCloudSender(opts: {
  api: GraphApi;
  localeFor(externalId: string): Promise<Locale>;
  log?: Logger;
}): Sender {
  return {
    async send(externalId, messages) {
      const locale = await opts.localeFor(externalId);
      for (const message of messages) {
        try {
          await sendRendered(opts.api, externalId, message, locale);
        } catch (err) {
          const delay = retryDelayOf(err);
          opts.log?.warn({ user: hashId(externalId), err: String(err) }, 'whatsapp cloud send failed');
          if (delay !== undefined) throw new RetryLaterError(String(err), delay);
          if (err instanceof OutcomeUnknownError)
            throw new RetryLaterError(err.message, TRANSIENT_BACKOFF_MS);
          throw err;
        }
      }
    },
  };
}
