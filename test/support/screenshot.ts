import sharp from 'sharp';

export interface ScreenshotOptions {
  width?: number;
  height?: number;
  fontSize?: number;
  /** A JPEG (quality 60, as messengers recompress) instead of a PNG. */
  jpeg?: boolean;
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * A social-media-post-like screenshot with the given lines of text, drawn by sharp from an SVG: tests
 * and benchmarks make their own images instead of shipping binaries.
 */
export async function screenshot(lines: string[], opts: ScreenshotOptions = {}): Promise<Buffer> {
  const width = opts.width ?? 720;
  const fontSize = opts.fontSize ?? 26;
  const lineHeight = Math.round(fontSize * 1.6);
  const height = opts.height ?? Math.max(120, 60 + lines.length * lineHeight);
  const text = lines
    .map(
      (line, i) =>
        `<text x="${Math.round(fontSize * 0.9)}" y="${Math.round(fontSize * 1.8) + i * lineHeight}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="${fontSize}" fill="#050505">${escapeXml(line)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#ffffff"/>${text}</svg>`;
  const img = sharp(Buffer.from(svg));
  return opts.jpeg ? img.jpeg({ quality: 60 }).toBuffer() : img.png().toBuffer();
}
