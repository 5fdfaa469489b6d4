import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { copy, script } from '../support/report';

/** Sunday 1 December 2024, 10:00 WIB: "minggu kemarin" is 24 November. */
const DEC_1 = new Date('2024-12-01T03:00:00Z');

/** A money report up to the "where" question: who, chronology. */
const TO_WHERE = [
  'lapor',
  '3',
  'Tim sukses calon A',
  'Pak Joko membagikan amplop berisi uang kepada warga RT 3 sambil meminta memilih calon A',
];

describe.each(backends)('answers the report understands on %s', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ backend, now: () => DEC_1 });
  });
  afterAll(() => bot.close());

  it('confirms a single guessed place with yes or no', async () => {
    await script(bot, 'bantl', TO_WHERE);
    const guess = (await bot.say('kab. bantl', 'bantl')).join('\n');
    expect(guess).toContain(copy('report.where_confirm', { place: 'Kab. Bantul, DI Yogyakarta' }));
    expect(guess).not.toContain(copy('report.where_which'));
    const no = (await bot.say('bukan', 'bantl')).join('\n');
    expect(no).toContain(copy('report.where_retry'));
    await bot.say('kab. bantl', 'bantl');
    const yes = (await bot.say('ya', 'bantl')).join('\n');
    expect(yes).toContain(copy('report.when'));
    await bot.say('batal', 'bantl');
    await bot.say('ya', 'bantl');
  });

  it('asks which regency or city when only a large province is named', async () => {
    await script(bot, 'prov', TO_WHERE);
    const out = (await bot.say('jawa tengah', 'prov')).join('\n');
    expect(out).toContain(copy('report.where_in_province', { province: 'Jawa Tengah' }));
    await bot.say('batal', 'prov');
    await bot.say('ya', 'prov');
  });

  it("refuses text longer than the question allows with that question's limit, not as a place", async () => {
    await script(bot, 'long', TO_WHERE);
    const out = await bot.say('Sleman '.repeat(800), 'long');
    expect(out[0]).toBe(copy('core.too_long', { max: 120 }));
    expect(out.join('\n')).not.toContain(copy('report.where_unknown'));
    expect(out.join('\n')).not.toContain(copy('core.text_truncated', { max: 4000 }));
    expect(out.at(-1)).toContain(copy('report.where').slice(0, 30));
    await bot.say('batal', 'long');
    await bot.say('ya', 'long');
  });

  it('reads explicit day numbers over relative words, and says why a date cannot be', async () => {
    await script(bot, 'date', [...TO_WHERE, 'sleman']);
    const feb = (await bot.say('31 februari', 'date')).join('\n');
    expect(feb).toContain(copy('report.when_no_day', { day: 31, month: 'Februari', max: 29 }));
    await bot.say('minggu kemarin tgl 29', 'date');
    await bot.say('tidak ada bukti', 'date');
    await bot.say('saya melihatnya langsung', 'date');
    await bot.say('anonim', 'date');
    const review = (await bot.say('setuju', 'date')).join('\n');
    expect(review).toContain('Waktu: 29 November 2024');
    expect(review).not.toContain('perkiraan');
    await bot.say('batal', 'date');
    await bot.say('ya', 'date');
  });
});
