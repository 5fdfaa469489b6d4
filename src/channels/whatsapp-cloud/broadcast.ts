import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Config } from '../../config';
import { toPlainText } from '../../core/markup';
import type { Locale, Outbound } from '../../core/message';
import { DeliverySkippedError, RetryLaterError, type Sender } from '../../core/send';
import type { Database, Queryable } from '../../db/client';
import { findContact } from '../../db/contacts';
import { contacts, deliveries } from '../../db/schema';
import { hashId, type Logger } from '../../log';
import { GRAPH_ERRORS, type GraphApi, GraphApiError } from './graph-api';
import { renderCloud } from './render';
import { RATE_BACKOFF_MS } from './sender';

/**
 * Broadcasts on the Cloud API. Meta lets a business write freely only within 24 hours of the
 * person's last message; past that only an approved template may go, with the broadcast text as
 * its parameter. Without a template those recipients are skipped, with the reason on their row.
 */

export const WINDOW_MS = 24 * 3600_000;
/**
 * `last_seen_at` is when we handled their message, a little after they sent it, and a send takes a
 * moment to reach Meta: a margin keeps us from betting on the window's last minutes.
 */
export const WINDOW_MARGIN_MS = 10 * 60_000;
/** Meta refuses template parameters with new lines, tabs or more than 4 spaces in a row. */
const PARAM_MAX = 1024;

export const SKIP_NO_TEMPLATE =
  'outside the 24-hour window and no WHATSAPP_CLOUD_BROADCAST_TEMPLATE configured';
export const STOPPED_REASON = 'the person stopped marketing messages from this business (131050)';

/** A refusal the engine records as failed for good (its `permanent` flag), with Meta's reason. */
export class CloudRefusedError extends Error {
  readonly permanent = true;
}

/** Meta answered with an error of its own: the message was not sent, so it may go again later. */
class NotSentError extends Error {
  readonly notSent = true;
}

/** The broadcast text as one template parameter: plain, on one line, within Meta's limit. */
export function templateParameter(message: Outbound): string {
  const plain = toPlainText(message.text)
    .replace(/\s*\n+\s*/g, ' · ')
    .replace(/[\t ]{2,}/g, ' ')
    .trim();
  const chars = [...plain];
  return chars.length <= PARAM_MAX ? plain : `${chars.slice(0, PARAM_MAX - 1).join('')}…`;
}

export function templatePayload(
  to: string,
  template: { name: string; language: string },
  message: Outbound,
): Record<string, unknown> {
  return {
    to,
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      components: [{ type: 'body', parameters: [{ type: 'text', text: templateParameter(message) }] }],
    },
  };
}

/** Takes the contact out of broadcasts: the same as replying BERHENTI, recorded by Meta's word. */
export async function unsubscribeContact(q: Queryable, contactId: number): Promise<void> {
  await q
    .update(contacts)
    .set({ subscribed: false, unsubscribedAt: new Date() })
    .where(eq(contacts.id, contactId));
}

export interface CloudBroadcastSenderOptions {
  api: GraphApi;
  database: Database;
  config: Pick<Config, 'WHATSAPP_CLOUD_BROADCAST_TEMPLATE'>;
  log?: Logger;
  now?: () => number;
  /** How long the channel waits after Meta's throughput error (tests shorten it). */
  rateBackoffMs?: number;
}

/**
 * The sender the broadcast engine uses for the Cloud API. Each send is one delivery: free text in
 * the window, else the template; the wamid Meta answers with is written on the delivery row, so
 * status webhooks find it. Meta's errors become what the engine understands: rate limits wait
 * (the whole channel for throughput, this recipient for the pair rate), 131050 unsubscribes,
 * other refusals fail the delivery with Meta's reason.
 */
export function createCloudBroadcastSender(opts: CloudBroadcastSenderOptions): Sender {
  const { api, database, log } = opts;
  const db = database.db;
  const now = opts.now ?? Date.now;
  const template = opts.config.WHATSAPP_CLOUD_BROADCAST_TEMPLATE;
  /** A broadcast image is uploaded once, not once per recipient. */
  const uploads = new Map<string, Promise<string>>();

  async function sendText(to: string, message: Outbound, locale: Locale): Promise<string> {
    let last = '';
    for (const p of renderCloud(message, locale)) {
      if (p.kind === 'message') {
        last = await api.send({ to, ...p.body });
        continue;
      }
      const { media } = p;
      const key = createHash('sha256').update(media.base64).digest('hex');
      let upload = uploads.get(key);
      if (!upload) {
        upload = api.upload(Buffer.from(media.base64, 'base64'), media.mime, media.fileName ?? 'gambar');
        uploads.set(key, upload);
        upload.catch(() => uploads.delete(key));
        if (uploads.size > 20) uploads.delete(uploads.keys().next().value!);
      }
      const node = { id: await upload, ...(p.caption ? { caption: p.caption } : {}) };
      last = await api.send({ to, type: media.kind, [media.kind]: node });
    }
    return last;
  }

  function translate(err: unknown): unknown {
    if (!(err instanceof GraphApiError)) return err;
    if (err.code === GRAPH_ERRORS.rateLimit || err.status === 429)
      return new RetryLaterError(err.message, opts.rateBackoffMs ?? RATE_BACKOFF_MS);
    // Too many to this one person: only this delivery waits (the engine's backoff).
    if (err.code === GRAPH_ERRORS.pairRateLimit || err.notSent) return new NotSentError(err.message);
    // A 5xx with Meta's own error says it refused; a bare 5xx (a proxy) may hide a send.
    if (err.status >= 500) return err.code !== undefined ? new NotSentError(err.message) : err;
    return new CloudRefusedError(err.message);
  }

  return {
    async send(externalId, messages, context) {
      const contact = await findContact(db, 'whatsapp', externalId);
      if (!contact) throw new DeliverySkippedError('contact not found');
      const locale: Locale = contact.locale === 'en' ? 'en' : 'id';
      const message = messages[0];
      if (!message) return;
      let mustTemplate = false;
      if (context?.deliveryId !== undefined) {
        // A status webhook said the free text came too late (131047): this retry goes as a template.
        const [row] = await db
          .select({ via: deliveries.via })
          .from(deliveries)
          .where(eq(deliveries.id, context.deliveryId));
        mustTemplate = row?.via === 'template';
      }
      const inWindow = now() - contact.lastSeenAt.getTime() < WINDOW_MS - WINDOW_MARGIN_MS;
      let wamid: string | undefined;
      let via: 'text' | 'template' = 'text';
      try {
        if (inWindow && !mustTemplate) {
          try {
            wamid = await sendText(externalId, message, locale);
          } catch (err) {
            if (!(err instanceof GraphApiError && err.code === GRAPH_ERRORS.reEngagement)) throw err;
            log?.info({ user: hashId(externalId) }, 'outside the 24-hour window after all: template');
          }
        }
        if (wamid === undefined) {
          if (!template) throw new DeliverySkippedError(SKIP_NO_TEMPLATE);
          via = 'template';
          wamid = await api.send(templatePayload(externalId, template, message));
        }
      } catch (err) {
        if (err instanceof GraphApiError && err.code === GRAPH_ERRORS.userStopped) {
          await unsubscribeContact(db, contact.id);
          log?.info(
            { user: hashId(externalId) },
            'whatsapp cloud: contact stopped marketing messages; unsubscribed',
          );
          throw new CloudRefusedError(STOPPED_REASON);
        }
        throw translate(err);
      }
      if (context?.deliveryId !== undefined) {
        await db
          .update(deliveries)
          .set({ platformMessageId: wamid, via, platformStatus: null })
          .where(eq(deliveries.id, context.deliveryId));
      }
    },
  };
}
