import { setTimeout as sleep } from 'node:timers/promises';
import { Input, type Telegram, TelegramError } from 'telegraf';
import type { Outbound } from '../../core/message';
import { type EditableSender, OutcomeUnknownError, RetryLaterError, UnreachableError } from '../../core/send';
import { hashId, type Logger, silentLogger } from '../../log';
import {
  type InlineKeyboard,
  keyboardFor,
  MESSAGE_LIMIT,
  renderOutbound,
  splitText,
  type TelegramOp,
} from './render';

export interface TelegramSenderOptions {
  log?: Logger;
  /** 429 answers honoured per message before giving the rest back to the outbox (default 5). */
  maxRateRetries?: number;
  /** Longest total wait for retry_after in one send() before the outbox takes over (default 60 s). */
  maxWaitMs?: number;
  /** Network or 5xx failures retried per call, with doubling backoff (default 3). */
  networkRetries?: number;
  backoffMs?: number;
}

export interface TelegramSender extends EditableSender {
  /** Shows "typing…" in the chat; never throws (a lost hint is harmless). */
  typing(externalId: string): Promise<void>;
  /**
   * After a tap: the tapped message's keyboard shows the choice made ("✓ Facebook"), or goes away
   * when the tap no longer meant anything. Never throws (the message may be too old to edit).
   */
  settleKeyboard(externalId: string, messageId: number, keyboard: InlineKeyboard): Promise<void>;
}

type Failure =
  | { type: 'rate'; retryAfterMs: number }
  | { type: 'unreachable'; reason: string }
  /** `left`: the request may have reached Telegram (no answer came back). */
  | { type: 'transient'; message: string; left: boolean }
  | { type: 'markup'; message: string }
  | { type: 'not-modified' }
  | { type: 'fatal'; error: unknown };

// 403s and these 400s mean the chat is gone for us: retrying can never help.
const GONE =
  /blocked by the user|user is deactivated|chat not found|bot was kicked|bot can't initiate|PEER_ID_INVALID/i;

function classify(err: unknown): Failure {
  if (err instanceof TelegramError) {
    const { code, description } = err;
    if (code === 429) return { type: 'rate', retryAfterMs: (err.parameters?.retry_after ?? 1) * 1000 };
    if (code === 403 || (code === 400 && GONE.test(description))) {
      return { type: 'unreachable', reason: description.replace(/^Forbidden: /, '') };
    }
    if (code === 400 && /can't parse entities/i.test(description))
      return { type: 'markup', message: description };
    if (code === 400 && /message is not modified/i.test(description)) return { type: 'not-modified' };
    if (code >= 500) return { type: 'transient', message: `${code} ${description}`, left: true };
    return { type: 'fatal', error: err };
  }
  // node-fetch FetchError, socket resets, timeouts: the network, not the request. Only a failure to
  // connect proves the request never left.
  const errCode = (err as { code?: unknown } | undefined)?.code;
  const left = !(typeof errCode === 'string' && NOT_LEFT.has(errCode));
  return { type: 'transient', message: err instanceof Error ? err.message : String(err), left };
}

const NOT_LEFT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * The Telegram `Sender`: shows each Outbound in order. A 429 waits `retry_after` and retries that
 * one call, so nothing already shown is sent again; a refusal for good becomes `UnreachableError`;
 * network failures are retried with backoff, then handed back as `RetryLaterError` for the outbox.
 */
export function createTelegramSender(telegram: Telegram, opts: TelegramSenderOptions = {}): TelegramSender {
  const log = opts.log ?? silentLogger;
  const maxRateRetries = opts.maxRateRetries ?? 5;
  const maxWaitMs = opts.maxWaitMs ?? 60_000;
  const networkRetries = opts.networkRetries ?? 3;
  const backoffMs = opts.backoffMs ?? 500;

  /** Runs one Bot API call under the retry rules; `budget` is shared by every call of one send(). */
  async function call<T>(
    externalId: string,
    budget: { waitedMs: number },
    run: (plain: boolean) => Promise<T>,
  ): Promise<T | undefined> {
    let rateTries = 0;
    let netTries = 0;
    let plain = false;
    for (;;) {
      try {
        return await run(plain);
      } catch (err) {
        const f = classify(err);
        switch (f.type) {
          case 'rate':
            if (rateTries++ >= maxRateRetries || budget.waitedMs + f.retryAfterMs > maxWaitMs) {
              throw new RetryLaterError('telegram: too many requests', f.retryAfterMs);
            }
            log.debug({ chat: hashId(externalId), wait: f.retryAfterMs }, 'telegram 429, waiting');
            budget.waitedMs += f.retryAfterMs;
            await sleep(f.retryAfterMs);
            continue;
          case 'unreachable':
            throw new UnreachableError(f.reason);
          case 'transient': {
            if (netTries >= networkRetries) {
              if (f.left) throw new OutcomeUnknownError(`telegram: ${f.message}`);
              throw Object.assign(new RetryLaterError(`telegram: ${f.message}`, backoffMs * 2 ** netTries), {
                notSent: true,
              });
            }
            const wait = backoffMs * 2 ** netTries++;
            log.debug({ chat: hashId(externalId), wait, err: f.message }, 'telegram call failed, retrying');
            await sleep(wait);
            continue;
          }
          case 'markup':
            // Our HTML is built from escaped segments, so this should not happen; plain text still gets through.
            if (plain) throw err;
            log.warn({ err: f.message }, 'telegram refused our HTML; sending plain text');
            plain = true;
            continue;
          case 'not-modified':
            return undefined;
          case 'fatal':
            throw f.error;
        }
      }
    }
  }

  async function runOp(chatId: string, op: TelegramOp, plain: boolean): Promise<number> {
    const markup = op.keyboard ? { reply_markup: op.keyboard } : {};
    if (op.method === 'sendMessage') {
      const m = await telegram.sendMessage(chatId, plain ? op.plain : op.html, {
        ...(plain ? {} : { parse_mode: 'HTML' as const }),
        link_preview_options: { is_disabled: true },
        ...markup,
      });
      return m.message_id;
    }
    const file = Input.fromBuffer(
      Buffer.from(op.media.base64, 'base64'),
      op.media.fileName ?? (op.method === 'sendPhoto' ? 'image.jpg' : 'document.pdf'),
    );
    const caption =
      op.html !== undefined
        ? plain
          ? { caption: op.plain ?? '' }
          : { caption: op.html, parse_mode: 'HTML' as const }
        : {};
    const m =
      op.method === 'sendPhoto'
        ? await telegram.sendPhoto(chatId, file, { ...caption, ...markup })
        : await telegram.sendDocument(chatId, file, { ...caption, ...markup });
    return m.message_id;
  }

  async function show(externalId: string, message: Outbound, budget: { waitedMs: number }): Promise<string> {
    if (message.typing) {
      await call(externalId, budget, () => telegram.sendChatAction(externalId, 'typing')).catch(() => {});
    }
    let last = '';
    for (const op of renderOutbound(message)) {
      const id = await call(externalId, budget, (plain) => runOp(externalId, op, plain));
      if (id !== undefined) last = String(id);
    }
    return last;
  }

  return {
    async send(externalId, messages) {
      const budget = { waitedMs: 0 };
      for (const m of messages) await show(externalId, m, budget);
    },
    post(externalId, message) {
      return show(externalId, message, { waitedMs: 0 });
    },
    async edit(externalId, ref, message) {
      // An edit cannot grow into several messages: keep the first piece.
      const piece = splitText(message.text || '…', MESSAGE_LIMIT)[0]!;
      const keyboard = keyboardFor(message.choices);
      await call(externalId, { waitedMs: 0 }, (plain) =>
        telegram.editMessageText(externalId, Number(ref), undefined, plain ? piece.plain : piece.html, {
          ...(plain ? {} : { parse_mode: 'HTML' as const }),
          link_preview_options: { is_disabled: true },
          ...(keyboard ? { reply_markup: keyboard } : {}),
        }),
      );
    },
    async settleKeyboard(externalId, messageId, keyboard) {
      await call(externalId, { waitedMs: 0 }, () =>
        telegram.editMessageReplyMarkup(externalId, messageId, undefined, keyboard),
      ).catch((err: unknown) => log.debug({ err: String(err) }, 'keyboard not updated'));
    },
    async typing(externalId) {
      await telegram.sendChatAction(externalId, 'typing').catch((err: unknown) => {
        log.debug({ err: String(err) }, 'typing hint failed');
      });
    },
  };
}
