import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/reports/when';

/** Wednesday 13 March 2024, 12:00 in Jakarta (05:00 UTC). */
const NOON_WED = new Date('2024-03-13T05:00:00Z');

const day = (date: string) => ({ ok: true, date });
const approx = (date: string) => ({ ok: true, date, approximate: true });
const FUTURE = { ok: false, key: 'report.when_future' };
const UNCLEAR = { ok: false, key: 'report.when_unclear' };

describe('parseWhen: Indonesian phrases relative to today', () => {
  it.each([
    ['hari ini', day('2024-03-13')],
    ['Hari ini', day('2024-03-13')],
    ['tadi pagi', day('2024-03-13')],
    ['tadi siang', day('2024-03-13')],
    ['barusan', day('2024-03-13')],
    ['kemarin', day('2024-03-12')],
    ['kemaren', day('2024-03-12')],
    ['kmrn', day('2024-03-12')],
    ['kemarin sore', day('2024-03-12')],
    ['kmrn malam', day('2024-03-12')],
    ['semalam', day('2024-03-12')],
    ['lusa kemarin', approx('2024-03-11')],
    ['kemarin lusa', approx('2024-03-11')],
    ['2 hari lalu', approx('2024-03-11')],
    ['3 hari yang lalu', approx('2024-03-10')],
    ['3 hari yg lalu', approx('2024-03-10')],
    ['tiga hari lalu', approx('2024-03-10')],
    ['sehari lalu', approx('2024-03-12')],
    ['beberapa hari lalu', approx('2024-03-10')],
    ['seminggu lalu', approx('2024-03-06')],
    ['seminggu yang lalu', approx('2024-03-06')],
    ['minggu lalu', approx('2024-03-06')],
    ['minggu kemarin', approx('2024-03-06')],
    ['pekan lalu', approx('2024-03-06')],
    ['2 minggu lalu', approx('2024-02-28')],
    ['dua minggu yang lalu', approx('2024-02-28')],
    ['bulan lalu', approx('2024-02-13')],
    ['sebulan lalu', approx('2024-02-13')],
    ['3 bulan lalu', approx('2023-12-13')],
    ['tahun lalu', approx('2023-03-13')],
    ['2 jam lalu', day('2024-03-13')],
    ['30 menit yang lalu', day('2024-03-13')],
  ])('%s', (text, expected) => {
    expect(parseWhen(text, NOON_WED)).toEqual(expected);
  });
});

describe('parseWhen: day names (today is Wednesday)', () => {
  it.each([
    ['Senin lalu', day('2024-03-11')],
    ['senin kemarin', day('2024-03-11')],
    ['hari senin', day('2024-03-11')],
    ['senin', day('2024-03-11')],
    ['selasa', day('2024-03-12')],
    ["jum'at kemarin", day('2024-03-08')],
    ['jumat', day('2024-03-08')],
    ['hari sabtu lalu', day('2024-03-09')],
    ['hari minggu', day('2024-03-10')],
    ['hari minggu kemarin', day('2024-03-10')],
    ['ahad', day('2024-03-10')],
    // The same day name as today: "lalu" means a week ago, a bare day name means today.
    ['rabu lalu', day('2024-03-06')],
    ['rabu kemarin', day('2024-03-06')],
    ['hari rabu', day('2024-03-13')],
    ['kamis', day('2024-03-07')],
    ['last monday', day('2024-03-11')],
    ['last wednesday', day('2024-03-06')],
    ['on friday', day('2024-03-08')],
    ['Sunday', day('2024-03-10')],
  ])('%s', (text, expected) => {
    expect(parseWhen(text, NOON_WED)).toEqual(expected);
  });
});

describe('parseWhen: dates', () => {
  it.each([
    ['12/1/2024', day('2024-01-12')],
    ['12-01-2024', day('2024-01-12')],
    ['12.01.2024', day('2024-01-12')],
    ['12/1/24', day('2024-01-12')],
    ['2024-01-12', day('2024-01-12')],
    ['12 Januari 2024', day('2024-01-12')],
    ['12 jan 2024', day('2024-01-12')],
    ['12 jan. 2024', day('2024-01-12')],
    ['12-jan-2024', day('2024-01-12')],
    ['12januari2024', day('2024-01-12')],
    ['1 Pebruari 2024', day('2024-02-01')],
    ['17 agustus 2023', day('2023-08-17')],
    ['5 okt 2023', day('2023-10-05')],
    ['12 januari', day('2024-01-12')],
    ['12 jan', day('2024-01-12')],
    ['12/1', day('2024-01-12')],
    // Without a year, a day still ahead this year is last year's.
    ['20 desember', day('2023-12-20')],
    ['20/12', day('2023-12-20')],
    ['13 maret', day('2024-03-13')],
    ['14 maret', day('2023-03-14')],
    ['tanggal 10', day('2024-03-10')],
    ['tgl 20', day('2024-02-20')],
    ['29/2/2024', day('2024-02-29')],
    // Month first only when day first is impossible.
    ['1/25/2024', day('2024-01-25')],
    ['12 January 2024', day('2024-01-12')],
    ['January 12, 2024', day('2024-01-12')],
    ['Jan 12th 2024', day('2024-01-12')],
    ['the 12th of January 2024', day('2024-01-12')],
    ['on 3 March', day('2024-03-03')],
  ])('%s', (text, expected) => {
    expect(parseWhen(text, NOON_WED)).toEqual(expected);
  });
});

describe('parseWhen: English phrases', () => {
  it.each([
    ['today', day('2024-03-13')],
    ['this morning', day('2024-03-13')],
    ['yesterday', day('2024-03-12')],
    ['last night', day('2024-03-12')],
    ['the day before yesterday', approx('2024-03-11')],
    ['3 days ago', approx('2024-03-10')],
    ['three days ago', approx('2024-03-10')],
    ['a week ago', approx('2024-03-06')],
    ['last week', approx('2024-03-06')],
    ['2 weeks ago', approx('2024-02-28')],
    ['a few days ago', approx('2024-03-10')],
    ['last month', approx('2024-02-13')],
    ['5 hours ago', day('2024-03-13')],
  ])('%s', (text, expected) => {
    expect(parseWhen(text, NOON_WED)).toEqual(expected);
  });
});

describe('parseWhen: sentences around the date', () => {
  it.each([
    ['kemarin jam 10.30', day('2024-03-12')],
    ['kemarin sekitar pukul 14:00 WIB', approx('2024-03-12')],
    ['sekitar 3 hari lalu', approx('2024-03-10')],
    ['kira-kira tanggal 12 januari 2024', approx('2024-01-12')],
    ['pada hari senin tanggal 11 maret 2024', day('2024-03-11')],
    ['tgl 12 jan 2024 pukul 14:00 WIB', day('2024-01-12')],
    ['Kejadiannya kemarin sore pas apel pagi', day('2024-03-12')],
    ['yesterday at 10 pm', day('2024-03-12')],
    ['12/1/2024 jam 09.00', day('2024-01-12')],
  ])('%s', (text, expected) => {
    expect(parseWhen(text, NOON_WED)).toEqual(expected);
  });
});

describe('parseWhen: never in the future', () => {
  it.each([
    'besok',
    'bsk',
    'lusa',
    'besok pagi',
    'nanti malam',
    'minggu depan',
    'bulan depan',
    '3 hari lagi',
    'senin depan',
    'tomorrow',
    'next week',
    'next monday',
    'in 3 days',
    '14/3/2024',
    '2024-03-14',
    '12/1/2025',
    '1 januari 2030',
  ])('%s', (text) => {
    expect(parseWhen(text, NOON_WED)).toEqual(FUTURE);
  });
});

describe('parseWhen: unclear answers', () => {
  it.each(['', '   ', 'halo', 'tidak tahu', 'ga inget', '12', '10.30', 'jam 10', 'januari', '???'])(
    '%j',
    (text) => {
      expect(parseWhen(text, NOON_WED)).toEqual(UNCLEAR);
    },
  );
});

describe('parseWhen: the Jakarta calendar day, whatever the server clock', () => {
  it('is already tomorrow in Jakarta at 18:30 UTC', () => {
    const late = new Date('2024-03-12T18:30:00Z'); // 01:30 WIB, 13 March
    expect(parseWhen('hari ini', late)).toEqual(day('2024-03-13'));
    expect(parseWhen('kemarin', late)).toEqual(day('2024-03-12'));
    expect(parseWhen('13/3/2024', late)).toEqual(day('2024-03-13'));
  });

  it('is still yesterday in Jakarta at 16:59 UTC', () => {
    const before = new Date('2024-03-12T16:59:00Z'); // 23:59 WIB, 12 March
    expect(parseWhen('hari ini', before)).toEqual(day('2024-03-12'));
    expect(parseWhen('13/3/2024', before)).toEqual(FUTURE);
  });

  it('reads "tadi malam" as last night by day and as tonight in the evening', () => {
    expect(parseWhen('tadi malam', NOON_WED)).toEqual(approx('2024-03-12'));
    const evening = new Date('2024-03-13T14:00:00Z'); // 21:00 WIB
    expect(parseWhen('tadi malam', evening)).toEqual(day('2024-03-13'));
  });

  it('crosses years and months', () => {
    const newYear = new Date('2024-01-01T03:00:00Z'); // 1 January 2024, 10:00 WIB
    expect(parseWhen('kemarin', newYear)).toEqual(day('2023-12-31'));
    expect(parseWhen('31 desember', newYear)).toEqual(day('2023-12-31'));
    expect(parseWhen('tanggal 31', newYear)).toEqual(day('2023-12-31'));
    expect(parseWhen('bulan lalu', newYear)).toEqual(approx('2023-12-01'));
    const march31 = new Date('2024-03-31T03:00:00Z');
    expect(parseWhen('bulan lalu', march31)).toEqual(approx('2024-02-29'));
    // 30 February never comes: "tanggal 30" on 5 March is the latest 30th that has passed.
    expect(parseWhen('tanggal 30', new Date('2024-03-05T03:00:00Z'))).toEqual(day('2024-01-30'));
  });

  it('finds the latest Monday on a Monday and on a Sunday', () => {
    const monday = new Date('2024-03-11T03:00:00Z');
    expect(parseWhen('senin lalu', monday)).toEqual(day('2024-03-04'));
    expect(parseWhen('hari senin', monday)).toEqual(day('2024-03-11'));
    const sunday = new Date('2024-03-10T03:00:00Z');
    expect(parseWhen('senin lalu', sunday)).toEqual(day('2024-03-04'));
    expect(parseWhen('hari minggu', sunday)).toEqual(day('2024-03-10'));
    expect(parseWhen('minggu lalu', sunday)).toEqual(approx('2024-03-03'));
  });
});

/** Sunday 1 December 2024, 10:00 in Jakarta: "minggu kemarin" is 24 November. */
const DEC_1 = new Date('2024-12-01T03:00:00Z');

describe('parseWhen: an explicit day number beats a relative phrase', () => {
  it.each([
    ['minggu kemarin tgl 29', day('2024-11-29')],
    ['minggu lalu tanggal 29', day('2024-11-29')],
    ['kemarin tgl 29', day('2024-11-29')],
    ['tgl 29', day('2024-11-29')],
    ['29/11', day('2024-11-29')],
    ['29 nov', day('2024-11-29')],
    ['hari jumat 29 november', day('2024-11-29')],
    ['sekitar tgl 29', approx('2024-11-29')],
    ['tgl 1', day('2024-12-01')],
    // November has no 31st: the latest 31st that has passed is in October.
    ['tgl 31', day('2024-10-31')],
    ['minggu kemarin', approx('2024-11-24')],
    ['3 hari lalu', approx('2024-11-28')],
    ['kemarin', day('2024-11-30')],
  ])('%s', (text, expected) => {
    expect(parseWhen(text, DEC_1)).toEqual(expected);
  });
});

describe('parseWhen: impossible dates say why', () => {
  it.each([
    ['31 februari', 'report.when_no_day', { day: 31, month: 'Februari', max: 29 }],
    ['30/2/2024', 'report.when_no_day', { day: 30, month: 'Februari', max: 29 }],
    ['31 april', 'report.when_no_day', { day: 31, month: 'April', max: 30 }],
    ['29/2/2023', 'report.when_no_day_year', { day: 29, month: 'Februari', max: 28, year: 2023 }],
    ['32/1/2024', 'report.when_no_day_any', { day: 32 }],
    ['tgl 40', 'report.when_no_day_any', { day: 40 }],
    ['13/13/2024', 'report.when_no_month', { month: 13 }],
    ['31/12/1999', 'report.when_too_old', { year: 1999 }],
    ['100 tahun lalu', 'report.when_too_old', { year: 1924 }],
  ])('%s', (text, key, vars) => {
    expect(parseWhen(text, NOON_WED)).toEqual({ ok: false, key, vars });
  });

  it("names the month in the user's language", () => {
    expect(parseWhen('31 february', NOON_WED, 'en')).toEqual({
      ok: false,
      key: 'report.when_no_day',
      vars: { day: 31, month: 'February', max: 29 },
    });
  });
});
