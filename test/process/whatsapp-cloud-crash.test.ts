import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { audienceOf } from '../../src/broadcast/audience';
import { INTERRUPTED } from '../../src/broadcast/deliveries';
import { createBroadcast, startBroadcast } from '../../src/broadcast/plan';
import { openDatabase } from '../../src/db/client';
import { contacts, deliveries } from '../../src/db/schema';
import { type BotProcess, spawnBot } from '../support/bot-process';
import { seedSubscribers } from '../support/contacts';
import { TEST_DATA_KEY } from '../support/data-key';
import { backends, createScratchDatabase } from '../support/db';
import { startFakeGraphApi } from '../support/fake-graph-api';
import { cloudEnv } from '../support/whatsapp-cloud';

const N = 600;
const FIRST = 6281500000000;

describe.each(backends)('a WhatsApp Cloud API broadcast survives kill -9 of the bot (%s)', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  const bots: BotProcess[] = [];
  afterAll(async () => {
    for (const b of bots) await b.kill('SIGKILL');
    for (const c of cleanups.reverse()) await c();
  });

  it('resumes after a restart: nobody gets it twice, the sends caught by the kill are recorded and not resent', async () => {
    const graph = await startFakeGraphApi();
    cleanups.push(() => graph.close());
    let where: { url: string } | { dataDir: string };
    if (backend === 'postgres') {
      const scratch = await createScratchDatabase();
      cleanups.push(scratch.drop);
      where = { url: scratch.url };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'pantau-cloud-crash-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      where = { dataDir: dir };
    }
    let database = await openDatabase(where);
    await seedSubscribers(database.db, N, { first: FIRST, channel: 'whatsapp' });
    const id = await createBroadcast(database.db, {
      createdBy: 'cli',
      text: 'Pengingat: hari tenang dimulai besok.',
      audience: audienceOf('whatsapp'),
    });
    await startBroadcast(database.db, id);
    // PGlite allows one process per folder: the bot gets it to itself.
    await database.close();

    const env = {
      ...cloudEnv(graph),
      WHATSAPP_CLOUD_RATE_PER_SECOND: '100',
      DATA_KEY: TEST_DATA_KEY,
      // Empty, not absent: the test run's own DATABASE_URL must not reach a PGlite bot.
      ...('url' in where ? { DATABASE_URL: where.url } : { DATABASE_URL: '', DATA_DIR: where.dataDir }),
    };
    const first = await spawnBot(env);
    bots.push(first);
    await graph.waitForSends(N / 2, { timeoutMs: 120_000 });
    // Meta takes the next send and the bot dies waiting for its answer.
    const hold = graph.holdAnswers();
    const before = graph.sends.length;
    await graph.waitForSends(before + 1, { timeoutMs: 30_000 });
    expect(await first.kill('SIGKILL')).toBe(-1);
    hold.release();

    const second = await spawnBot(env);
    bots.push(second);
    // Done when (almost) everyone has one and the sends have stopped: a few rows the kill caught
    // between "sending" and the request leaving were never sent, and are not sent now either.
    const until = Date.now() + 180_000;
    let last = -1;
    for (;;) {
      const n = graph.sends.length;
      if (new Set(graph.sends.map((s) => s.to)).size >= N - 10 && n === last) break;
      if (Date.now() > until)
        throw new Error(`only ${new Set(graph.sends.map((s) => s.to)).size} of ${N} reached`);
      last = n;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(await second.kill('SIGTERM')).toBe(0);

    const perRecipient = new Map<string, number>();
    for (const s of graph.sends) perRecipient.set(s.to, (perRecipient.get(s.to) ?? 0) + 1);
    expect([...perRecipient.entries()].filter(([, n]) => n !== 1)).toEqual([]);

    database = await openDatabase(where);
    cleanups.push(() => database.close());
    const rows = await database.db
      .select({ status: deliveries.status, lastError: deliveries.lastError, to: contacts.externalId })
      .from(deliveries)
      .innerJoin(contacts, eq(contacts.id, deliveries.contactId))
      .where(eq(deliveries.broadcastId, id));
    expect(rows).toHaveLength(N);
    const notSent = rows.filter((r) => r.status !== 'sent');
    // The send held at the kill (and sends whose success was not yet written) are recorded, not resent.
    expect(notSent.length).toBeGreaterThanOrEqual(1);
    expect(notSent.length).toBeLessThanOrEqual(60);
    for (const r of notSent) expect(r).toMatchObject({ status: 'unknown', lastError: INTERRUPTED });
    // Everyone recorded as sent got exactly one message; nobody is left pending.
    for (const r of rows.filter((x) => x.status === 'sent')) expect(perRecipient.get(r.to)).toBe(1);
    expect(perRecipient.size).toBe(N - notSent.filter((r) => !perRecipient.has(r.to)).length);
  }, 400_000);
});
