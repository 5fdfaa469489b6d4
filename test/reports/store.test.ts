import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertContact } from '../../src/db/contacts';
import { reportEvents } from '../../src/db/schema';
import { insertReport, reportsToday } from '../../src/reports/store';
import { newTicket } from '../../src/reports/ticket';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';

describe.each(backends)('report store on %s', (backend) => {
  let database: TestDatabase;
  let contactId: number;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    contactId = (await upsertContact(database.db, 'console', 'store-user', 'id')).id;
  });
  afterAll(() => database.close());

  it('gives 1,000 concurrent confirms 1,000 distinct tickets, each with its first status', async () => {
    const results = await Promise.all(
      Array.from({ length: 1000 }, () =>
        database.db.transaction((tx) =>
          insertReport(tx, {
            contactId,
            category: 'asn',
            fields: { who: 'x' },
            reporter: { anonymous: true },
          }),
        ),
      ),
    );
    const tickets = new Set(results.map((r) => r.ticket));
    expect(tickets.size).toBe(1000);
    for (const t of tickets) expect(t).toMatch(/^PN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/);
    const events = await database.db.select().from(reportEvents);
    expect(events.filter((e) => e.status === 'baru').length).toBeGreaterThanOrEqual(1000);
    expect(await reportsToday(database.db, contactId)).toBeGreaterThanOrEqual(1000);
  });

  it('retries on the rare collision without breaking the transaction', async () => {
    const taken = await insertReport(database.db, {
      contactId,
      category: 'hoax',
      fields: {},
      reporter: { anonymous: true },
    });
    const seq = [taken.ticket, taken.ticket, newTicket()];
    const r = await database.db.transaction(async (tx) => {
      const row = await insertReport(
        tx,
        { contactId, category: 'hoax', fields: {}, reporter: { anonymous: true } },
        () => seq.shift()!,
      );
      // The transaction is still usable after the conflicts.
      await tx.select().from(reportEvents).limit(1);
      return row;
    });
    expect(r.ticket).not.toBe(taken.ticket);
    expect(seq).toHaveLength(0);
  });

  it('stores no name for an anonymous reporter, even if one was typed before', async () => {
    const { findByTicket } = await import('../../src/reports/store');
    const r = await insertReport(database.db, {
      contactId,
      category: 'asn',
      fields: {},
      reporter: { anonymous: true, name: 'Should Not Be Kept', contact: '08123456789' },
    });
    const row = await findByTicket(database.db, r.ticket);
    expect(row).toMatchObject({ anonymous: true, reporterName: null, reporterContact: null });
  });
});
