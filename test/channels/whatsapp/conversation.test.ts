import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encryptedStream, type WAMessage } from '@whiskeysockets/baileys';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { baileysDownload } from '../../../src/channels/whatsapp/socket';
import { t } from '../../../src/content/copy';
import { toPlainText } from '../../../src/core/markup';
import { contacts, evidenceFiles, reportEvidence, reports } from '../../../src/db/schema';
import { silentLogger } from '../../../src/log';
import { PHONE, PN_JID, textFrom } from '../../fixtures/whatsapp/messages';
import { backends } from '../../support/db';
import { CHRONOLOGY, TICKET_RE } from '../../support/report';
import { harness, stopAll } from './harness';

/**
 * A person on WhatsApp sends a screenshot first and ends with a ticket number, through the adapter:
 * the photo is a real encrypted WhatsApp upload on a local "CDN", decrypted by baileys.
 */
let server: Server;
let origin: string;
const files = new Map<string, Buffer>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (!body) res.writeHead(404).end();
    else res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(stopAll);
// Whole conversations of a dozen messages each on a shared 2-core machine: generous, not a speed check.
vi.setConfig({ testTimeout: 240_000 });

async function screenshotMessage(): Promise<{ msg: WAMessage; png: Buffer }> {
  const png = await sharp({ create: { width: 90, height: 160, channels: 3, background: '#3b5998' } })
    .png()
    .toBuffer();
  const enc = await encryptedStream(png, 'image');
  files.set('/shot.enc', await readFile(enc.encFilePath));
  await rm(enc.encFilePath, { force: true });
  const msg: WAMessage = {
    key: { remoteJid: PN_JID, fromMe: false, id: '3EB0SCREENSHOT1' },
    messageTimestamp: 1764072000,
    pushName: 'Budi',
    message: {
      imageMessage: {
        url: `${origin}/shot.enc`,
        mimetype: 'image/png',
        mediaKey: enc.mediaKey,
        fileSha256: enc.fileSha256,
        fileEncSha256: enc.fileEncSha256,
        fileLength: enc.fileLength,
        width: 90,
        height: 160,
      },
    },
  };
  return { msg, png };
}

const plain = (key: string) => toPlainText(t(key, 'id'));
// WhatsApp shows markup characters; compare without them.
const unmark = (s: string) => s.replace(/[*_]/g, '');

/** Any "reply with a number" line in Indonesian, at the end of a message. */
const ANY_HINT = /\n\nBalas (1(, \d+)* atau \d+|dengan angka 1 sampai \d+)$/;

describe.each(backends)('WhatsApp: screenshot to ticket (%s)', (backend) => {
  it('first message, a screenshot, numbered answers, and the ticket number', async () => {
    const h = await harness(backend, {}, { download: baileysDownload(() => undefined, silentLogger) });
    const hello = await h.say(textFrom('halo'));
    expect(hello.at(-1)).toMatch(ANY_HINT);

    const { msg, png } = await screenshotMessage();
    const ask = (await h.say(msg)).join('\n');
    expect(unmark(ask)).toContain(plain('report.shot_ask'));
    expect(ask).toMatch(/1\. .+\n2\. .+\n3\. .+\n\nBalas 1, 2 atau 3$/);
    const [stored] = await h.database.db.select().from(evidenceFiles);
    expect(stored?.size).toBe(png.length);

    // "1": report an ASN; then the questions, answered as a person would type them.
    const intro = unmark((await h.say(textFrom('1'))).join('\n'));
    expect(intro).toContain(plain('report.who_asn'));
    for (const line of ['Pak Ahmad', 'tidak tahu', '2', 'offline', 'tidak ada', 'kemarin', 'sleman']) {
      const replies = await h.say(textFrom(line));
      expect(replies.length).toBeGreaterThan(0);
    }
    const evidence = unmark((await h.say(textFrom('selesai'))).join('\n'));
    expect(evidence).toContain(plain('report.chronology'));
    await h.say(textFrom(CHRONOLOGY));
    await h.say(textFrom('anonim'));
    const review = (await h.say(textFrom('setuju'))).join('\n');
    expect(review).toContain('Bukti: 1 file');
    const done = (await h.say(textFrom('kirim'))).join('\n');
    const ticket = TICKET_RE.exec(done)?.[0];
    expect(ticket).toBeDefined();
    expect(done).toContain(`*${ticket}*`);

    const [row] = await h.database.db.select().from(reports).where(eq(reports.ticket, ticket!));
    const [reporter] = await h.database.db.select().from(contacts).where(eq(contacts.id, row!.contactId!));
    expect(reporter).toMatchObject({ channel: 'whatsapp', externalId: PHONE });
    expect(
      await h.database.db.select().from(reportEvidence).where(eq(reportEvidence.reportId, row!.id)),
    ).toHaveLength(1);

    // The ticket can be checked from WhatsApp too.
    const status = (await h.say(textFrom(`cek ${ticket}`))).join('\n');
    expect(status).toContain(ticket!);
  });
});
