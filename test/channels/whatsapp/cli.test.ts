import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDbAuthState } from '../../../src/channels/whatsapp/auth-store';
import { runWhatsAppCli } from '../../../src/channels/whatsapp/cli';
import { textFrom } from '../../fixtures/whatsapp/messages';
import { backends } from '../../support/db';
import { type Harness, harness, stopAll } from './harness';

afterEach(stopAll);

async function cli(h: Harness, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runWhatsAppCli(argv, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    open: async () => h.database,
    config: h.config,
  });
  return { code, out, err };
}

describe.each(backends)('npm run whatsapp (%s)', (backend) => {
  it('status: login state, the last connection event and the replies waiting, from the database', async () => {
    const h = await harness(backend);
    const auth = await loadDbAuthState(h.database, {});
    auth.state.creds.registered = true;
    auth.state.creds.me = { id: '6281299990000:3@s.whatsapp.net' };
    await auth.saveCreds();
    await h.say(textFrom('halo'));
    const open = await cli(h, 'status');
    expect(open.code).toBe(0);
    expect(open.out).toContain('login: linked as 6281299990000');
    expect(open.out).toMatch(/last connection event: open at \S+ \(\d+ s ago\)/);
    expect(open.out).toContain('unsent replies: 0');

    const first = h.sock();
    first.close(428);
    first.deliver(textFrom('menu'));
    await h.channel.idle();
    await h.app.dispatcher.idle();
    await vi.waitFor(async () => {
      const down = await cli(h, 'status');
      expect(down.out).toContain('last connection event: reconnecting (reason 428)');
      expect(down.out).toMatch(/unsent replies: [1-9]/);
      expect(down.out).toMatch(/#\d+ queued \d+ s ago, attempts 0, last error: .*not connected/);
    });
  });

  it('logout forgets the login when no process holds the number, and refuses while one does', async () => {
    const h = await harness(backend);
    const auth = await loadDbAuthState(h.database, {});
    auth.state.creds.registered = true;
    await auth.saveCreds();
    if (backend === 'postgres') {
      const busy = await cli(h, 'logout');
      expect(busy.code).toBe(1);
      expect(busy.err).toContain('stop it first');
    }
    await h.channel.stop();
    const done = await cli(h, 'logout');
    expect(done.code).toBe(0);
    expect(done.out).toContain('Linked devices');
    expect((await loadDbAuthState(h.database, {})).state.creds.registered).toBe(false);
    expect((await cli(h, 'status')).out).toContain(
      'last connection event: logged_out (reason logout command)',
    );
    expect((await cli(h, 'nonsense')).code).toBe(2);
  });
});
