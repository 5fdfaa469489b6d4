import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStatus } from '../../src/reports/admin';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { copy, fileAsnReport } from '../support/report';

describe.each(backends)('report status on %s', (backend) => {
  let bot: TestBot;
  let ticket: string;
  beforeAll(async () => {
    bot = await createTestBot({ backend });
    ticket = await fileAsnReport(bot, 'reporter');
  });
  afterAll(() => bot.close());

  it('shows the status and history to the reporter, however the ticket is typed', async () => {
    for (const typed of [
      `cek ${ticket}`,
      `/status ${ticket}`,
      `cek ${ticket.toLowerCase().replace(/-/g, '')}`,
      `cek ${ticket.replace(/-/g, ' ')}`,
    ]) {
      const out = (await bot.say(typed, 'reporter')).join('\n');
      expect(out, typed).toContain(`Laporan ${ticket}`);
      expect(out, typed).toContain(`Status: ${copy('report.status.baru')}`);
    }
  });

  it('asks for the ticket when none is given, and refuses a malformed one', async () => {
    expect((await bot.say('status', 'reporter')).join('\n')).toContain(copy('report.status_ask'));
    const bad = (await bot.say('PN-12', 'reporter')).join('\n');
    expect(bad).toContain(copy('report.status_bad_ticket'));
    expect(bad).toContain(copy('report.status_ask'));
    expect((await bot.say(ticket, 'reporter')).join('\n')).toContain(`Laporan ${ticket}`);
  });

  it('tells another contact nothing: the same answer as a ticket that does not exist', async () => {
    const other = (await bot.say(`cek ${ticket}`, 'stranger')).join('\n');
    const missing = (await bot.say('cek PN-2222-22', 'stranger')).join('\n');
    expect(other).toBe(copy('report.status_not_found', { ticket }));
    expect(missing).toBe(copy('report.status_not_found', { ticket: 'PN-2222-22' }));
    expect(other).not.toContain('Status');
    // Nor the summary through a forged button id.
    const forged = await bot.send({ choice: `status:summary:${ticket}` }, 'stranger');
    expect(forged.replies.map((r) => r.text).join('\n')).not.toContain('Budi');
  });

  it('shows it to an admin', async () => {
    const out = (await bot.say({ text: `cek ${ticket}`, isAdmin: true }, 'admin')).join('\n');
    expect(out).toContain(`Laporan ${ticket}`);
  });

  it('tells the reporter when an admin changes the status, with the history', async () => {
    await setStatus(bot.database.db, { ticket, status: 'diteruskan', note: 'BKN', actor: 'cli' });
    bot.sender.sent.delete('reporter');
    const sent = await bot.dispatcher.drainOutbox();
    expect(sent).toBeGreaterThan(0);
    const got = (bot.sender.sent.get('reporter') ?? []).map((m) => m.text).join('\n');
    expect(got).toContain(ticket);
    expect(got).toContain(copy('report.status.diteruskan'));
    expect(got).toContain('BKN');
    const out = (await bot.say(`cek ${ticket}`, 'reporter')).join('\n');
    expect(out).toContain(`Status: ${copy('report.status.diteruskan')}`);
    expect(out).toContain(`${copy('report.status.baru')}`);
    expect(out).toContain('(BKN)');
  });

  it('hands "cek <something else>" to Q&A instead of treating it as a ticket', async () => {
    const out = (await bot.say('cek hoaks surat suara tercoblos', 'reporter')).join('\n');
    expect(out).not.toContain(copy('report.status_bad_ticket'));
    expect(out).not.toContain(copy('report.status_ask'));
  });
});
