// TEMPORARY stand-in for the region index built on branch issue-4-evidence (same interface).
export interface Region {
  code: string;
  name: string;
  province: string;
}
export type RegionMatch =
  | { kind: 'one'; region: Region }
  | { kind: 'choices'; options: Region[] }
  | { kind: 'none' };
export interface RegionIndex {
  match(text: string): RegionMatch;
}
declare module '../core/flow' {
  interface Services {
    regions?: RegionIndex;
  }
}
const SAMPLE: Region[] = [
  { code: '34.04', name: 'KAB. SLEMAN', province: 'DI YOGYAKARTA' },
  { code: '32.04', name: 'KAB. BANDUNG', province: 'JAWA BARAT' },
  { code: '32.73', name: 'KOTA BANDUNG', province: 'JAWA BARAT' },
];
export async function createRegionIndex(): Promise<RegionIndex> {
  return {
    match(text) {
      const q = text
        .toUpperCase()
        .replace(/\b(KABUPATEN|KAB\.?|KOTA)\b/g, '')
        .trim();
      const hits = SAMPLE.filter((r) => r.name.includes(q) || text.toUpperCase().includes(r.name));
      const exact = hits.filter((r) => text.toUpperCase().includes(r.name));
      if (exact.length === 1) return { kind: 'one', region: exact[0]! };
      if (hits.length === 1) return { kind: 'one', region: hits[0]! };
      if (hits.length > 1) return { kind: 'choices', options: hits };
      return { kind: 'none' };
    },
  };
}
