import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelStatus } from '../../../src/channels/channel';
import { loadConnectionStatus, loadDbAuthState } from '../../../src/channels/whatsapp/auth-store';
import { whatsappAuth } from '../../../src/db/schema';
import { createHttpApp } from '../../../src/http/app';
import { silentLogger } from '../../../src/log';
import { backends } from '../../support/db';
import { type Harness, harness, stopAll } from './harness';

afterEach(stopAll);

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a supervisor sees: /healthz over this channel (and, optionally, a live Telegram beside it). */
async function healthz(h: Harness, withTelegram = false) {
  const channels = () => ({
    whatsapp: h.channel.status!(),
    ...(withTelegram ? { telegram: { state: 'open', since: '' } as ChannelStatus } : {}),
  });
  const res = await createHttpApp({ database: h.database, log: silentLogger, channels }).request('/healthz');
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.each(backends)('WhatsApp disconnect reasons (%s)', (backend) => {
  it.each([
    [440, 'replaced', 4, 'took over (440)'],
    [403, 'forbidden', 5, 'may be banned'],
    [405, 'refused', 5, 'may be banned'],
    [411, 'multidevice_mismatch', 6, 'npm run whatsapp -- logout'],
    [500, 'bad_session', 6, 'npm run whatsapp -- logout'],
  ])(
    '%i stops for good: no reconnect, a clear note, exit code and a dead channel on /healthz',
    async (code, reason, exitCode, note) => {
      const h = await harness(backend);
      const died: ChannelStatus[] = [];
      h.channel.onDead!((s) => died.push(s));
      expect((await healthz(h)).status).toBe(200);
      h.sock().close(code);
      await vi.waitFor(() => expect(died).toHaveLength(1));
      await wait(60); // longer than the harness's whole reconnect backoff: nothing reconnects
      expect(h.sockets).toHaveLength(1);
      expect(h.sock().ended).toBe(true);
      expect(died[0]).toMatchObject({ state: 'dead', reason, exitCode });
      expect(h.output.text()).toContain(note);
      const alone = await healthz(h);
      expect(alone.status).toBe(503);
      expect(alone.body).toMatchObject({
        ok: false,
        degraded: true,
        channels: { whatsapp: { state: 'dead', reason } },
      });
      // Another channel keeps the process useful: healthy, but the dead channel is visible.
      const beside = await healthz(h, true);
      expect(beside.status).toBe(200);
      expect(beside.body).toMatchObject({ ok: true, degraded: true });
      // Readable from another process (`npm run whatsapp -- status`).
      await vi.waitFor(async () =>
        expect(await loadConnectionStatus(h.database)).toMatchObject({ state: 'dead', reason, exitCode }),
      );
    },
  );

  it('401 clears the login, says how to link again, and dies with a non-zero exit code', async () => {
    const h = await harness(backend);
    const died: ChannelStatus[] = [];
    h.channel.onDead!((s) => died.push(s));
    const auth = await loadDbAuthState(h.database, {});
    auth.state.creds.registered = true;
    await auth.saveCreds();
    await auth.state.keys.set({ session: { x: Buffer.from('s') } });
    h.sock().close(401);
    await vi.waitFor(() => expect(died).toHaveLength(1));
    expect(died[0]).toMatchObject({ state: 'dead', reason: 'logged_out', exitCode: 3 });
    await wait(60);
    expect(h.sockets).toHaveLength(1);
    await vi.waitFor(async () => {
      const left = await h.database.db.select({ key: whatsappAuth.key }).from(whatsappAuth);
      expect(left.map((r) => r.key)).toEqual(['connection-status']);
    });
    expect(h.output.text()).toContain('Run `npm start` again to link with a QR code');
  });

  it('a routine close (408, 428, 503) reconnects and reports reconnecting, then open', async () => {
    const h = await harness(backend);
    for (const code of [408, 428, 503]) {
      const n = h.sockets.length;
      h.sock().close(code);
      expect(h.channel.status!()).toMatchObject({ state: 'reconnecting', reason: String(code) });
      await vi.waitFor(() => expect(h.sockets.length).toBe(n + 1));
      h.sock().open();
      expect(h.channel.status!().state).toBe('open');
    }
    const rows = await h.database.db.select().from(whatsappAuth).where(eq(whatsappAuth.key, 'creds'));
    expect(rows).toEqual([]);
  });
});
