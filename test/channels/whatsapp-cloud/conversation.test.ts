import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWhatsAppText } from '../../../src/channels/whatsapp/render';
import { t } from '../../../src/content/copy';
import { findContact } from '../../../src/db/contacts';
import { evidenceFiles } from '../../../src/db/schema';
import { seedSubscribers } from '../../support/contacts';
import { backends } from '../../support/db';
import {
  buttonReply,
  documentMessage,
  imageMessage,
  listReply,
  type SentMessage,
  textMessage,
} from '../../support/fake-graph-api';
import { gpsOf, photoWithGps } from '../../support/images';
import { ASN_AFTER_FILE, ASN_BEFORE_FILE, TICKET_RE } from '../../support/report';
import { type CloudHarness, startCloudHarness, textOf } from '../../support/whatsapp-cloud';

type Row = { id: string; title: string; description?: string };
type Interactive = {
  type: string;
  action: { buttons?: { reply: { id: string; title: string } }[]; sections?: { rows: Row[] }[] };
};

/** The options of the last interactive message sent: id and title. */
function lastOptions(sent: SentMessage[]): { id: string; title: string }[] {
  const m = sent.filter((s) => s.type === 'interactive').at(-1);
  const i = (m?.body as { interactive?: Interactive } | undefined)?.interactive;
  if (!i) return [];
  if (i.type === 'button') return i.action.buttons!.map((b) => b.reply);
  return i.action.sections!.flatMap((s) => s.rows);
}

const say = (s: string) => toWhatsAppText(t(s, 'id'));

describe.each(backends)('a citizen reports through the WhatsApp Cloud API (%s)', (backend) => {
  let h: CloudHarness;
  beforeAll(async () => {
    h = await startCloudHarness({ backend });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('menu list, category tap, typed answers, a photo, review buttons: a ticket, evidence stripped', async () => {
    const u = '6281300000001';
    const start = await h.say(textMessage(u, 'halo'));
    expect(start.map(textOf).join('\n')).toContain(say('core.welcome').split('\n')[0]!);
    const menu = lastOptions(start);
    expect(menu.length).toBeGreaterThan(3);
    const report = menu.find((o) => o.id === 'm:report');
    expect(report).toBeDefined();

    // The list row tapped: the engine receives the choice id.
    const welcome = await h.say(listReply(u, report!.id, report!.title));
    expect(welcome.map(textOf).join('\n')).toContain(say('report.welcome').split('\n')[0]!);
    const categories = lastOptions(welcome);
    expect(categories.length).toBeGreaterThan(1);
    const cat = categories[0]!;
    const tapped = await h.say(
      categories.length <= 3 ? buttonReply(u, cat.id, cat.title) : listReply(u, cat.id, cat.title),
    );
    expect(tapped.length).toBeGreaterThan(0);

    for (const line of ASN_BEFORE_FILE.slice(2)) {
      const r = await h.say(textMessage(u, line));
      expect(r.length, `reply to "${line}"`).toBeGreaterThan(0);
    }
    const photo = await photoWithGps('jpeg');
    h.graph.addMedia('media-photo-1', photo, 'image/jpeg');
    const attached = await h.say(imageMessage(u, 'media-photo-1'));
    expect(attached.map(textOf).join('\n')).toContain(
      toWhatsAppText(t('report.file_attached', 'id', { n: 1 })),
    );
    // Asked for with the token: the media id first, then the URL it gave.
    expect(h.graph.mediaRequests.filter((r) => r.id === 'media-photo-1')).toEqual([
      { id: 'media-photo-1', kind: 'info', authorized: true },
      { id: 'media-photo-1', kind: 'download', authorized: true },
    ]);

    let last: SentMessage[] = [];
    for (const line of ASN_AFTER_FILE) last = await h.say(textMessage(u, line));
    // The review offers its actions as buttons or a list; "send" is tapped, not typed.
    const options = lastOptions(last);
    const send = options.find((o) => /kirim/i.test(o.title));
    expect(send, JSON.stringify(options)).toBeDefined();
    const done = await h.say(
      options.length <= 3 ? buttonReply(u, send!.id, send!.title) : listReply(u, send!.id, send!.title),
    );
    const ticket = TICKET_RE.exec(done.map(textOf).join('\n'))?.[0];
    expect(ticket, done.map(textOf).join('\n')).toBeDefined();

    const status = await h.say(textMessage(u, `cek ${ticket}`));
    expect(status.map(textOf).join('\n')).toContain(ticket!);

    // The evidence went through the same path as elsewhere: type from bytes, EXIF and GPS gone.
    const files = await h.database.db.select().from(evidenceFiles);
    expect(files).toHaveLength(1);
    expect(files[0]!.mime).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(files[0]!.bytes)).metadata();
    expect(meta.exif).toBeUndefined();
    expect(gpsOf(meta.exif)).toBeUndefined();

    const contact = await findContact(h.database.db, 'whatsapp', u);
    expect(contact?.channel).toBe('whatsapp');
  });

  it('a file over the limit is refused from the size Meta announces, before any download', async () => {
    const u = '6281300000002';
    h.graph.addMedia('media-huge', new Uint8Array(10), 'application/pdf', {
      announcedSize: 50 * 1024 * 1024,
    });
    const r = await h.say(documentMessage(u, 'media-huge', 'besar.pdf', 'application/pdf'));
    expect(r.map(textOf).join('\n')).toContain(
      toWhatsAppText(t('core.file_too_big', 'id', { size: '> 20 MB', max: '20 MB' })),
    );
    expect(h.graph.mediaRequests.filter((m) => m.id === 'media-huge').map((m) => m.kind)).toEqual(['info']);
  });

  it('a file whose bytes are not what it claims is refused', async () => {
    const u = '6281300000003';
    h.graph.addMedia(
      'media-exe',
      new Uint8Array(Buffer.from('MZ this is not a picture at all')),
      'image/jpeg',
    );
    const r = await h.say(imageMessage(u, 'media-exe'));
    expect(r.length).toBeGreaterThan(0);
    expect(r.map(textOf).join('\n')).not.toContain(toWhatsAppText(t('report.file_attached', 'id', { n: 1 })));
  });

  it('a person known from the baileys transport is the same contact here (same number)', async () => {
    const u = '6281300000005';
    // As the baileys channel stores them: channel whatsapp, the phone number as external id.
    await seedSubscribers(h.database.db, 1, { first: Number(u), channel: 'whatsapp', locale: 'en' });
    const before = await findContact(h.database.db, 'whatsapp', u);
    const r = await h.say(textMessage(u, 'menu'));
    // Their language carried over: the menu comes in English.
    expect(r.map(textOf).join('\n')).toContain(toWhatsAppText(t('core.menu', 'en')).split('\n')[0]!);
    const after = await findContact(h.database.db, 'whatsapp', u);
    expect(after!.id).toBe(before!.id);
    expect(after!.subscribed).toBe(true);
  });

  it('a voice note gets the "what I can read" answer in the contact language', async () => {
    const u = '6281300000004';
    const r = await h.say({
      ...textMessage(u, ''),
      type: 'audio',
      audio: { id: 'a1', mime_type: 'audio/ogg' },
    });
    expect(r.map(textOf)).toEqual([toWhatsAppText(t('whatsapp.cloud_unsupported', 'id'))]);
  });
});
