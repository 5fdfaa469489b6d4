import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxSink, StoredEvent } from '../../../src/channels/channel';
import { toWhatsAppText } from '../../../src/channels/whatsapp/render';
import { createWhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud/adapter';
import { parseConfig } from '../../../src/config';
import { t } from '../../../src/content/copy';
import { rowsOf } from '../../../src/db/hot';
import { createHttpApp } from '../../../src/http/app';
import { silentLogger } from '../../../src/log';
import { backends, openTestDatabase } from '../../support/db';
import {
  FAKE_VERIFY_TOKEN,
  postWebhook,
  signBody,
  startFakeGraphApi,
  textMessage,
  webhookBody,
} from '../../support/fake-graph-api';
import { type CloudHarness, cloudEnv, startCloudHarness, textOf } from '../../support/whatsapp-cloud';

const welcome = toWhatsAppText(t('core.welcome', 'id')).split('\n')[0]!;

describe.each(backends)('WhatsApp Cloud API webhook (%s)', (backend) => {
  let h: CloudHarness;
  beforeAll(async () => {
    h = await startCloudHarness({ backend });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const inboxCount = async () => {
    const r = await h.database.db.execute(sql`select count(*)::int as n from inbox`);
    return Number(rowsOf<{ n: number }>(r)[0]!.n);
  };

  it('answers the verification handshake with the challenge, and 403 to a wrong token', async () => {
    const url = (token: string) =>
      `${h.hookUrl}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    const ok = await fetch(url(FAKE_VERIFY_TOKEN));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(url('wrong-token'))).status).toBe(403);
    expect((await fetch(url(''))).status).toBe(403);
    const badMode = await fetch(url(FAKE_VERIFY_TOKEN).replace('subscribe', 'unsubscribe'));
    expect(badMode.status).toBe(403);
  });

  it('refuses a body with a missing or wrong signature with 401 and stores nothing', async () => {
    const before = await inboxCount();
    const body = webhookBody({ messages: [textMessage('6281200000001', 'halo')] });
    expect((await postWebhook(h.hookUrl, body, { signature: null })).status).toBe(401);
    expect((await postWebhook(h.hookUrl, body, { secret: 'not-the-app-secret' })).status).toBe(401);
    expect((await postWebhook(h.hookUrl, body, { signature: 'sha256=abc' })).status).toBe(401);
    expect((await postWebhook(h.hookUrl, body, { signature: 'sha1=abc' })).status).toBe(401);
    // Signed over other bytes (the same JSON re-serialised with a space): the raw body is what counts.
    const raw = JSON.stringify(body);
    const forged = await postWebhook(h.hookUrl, JSON.stringify(body, null, 1), { signature: signBody(raw) });
    expect(forged.status).toBe(401);
    await h.app.dispatcher.idle();
    expect(await inboxCount()).toBe(before);
    expect(h.graph.sends.filter((s) => s.to === '6281200000001')).toEqual([]);
  });

  it('a signed body is answered 200, handled once, and a replayed body is not handled again', async () => {
    const msg = textMessage('6281200000002', 'halo');
    const body = webhookBody({ messages: [msg] });
    const first = await postWebhook(h.hookUrl, body);
    expect(first.status).toBe(200);
    await h.app.dispatcher.idle();
    const replies = h.graph.sends.filter((s) => s.to === '6281200000002');
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.map(textOf).join('\n')).toContain(welcome);
    const again = await postWebhook(h.hookUrl, body);
    expect(again.status).toBe(200);
    await h.app.dispatcher.idle();
    expect(h.graph.sends.filter((s) => s.to === '6281200000002').length).toBe(replies.length);
  });

  it('messages from one person in one body are answered in their order', async () => {
    const from = '6281200000003';
    const a = textMessage(from, 'halo');
    const b = textMessage(from, 'bantuan');
    const before = h.graph.sends.length;
    expect((await h.post({ messages: [a, b] })).status).toBe(200);
    const mine = h.graph.sends.slice(before).filter((s) => s.to === from);
    expect(mine.map(textOf).join('\n').indexOf(welcome)).toBe(0);
  });
});

describe('WhatsApp Cloud API webhook when the inbox fails', () => {
  it('answers 503 so Meta retries, and 200 once the body is stored', async () => {
    const graph = await startFakeGraphApi();
    const database = await openTestDatabase('pglite');
    try {
      const config = parseConfig(cloudEnv(graph));
      const channel = createWhatsAppCloudChannel({ config, database, log: silentLogger });
      const stored: StoredEvent[] = [];
      let failing = true;
      const sink: InboxSink = {
        async accept(events) {
          if (failing) throw new Error('database down');
          stored.push(...events);
        },
        handle: async () => ({ duplicate: false, replies: [], delivered: false }),
      };
      const app = createHttpApp({ database, log: silentLogger, routes: channel.routes ?? [] });
      const body = JSON.stringify(webhookBody({ messages: [textMessage('6281200000009', 'halo')] }));
      const post = () =>
        app.request('/webhooks/whatsapp', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body) },
          body,
        });
      // Before start: not ready to store, so not acknowledged.
      expect((await post()).status).toBe(503);
      await channel.start(sink);
      expect((await post()).status).toBe(503);
      expect(stored).toEqual([]);
      failing = false;
      // Far larger than anything Meta sends: refused before it is read and checked.
      const huge = JSON.stringify({ pad: 'x'.repeat(4 * 1024 * 1024) });
      const big = await app.request('/webhooks/whatsapp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(huge) },
        body: huge,
      });
      expect(big.status).toBe(413);
      expect((await post()).status).toBe(200);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.key.userKey).toBe('whatsapp:6281200000009');
    } finally {
      await database.close();
      await graph.close();
    }
  });
});
