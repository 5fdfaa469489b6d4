import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, outbox, reportEvents, reports } from '../../src/db/schema';
import { createTestBot, plain, type TestBot } from '../support/chat';
import { backends } from '../support/db';

describe.each(backends)('/laporan triage (%s)', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ backend, channel: 'telegram' });
    const db = bot.database.db;
    const [reporter] = await db
      .insert(contacts)
      .values({ channel: 'telegram', externalId: '555' })
      .returning({ id: contacts.id });
    await db.insert(reports).values([
      {
        ticket: 'PN-AAAA-A2',
        contactId: reporter!.id,
        category: 'asn',
        fields: { what: 'Kepala dinas ikut kampanye' },
        anonymous: false,
        reporterName: 'Sari',
        reporterContact: '0812',
        createdAt: new Date('2024-01-02T03:00:00Z'),
      },
      {
        ticket: 'PN-BBBB-B3',
        contactId: reporter!.id,
        category: 'hoax',
        fields: { what: 'Hoaks' },
        anonymous: true,
        createdAt: new Date('2024-01-03T03:00:00Z'),
      },
    ]);
  });
  afterAll(() => bot.close());

  const admin = (x: { text?: string; choice?: string }) => bot.send({ ...x, isAdmin: true }, 'boss');

  it('lists new reports newest first, opens one, sets a status with a note, and tells the reporter', async () => {
    const list = await admin({ text: '/laporan' });
    const ids = list.replies.at(-1)!.choices!.map((c) => c.id);
    expect(ids).toEqual(['laporan:open:PN-BBBB-B3', 'laporan:open:PN-AAAA-A2']);
    const open = await admin({ choice: 'laporan:open:PN-AAAA-A2' });
    const shown = open.replies.map(plain).join('\n');
    expect(shown).toContain('PN-AAAA-A2');
    expect(shown).toContain('Sari');
    expect(open.replies.at(-1)!.choices!.map((c) => c.id)).toContain('laporan:set:diverifikasi');
    const ask = await admin({ choice: 'laporan:set:diverifikasi' });
    expect(plain(ask.replies[0]!)).toContain('catatan');
    const done = await admin({ text: 'Sudah dicek' });
    expect(plain(done.replies[0]!)).toContain('PN-AAAA-A2');
    const [r] = await bot.database.db.select().from(reports).where(eq(reports.ticket, 'PN-AAAA-A2'));
    expect(r!.status).toBe('diverifikasi');
    const events = await bot.database.db.select().from(reportEvents).where(eq(reportEvents.reportId, r!.id));
    expect(events.map((e) => e.note)).toContain('Sudah dicek');
    const notes = await bot.database.db.select().from(outbox).where(eq(outbox.contactId, r!.contactId!));
    expect(JSON.stringify(notes.map((n) => n.message))).toContain('PN-AAAA-A2');
  });

  it('does not show the identity of an anonymous reporter', async () => {
    await admin({ text: '/laporan' });
    const open = await admin({ choice: 'laporan:open:PN-BBBB-B3' });
    const shown = open.replies.map(plain).join('\n');
    expect(shown).toContain('PN-BBBB-B3');
    expect(shown).not.toContain('Sari');
    expect(shown).not.toContain('0812');
  });

  it('refuses a non-admin, at the command and at a button', async () => {
    expect((await bot.say('/laporan', 'nobody'))[0]).toContain('hanya untuk pengelola');
    await admin({ text: '/laporan' });
    const r = await bot.send({ choice: 'laporan:open:PN-BBBB-B3', isAdmin: false }, 'boss');
    expect(plain(r.replies[0]!)).toContain('hanya untuk pengelola');
  });
});
