import { initAuthCreds, proto } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSignalKeyStore, loadDbAuthState } from '../../../src/channels/whatsapp/auth-store';
import type { whatsappAuth } from '../../../src/db/schema';
import { backends, openTestDatabase, type TestDatabase } from '../../support/db';

describe.each(backends)('WhatsApp auth state in the database (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
  });

  it('starts fresh, then round-trips creds with Buffers intact across a reload', async () => {
    const first = await loadDbAuthState(database, { account: 'creds-test' });
    expect(first.state.creds.registered).toBe(false);
    first.state.creds.registered = true;
    first.state.creds.me = { id: '6281234567890:1@s.whatsapp.net', name: 'Pantau' };
    first.state.creds.routingInfo = Buffer.from([1, 2, 3, 250]);
    await first.saveCreds();
    await first.saveCreds(); // a second save updates the same row

    const again = await loadDbAuthState(database, { account: 'creds-test' });
    const a = first.state.creds;
    const b = again.state.creds;
    expect(b.registered).toBe(true);
    expect(b.me?.id).toBe('6281234567890:1@s.whatsapp.net');
    expect(Buffer.isBuffer(b.noiseKey.private)).toBe(true);
    expect(Buffer.from(b.noiseKey.private).equals(Buffer.from(a.noiseKey.private))).toBe(true);
    expect(Buffer.from(b.signedIdentityKey.public).equals(Buffer.from(a.signedIdentityKey.public))).toBe(
      true,
    );
    expect(Buffer.from(b.signedPreKey.signature).equals(Buffer.from(a.signedPreKey.signature))).toBe(true);
    expect(b.routingInfo && Buffer.from(b.routingInfo).equals(Buffer.from([1, 2, 3, 250]))).toBe(true);
    expect(b.registrationId).toBe(a.registrationId);
    expect(b.advSecretKey).toBe(a.advSecretKey);
  });

  it('interleaved creds saves: the last one wins even when earlier writes are slower', async () => {
    // Every write is held back longer the earlier it started, as on a busy pool.
    const n = 12;
    let started = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const real = database.db;
    const slowDb = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'insert') return Reflect.get(target, prop, receiver);
        return (table: typeof whatsappAuth) => ({
          values: (v: typeof whatsappAuth.$inferInsert) => ({
            onConflictDoUpdate: async (
              c: Parameters<ReturnType<ReturnType<typeof real.insert>['values']>['onConflictDoUpdate']>[0],
            ) => {
              const delay = n - started++;
              inFlight++;
              maxInFlight = Math.max(maxInFlight, inFlight);
              for (let i = 0; i < delay * 3; i++) await new Promise((r) => setImmediate(r));
              await real.insert(table).values(v).onConflictDoUpdate(c);
              inFlight--;
            },
          }),
        });
      },
    });
    const auth = await loadDbAuthState({ ...database, db: slowDb }, { account: 'interleaved' });
    const saves: Promise<void>[] = [];
    for (let i = 1; i <= n; i++) {
      auth.state.creds.me = { id: `628120000000${i}:1@s.whatsapp.net` };
      saves.push(auth.saveCreds()); // not awaited: baileys fires creds.update and moves on
    }
    await Promise.all(saves);
    expect(maxInFlight).toBe(1);
    const reloaded = await loadDbAuthState(database, { account: 'interleaved' });
    expect(reloaded.state.creds.me?.id).toBe(`628120000000${n}:1@s.whatsapp.net`);

    // A clear queued behind a save is not undone by it.
    auth.state.creds.registered = true;
    const late = auth.saveCreds();
    await auth.clear();
    await late;
    expect((await loadDbAuthState(database, { account: 'interleaved' })).state.creds.registered).toBe(false);
  });

  it('round-trips signal keys of several types and deletes with null', async () => {
    const store = dbSignalKeyStore(database, 'keys-test');
    const preKey = { public: Buffer.from('pub-1'), private: Buffer.from('priv-1') };
    const session = Buffer.from([0, 1, 2, 3, 4, 255]);
    const syncKey = proto.Message.AppStateSyncKeyData.fromObject({
      keyData: Buffer.from('sync-key-bytes'),
      fingerprint: { rawId: 7, currentIndex: 1, deviceIndexes: [0, 1] },
      timestamp: 1732530000,
    });
    await store.set({
      'pre-key': { '1': preKey, '2': { public: Buffer.from('p2'), private: Buffer.from('s2') } },
      session: { '6281234567890.0': session },
      'app-state-sync-key': { AAAA: syncKey },
      'lid-mapping': { '6281234567890': '123456789012345' },
    });

    const pre = await store.get('pre-key', ['1', '2', 'missing']);
    expect(Object.keys(pre).sort()).toEqual(['1', '2']);
    expect(Buffer.isBuffer(pre['1']!.public)).toBe(true);
    expect(Buffer.from(pre['1']!.private).toString()).toBe('priv-1');
    const sess = await store.get('session', ['6281234567890.0']);
    expect(Buffer.from(sess['6281234567890.0']!).equals(session)).toBe(true);
    const sync = await store.get('app-state-sync-key', ['AAAA']);
    expect(sync.AAAA).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(sync.AAAA!.keyData!).toString()).toBe('sync-key-bytes');
    expect(sync.AAAA!.fingerprint?.deviceIndexes).toEqual([0, 1]);
    expect(await store.get('lid-mapping', ['6281234567890'])).toEqual({ '6281234567890': '123456789012345' });

    // The same id under another type is another key.
    expect(await store.get('sender-key', ['1'])).toEqual({});

    await store.set({ 'pre-key': { '1': null }, session: { '6281234567890.0': null } });
    expect(Object.keys(await store.get('pre-key', ['1', '2']))).toEqual(['2']);
    expect(await store.get('session', ['6281234567890.0'])).toEqual({});

    // Overwrite keeps one row.
    await store.set({ 'pre-key': { '2': { public: Buffer.from('new'), private: Buffer.from('new') } } });
    const two = await store.get('pre-key', ['2']);
    expect(Buffer.from(two['2']!.public).toString()).toBe('new');
  });

  it('the cached store from loadDbAuthState writes through to the database', async () => {
    const auth = await loadDbAuthState(database, { account: 'cache-test' });
    await auth.state.keys.set({ 'sender-key': { 'g1::u1': Buffer.from('sk') } });
    const raw = dbSignalKeyStore(database, 'cache-test');
    const got = await raw.get('sender-key', ['g1::u1']);
    expect(Buffer.from(got['g1::u1']!).toString()).toBe('sk');
  });

  it('clear() forgets creds and keys of that account only', async () => {
    const mine = await loadDbAuthState(database, { account: 'clear-me' });
    const other = await loadDbAuthState(database, { account: 'keep-me' });
    mine.state.creds.registered = true;
    await mine.saveCreds();
    await mine.state.keys.set({ session: { a: Buffer.from('x') } });
    other.state.creds.registered = true;
    await other.saveCreds();
    await other.state.keys.set({ session: { a: Buffer.from('y') } });
    const oldIdentity = Buffer.from(mine.state.creds.noiseKey.public);

    await mine.clear();
    expect(mine.state.creds.registered).toBe(false);
    expect(Buffer.from(mine.state.creds.noiseKey.public).equals(oldIdentity)).toBe(false);
    expect(await mine.state.keys.get('session', ['a'])).toEqual({});
    const reloaded = await loadDbAuthState(database, { account: 'clear-me' });
    expect(reloaded.state.creds.registered).toBe(false);
    expect(await dbSignalKeyStore(database, 'clear-me').get('session', ['a'])).toEqual({});

    const kept = await loadDbAuthState(database, { account: 'keep-me' });
    expect(kept.state.creds.registered).toBe(true);
    const keptKey = await kept.state.keys.get('session', ['a']);
    expect(Buffer.from(keptKey.a!).toString()).toBe('y');
    expect(initAuthCreds().registered).toBe(false);
  });
});
