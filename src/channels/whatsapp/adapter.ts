import NodeCache from '@cacheable/node-cache';
import { DisconnectReason, isLidUser, jidDecode, type WAMessage } from '@whiskeysockets/baileys';
import qrcode from 'qrcode-terminal';
import type { Config } from '../../config';
import { t } from '../../content/copy';
import { toPlainText } from '../../core/markup';
import { ChannelDownError } from '../../core/send';
import { createKeyedQueue } from '../../core/user-queue';
import type { Database } from '../../db/client';
import { linkWhatsAppLid } from '../../db/contacts';
import { hashId, type Logger } from '../../log';
import {
  type ChannelAdapter,
  type ChannelStatus,
  FileTooBigError,
  type InboxSink,
  type StoredEvent,
} from '../channel';
import { type DbAuthState, loadDbAuthState, saveConnectionStatus, storedLidMappings } from './auth-store';
import { lockWhatsAppNumber, WhatsAppNumberInUseError } from './lock';
import { type MediaDownload, messageFromJson, normalizeMessage } from './normalize';
import { mergeTextReplies } from './render';
import {
  type Clock,
  createWhatsAppSender,
  localeFromDatabase,
  type Pacer,
  pacerFromConfig,
  realClock,
  type SendMessage,
} from './sender';
import { dbSentStore } from './sent-store';
import {
  baileysDownload,
  type FetchWaVersion,
  latestWaVersion,
  type MakeSocket,
  makeBaileysSocket,
  type SocketOptions,
  type WhatsAppSocket,
} from './socket';

export interface WhatsAppChannelOptions {
  config: Config;
  database: Database;
  log: Logger;
  /** Default: the real baileys socket. */
  makeSocket?: MakeSocket;
  /** Default: baileys' downloadMediaMessage over the current socket. */
  download?: MediaDownload;
  /** Pacing clock (tests). */
  clock?: Clock;
  /** Where the QR code, pairing code and login notes are printed (default: standard output). */
  output?: NodeJS.WritableStream;
  /** Row prefix in whatsapp_auth and the lock name; one per number. */
  account?: string;
  /** Default: baileys' fetchLatestWaWebVersion (when WHATSAPP_FETCH_VERSION is on). */
  fetchVersion?: FetchWaVersion;
  /** Reconnect backoff: base * 2^attempt, capped. */
  backoff?: { baseMs: number; maxMs: number };
}

export interface WhatsAppChannel extends ChannelAdapter {
  /**
   * Sends one raw WhatsApp message on the live connection (ChannelDownError while disconnected),
   * unpaced: give it to createWhatsAppBroadcastSender, which paces it.
   */
  sendMessage: SendMessage;
  /** The reply pacer; the broadcast sender also waits on it so replies and broadcasts share one rate. */
  pacer: Pacer;
  /** Resolves when every received message has been handled (tests). */
  idle(): Promise<void>;
  /** The socket in use, if any (tests, tools). */
  readonly socket: WhatsAppSocket | undefined;
  readonly connected: boolean;
}

/**
 * Disconnects after which reconnecting is wrong: it would fight another session (440), keep
 * knocking on a refused number (403, 405), or loop on a broken login (401, 411, 500). The channel
 * stops, says what to do, and reports an exit code for the process.
 */
const FATAL: Record<number, { reason: string; copy: string; exitCode: number; log: string }> = {
  [DisconnectReason.loggedOut]: {
    reason: 'logged_out',
    copy: 'whatsapp.logged_out',
    exitCode: 3,
    log: 'logged out (401): stored login cleared; start again to link',
  },
  [DisconnectReason.connectionReplaced]: {
    reason: 'replaced',
    copy: 'whatsapp.replaced',
    exitCode: 4,
    log: 'connection replaced by another session (440); not reconnecting',
  },
  [DisconnectReason.forbidden]: {
    reason: 'forbidden',
    copy: 'whatsapp.forbidden',
    exitCode: 5,
    log: 'number refused by WhatsApp (403: banned or restricted)',
  },
  405: {
    reason: 'refused',
    copy: 'whatsapp.forbidden',
    exitCode: 5,
    log: 'connection refused by WhatsApp (405)',
  },
  [DisconnectReason.multideviceMismatch]: {
    reason: 'multidevice_mismatch',
    copy: 'whatsapp.bad_session',
    exitCode: 6,
    log: 'multi-device mismatch (411): link again',
  },
  [DisconnectReason.badSession]: {
    reason: 'bad_session',
    copy: 'whatsapp.bad_session',
    exitCode: 6,
    log: 'bad session (500): log out and link again',
  },
};

const TYPING_EVERY_MS = 10_000;
const HINT_EVERY_MS = 3_600_000;

function statusCodeOf(err: unknown): number | undefined {
  const s = (err as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

function renderQr(qr: string): Promise<string> {
  return new Promise((resolve) => qrcode.generate(qr, { small: true }, resolve));
}

/**
 * WhatsApp through baileys: logs in with a QR code or pairing code, keeps the login in the
 * database, reconnects with backoff, and turns messages into Inbounds for the engine.
 */
export function createWhatsAppChannel(opts: WhatsAppChannelOptions): WhatsAppChannel {
  const { config, database, log } = opts;
  const makeSocket = opts.makeSocket ?? makeBaileysSocket;
  const account = opts.account ?? 'default';
  const output = opts.output ?? process.stdout;
  const backoff = opts.backoff ?? { baseMs: 1000, maxMs: 60_000 };
  const clock = opts.clock ?? realClock;
  const chats = createKeyedQueue();
  const download = opts.download ?? baileysDownload(() => current, log, config.PLATFORM_TIMEOUT_MS);

  let current: WhatsAppSocket | undefined;
  let connected = false;
  let stopped = false;
  let attempt = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let auth: DbAuthState | undefined;
  let releaseLock: (() => Promise<void>) | undefined;
  let sink: InboxSink | undefined;

  let status: ChannelStatus = { state: 'starting', since: new Date(clock.now()).toISOString() };
  const deadListeners: ((s: ChannelStatus) => void)[] = [];
  const readyListeners: (() => void)[] = [];
  let statusWrites: Promise<void> = Promise.resolve();
  function setStatus(next: Omit<ChannelStatus, 'since'>): void {
    if (status.state === 'dead') return;
    status = { ...next, since: new Date(clock.now()).toISOString() };
    // Kept in the database so `npm run whatsapp -- status` can read it from another process.
    const snapshot = status;
    statusWrites = statusWrites
      .then(() => saveConnectionStatus(database, account, snapshot))
      .catch((err: unknown) => log.debug({ err: String(err) }, 'recording WhatsApp status failed'));
  }
  function die(next: { reason: string; exitCode: number }): void {
    setStatus({ state: 'dead', ...next });
    for (const l of deadListeners) l(status);
  }

  const say = (key: string, vars: Record<string, string> = {}) => {
    output.write(`\n${toPlainText(t(key, 'id', vars))}\n${toPlainText(t(key, 'en', vars))}\n`);
  };

  const sent = dbSentStore(database, account);
  const retryCounts = new NodeCache<unknown>({ stdTTL: 3600, useClones: false });
  const socketOptions: SocketOptions = {
    getMessage: async (key) => (key.id ? sent.get(key.id) : undefined),
    msgRetryCounterCache: {
      get: <T>(key: string) => retryCounts.get(key) as T | undefined,
      set: (key, value) => retryCounts.set(key, value),
      del: (key) => retryCounts.del(key),
      flushAll: () => retryCounts.flushAll(),
    },
  };

  /**
   * "typing…" is a stanza like any other: WhatsApp shows it only from a client that announced itself
   * available, and a bot that sends one before every bubble looks like a bot. So: `available` once
   * per connection, `composing` at most once per chat every TYPING_EVERY_MS, `paused` only after it.
   */
  let announcedOn: WhatsAppSocket | undefined;
  const typingAt = new Map<string, number>();
  const typingShown = new Set<string>();
  async function showPresence(jid: string, state: 'composing' | 'paused'): Promise<void> {
    const sock = current;
    if (!sock || !connected) return;
    if (state === 'paused') {
      if (!typingShown.delete(jid)) return;
      await sock.sendPresenceUpdate('paused', jid);
      return;
    }
    const last = typingAt.get(jid);
    if (typingShown.has(jid) || (last !== undefined && clock.now() - last < TYPING_EVERY_MS)) return;
    if (announcedOn !== sock) {
      announcedOn = sock;
      await sock.sendPresenceUpdate('available');
    }
    typingAt.set(jid, clock.now());
    typingShown.add(jid);
    if (typingAt.size > 5000) typingAt.clear();
    await sock.sendPresenceUpdate('composing', jid);
  }

  /** The unsupported-type hint, once per person until they write something we read, or an hour passes. */
  const hinted = new Map<string, number>();
  function hintDue(userKey: string): boolean {
    const last = hinted.get(userKey);
    if (last !== undefined && clock.now() - last < HINT_EVERY_MS) return false;
    hinted.set(userKey, clock.now());
    if (hinted.size > 5000) hinted.clear();
    return true;
  }

  const sendMessage: SendMessage = async (jid, content) => {
    // A short wait: the reconnect drains what is due, so a second is all a reply waits after it.
    if (!current || !connected) throw new ChannelDownError('whatsapp not connected', 1000);
    const result = (await current.sendMessage(jid, content)) as WAMessage | undefined;
    const id = result?.key?.id;
    if (id && result?.message) {
      // The send succeeded either way: a copy we fail to keep only costs a later re-request.
      await sent
        .save(jid, id, result.message)
        .catch((err: unknown) => log.warn({ err: String(err) }, 'keeping a sent WhatsApp message failed'));
    }
    return result;
  };
  const pacer = pacerFromConfig(config, clock);
  const sender = createWhatsAppSender({
    sendMessage,
    pacer,
    localeFor: localeFromDatabase(database),
    presence: (jid, state) => showPresence(jid, state),
    log,
  });

  /**
   * baileys acknowledges a message to WhatsApp before we see it and never delivers it again, so
   * the hand-off to the inbox cannot fail: it is retried with backoff until it is stored.
   */
  async function store(event: StoredEvent): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await sink!.accept([event]);
        return;
      } catch (err) {
        if (stopped) throw err;
        const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
        log.warn({ err: String(err), delay }, 'whatsapp message not stored yet; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** LID ↔ phone pairs already folded into one contact by this process. */
  const linked = new Set<string>();

  /** One person, one contact: a LID contact becomes (or merges into) the phone-number contact. */
  async function link(lidJid: string, pnJid: string): Promise<void> {
    const lid = jidDecode(lidJid);
    const pn = jidDecode(pnJid);
    if (lid?.server !== 'lid' || !pn || pn.server !== 's.whatsapp.net' || !/^\d{5,20}$/.test(pn.user)) return;
    const pair = `${lid.user}|${pn.user}`;
    if (linked.has(pair)) return;
    try {
      const changed = await database.db.transaction((tx) => linkWhatsAppLid(tx, `${lid.user}@lid`, pn.user));
      if (changed) log.info({ user: hashId(pn.user) }, 'whatsapp LID contact merged into its phone number');
      linked.add(pair);
      if (linked.size > 50_000) linked.clear();
    } catch (err) {
      log.warn({ err: String(err) }, 'linking a WhatsApp LID to its phone number failed');
    }
  }

  async function learnPairs(key: WAMessage['key'] | null | undefined): Promise<void> {
    if (!key) return;
    for (const [a, b] of [
      [key.remoteJid, key.remoteJidAlt],
      [key.participant, key.participantAlt],
    ] as const) {
      if (!a || !b) continue;
      if (isLidUser(a)) await link(a, b);
      else if (isLidUser(b)) await link(b, a);
    }
  }

  async function receive(sock: WhatsAppSocket, original: WAMessage): Promise<void> {
    let msg = original;
    const key = msg.key;
    // A LID-only sender: ask baileys for the phone number it may have learned, for a stable key.
    if (key?.remoteJid && isLidUser(key.remoteJid) && !key.remoteJidAlt && sock.pnForLid) {
      const pn = await sock.pnForLid(key.remoteJid).catch(() => undefined);
      if (pn) msg = { ...msg, key: { ...key, remoteJidAlt: pn } };
    }
    await learnPairs(msg.key);
    const n = normalizeMessage(msg, { config, account });
    if (n.kind === 'ignore') {
      log.debug({ reason: n.reason }, 'whatsapp message ignored');
      return;
    }
    if (n.kind === 'reply') {
      log.info({ user: hashId(n.key.userKey) }, 'whatsapp message type not supported');
      if (!hintDue(n.key.userKey)) {
        // Ten stickers in a row get one hint; the rest are read and left alone.
        if (key) void sock.readMessages([key]).catch(() => {});
        return;
      }
    } else hinted.delete(n.key.userKey);
    await store(n);
    // The blue ticks say "we have it": only once it is stored.
    if (key) void sock.readMessages([key]).catch((err: unknown) => log.debug({ err }, 'mark read failed'));
  }

  function recentAppend(msg: WAMessage): boolean {
    if (msg.key?.fromMe) return false;
    const ts = Number(msg.messageTimestamp?.toString() ?? Number.NaN);
    if (!Number.isFinite(ts)) return false;
    return clock.now() - ts * 1000 <= config.WHATSAPP_APPEND_WINDOW_HOURS * 3_600_000;
  }

  async function fetchMedia(media: { ref: Record<string, unknown> }, maxBytes: number): Promise<Uint8Array> {
    const jid = media.ref.jid;
    // Downloading and reading a file takes a while: show "typing…" meanwhile.
    if (typeof jid === 'string') void showPresence(jid, 'composing').catch(() => {});
    const bytes = await download(messageFromJson(media.ref.message as never), maxBytes);
    if (bytes.length > maxBytes) throw new FileTooBigError(bytes.length);
    return bytes;
  }

  function connect(): void {
    if (stopped || !auth) return;
    const sock = makeSocket(auth.state, log, socketOptions);
    current = sock;
    connected = false;
    let pairingAsked = false;
    const state = auth;

    sock.ev.on('creds.update', () => {
      void state.saveCreds().catch((err: unknown) => log.error({ err }, 'saving WhatsApp creds failed'));
    });

    sock.ev.on('messages.upsert', ({ messages, type }) => {
      if (sock !== current) return;
      for (const msg of messages) {
        // baileys acknowledges what arrived while we were offline and hands it over as `append`:
        // recent ones from others are real questions waiting (the inbox's id dedupe covers overlap).
        if (type !== 'notify' && !recentAppend(msg)) continue;
        // One chat's messages in order; different chats concurrently.
        void chats
          .run(msg.key?.remoteJid ?? '', () => receive(sock, msg))
          .catch((err: unknown) => log.error({ err }, 'whatsapp message failed'));
      }
    });

    // WhatsApp shares which phone number is behind a LID (baileys stores it, we fold the contacts).
    sock.ev.on('lid-mapping.update', ({ lid, pn }) => {
      if (sock !== current) return;
      void chats.run(lid, () => link(lid, pn)).catch(() => {});
    });

    sock.ev.on('connection.update', (u) => {
      if (sock !== current) return;
      if (u.qr) {
        const number = config.WHATSAPP_PAIRING_NUMBER;
        if (number && !state.state.creds.registered) {
          // The socket is up (a QR means it is waiting for a login): now a pairing code can be asked for.
          if (!pairingAsked) {
            pairingAsked = true;
            sock.requestPairingCode?.(number).then(
              (code) => say('whatsapp.pairing_code', { code }),
              (err: unknown) => log.error({ err }, 'requesting a WhatsApp pairing code failed'),
            );
          }
        } else {
          void renderQr(u.qr).then((art) => {
            say('whatsapp.login_qr');
            output.write(`${art}\n`);
          });
        }
      }
      if (u.connection === 'connecting') setStatus({ state: attempt ? 'reconnecting' : 'connecting' });
      if (u.connection === 'open') {
        connected = true;
        attempt = 0;
        log.info('whatsapp connected');
        say('whatsapp.connected');
        setStatus({ state: 'open' });
        for (const l of readyListeners) l();
      }
      if (u.connection === 'close') {
        connected = false;
        const status = statusCodeOf(u.lastDisconnect?.error);
        const fatal = status !== undefined ? FATAL[status] : undefined;
        if (fatal) {
          current = undefined;
          sock.end();
          log.error({ status, reason: fatal.reason }, `whatsapp stopped: ${fatal.log}`);
          const cleared = status === DisconnectReason.loggedOut ? state.clear() : Promise.resolve();
          void cleared
            .then(() => say(fatal.copy, { status: String(status) }))
            .catch((err: unknown) => log.error({ err }, 'clearing WhatsApp login failed'))
            .finally(() => die({ reason: fatal.reason, exitCode: fatal.exitCode }));
          return;
        }
        if (stopped) return;
        // WhatsApp asks for an immediate restart right after pairing; anything else backs off.
        const delay =
          status === DisconnectReason.restartRequired
            ? 0
            : Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
        attempt++;
        log.warn({ status, delay }, 'whatsapp connection closed; reconnecting');
        setStatus({ state: 'reconnecting', ...(status !== undefined ? { reason: String(status) } : {}) });
        reconnectTimer = setTimeout(connect, delay);
      }
    });
  }

  return {
    name: 'whatsapp',
    sender,
    fetchMedia,
    sendMessage,
    pacer,
    get socket() {
      return current;
    },
    get connected() {
      return connected;
    },
    combineReplies: mergeTextReplies,
    status: () => status,
    onReady(listener) {
      readyListeners.push(listener);
    },
    onDead(listener) {
      deadListeners.push(listener);
    },
    async start(s) {
      sink = s;
      try {
        releaseLock = await lockWhatsAppNumber(database, account);
      } catch (err) {
        if (err instanceof WhatsAppNumberInUseError) say('whatsapp.number_in_use');
        throw err;
      }
      auth = await loadDbAuthState(database, { account, log });
      if (config.WHATSAPP_FETCH_VERSION)
        socketOptions.version = await latestWaVersion(log, opts.fetchVersion);
      connect();
      // Contacts split before we followed WhatsApp's mapping (or while it was unknown) are folded now.
      void storedLidMappings(database, account)
        .then(async (pairs) => {
          for (const { lid, pn } of pairs) await chats.run(lid, () => link(lid, pn));
        })
        .catch((err: unknown) => log.warn({ err: String(err) }, 'folding stored LID contacts failed'));
    },
    async stop() {
      stopped = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      setStatus({ state: 'stopped' });
      const sock = current;
      current = undefined;
      connected = false;
      sock?.end();
      await chats.idle();
      await statusWrites;
      await releaseLock?.();
    },
    idle: () => chats.idle(),
  };
}

/** Finds the WhatsApp channel among the running ones (the broadcast engine needs its sendMessage). */
export function isWhatsAppChannel(channel: ChannelAdapter): channel is WhatsAppChannel {
  return channel.name === 'whatsapp' && 'sendMessage' in channel && 'pacer' in channel;
}
