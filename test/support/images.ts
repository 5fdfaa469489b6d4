import sharp from 'sharp';

/**
 * Test images made on the fly (no binary fixtures), and a reader for the GPS part of an EXIF block,
 * so tests can prove location data is there before stripping and gone after.
 */

/** Yogyakarta, as a phone would write it: 7°47'0" S, 110°22'0" E. */
export const GPS_EXIF = {
  IFD0: { Make: 'TestPhone', Model: 'Pantau 1' },
  IFD3: {
    GPSLatitudeRef: 'S',
    GPSLatitude: '7/1 47/1 0/1',
    GPSLongitudeRef: 'E',
    GPSLongitude: '110/1 22/1 0/1',
  },
};

/** A 64×48 photo with GPS tags and EXIF orientation 6 (to be shown rotated 90°, so 48×64). */
export async function photoWithGps(format: 'jpeg' | 'png' | 'webp' = 'jpeg'): Promise<Buffer> {
  const img = sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } });
  const encoded = format === 'jpeg' ? img.jpeg() : format === 'png' ? img.png() : img.webp();
  return encoded.withExif(GPS_EXIF).withMetadata({ orientation: 6 }).toBuffer();
}

export interface Gps {
  latRef: string;
  lat: number[];
  lonRef: string;
  lon: number[];
}

/** The GPS tags of an EXIF block (as sharp's `metadata().exif` gives it), or undefined when there are none. */
export function gpsOf(exif: Buffer | undefined): Gps | undefined {
  if (!exif || exif.length < 14) return undefined;
  const base = exif.toString('latin1', 0, 6) === 'Exif\0\0' ? 6 : 0;
  const le = exif.toString('latin1', base, base + 2) === 'II';
  const u16 = (o: number) => (le ? exif.readUInt16LE(base + o) : exif.readUInt16BE(base + o));
  const u32 = (o: number) => (le ? exif.readUInt32LE(base + o) : exif.readUInt32BE(base + o));
  const entries = (ifd: number) =>
    Array.from({ length: u16(ifd) }, (_, i) => {
      const at = ifd + 2 + i * 12;
      return { tag: u16(at), count: u32(at + 4), at: at + 8 };
    });
  const pointer = entries(u32(4)).find((e) => e.tag === 0x8825);
  if (!pointer) return undefined;
  const gps = entries(u32(pointer.at));
  const tag = (n: number) => gps.find((e) => e.tag === n);
  const ascii = (n: number) => {
    const e = tag(n);
    if (!e) return '';
    const start = e.count <= 4 ? e.at : u32(e.at);
    return exif.toString('latin1', base + start, base + start + e.count).replace(/\0+$/, '');
  };
  const rationals = (n: number) => {
    const e = tag(n);
    if (!e) return [];
    const start = u32(e.at);
    return Array.from({ length: e.count }, (_, i) => u32(start + i * 8) / u32(start + i * 8 + 4));
  };
  return { latRef: ascii(1), lat: rationals(2), lonRef: ascii(3), lon: rationals(4) };
}
