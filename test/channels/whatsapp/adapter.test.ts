import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWhatsAppChannel, isWhatsAppChannel } from '../../../src/channels/whatsapp/adapter';
import { loadDbAuthState } from '../../../src/channels/whatsapp/auth-store';
import { WhatsAppNumberInUseError } from '../../../src/channels/whatsapp/lock';
import { replyHint } from '../../../src/channels/whatsapp/render';
import { BroadcastHaltedError, createWhatsAppBroadcastSender } from '../../../src/channels/whatsapp/sender';
import { findContact } from '../../../src/db/contacts';
import { contacts, outbox, whatsappAuth } from '../../../src/db/schema';
import { silentLogger } from '../../../src/log';
import { fixtures, LID, LID_JID, PHONE, PN_JID, textFrom } from '../../fixtures/whatsapp/messages';
import { backends, openTestDatabase } from '../../support/db';
import { captureOutput, FakeSocket } from './fake-socket';
import { harness, stopAll } from './harness';

afterEach(stopAll);
// Whole conversations of a dozen messages each on a shared 2-core machine: generous, not a speed check.
vi.setConfig({ testTimeout: 240_000 });

/** The option labels of a numbered list ("1. …" lines). */
const numbered = (text: string) => [...text.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1]!);
/** The "Balas 1, 2 atau 3" line for n options, at the end of the message. */
const hintFor = (n: number, locale: 'id' | 'en') => new RegExp(`\\n\\n${replyHint(n, locale)}$`);

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Any "reply with a number" line in Indonesian, at the end of a message. */
const ANY_HINT = /\n\nBalas (1(, \d+)* atau \d+|dengan angka 1 sampai \d+)$/;

const idleSink = {
  accept: async () => {},
  handle: async () => ({ duplicate: false, replies: [], delivered: true }),
};

describe.each(backends)('WhatsApp adapter over the engine (%s)', (backend) => {
  it('a full conversation: menu, numbered replies, typed words, a misspelling and the language switch', async () => {
    const h = await harness(backend);
    const first = await h.say(textFrom('halo'));
    expect(first.join('\n')).toContain('*Pantau Netral*');
    const menu = first.at(-1)!;
    const options = numbered(menu);
    expect(options[0]).toBe('Tanya aturan netralitas ASN');
    expect(options).toContain('Bantuan');
    expect(options.at(-1)).toBe('English');
    expect(menu).toMatch(hintFor(options.length, 'id'));
    expect(h.sock().sent[0]!.jid).toBe(PN_JID);

    // A number picks the option.
    const help = await h.say(textFrom(String(options.indexOf('Bantuan') + 1)));
    expect(help[0]).toContain('Kata yang selalu bisa dipakai');
    expect(help.at(-1)).toMatch(hintFor(options.length, 'id'));

    // The option's word, misspelt, switches the language; the hint follows the new language.
    const english = await h.say(textFrom('Englsh'));
    // One turn, one bubble: the confirmation and the menu that follows it.
    expect(english).toHaveLength(1);
    expect(english[0]).toMatch(/^OK, I will use English from now on\.\n\n/);
    const optionsEn = numbered(english.at(-1)!);
    expect(optionsEn[0]).toBe('Ask about ASN neutrality rules');
    expect(optionsEn.at(-1)).toBe('Bahasa Indonesia');
    expect(english.at(-1)).toMatch(hintFor(optionsEn.length, 'en'));
    expect((await findContact(h.database.db, 'whatsapp', PHONE))?.locale).toBe('en');

    // Typed option words work too.
    const helpEn = await h.say(textFrom('Help'));
    expect(helpEn[0]).toContain('Words that always work');
    const back = await h.say(textFrom('bahasa indonesia'));
    expect(back[0]).toMatch(/^Baik, saya akan memakai Bahasa Indonesia\.\n\n/);
    expect(back.at(-1)).toMatch(hintFor(options.length, 'id'));

    // Every handled message was marked read.
    expect(h.sock().read).toHaveLength(5);
  });

  it('ignores groups, status, newsletters, broadcast lists, own messages and reactions', async () => {
    const h = await harness(backend);
    const replies = await h.say(
      fixtures.group(),
      fixtures.status(),
      fixtures.newsletter(),
      fixtures.broadcastList(),
      fixtures.own(),
      fixtures.reaction(),
      fixtures.protocolRevoke(),
    );
    expect(replies).toEqual([]);
    expect(h.sock().read).toEqual([]);
    // "append" older than the window is history, and our own messages are never answered.
    const now = Math.floor(Date.now() / 1000);
    h.sock().ev.emit('messages.upsert', {
      messages: [
        { ...textFrom('lama'), messageTimestamp: now - 25 * 3600 },
        { ...textFrom('dari kami', PN_JID, { fromMe: true }), messageTimestamp: now - 60 },
      ],
      type: 'append',
    });
    await h.channel.idle();
    expect(h.sock().sent).toEqual([]);
  });

  it('answers stickers, voice notes, video notes, locations, contacts and polls with a hint in the contact language', async () => {
    const h = await harness(backend);
    const types = ['sticker', 'voiceNote', 'videoNote', 'location', 'contact', 'poll'] as const;
    for (const [i, name] of types.entries()) {
      const m = fixtures[name]();
      const [reply, ...rest] = await h.say({
        ...m,
        key: { ...m.key, remoteJid: `6281300000${i}@s.whatsapp.net` },
      });
      expect(rest).toEqual([]);
      expect(reply).toContain('hanya bisa membaca *teks*, *foto*');
    }
    // One person's burst of stickers gets one hint; the rest are read and left alone.
    expect(await h.say(fixtures.sticker())).toHaveLength(1);
    expect(await h.say(fixtures.sticker(), fixtures.voiceNote())).toEqual([]);
    // Once they write something we read, the next unsupported message is explained again.
    await h.say(textFrom('halo'));
    await h.say(textFrom('bahasa'));
    const [en] = await h.say(fixtures.voiceNote());
    expect(en).toContain('I can only read *text*, *photos*');
    expect(h.sock().read.length).toBe(12);
  });

  it('reads text in every wrapper and handles a redelivered message once', async () => {
    const h = await harness(backend);
    await h.say(textFrom('halo'));
    const edited = fixtures.edited(); // "menu (diedit)": not a command, answered as a question
    expect((await h.say(edited)).length).toBeGreaterThan(0);
    const m = textFrom('menu');
    const once = await h.say(m);
    expect(once.at(-1)).toMatch(ANY_HINT);
    expect(await h.say(m)).toEqual([]);
    const eph = await h.say(fixtures.ephemeral());
    expect(eph.length).toBeGreaterThan(0);
  });

  it('keys a LID sender by phone number when known (alt field or baileys mapping), else by LID', async () => {
    const h = await harness(backend);
    await h.say(fixtures.lidWithAlt());
    expect(await findContact(h.database.db, 'whatsapp', PHONE)).toBeDefined();
    expect(h.sock().sent.at(-1)!.jid).toBe(PN_JID);

    await h.say(fixtures.lidOnly());
    const lidContact = await findContact(h.database.db, 'whatsapp', `${LID}@lid`);
    expect(lidContact).toBeDefined();
    expect(h.sock().sent.at(-1)!.jid).toBe(LID_JID);

    // Once baileys knows the mapping, the same LID lands on the phone-number contact.
    h.sock().lidToPn.set(LID_JID, `${PHONE}@s.whatsapp.net`);
    const before = h.sock().sent.length;
    await h.say(fixtures.lidOnly());
    expect(
      h
        .sock()
        .sent.slice(before)
        .every((s) => s.jid === PN_JID),
    ).toBe(true);
  });

  it('shows typing while a file is read, downloads through the injected function, and answers', async () => {
    const h = await harness(backend);
    const replies = await h.say(fixtures.document());
    expect(replies.length).toBeGreaterThan(0);
    // "available" first (WhatsApp shows typing only from an available client), then typing, then paused.
    expect(h.sock().presence.map((p) => p.type)).toEqual(['available', 'composing', 'paused']);
    expect(h.sock().presence[1]).toEqual({ type: 'composing', jid: PN_JID });
    // The next turn within 10 s shows no typing again.
    const n = h.sock().presence.length;
    await h.say(textFrom('menu'));
    expect(h.sock().presence.slice(n)).toEqual([]);
    // A file announced too big is refused before any download, in the user's language.
    const big = await h.say(fixtures.bigImage());
    expect(big.join('\n')).toContain('Berkas terlalu besar (50 MB)');
  });

  it('keeps replies while disconnected and sends them after reconnecting', async () => {
    const h = await harness(backend);
    await h.say(textFrom('halo'));
    const first = h.sock();
    first.close(428);
    expect(h.channel.connected).toBe(false);
    first.deliver(textFrom('menu'));
    await h.channel.idle();
    await h.app.dispatcher.idle();
    expect(first.sent.length).toBe(1); // only the first greeting went out (one bubble)
    const pending = await h.database.db.select().from(outbox).where(isNull(outbox.sentAt));
    expect(pending).toHaveLength(1);
    expect(pending[0]!.lastError).toContain('not connected');
    await wait(30);
    expect(h.sockets.length).toBe(2);
    h.sock().open();
    // The reconnect sends what is due by then; what is still waiting goes at the next drain.
    await h.app.dispatcher.idle();
    await h.database.db
      .update(outbox)
      .set({ nextAttemptAt: new Date(0) })
      .where(isNull(outbox.sentAt));
    await h.app.dispatcher.drainOutbox();
    expect(await h.database.db.select().from(outbox).where(isNull(outbox.sentAt))).toEqual([]);
    expect(h.sock().sent).toHaveLength(1);
    expect(h.sock().texts().at(-1)).toMatch(ANY_HINT);
  });

  it('lends its live connection and pacer to the broadcast sender', async () => {
    const h = await harness(backend);
    expect(isWhatsAppChannel(h.channel)).toBe(true);
    await h.say(textFrom('halo'));
    const contact = (await findContact(h.database.db, 'whatsapp', PHONE))!;
    await h.database.db.update(contacts).set({ subscribed: true }).where(eq(contacts.id, contact.id));
    const broadcast = createWhatsAppBroadcastSender({
      config: h.config,
      database: h.database,
      sendMessage: h.channel.sendMessage,
      sharedPacer: h.channel.pacer,
      jitterMs: 0,
      ratePerMinute: 600_000,
    });
    await broadcast.send(PHONE, [{ text: 'Info *pemilu*' }]);
    expect(h.sock().sent.at(-1)).toEqual({ jid: PN_JID, content: { text: 'Info *pemilu*' } });
    // A routine reconnect pauses the broadcast (it resumes by itself), it does not halt it.
    h.sock().close(428);
    for (let i = 0; i < 5; i++) {
      const paused = await broadcast.send(PHONE, [{ text: 'lagi' }]).catch((e: unknown) => e);
      expect(paused).toBeInstanceOf(BroadcastHaltedError);
      expect(paused).toMatchObject({ reason: 'disconnected', resumeAfterMs: 5000, haltChannel: true });
    }
    expect(broadcast.halted).toBe(false);
    await vi.waitFor(() => expect(h.sockets.length).toBe(2));
    h.sock().open();
    await broadcast.send(PHONE, [{ text: 'lagi' }]);
    expect(h.sock().sent.at(-1)).toEqual({ jid: PN_JID, content: { text: 'lagi' } });
  });

  it('maps a send failure that shows the contact is gone to unreachable', async () => {
    const h = await harness(backend);
    h.sock().failNextSend = Object.assign(new Error('item-not-found'), { output: { statusCode: 404 } });
    await h.say(textFrom('halo'));
    const contact = await findContact(h.database.db, 'whatsapp', PHONE);
    expect(contact?.unreachableAt).toBeTruthy();
  });
});

describe.each(backends)('WhatsApp login and connection (%s)', (backend) => {
  it('prints a QR code to scan, and saves creds to the database on creds.update', async () => {
    const h = await harness(backend, {}, { connect: false });
    h.sock().ev.emit('connection.update', { qr: '2@abcdefghijklmnop,xyz,123==' });
    await wait(50);
    expect(h.output.text()).toContain('Tautkan perangkat, lalu pindai kode QR ini');
    expect(h.output.text()).toContain('▄'); // the QR drawn with block characters
    h.sock().open();
    expect(h.output.text()).toContain('WhatsApp connected.');

    // baileys mutates creds in place, then emits creds.update.
    const auth = await loadDbAuthState(h.database, {});
    expect(auth.state.creds.registered).toBe(false);
    const makeSocketArgs = h.sockets.length;
    expect(makeSocketArgs).toBe(1);
    h.sock().ev.emit('creds.update', {});
    // Saved in the background (serialised with other credential writes): wait for it, not a fixed time.
    await vi.waitFor(async () => {
      const rows = await h.database.db
        .select()
        .from(whatsappAuth)
        .where(and(eq(whatsappAuth.account, 'default'), eq(whatsappAuth.key, 'creds')));
      expect(rows).toHaveLength(1);
    });
  });

  it('asks for a pairing code instead of a QR when WHATSAPP_PAIRING_NUMBER is set', async () => {
    const h = await harness(backend, { WHATSAPP_PAIRING_NUMBER: '+6281298765432' }, { connect: false });
    expect(h.sock().pairingRequests).toEqual([]); // not before the socket is up
    h.sock().ev.emit('connection.update', { connection: 'connecting' });
    h.sock().ev.emit('connection.update', { qr: 'qr-1' });
    h.sock().ev.emit('connection.update', { qr: 'qr-2' });
    await wait(20);
    expect(h.sock().pairingRequests).toEqual(['6281298765432']);
    expect(h.output.text()).toContain('Kode penautan WhatsApp: ABCD1234');
    expect(h.output.text()).not.toContain('pindai kode QR');
  });

  it('reconnects with growing backoff, immediately on restartRequired, and ignores the old socket', async () => {
    const h = await harness(backend);
    h.sockets[0]!.close(515);
    await wait(5);
    expect(h.sockets.length).toBe(2);
    h.sockets[1]!.close(408);
    await wait(3);
    expect(h.sockets.length).toBe(2); // waits base * 2^1 = 10 ms
    await wait(30);
    expect(h.sockets.length).toBe(3);
    // A late event from an old socket changes nothing.
    h.sockets[0]!.deliver(textFrom('halo'));
    await h.channel.idle();
    expect(h.sockets.flatMap((s) => s.sent)).toEqual([]);
    h.sock().open();
    expect(h.channel.connected).toBe(true);
  });

  it('on logout clears the stored login, says how to pair again, and does not reconnect', async () => {
    const h = await harness(backend);
    const auth = await loadDbAuthState(h.database, {});
    auth.state.creds.registered = true;
    await auth.saveCreds();
    await auth.state.keys.set({ session: { x: Buffer.from('s') } });
    h.sock().close(401);
    await wait(30);
    expect(h.sockets.length).toBe(1);
    // Only the last connection event stays (written once the login is gone).
    await vi.waitFor(async () => {
      const left = await h.database.db.select({ key: whatsappAuth.key }).from(whatsappAuth);
      expect(left.map((r) => r.key)).toEqual(['connection-status']);
    });
    expect(h.output.text()).toContain('Run `npm start` again to link with a QR code');
  });
});

describe.runIf(backends.includes('postgres'))('one process per WhatsApp number (postgres)', () => {
  it('refuses a second holder of the number, and lets it in once the first stops', async () => {
    const database = await openTestDatabase('postgres');
    try {
      const first = await harness('postgres', {}, { database });
      const second = createWhatsAppChannel({
        config: first.config,
        database: { ...database, close: async () => {} },
        log: silentLogger,
        output: captureOutput(),
        makeSocket: () => new FakeSocket(),
      });
      const err = await second.start(idleSink).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WhatsAppNumberInUseError);
      await first.stop();
      await second.start(idleSink);
      await second.stop();
    } finally {
      await database.close();
    }
  });
});
