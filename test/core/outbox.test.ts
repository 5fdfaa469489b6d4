import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { createDispatcher } from '../../src/core/dispatcher';
import type { Outbound } from '../../src/core/message';
import { OutcomeUnknownError } from '../../src/core/send';
import { makeRegistry } from '../../src/core/step';
import { upsertContact } from '../../src/db/contacts';
import { enqueue } from '../../src/db/outbox';
import { outbox } from '../../src/db/schema';
import { silentLogger } from '../../src/log';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';

describe.each(backends)('outbox, one row per bubble (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(() => database.close());

  it('when the second of three bubbles fails, the retry sends it and the third, never the first again', async () => {
    const delivered: string[] = [];
    let failNext = 1;
    const dispatcher = createDispatcher({
      database,
      registry: makeRegistry([]),
      config: parseConfig({ TELEGRAM_CHAT_INTERVAL_MS: '0' }),
      services: {},
      effects: {},
      log: silentLogger,
      senders: {
        telegram: {
          async send(_chat: string, messages: Outbound[]) {
            const text = messages[0]!.text;
            if (text === 'b2' && failNext-- > 0) throw new OutcomeUnknownError('socket hang up');
            delivered.push(text);
          },
        },
      },
    });
    const c = await upsertContact(database.db, 'telegram', '9001', 'id');
    await enqueue(database.db, {
      contactId: c.id,
      channel: 'telegram',
      messages: [{ text: 'b1' }, { text: 'b2' }, { text: 'b3' }],
    });
    expect(await dispatcher.drainOutbox()).toBe(0);
    expect(delivered).toEqual(['b1']);
    // Due again now (the test does not wait out the backoff).
    await database.db.update(outbox).set({ nextAttemptAt: new Date(0) });
    expect(await dispatcher.drainOutbox()).toBe(2);
    expect(delivered).toEqual(['b1', 'b2', 'b3']);
    await database.db.update(outbox).set({ nextAttemptAt: new Date(0) });
    expect(await dispatcher.drainOutbox()).toBe(0);
    expect(delivered).toEqual(['b1', 'b2', 'b3']);
  });
});
