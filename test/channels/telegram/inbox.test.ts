import { afterEach, describe, expect, it } from 'vitest';
import { allFlows } from '../../../flows/index';
import { FileTooBigError, type InboxSink } from '../../../src/channels/channel';
import { createTelegramChannel } from '../../../src/channels/telegram/adapter';
import { parseConfig } from '../../../src/config';
import { t } from '../../../src/content/copy';
import { toPlainText } from '../../../src/core/markup';
import { silentLogger } from '../../../src/log';
import { backends, openTestDatabase } from '../../support/db';
import { startFakeBotApi } from '../../support/fake-bot-api';
import { startTelegramHarness, type TelegramHarness, textUpdate } from '../../support/telegram';

const menu = toPlainText(t('core.menu', 'id')).split('\n')[0]!;

describe('Telegram hand-off to the inbox', () => {
  const open: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.stop();
  });

  it('polling: the offset moves past updates only once the inbox has stored them', async () => {
    const api = await startFakeBotApi({ maxPollMs: 100 });
    open.push({ stop: () => api.close() });
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });
    const channel = createTelegramChannel({ config, log: silentLogger, flows: allFlows, pollTimeoutS: 1 });
    const stored: number[] = [];
    let failures = 2;
    const sink: InboxSink = {
      async accept(events) {
        if (failures-- > 0) throw new Error('database down');
        for (const e of events) stored.push(e.key.seq);
      },
      handle: async () => ({ duplicate: false, replies: [], delivered: false }),
    };
    await channel.start(sink);
    open.push(channel);
    const [id] = api.pushUpdates(textUpdate(11, 'halo'));
    await api.waitUntil(() => stored.includes(id!), 20_000, 'stored');
    await api.waitUntil(
      () => api.callsOf('getUpdates').some((c) => Number(c.params.offset) > id!),
      10_000,
      'offset advanced',
    );
    // While the inbox failed, Telegram was asked for the same update again (offset not advanced).
    const offsets = api.callsOf('getUpdates').map((c) => Number(c.params.offset ?? 0));
    const before = offsets.filter((o) => o <= id!);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(api.batches.filter((b) => b.includes(id!)).length).toBeGreaterThanOrEqual(3);
    expect(stored).toEqual([id]);
  });

  it('a Bot API root that accepts and never answers fails start-up with a clear message', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({
      stop: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    });
    const root = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const config = parseConfig({
      TELEGRAM_BOT_TOKEN: '1:x',
      TELEGRAM_API_ROOT: root,
      PLATFORM_TIMEOUT_MS: '500',
    });
    const channel = createTelegramChannel({ config, log: silentLogger, flows: allFlows });
    const sink: InboxSink = {
      accept: async () => {},
      handle: async () => ({ duplicate: false, replies: [], delivered: false }),
    };
    await expect(channel.start(sink)).rejects.toThrow(`Telegram did not answer getMe at ${root}`);
  });

  it('a file that announces less than it has is stopped at the cap while streaming', async () => {
    const api = await startFakeBotApi();
    open.push({ stop: () => api.close() });
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });
    const channel = createTelegramChannel({ config, log: silentLogger, flows: allFlows });
    api.registerFile('liar', new Uint8Array(3 * 1024 * 1024), { fileSize: 1000, chunked: true });
    const err = await channel.fetchMedia!(
      { kind: 'image', size: 1000, ref: { fileId: 'liar' } },
      512 * 1024,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileTooBigError);
    expect((err as FileTooBigError).size).toBeLessThan(1024 * 1024);
  });

  describe.each(backends)('on %s', (backend) => {
    it('a Bot API call that hangs for one chat holds no other chat', async () => {
      const h = await startTelegramHarness({
        backend,
        mode: 'webhook',
        env: { PLATFORM_TIMEOUT_MS: '3000' },
      });
      open.push(h);
      h.api.failNext('sendMessage', { kind: 'hang' }, { chatId: 701 });
      await h.deliver(textUpdate(701, 'menu'));
      await h.api.waitUntil(() => h.api.callsOf('sendMessage', 701).length === 1, 10_000, 'hung call');
      // Chat 702 is answered while chat 701's call still hangs.
      await h.deliver(textUpdate(702, 'menu'));
      await h.api.waitUntil(() => h.api.sentTexts(702).length === 1, 10_000, 'other chat answered');
      expect(h.api.sentTexts(701)).toEqual([]);
      // The hung call times out; the reply is sent again and arrives.
      await h.api.waitUntil(() => h.api.sentTexts(701).length === 1, 20_000, 'hung chat answered later');
      expect(h.api.sentTexts(701)[0]).toContain(menu);
    });

    it('a new bot token on the same database: its updates are new, even with the same numbers', async () => {
      const database = await openTestDatabase(backend);
      const update: Record<string, unknown> = { update_id: 42, ...textUpdate(801, 'menu') };
      (update.message as { message_id: number }).message_id = 7;
      let h: TelegramHarness | undefined;
      try {
        h = await startTelegramHarness({ backend, mode: 'webhook', database });
        await h.deliver(update);
        await h.app.dispatcher.idle();
        await h.deliver(update); // redelivered by Telegram: handled once
        await h.app.dispatcher.idle();
        expect(h.api.sentTexts(801)).toHaveLength(1);
        await h.stop();
        h = await startTelegramHarness({
          backend,
          mode: 'webhook',
          database,
          api: { token: '987654:OTHER-token_for-tests' },
        });
        await h.deliver(update);
        await h.app.dispatcher.idle();
        expect(h.api.sentTexts(801)).toHaveLength(1);
        expect(h.api.sentTexts(801)[0]).toContain(menu);
      } finally {
        await h?.stop();
        await database.close();
      }
    });
  });
});
