import { describe, expect, it } from 'vitest';
import { formatTime, zoneOf } from '../../src/content/time';
import { formatReport, type ReportDetail } from '../../src/reports/admin';
import type { ReportRow } from '../../src/reports/store';

const at = new Date('2024-01-12T03:30:00Z');

describe('times for admins', () => {
  it('picks the zone from the place: WIB, WITA or WIT, WIB when unknown', () => {
    expect(zoneOf('34.04')).toBe('WIB'); // Sleman
    expect(zoneOf('73.71')).toBe('WITA'); // Makassar
    expect(zoneOf('51')).toBe('WITA'); // Bali
    expect(zoneOf('91.71')).toBe('WIT'); // Jayapura
    expect(zoneOf('62.71')).toBe('WIB'); // Palangka Raya: Kalimantan Tengah is on WIB
    expect(zoneOf(undefined)).toBe('WIB');
  });

  it("says which zone, in the admin's language", () => {
    expect(formatTime(at, 'id')).toBe('12/01/2024, 10.30 WIB');
    expect(formatTime(at, 'id', 'WITA')).toBe('12/01/2024, 11.30 WITA');
    expect(formatTime(at, 'en', 'WIT')).toBe('12/01/2024, 12:30 WIT');
  });

  it("shows a report in the admin's language with times in its place's zone", () => {
    const report = {
      id: 1,
      ticket: 'PN-AAAA-A2',
      contactId: 1,
      category: 'asn',
      status: 'baru',
      fields: {
        who: 'Pak Ahmad',
        where: { code: '73.71', name: 'Kota Makassar', province: 'Sulawesi Selatan' },
      },
      anonymous: true,
      reporterName: null,
      reporterContact: null,
      createdAt: at,
      updatedAt: at,
    } as unknown as ReportRow;
    const d: ReportDetail = {
      report,
      events: [{ status: 'baru', note: null, actor: 'citizen', createdAt: at }] as ReportDetail['events'],
      files: 2,
      reporter: 'abc123',
      sharedWith: [],
    };
    const en = formatReport(d, 'en');
    expect(en).toContain('PN-AAAA-A2 · Received · 12/01/2024, 11:30 WITA · reporter abc123 · 2 file(s)');
    expect(en).toContain('History:');
    expect(en).not.toMatch(/\dZ\b|T\d\d:/);
    const id = formatReport(d, 'id');
    expect(id).toContain('Baru diterima · 12/01/2024, 11.30 WITA · pelapor abc123 · 2 berkas');
    expect(id).toContain('Riwayat:');
  });
});
