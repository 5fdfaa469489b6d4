import makeWASocket, {
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventMap,
  Browsers,
  type CacheStore,
  DEFAULT_CONNECTION_CONFIG,
  downloadMediaMessage,
  fetchLatestWaWebVersion,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  type proto,
  type WAMessage,
  type WAMessageKey,
  type WAPresence,
  type WAVersion,
} from '@whiskeysockets/baileys';
import type { Logger } from '../../log';
import { readCapped } from '../download';

/**
 * The part of a baileys socket the adapter uses. Tests pass a fake built on an EventEmitter and a
 * recording sendMessage; production passes the real socket (`makeBaileysSocket`).
 */
export type WhatsAppEvents = Pick<
  BaileysEventMap,
  'messages.upsert' | 'connection.update' | 'creds.update' | 'lid-mapping.update'
>;

export interface WhatsAppEventSource {
  on<K extends keyof WhatsAppEvents>(event: K, listener: (arg: WhatsAppEvents[K]) => void): unknown;
}

export interface WhatsAppSocket {
  ev: WhatsAppEventSource;
  sendMessage(jid: string, content: AnyMessageContent): Promise<unknown>;
  readMessages(keys: WAMessageKey[]): Promise<unknown>;
  sendPresenceUpdate(type: WAPresence, jid?: string): Promise<unknown>;
  requestPairingCode?(phoneNumber: string): Promise<string>;
  /** Asks the phone to re-upload media whose CDN link expired. */
  updateMediaMessage?(message: WAMessage): Promise<WAMessage>;
  /** The phone number behind a LID, when WhatsApp shared the mapping. */
  pnForLid?(lid: string): Promise<string | null | undefined>;
  end(error?: Error): void;
}

/** What the adapter hands every socket it makes (they outlive one connection). */
export interface SocketOptions {
  /** A message we sent, for a recipient whose phone asks for it again. */
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined>;
  /** Retry counts survive reconnects, so a message that keeps failing is not retried forever. */
  msgRetryCounterCache: CacheStore;
  /** The WhatsApp Web version to announce (default: the one built into baileys). */
  version?: WAVersion;
}

export type MakeSocket = (auth: AuthenticationState, log: Logger, opts: SocketOptions) => WhatsAppSocket;

/** Chats we never answer: not decrypting them saves work and keeps their content out of memory. */
export function ignoredJid(jid: string): boolean {
  return !!(isJidGroup(jid) || isJidStatusBroadcast(jid) || isJidNewsletter(jid) || isJidBroadcast(jid));
}

/** The real baileys socket, behind our interface. */
export const makeBaileysSocket: MakeSocket = (auth, log, opts) => {
  // baileys logs jids and message details at info/debug; keep it to warnings unless we debug.
  const baileysLog = log.child({ mod: 'baileys' });
  if (log.levelVal > 20) baileysLog.level = 'warn';
  const sock = makeWASocket({
    auth,
    logger: baileysLog,
    browser: Browsers.ubuntu('Pantau Netral'),
    // We are a bot: don't show "online" to every contact, and don't pull years of chat history.
    markOnlineOnConnect: false,
    syncFullHistory: false,
    getMessage: opts.getMessage,
    msgRetryCounterCache: opts.msgRetryCounterCache,
    shouldIgnoreJid: ignoredJid,
    ...(opts.version ? { version: opts.version } : {}),
  });
  return {
    ev: sock.ev,
    sendMessage: (jid, content) => sock.sendMessage(jid, content),
    readMessages: (keys) => sock.readMessages(keys),
    sendPresenceUpdate: (type, jid) => sock.sendPresenceUpdate(type, jid),
    requestPairingCode: (phone) => sock.requestPairingCode(phone),
    updateMediaMessage: (m) => sock.updateMediaMessage(m),
    pnForLid: (lid) => sock.signalRepository.lidMapping.getPNForLID(lid),
    end: (error) => {
      void sock.end(error);
    },
  };
};

/** baileys' own download and decrypt, asking the phone to re-upload when the link has expired. */
export function baileysDownload(
  socket: () => WhatsAppSocket | undefined,
  log: Logger,
  timeoutMs = 10_000,
): (message: WAMessage, maxBytes: number) => Promise<Uint8Array> {
  return async (message, maxBytes) => {
    const sock = socket();
    const reupload = sock?.updateMediaMessage?.bind(sock);
    const controller = new AbortController();
    let stream: Awaited<ReturnType<typeof downloadMediaMessage<'stream'>>> | undefined;
    // baileys does not pass the abort signal on to its fetch (rc14 getHttpStream), so a CDN that
    // stalls, before answering or midway, would hold the person's queue forever: the wait itself is
    // bounded, and the decrypting stream destroyed when the time is up.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error('download timed out');
        controller.abort(err);
        // Nobody reads the stream after this: an error it emits later must not become an uncaught one.
        stream?.on('error', () => {});
        stream?.destroy(err);
        reject(err);
      }, timeoutMs);
    });
    try {
      const download = downloadMediaMessage(
        message,
        'stream',
        { options: { signal: controller.signal } },
        {
          logger: log,
          reuploadRequest: reupload ?? (async () => Promise.reject(new Error('whatsapp not connected'))),
        },
      );
      // A download that answers after the time is up is closed unread.
      void download
        .then((late) => {
          if (!controller.signal.aborted) return;
          late.on('error', () => {});
          late.destroy();
        })
        .catch(() => {});
      stream = await Promise.race([download, timedOut]);
      const opened = stream;
      // Streamed and stopped at the cap: the size a message announces can lie.
      return await Promise.race([
        readCapped(opened, maxBytes, () => {
          controller.abort();
          opened.destroy();
        }),
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** baileys' fetchLatestWaWebVersion, or a stand-in (tests never reach the network). */
export type FetchWaVersion = (
  options: RequestInit,
) => Promise<{ version: WAVersion; isLatest: boolean; error?: unknown }>;

/**
 * The WhatsApp Web version to announce: the current one from web.whatsapp.com, because WhatsApp
 * refuses versions that grow too old; the one built into baileys when that cannot be fetched
 * (offline, blocked, changed page), which works until WhatsApp retires it.
 */
export async function latestWaVersion(
  log: Logger,
  fetchVersion: FetchWaVersion = fetchLatestWaWebVersion,
  timeoutMs = 5000,
): Promise<WAVersion> {
  const builtIn = DEFAULT_CONNECTION_CONFIG.version;
  try {
    const r = await fetchVersion({ signal: AbortSignal.timeout(timeoutMs) });
    if (r.isLatest && !r.error) return r.version;
    log.warn(
      { err: String(r.error ?? 'not the latest'), version: builtIn.join('.') },
      'WhatsApp Web version not fetched; using the built-in one',
    );
  } catch (err) {
    log.warn(
      { err: String(err), version: builtIn.join('.') },
      'WhatsApp Web version not fetched; using the built-in one',
    );
  }
  return builtIn;
}
