import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { createRegionIndex, type RegionIndex, type RegionMatch } from '../../src/reports/where';
import { createServices } from '../../src/services';

let index: RegionIndex;
beforeAll(async () => {
  index = await createRegionIndex();
});

/** A match in a short readable form: "one Kab. Sleman", "choices Kab. Bandung | Kota Bandung", "none". */
function brief(m: RegionMatch): string {
  if (m.kind === 'one') return `one ${m.region.name}`;
  if (m.kind === 'choices') return `choices ${m.options.map((o) => o.name).join(' | ')}`;
  return m.province ? `none in ${m.province}` : 'none';
}

describe('region index', () => {
  it('holds every regency and city of idn-area-data, with display names', () => {
    expect(index.size).toBe(514);
    expect(index.byCode('34.04')).toEqual({ code: '34.04', name: 'Kab. Sleman', province: 'DI Yogyakarta' });
    expect(index.byCode('31.74')).toEqual({
      code: '31.74',
      name: 'Kota Adm. Jakarta Selatan',
      province: 'DKI Jakarta',
    });
    expect(index.byCode('74.72')?.name).toBe('Kota Baubau');
    expect(index.byCode('73.10')?.name).toBe('Kab. Pangkajene dan Kepulauan');
    expect(index.byCode('99.99')).toBeUndefined();
  });

  it('is what the app builds as services.regions', async () => {
    const services = await createServices(parseConfig({}));
    expect(services.regions?.match('sleman')).toEqual({
      kind: 'one',
      region: { code: '34.04', name: 'Kab. Sleman', province: 'DI Yogyakarta' },
    });
  });
});

describe('match: one place', () => {
  it.each([
    ['sleman', 'one Kab. Sleman'],
    ['Sleman', 'one Kab. Sleman'],
    ['kab. sleman, diy', 'one Kab. Sleman'],
    ['Kabupaten Sleman', 'one Kab. Sleman'],
    ['sleman yogyakarta', 'one Kab. Sleman'],
    ['di sleman', 'one Kab. Sleman'],
    ['kota sleman', 'one Kab. Sleman'],
    ['kota bandung', 'one Kota Bandung'],
    ['kab bandung', 'one Kab. Bandung'],
    ['kota jogja', 'one Kota Yogyakarta'],
    ['kota yogyakarta', 'one Kota Yogyakarta'],
    ['tangsel', 'one Kota Tangerang Selatan'],
    ['tangerang selatan', 'one Kota Tangerang Selatan'],
    ['jaksel', 'one Kota Adm. Jakarta Selatan'],
    ['jakarta selatan', 'one Kota Adm. Jakarta Selatan'],
    ['kota adm. jakarta selatan', 'one Kota Adm. Jakarta Selatan'],
    ['jakpus', 'one Kota Adm. Jakarta Pusat'],
    ['kepulauan seribu', 'one Kab. Adm. Kepulauan Seribu'],
    ['solo', 'one Kota Surakarta'],
    ['kota baubau', 'one Kota Baubau'],
    ['bau-bau', 'one Kota Baubau'],
    ['Bau Bau', 'one Kota Baubau'],
    ['labuhan batu utara', 'one Kab. Labuhanbatu Utara'],
    ['gunung kidul', 'one Kab. Gunungkidul'],
    ['kulonprogo', 'one Kab. Kulon Progo'],
    ['pare pare', 'one Kota Parepare'],
    ['aceh besar', 'one Kab. Aceh Besar'],
    ['kab. sidoarjo jatim', 'one Kab. Sidoarjo'],
    ['denpasar, bali', 'one Kota Denpasar'],
    ['toba samosir', 'one Kab. Toba'],
    ['kota batu', 'one Kota Batu'],
  ])('%s', (text, expected) => {
    expect(brief(index.match(text))).toBe(expected);
  });
});

describe('match: choices', () => {
  it.each([
    // Same name as a regency and a city, and longer names that start with it.
    ['bandung', 'choices Kab. Bandung | Kota Bandung | Kab. Bandung Barat'],
    ['malang', 'choices Kab. Malang | Kota Malang'],
    ['tangerang, banten', 'choices Kab. Tangerang | Kota Tangerang | Kota Tangerang Selatan'],
    ['semarang jawa tengah', 'choices Kab. Semarang | Kota Semarang'],
    ['labuhanbatu', 'choices Kab. Labuhanbatu | Kab. Labuhanbatu Selatan | Kab. Labuhanbatu Utara'],
    // Misspellings are offered for confirmation, even when only one place is close.
    ['semarng', 'choices Kab. Semarang | Kota Semarang'],
    ['kota semarng', 'choices Kota Semarang'],
    ['slemn', 'choices Kab. Sleman'],
    ['banyuwngi', 'choices Kab. Banyuwangi'],
    ['kota surabya', 'choices Kota Surabaya'],
    ['tangerang sel', 'choices Kota Tangerang Selatan'],
    ['jakarta sel', 'choices Kota Adm. Jakarta Selatan'],
    // Nicknames for more than one place.
    ['jogja', 'choices Kota Yogyakarta | Kab. Kulon Progo | Kab. Bantul | Kab. Gunungkidul | Kab. Sleman'],
    ['yogya', 'choices Kota Yogyakarta | Kab. Kulon Progo | Kab. Bantul | Kab. Gunungkidul | Kab. Sleman'],
    [
      'jakarta',
      'choices Kota Adm. Jakarta Pusat | Kota Adm. Jakarta Selatan | Kota Adm. Jakarta Barat | Kota Adm. Jakarta Timur | Kota Adm. Jakarta Utara',
    ],
    // A province with at most five regencies and cities: all of them.
    [
      'di yogyakarta',
      'choices Kota Yogyakarta | Kab. Kulon Progo | Kab. Bantul | Kab. Gunungkidul | Kab. Sleman',
    ],
    // A name that is also a province: the regencies and cities of that name, to confirm.
    ['gorontalo', 'choices Kab. Gorontalo | Kota Gorontalo | Kab. Gorontalo Utara'],
    ['jambi', 'choices Kota Jambi'],
  ])('%s', (text, expected) => {
    expect(brief(index.match(text))).toBe(expected);
  });

  it('never offers more than five', () => {
    for (const text of ['jakarta', 'kab', 'kota', 'aceh', 'sulawesi', 'kepulauan', 'utara', 'selatan']) {
      const m = index.match(text);
      if (m.kind === 'choices') expect(m.options.length).toBeLessThanOrEqual(5);
    }
  });

  it('gives the province with each option', () => {
    const m = index.match('bandung');
    expect(m.kind === 'choices' && m.options.map((o) => o.province)).toEqual([
      'Jawa Barat',
      'Jawa Barat',
      'Jawa Barat',
    ]);
  });
});

describe('match: a province alone or nothing', () => {
  it.each([
    ['jawa tengah', 'none in Jawa Tengah'],
    ['Provinsi Jawa Barat', 'none in Jawa Barat'],
    ['jateng', 'none in Jawa Tengah'],
    ['jawa tngah', 'none in Jawa Tengah'],
    ['aceh', 'none in Aceh'],
    ['bali', 'none in Bali'],
    ['papua', 'none in Papua'],
    ['halo', 'none'],
    ['xyz', 'none'],
    ['', 'none'],
    ['  ,. ', 'none'],
    ['tidak tahu', 'none'],
    ['ab', 'none'],
  ])('%j', (text, expected) => {
    expect(brief(index.match(text))).toBe(expected);
  });
});

describe('alias table', () => {
  it('refuses an alias that points to a place that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliases-'));
    const file = join(dir, 'aliases.yaml');
    writeFileSync(file, 'regencies:\n  gotham: [KOTA GOTHAM]\nprovinces: {}\n');
    await expect(createRegionIndex(file)).rejects.toThrow(/gotham.*KOTA GOTHAM/);
  });
});
