import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Telegram } from 'telegraf';

export interface BotApiOptions {
  /** Default https://api.telegram.org; a local Bot API server or the tests' fake. */
  apiRoot?: string | undefined;
  /** Every call gives up after this long unless it brings its own signal (long polling does). */
  timeoutMs: number;
}

type CallApi = Telegram['callApi'];

/**
 * A Bot API client with a keep-alive agent and a timeout on every call. telegraf drops its agent
 * for http:// roots (one new TCP connection per call) and waits 500 s for an answer; a stuck call
 * must never hold a user's replies that long.
 */
export function createBotApi(token: string, opts: BotApiOptions): Telegram {
  const telegram = new Telegram(token, {
    webhookReply: false,
    ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}),
  });
  const agent = opts.apiRoot?.startsWith('http://')
    ? new HttpAgent({ keepAlive: true, maxSockets: 100 })
    : new HttpsAgent({ keepAlive: true, maxSockets: 100 });
  (telegram as unknown as { options: { agent?: HttpAgent } }).options.agent = agent;
  const call = telegram.callApi.bind(telegram) as CallApi;
  telegram.callApi = ((method, payload, extra) =>
    call(method, payload, {
      // node-fetch reads only `signal`; a caller's own signal (long polling) wins.
      signal: (extra?.signal ?? AbortSignal.timeout(opts.timeoutMs)) as never,
    })) as CallApi;
  return telegram;
}
