import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { FileTooBigError } from '../channels/channel';
import type { Config } from '../config';
import type { PreparedMedia } from './flow';
import type { InboundMedia } from './message';

/** File types we keep, decided from the bytes; the kind decides which size cap applies. */
const ACCEPTED: Record<string, 'image' | 'document' | 'video'> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'application/pdf': 'document',
  'video/mp4': 'video',
};

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

type Limits = Pick<Config, 'MAX_IMAGE_BYTES' | 'MAX_DOCUMENT_BYTES' | 'MAX_VIDEO_BYTES'>;

function capFor(kind: string, limits: Limits): number {
  if (kind === 'image') return limits.MAX_IMAGE_BYTES;
  if (kind === 'video') return limits.MAX_VIDEO_BYTES;
  return limits.MAX_DOCUMENT_BYTES;
}

function refused(media: InboundMedia, key: string, vars?: Record<string, string | number>): PreparedMedia {
  return {
    kind: media.kind,
    size: media.size ?? 0,
    sha256: '',
    bytes: new Uint8Array(),
    ...(media.fileName ? { fileName: media.fileName } : {}),
    refused: { key, ...(vars ? { vars } : {}) },
  };
}

/**
 * Downloads a file and checks it: the announced size before download, the size while streaming, and the
 * type from its bytes (a renamed .exe stays an .exe). Never throws for a user's file; a refusal is
 * returned with the copy key that explains it.
 */
export async function prepareMedia(
  media: InboundMedia,
  limits: Limits,
  /** Reads the file, stopping past `maxBytes` (the channel's reader, or inline bytes). */
  fetch: (maxBytes: number) => Promise<Uint8Array>,
): Promise<PreparedMedia> {
  const announcedCap = Math.max(limits.MAX_IMAGE_BYTES, limits.MAX_DOCUMENT_BYTES, limits.MAX_VIDEO_BYTES);
  const preCap = media.kind === 'image' || media.kind === 'video' ? capFor(media.kind, limits) : announcedCap;
  if (media.size !== undefined && media.size > preCap) {
    return refused(media, 'core.file_too_big', { size: formatBytes(media.size), max: formatBytes(preCap) });
  }
  let bytes: Uint8Array;
  try {
    bytes = await fetch(preCap);
  } catch (err) {
    // The announced size can lie: the reader stops at the cap instead of filling memory.
    if (err instanceof FileTooBigError) {
      return refused({ ...media, size: err.size }, 'core.file_too_big', {
        size: `> ${formatBytes(preCap)}`,
        max: formatBytes(preCap),
      });
    }
    return refused(media, 'core.file_download_failed');
  }
  const type = await fileTypeFromBuffer(bytes);
  const kind = type ? ACCEPTED[type.mime] : undefined;
  if (!type || !kind) return refused({ ...media, size: bytes.length }, 'core.file_type_refused');
  const cap = capFor(kind, limits);
  if (bytes.length > cap) {
    return refused({ ...media, size: bytes.length }, 'core.file_too_big', {
      size: formatBytes(bytes.length),
      max: formatBytes(cap),
    });
  }
  return {
    kind,
    mime: type.mime,
    ext: type.ext,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    ...(media.fileName ? { fileName: media.fileName } : {}),
  };
}
