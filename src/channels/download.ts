import { FileTooBigError } from './channel';

/**
 * Reads a stream into memory, stopping as soon as it passes `maxBytes` (the size a platform
 * announces can lie), and within `timeoutMs` overall.
 */
export async function readCapped(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
  stop: () => void,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > maxBytes) {
      stop();
      throw new FileTooBigError(size);
    }
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** GETs a file with a timeout, stopping at `maxBytes`. `headers`: e.g. the bearer token Meta's media URLs want. */
export async function downloadCapped(
  url: string | URL,
  opts: { maxBytes: number; timeoutMs: number; headers?: Record<string, string> },
): Promise<Uint8Array> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('download timed out')), opts.timeoutMs);
  try {
    const res = await fetch(url, {
      signal: controller.signal,
      ...(opts.headers ? { headers: opts.headers } : {}),
    });
    if (!res.ok || !res.body) throw new Error(`file download failed: HTTP ${res.status}`);
    const announced = Number(res.headers.get('content-length') ?? Number.NaN);
    if (announced > opts.maxBytes) {
      controller.abort();
      throw new FileTooBigError(announced);
    }
    return await readCapped(res.body as unknown as AsyncIterable<Uint8Array>, opts.maxBytes, () =>
      controller.abort(),
    );
  } finally {
    clearTimeout(timer);
  }
}
