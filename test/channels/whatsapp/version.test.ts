import { DEFAULT_CONNECTION_CONFIG, type WAVersion } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { latestWaVersion } from '../../../src/channels/whatsapp/socket';
import { silentLogger } from '../../../src/log';
import { backends } from '../../support/db';
import { harness, stopAll } from './harness';

afterEach(async () => {
  await stopAll();
  vi.restoreAllMocks();
});

const builtIn = DEFAULT_CONNECTION_CONFIG.version;
const offline = async () => {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
  });
};

describe('the WhatsApp Web version', () => {
  it('uses the fetched version, and the built-in one when offline or the page changed', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const newer: WAVersion = [2, 3000, 1099999999];
    expect(await latestWaVersion(silentLogger, async () => ({ version: newer, isLatest: true }))).toEqual(
      newer,
    );
    expect(await latestWaVersion(silentLogger, offline)).toEqual(builtIn);
    // baileys' own fetcher reports failures as a result with `error` and its built-in version.
    expect(
      await latestWaVersion(silentLogger, async () => ({
        version: [2, 1, 1],
        isLatest: false,
        error: new Error('no revision'),
      })),
    ).toEqual(builtIn);
    // A fetch that never answers gives up after the timeout (the signal is passed on).
    const hang = (o: RequestInit) =>
      new Promise<never>((_, reject) => o.signal?.addEventListener('abort', () => reject(o.signal?.reason)));
    expect(await latestWaVersion(silentLogger, hang, 10)).toEqual(builtIn);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe.each(backends)('the channel announces the version (%s)', (backend) => {
  it('passes the fetched version to the socket, or the built-in one offline', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const on = await harness(backend, { WHATSAPP_FETCH_VERSION: '1' }, { fetchVersion: offline });
    expect(on.sock().options?.version).toEqual(builtIn);
    await on.stop();
    const newer: WAVersion = [2, 3000, 1099999999];
    const fetched = await harness(
      backend,
      { WHATSAPP_FETCH_VERSION: '1' },
      { fetchVersion: async () => ({ version: newer, isLatest: true }) },
    );
    expect(fetched.sock().options?.version).toEqual(newer);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
