import { type App, createApp } from '../../src/app';
import {
  createWhatsAppCloudChannel,
  type WhatsAppCloudChannel,
} from '../../src/channels/whatsapp-cloud/adapter';
import { type Config, parseConfig } from '../../src/config';
import { createHttpApp } from '../../src/http/app';
import { type HttpServer, startHttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { type Backend, openTestDatabase, type TestDatabase } from './db';
import {
  FAKE_APP_SECRET,
  FAKE_VERIFY_TOKEN,
  type FakeGraphApi,
  postWebhook,
  type SentMessage,
  startFakeGraphApi,
  type WebhookMessage,
  type WebhookStatus,
  webhookBody,
} from './fake-graph-api';

export interface CloudHarness {
  graph: FakeGraphApi;
  channel: WhatsAppCloudChannel;
  app: App;
  database: TestDatabase;
  config: Config;
  /** http://127.0.0.1:PORT/webhooks/whatsapp */
  hookUrl: string;
  /** POSTs a signed body and waits until its messages are handled and the replies sent. */
  post(items: { messages?: WebhookMessage[]; statuses?: WebhookStatus[] }): Promise<{ status: number }>;
  /** One message from `from`; returns what was sent to `from` because of it. */
  say(message: WebhookMessage): Promise<SentMessage[]>;
  stop(): Promise<void>;
}

export function cloudEnv(graph: FakeGraphApi): Record<string, string> {
  return {
    WHATSAPP_CLOUD_TOKEN: graph.token,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: graph.phoneNumberId,
    WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
    WHATSAPP_CLOUD_VERIFY_TOKEN: FAKE_VERIFY_TOKEN,
    WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
  };
}

/** The words of a sent message: text body, interactive body, or caption. */
export function textOf(s: SentMessage): string {
  const b = s.body as {
    text?: { body?: string };
    interactive?: { body?: { text?: string } };
    image?: { caption?: string };
    document?: { caption?: string };
  };
  return b.text?.body ?? b.interactive?.body?.text ?? b.image?.caption ?? b.document?.caption ?? '';
}

/** The whole bot on the Cloud API: fake Graph API, real channel and webhook, engine on a fresh database. */
export async function startCloudHarness(
  opts: { backend?: Backend; env?: Record<string, string>; database?: TestDatabase } = {},
): Promise<CloudHarness> {
  const graph = await startFakeGraphApi();
  const database = opts.database ?? (await openTestDatabase(opts.backend ?? 'pglite'));
  const config = parseConfig({ ...cloudEnv(graph), ...opts.env });
  const channel = createWhatsAppCloudChannel({ config, database, log: silentLogger });
  const app = await createApp({ config, database, channels: [channel], log: silentLogger });
  const http: HttpServer = await startHttpServer(
    createHttpApp({ database, log: silentLogger, routes: channel.routes ?? [] }),
    { host: '127.0.0.1', port: 0 },
  );
  app.dispatcher.start();
  await channel.start(app.dispatcher.sink);
  const hookUrl = `http://127.0.0.1:${http.address.port}/webhooks/whatsapp`;
  const post: CloudHarness['post'] = async (items) => {
    const r = await postWebhook(hookUrl, webhookBody(items));
    await app.dispatcher.idle();
    return r;
  };
  return {
    graph,
    channel,
    app,
    database,
    config,
    hookUrl,
    post,
    async say(message) {
      const before = graph.sends.length;
      const r = await post({ messages: [message] });
      if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
      return graph.sends.slice(before).filter((s) => s.to === message.from);
    },
    async stop() {
      await channel.stop();
      await app.dispatcher.stop();
      await http.close();
      await graph.close();
      if (!opts.database) await database.close();
    },
  };
}
