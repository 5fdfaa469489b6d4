import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { AnyMessageContent, WAMessage, WAMessageKey, WAPresence } from '@whiskeysockets/baileys';
import type { SocketOptions, WhatsAppSocket } from '../../../src/channels/whatsapp/socket';

let sentIds = 0;

/** A baileys socket stand-in: an event emitter we drive, and recorders for everything sent. */
export class FakeSocket implements WhatsAppSocket {
  ev = new EventEmitter();
  sent: { jid: string; content: AnyMessageContent }[] = [];
  read: WAMessageKey[] = [];
  presence: { type: WAPresence; jid?: string }[] = [];
  pairingRequests: string[] = [];
  ended = false;
  lidToPn = new Map<string, string>();
  failNextSend?: Error;
  /** What the adapter passed to makeSocket (getMessage, the retry counter cache, the version). */
  options?: SocketOptions;

  async sendMessage(jid: string, content: AnyMessageContent) {
    if (this.failNextSend) {
      const err = this.failNextSend;
      this.failNextSend = undefined;
      throw err;
    }
    this.sent.push({ jid, content });
    // What baileys' sendMessage resolves with: the full message it built, under a fresh id.
    const c = content as { text?: string; caption?: string };
    const message =
      c.text !== undefined
        ? { extendedTextMessage: { text: c.text } }
        : { documentMessage: { caption: c.caption } };
    return {
      key: { remoteJid: jid, fromMe: true, id: `3EB0FAKE${(++sentIds).toString(16).toUpperCase()}` },
      message,
      messageTimestamp: Math.floor(Date.now() / 1000),
    } satisfies WAMessage;
  }
  async readMessages(keys: WAMessageKey[]) {
    this.read.push(...keys);
  }
  async sendPresenceUpdate(type: WAPresence, jid?: string) {
    this.presence.push({ type, ...(jid ? { jid } : {}) });
  }
  async requestPairingCode(phone: string) {
    this.pairingRequests.push(phone);
    return 'ABCD1234';
  }
  async pnForLid(lid: string) {
    return this.lidToPn.get(lid) ?? null;
  }
  end() {
    this.ended = true;
  }

  open() {
    this.ev.emit('connection.update', { connection: 'open' });
  }
  close(statusCode: number) {
    this.ev.emit('connection.update', {
      connection: 'close',
      lastDisconnect: {
        error: Object.assign(new Error('closed'), { output: { statusCode } }),
        date: new Date(),
      },
    });
  }
  deliver(...messages: WAMessage[]) {
    this.ev.emit('messages.upsert', { messages, type: 'notify' });
  }
  /** What a person sees: text bodies and captions, in order. */
  texts(from = 0): string[] {
    return this.sent.slice(from).map(({ content }) => {
      const c = content as { text?: string; caption?: string };
      return c.text ?? c.caption ?? '';
    });
  }
}

/** A writable that keeps what was printed (QR code, pairing code, login notes). */
export function captureOutput(): Writable & { text(): string } {
  let buf = '';
  const w = new Writable({
    write(chunk, _enc, cb) {
      buf += String(chunk);
      cb();
    },
  });
  return Object.assign(w, { text: () => buf });
}
