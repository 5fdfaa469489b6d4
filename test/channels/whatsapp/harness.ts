import type { WAMessage } from '@whiskeysockets/baileys';
import { type App, createApp } from '../../../src/app';
import { createWhatsAppChannel, type WhatsAppChannel } from '../../../src/channels/whatsapp/adapter';
import type { MediaDownload } from '../../../src/channels/whatsapp/normalize';
import type { FetchWaVersion } from '../../../src/channels/whatsapp/socket';
import { type Config, parseConfig } from '../../../src/config';
import { silentLogger } from '../../../src/log';
import { type Backend, openTestDatabase, type TestDatabase } from '../../support/db';
import { captureOutput, FakeSocket } from './fake-socket';

/** The WhatsApp adapter over the real engine and a fake socket, on a fresh test database. */
export const FAST = {
  // Tests never reach web.whatsapp.com.
  WHATSAPP_FETCH_VERSION: '0',
  WHATSAPP_RATE_PER_MINUTE: '600000',
  WHATSAPP_CHAT_INTERVAL_MS: '0',
  WHATSAPP_JITTER_MS: '0',
};

export interface Harness {
  database: TestDatabase;
  config: Config;
  channel: WhatsAppChannel;
  app: App;
  sockets: FakeSocket[];
  sock(): FakeSocket;
  output: ReturnType<typeof captureOutput>;
  /** Delivers messages on the current socket and returns the texts sent back. */
  say(...messages: WAMessage[]): Promise<string[]>;
  stop(): Promise<void>;
}

let open: Harness[] = [];
/** Stops every harness started so far (call from afterEach). */
export async function stopAll(): Promise<void> {
  for (const h of open) await h.stop();
  open = [];
}

export async function harness(
  backend: Backend,
  env: Record<string, string> = {},
  opts: {
    database?: TestDatabase;
    connect?: boolean;
    download?: MediaDownload;
    fetchVersion?: FetchWaVersion;
  } = {},
): Promise<Harness> {
  const database = opts.database ?? (await openTestDatabase(backend));
  const config = parseConfig({ WHATSAPP_ENABLED: '1', ...FAST, ...env });
  const sockets: FakeSocket[] = [];
  const output = captureOutput();
  const channel = createWhatsAppChannel({
    config,
    database,
    log: silentLogger,
    output,
    backoff: { baseMs: 5, maxMs: 40 },
    ...(opts.fetchVersion ? { fetchVersion: opts.fetchVersion } : {}),
    makeSocket: (_auth, _log, options) => {
      const s = new FakeSocket();
      s.options = options;
      sockets.push(s);
      return s;
    },
    download: opts.download ?? (async () => new Uint8Array([0x25, 0x50, 0x44, 0x46])),
  });
  const app = await createApp({ config, database, channels: [channel], log: silentLogger });
  await channel.start(app.dispatcher.sink);
  if (opts.connect !== false) sockets.at(-1)!.open();
  let stopped = false;
  const h: Harness = {
    database,
    config,
    channel,
    app,
    sockets,
    output,
    sock: () => sockets.at(-1)!,
    async say(...messages) {
      const s = h.sock();
      const before = s.sent.length;
      s.deliver(...messages);
      await channel.idle();
      await app.dispatcher.idle();
      // Replies of one event can queue behind another's: settle until nothing moves.
      await app.dispatcher.idle();
      return s.texts(before);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await channel.stop();
      if (!opts.database) await database.close();
    },
  };
  open.push(h);
  return h;
}
