import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { progressText } from '../../../src/broadcast/admin';
import { audienceOf } from '../../../src/broadcast/audience';
import { progressOf } from '../../../src/broadcast/deliveries';
import { createRateLimiter, type RateLimiter } from '../../../src/broadcast/limiter';
import { createBroadcast, startBroadcast } from '../../../src/broadcast/plan';
import { type BroadcastWorkers, startBroadcastWorkers } from '../../../src/broadcast/workers';
import { createWhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud/adapter';
import {
  createCloudBroadcastSender,
  SKIP_NO_TEMPLATE,
  STOPPED_REASON,
} from '../../../src/channels/whatsapp-cloud/broadcast';
import { createGraphApi } from '../../../src/channels/whatsapp-cloud/graph-api';
import { applyStatuses } from '../../../src/channels/whatsapp-cloud/statuses';
import { parseConfig } from '../../../src/config';
import { t } from '../../../src/content/copy';
import { findContact } from '../../../src/db/contacts';
import { contacts, deliveries } from '../../../src/db/schema';
import { createHttpApp } from '../../../src/http/app';
import { silentLogger } from '../../../src/log';
import { seedSubscribers } from '../../support/contacts';
import { backends, openTestDatabase, type TestDatabase } from '../../support/db';
import {
  type FakeGraphApi,
  signBody,
  startFakeGraphApi,
  statusUpdate,
  webhookBody,
} from '../../support/fake-graph-api';
import { cloudEnv } from '../../support/whatsapp-cloud';

const TEMPLATE = 'pengumuman_pemilu:id';

describe.each(backends)('WhatsApp Cloud API broadcasts (%s)', (backend) => {
  let database: TestDatabase;
  let graph: FakeGraphApi;
  let workers: BroadcastWorkers | undefined;
  let nextFirst = 6281400000000;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    graph = await startFakeGraphApi();
  });
  afterEach(async () => {
    await workers?.stop();
    workers = undefined;
    graph.sends.splice(0);
    await database.db.execute(sql`update contacts set subscribed = false`);
    await database.db.execute(sql`update deliveries set status = 'skipped' where status = 'pending'`);
    await database.db.execute(sql`update broadcasts set status = 'done' where status = 'sending'`);
  });
  afterAll(async () => {
    await graph.close();
    await database.close();
  });

  const configWith = (env: Record<string, string> = {}) => parseConfig({ ...cloudEnv(graph), ...env });

  async function setup(
    n: number,
    opts: { env?: Record<string, string>; limiter?: RateLimiter; staleFrom?: number } = {},
  ) {
    // One drainer per channel: a second would take the first one's sends for a crashed sender's.
    await workers?.stop();
    workers = undefined;
    const first = nextFirst;
    nextFirst += 10_000;
    await seedSubscribers(database.db, n, { first, channel: 'whatsapp' });
    const ids = Array.from({ length: n }, (_, i) => String(first + i));
    // The last ones wrote more than 24 hours ago: outside the window.
    if (opts.staleFrom !== undefined) {
      await database.db
        .update(contacts)
        .set({ lastSeenAt: new Date(Date.now() - 2 * 86_400_000) })
        .where(inArray(contacts.externalId, ids.slice(opts.staleFrom)));
    }
    const config = configWith(opts.env);
    const api = createGraphApi({
      apiRoot: graph.apiRoot,
      token: graph.token,
      phoneNumberId: graph.phoneNumberId,
      timeoutMs: 5000,
    });
    workers = await startBroadcastWorkers({
      database,
      config,
      senders: {
        whatsapp: createCloudBroadcastSender({
          api,
          database,
          config,
          log: silentLogger,
          rateBackoffMs: 300,
        }),
      },
      log: silentLogger,
      limiters: { whatsapp: opts.limiter ?? createRateLimiter({ ratePerSecond: 1000 }) },
      pollMs: 100,
      backoffBaseMs: 50,
    });
    const id = await createBroadcast(database.db, {
      createdBy: 'test',
      text: 'Pengingat: ASN dilarang ikut kampanye.\nBaca aturannya.',
      audience: audienceOf('whatsapp'),
    });
    return { id, ids, config };
  }

  async function go(id: number) {
    await startBroadcast(database.db, id);
    await workers!.wake(['whatsapp']);
  }

  async function waitDone(id: number, timeoutMs = 60_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const p = await progressOf(database.db, id);
      if (p && p.pending === 0 && p.status !== 'sending') return p;
      if (Date.now() > until) throw new Error(`broadcast ${id} not done: ${JSON.stringify(p)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const rowOf = async (broadcastId: number, externalId: string) => {
    const c = await findContact(database.db, 'whatsapp', externalId);
    const [row] = await database.db
      .select()
      .from(deliveries)
      .where(sql`${deliveries.broadcastId} = ${broadcastId} and ${deliveries.contactId} = ${c!.id}`);
    return row!;
  };

  /** Status webhooks through the real route, signed as Meta signs them. */
  async function postStatuses(
    config: ReturnType<typeof configWith>,
    statuses: ReturnType<typeof statusUpdate>[],
  ) {
    const channel = createWhatsAppCloudChannel({
      config,
      database,
      log: silentLogger,
      onStatuses: async (s) => {
        await applyStatuses(database, s, { config, backoffMs: { rate: 50, pair: 50 } });
      },
    });
    await channel.start({
      accept: async () => {},
      handle: async () => ({ duplicate: false, replies: [], delivered: false }),
    });
    const app = createHttpApp({ database, log: silentLogger, routes: channel.routes ?? [] });
    const body = JSON.stringify(webhookBody({ statuses }));
    const res = await app.request('/webhooks/whatsapp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body) },
      body,
    });
    expect(res.status).toBe(200);
  }

  it('inside the 24-hour window free text; outside it the template with the message as parameter', async () => {
    const { id, ids } = await setup(4, {
      env: { WHATSAPP_CLOUD_BROADCAST_TEMPLATE: TEMPLATE },
      staleFrom: 2,
    });
    await go(id);
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 4, failed: 0, skipped: 0 });
    const byTo = new Map(graph.delivered.map((s) => [s.to, s]));
    expect(byTo.get(ids[0]!)!.type).toBe('text');
    expect(byTo.get(ids[1]!)!.type).toBe('text');
    expect(String((byTo.get(ids[0]!)!.body.text as { body: string }).body)).toContain(
      'Pengingat: ASN dilarang',
    );
    const tpl = byTo.get(ids[2]!)!;
    expect(tpl.type).toBe('template');
    expect(tpl.body.template).toEqual({
      name: 'pengumuman_pemilu',
      language: { code: 'id' },
      components: [
        {
          type: 'body',
          parameters: [
            {
              type: 'text',
              text: `Pengingat: ASN dilarang ikut kampanye. · Baca aturannya. · ${t('broadcast.stop_line', 'id').replace(/\*/g, '')}`,
            },
          ],
        },
      ],
    });
    expect((await rowOf(id, ids[2]!)).via).toBe('template');
    expect((await rowOf(id, ids[0]!)).via).toBe('text');
    expect((await rowOf(id, ids[0]!)).platformMessageId).toBe(byTo.get(ids[0]!)!.id);
  });

  it('outside the window without a template: skipped with the reason, nothing sent', async () => {
    const { id, ids } = await setup(3, { staleFrom: 1 });
    await go(id);
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 1, skipped: 2 });
    expect(graph.sends.map((s) => s.to)).toEqual([ids[0]]);
    expect((await rowOf(id, ids[1]!)).lastError).toBe(SKIP_NO_TEMPLATE);
  });

  it('status webhooks move deliveries to delivered and read, and show in the progress', async () => {
    const { id, ids, config } = await setup(3);
    await go(id);
    await waitDone(id);
    const wamid = (to: string) => graph.delivered.find((s) => s.to === to)!.id!;
    await postStatuses(config, [
      statusUpdate(wamid(ids[0]!), 'sent', ids[0]!),
      statusUpdate(wamid(ids[0]!), 'delivered', ids[0]!),
      statusUpdate(wamid(ids[1]!), 'delivered', ids[1]!),
      statusUpdate(wamid(ids[1]!), 'read', ids[1]!),
      // Out of order: a late "delivered" never moves "read" back.
      statusUpdate(wamid(ids[1]!), 'delivered', ids[1]!),
      statusUpdate('wamid.of-a-reply', 'read', ids[2]!),
    ]);
    expect((await rowOf(id, ids[0]!)).platformStatus).toBe('delivered');
    expect((await rowOf(id, ids[1]!)).platformStatus).toBe('read');
    expect((await rowOf(id, ids[2]!)).platformStatus).toBeNull();
    const p = (await progressOf(database.db, id))!;
    expect(p).toMatchObject({ sent: 3, delivered: 2, read: 1 });
    expect(progressText(p, 'id')).toContain(
      t('broadcast.progress_receipts', 'id', { delivered: 2, read: 1 }),
    );
  });

  it('failed with 131050 unsubscribes the contact and records the failure', async () => {
    const { id, ids, config } = await setup(2);
    await go(id);
    await waitDone(id);
    const sent = graph.delivered.find((s) => s.to === ids[0])!;
    await postStatuses(config, [statusUpdate(sent.id!, 'failed', ids[0]!, 131050)]);
    const row = await rowOf(id, ids[0]!);
    expect(row).toMatchObject({ status: 'failed', platformStatus: 'failed', lastError: STOPPED_REASON });
    expect((await findContact(database.db, 'whatsapp', ids[0]!))!.subscribed).toBe(false);
    expect((await findContact(database.db, 'whatsapp', ids[1]!))!.subscribed).toBe(true);

    // Meta may also refuse at once: the same outcome.
    await database.db.execute(sql`update contacts set subscribed = false`);
    const second = await setup(2);
    graph.failNext({ code: 131050 }, { to: second.ids[1]! });
    await go(second.id);
    const p = await waitDone(second.id);
    expect(p).toMatchObject({ sent: 1, failed: 1 });
    expect((await findContact(database.db, 'whatsapp', second.ids[1]!))!.subscribed).toBe(false);
  });

  it('a status posted before its message id was recorded is applied once the id is there', async () => {
    const { id, ids, config } = await setup(1);
    await go(id);
    await waitDone(id);
    const sent = graph.delivered.find((s) => s.to === ids[0])!;
    const row = await rowOf(id, ids[0]!);
    // As if Meta's webhook overtook the send's own bookkeeping: the delivery does not know its wamid yet.
    await database.db.update(deliveries).set({ platformMessageId: null }).where(eq(deliveries.id, row.id));
    let release!: () => void;
    const recorded = new Promise<void>((r) => {
      release = r;
    });
    const channel = createWhatsAppCloudChannel({
      config,
      database,
      log: silentLogger,
      lateStatusWaits: [() => recorded],
    });
    await channel.start({
      accept: async () => {},
      handle: async () => ({ duplicate: false, replies: [], delivered: false }),
    });
    const app = createHttpApp({ database, log: silentLogger, routes: channel.routes ?? [] });
    const body = JSON.stringify(
      webhookBody({ statuses: [statusUpdate(sent.id!, 'failed', ids[0]!, 131050)] }),
    );
    const res = await app.request('/webhooks/whatsapp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body) },
      body,
    });
    expect(res.status).toBe(200);
    expect((await findContact(database.db, 'whatsapp', ids[0]!))!.subscribed).toBe(true);
    // The send's bookkeeping lands; the status is looked up again and takes effect.
    await database.db
      .update(deliveries)
      .set({ platformMessageId: sent.id! })
      .where(eq(deliveries.id, row.id));
    release();
    await vi.waitFor(async () => {
      expect((await findContact(database.db, 'whatsapp', ids[0]!))!.subscribed).toBe(false);
    });
    expect(await rowOf(id, ids[0]!)).toMatchObject({ status: 'failed', lastError: STOPPED_REASON });
  });

  it('failed with 131047 falls back to the template once, or records the skip without one', async () => {
    const withTemplate = await setup(2, { env: { WHATSAPP_CLOUD_BROADCAST_TEMPLATE: TEMPLATE } });
    await go(withTemplate.id);
    await waitDone(withTemplate.id);
    const target = withTemplate.ids[0]!;
    const text = graph.delivered.find((s) => s.to === target)!;
    await postStatuses(withTemplate.config, [statusUpdate(text.id!, 'failed', target, 131047)]);
    await workers!.wake(['whatsapp']);
    const p = await waitDone(withTemplate.id);
    expect(p).toMatchObject({ sent: 2, failed: 0 });
    expect(graph.delivered.filter((s) => s.to === target).map((s) => s.type)).toEqual(['text', 'template']);
    expect((await rowOf(withTemplate.id, target)).via).toBe('template');
    // A later status about the first (text) message no longer matches the row.
    await postStatuses(withTemplate.config, [statusUpdate(text.id!, 'failed', target, 131047)]);
    expect(graph.delivered.filter((s) => s.to === target)).toHaveLength(2);

    const without = await setup(1);
    await go(without.id);
    await waitDone(without.id);
    const one = graph.delivered.find((s) => s.to === without.ids[0])!;
    await postStatuses(without.config, [statusUpdate(one.id!, 'failed', without.ids[0]!, 131047)]);
    const row = await rowOf(without.id, without.ids[0]!);
    expect(row.status).toBe('skipped');
    expect(row.lastError).toContain(SKIP_NO_TEMPLATE);
  });

  it('130429 and 131056 back off and retry; each recipient still gets one message', async () => {
    const { id, ids, config } = await setup(6);
    graph.failNext({ code: 130429 }, { to: ids[1]! });
    graph.failNext({ code: 131056 }, { to: ids[2]!, times: 2 });
    graph.failNext({ code: 131000, status: 500 }, { to: ids[3]! });
    await go(id);
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 6, failed: 0, unknown: 0 });
    expect(graph.sends.filter((s) => s.to === ids[1]).map((s) => s.outcome)).toEqual([130429, 'ok']);
    expect(graph.sends.filter((s) => s.to === ids[2]).map((s) => s.outcome)).toEqual([131056, 131056, 'ok']);
    expect(graph.sends.filter((s) => s.to === ids[3]).map((s) => s.outcome)).toEqual([131000, 'ok']);
    const after429 = graph.sends.find((s) => s.to === ids[1] && s.outcome === 'ok')!;
    const the429 = graph.sends.find((s) => s.outcome === 130429)!;
    expect(after429.at - the429.at).toBeGreaterThanOrEqual(290);
    for (const to of ids) expect(graph.delivered.filter((s) => s.to === to)).toHaveLength(1);

    // The same codes as a failed status: the row goes back for a later retry, then is sent once more.
    const sent = graph.delivered.find((s) => s.to === ids[4])!;
    await postStatuses(config, [statusUpdate(sent.id!, 'failed', ids[4]!, 130429)]);
    expect((await rowOf(id, ids[4]!)).status).toBe('pending');
    await workers!.wake(['whatsapp']);
    await waitDone(id);
    expect(graph.delivered.filter((s) => s.to === ids[4])).toHaveLength(2);
    expect((await rowOf(id, ids[4]!)).status).toBe('sent');
  });

  it('other errors are recorded per delivery', async () => {
    const { id, ids } = await setup(3);
    graph.failNext({ code: 131026 }, { to: ids[0]! });
    graph.failNext({ code: 100 }, { to: ids[1]! });
    await go(id);
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 1, failed: 2 });
    expect((await rowOf(id, ids[0]!)).lastError).toContain('131026');
    expect((await rowOf(id, ids[1]!)).lastError).toContain('(100)');
    expect(graph.sends.filter((s) => s.to === ids[0])).toHaveLength(1);
  });

  it('sends 2,000 subscribers exactly once each, at the configured 20 messages a second', async () => {
    // The limiter's clock is virtual: 100 seconds of slots in no real time, checked exactly.
    let virtual = 0;
    const granted: number[] = [];
    const config = configWith();
    expect(config.WHATSAPP_CLOUD_RATE_PER_SECOND).toBe(20);
    // Eight sends run at once, so sleepers wake in the order of their wake-up times, one per turn
    // of the event loop, and the clock jumps to each one's time: a virtual clock, not a counter.
    const sleepers: { at: number; wake: () => void }[] = [];
    let advancing = false;
    const advance = () => {
      advancing = false;
      sleepers.sort((a, b) => a.at - b.at);
      const next = sleepers.shift();
      if (!next) return;
      virtual = Math.max(virtual, next.at);
      next.wake();
      if (sleepers.length) {
        advancing = true;
        setImmediate(advance);
      }
    };
    const paced = createRateLimiter({
      ratePerSecond: config.WHATSAPP_CLOUD_RATE_PER_SECOND,
      now: () => virtual,
      sleep: (ms) =>
        new Promise<void>((wake) => {
          sleepers.push({ at: virtual + ms, wake });
          if (!advancing) {
            advancing = true;
            setImmediate(advance);
          }
        }),
    });
    const limiter: RateLimiter = {
      ...paced,
      ratePerSecond: paced.ratePerSecond,
      async take() {
        await paced.take();
        granted.push(virtual);
      },
    };
    const { id, ids } = await setup(2000, { limiter });
    await go(id);
    const p = await waitDone(id, 200_000);
    expect(p).toMatchObject({ sent: 2000, failed: 0, skipped: 0, pending: 0, status: 'done' });
    const to = graph.delivered.map((s) => s.to);
    expect(to).toHaveLength(2000);
    expect(new Set(to).size).toBe(2000);
    for (let i = 0; i < 2000; i += 397) expect(to).toContain(ids[i]);
    expect(granted).toHaveLength(2000);
    const gaps = granted.slice(1).map((g, i) => g - granted[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50 - 1e-6);
    const rate = (granted.length - 1) / ((granted.at(-1)! - granted[0]!) / 1000);
    expect(rate).toBeCloseTo(20, 1);
    // Every row knows its wamid, so the statuses Meta sends later find it.
    const rows = await database.db
      .select({ m: deliveries.platformMessageId })
      .from(deliveries)
      .where(eq(deliveries.broadcastId, id));
    expect(rows.filter((r) => r.m?.startsWith('wamid.'))).toHaveLength(2000);
  }, 240_000);
});
