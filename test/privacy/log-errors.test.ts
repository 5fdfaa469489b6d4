import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { createLogger } from '../../src/log';
import { safeMessage, serializeError } from '../../src/log-errors';
import { createTestBot, type TestBot } from '../support/chat';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';

/** What an incident would leak: the sender's Telegram id, a reported person's name, report text, a witness's phone. */
const USER = '6120048877';
const SECRETS = [USER, 'Hendra Gunawan', 'kampanye di balai desa', '081377001122'];

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination: sink }), text: () => lines.join('') };
}

describe('error serializer', () => {
  it("drops drizzle's params line, PGlite's params and detail, postgres.js parameters, telegraf payloads", () => {
    const cause = Object.assign(new Error('null value in column "a" violates not-null constraint'), {
      code: '23502',
      table: 't',
      detail: `Failing row contains (null, ${SECRETS[1]}).`,
      params: [null, SECRETS[1]],
    });
    Object.defineProperty(cause, 'parameters', { value: [SECRETS[0]], enumerable: false });
    const err = new DrizzleQueryError('insert into t (a, b) values ($1, $2)', [USER, SECRETS[1]!], cause);
    const out = JSON.stringify(serializeError(err));
    for (const s of SECRETS.slice(0, 2)) expect(out).not.toContain(s);
    expect(out).not.toContain('params:');
    expect(out).toContain('insert into t (a, b) values ($1, $2)');
    expect(out).toContain('23502');
    expect(safeMessage(err)).not.toContain(USER);

    const telegraf = Object.assign(new Error('400: Bad Request: chat not found'), {
      response: { error_code: 400, description: 'Bad Request: chat not found' },
      on: { method: 'sendMessage', payload: { chat_id: USER, text: SECRETS[2] } },
    });
    const t = JSON.stringify(serializeError(telegraf));
    expect(t).toContain('chat not found');
    expect(t).not.toContain(USER);
    expect(t).not.toContain(SECRETS[2]!);
  });
});

describe.each(backends)('a failed statement on %s logs no parameter values', (backend) => {
  let bot: TestBot | undefined;
  let extra: TestDatabase | undefined;
  afterEach(async () => {
    await bot?.close();
    await extra?.close();
    bot = undefined;
    extra = undefined;
  });

  /**
   * A message whose statements fail: it is kept (the inbox retries it, or the sender is told to
   * send it again), and the log line is all an operator gets.
   */
  async function failOnce(b: TestBot, text: () => string, line: string): Promise<string> {
    void b.send({ text: `lapor ${SECRETS.slice(1).join(' ')}` }, USER).catch(() => {});
    await vi.waitFor(() => expect(text()).toContain(line), { timeout: 30_000, interval: 50 });
    const logged = text();
    for (const s of SECRETS) expect(logged).not.toContain(s);
    expect(logged).not.toContain('params:');
    expect(logged).not.toContain('Failing row contains (');
    return logged;
  }

  it('on a read-only database (a standby after a failover)', async () => {
    const { log, text } = capture();
    const database = await openTestDatabase(backend);
    if (backend === 'pglite') {
      // PGlite has one session: this makes every later transaction read-only.
      await database.db.execute(sql`set default_transaction_read_only = on`);
      bot = await createTestBot({ backend, channel: 'telegram', database, log });
    } else {
      // New connections of this database start read-only, as on a hot standby.
      await database.db.execute(
        sql.raw(
          `alter database "${new URL(database.url!).pathname.slice(1)}" set default_transaction_read_only = on`,
        ),
      );
      extra = database;
      const readOnly = await openDatabase({ url: database.url!, migrate: false });
      bot = await createTestBot({
        backend,
        channel: 'telegram',
        database: { ...readOnly, close: () => readOnly.close() },
        log,
      });
    }
    // Even the inbox cannot take it: the platform is told to retry.
    const logged = await failOnce(bot, text, 'event not stored');
    expect(logged).toMatch(/read-only|read only/);
    expect(logged).toContain('25006');
  });

  it('when a trigger fails (and quotes the row in its message and detail)', async () => {
    const { log, text } = capture();
    const database = await openTestDatabase(backend);
    await database.db.execute(
      sql.raw(`create function pn_fail() returns trigger language plpgsql as $$
        begin
          raise exception 'no space left on device while writing %', new.external_id
            using detail = 'row ' || new.external_id || ' ' || new.channel;
        end $$`),
    );
    await database.db.execute(
      sql.raw('create trigger pn_fail before insert on contacts for each row execute function pn_fail()'),
    );
    bot = await createTestBot({ backend, channel: 'telegram', database, log });
    const logged = await failOnce(bot, text, 'event failed; will retry');
    expect(logged).toContain('no space left on device');
    expect(logged).toContain('[param]');
  });
});
