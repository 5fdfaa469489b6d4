import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client';
import { whatsappAuth } from '../../db/schema';
import type { Logger } from '../../log';

/**
 * baileys' login (creds) and Signal keys, kept in the database instead of files so a restart or a
 * redeploy never needs pairing again. One row per creds / key, under an account name so one
 * database could hold more than one number.
 */
export interface DbAuthState {
  state: AuthenticationState;
  /** Call on every `creds.update`. */
  saveCreds(): Promise<void>;
  /** Forgets this account (after a logout): the next start pairs again. */
  clear(): Promise<void>;
}

const CREDS = 'creds';
const keyName = (type: string, id: string) => `${type}:${id}`;

// BufferJSON keeps Buffers/Uint8Arrays intact through JSON ({type:'Buffer', data: base64}).
const sqlExcluded = (column: string): SQL => sql`excluded.${sql.identifier(column)}`;

const encode = (value: unknown) => JSON.stringify(value, BufferJSON.replacer);
const decode = (text: string): unknown => JSON.parse(text, BufferJSON.reviver);

/** The raw key store over the table; wrap it with makeCacheableSignalKeyStore before use. */
export function dbSignalKeyStore(
  database: Database,
  account: string,
): SignalKeyStore & { clear(): Promise<void> } {
  const { db } = database;
  return {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      if (!ids.length) return out;
      const rows = await db
        .select({ key: whatsappAuth.key, value: whatsappAuth.value })
        .from(whatsappAuth)
        .where(
          and(
            eq(whatsappAuth.account, account),
            inArray(
              whatsappAuth.key,
              ids.map((id) => keyName(type, id)),
            ),
          ),
        );
      const prefix = `${type}:`;
      for (const row of rows) {
        let value = decode(row.value);
        // baileys expects the protobuf class here, not a plain object (same as useMultiFileAuthState).
        if (type === 'app-state-sync-key' && value) {
          value = proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>);
        }
        out[row.key.slice(prefix.length)] = value as SignalDataTypeMap[T];
      }
      return out;
    },
    async set(data: SignalDataSet) {
      const upserts: { account: string; key: string; value: string; updatedAt: Date }[] = [];
      const deletes: string[] = [];
      const now = new Date();
      for (const [type, byId] of Object.entries(data)) {
        for (const [id, value] of Object.entries(byId ?? {})) {
          const k = keyName(type, id);
          if (value === null || value === undefined) deletes.push(k);
          else upserts.push({ account, key: k, value: encode(value), updatedAt: now });
        }
      }
      if (!upserts.length && !deletes.length) return;
      await db.transaction(async (tx) => {
        if (deletes.length) {
          await tx
            .delete(whatsappAuth)
            .where(and(eq(whatsappAuth.account, account), inArray(whatsappAuth.key, deletes)));
        }
        if (upserts.length) {
          await tx
            .insert(whatsappAuth)
            .values(upserts)
            .onConflictDoUpdate({
              target: [whatsappAuth.account, whatsappAuth.key],
              set: { value: sqlExcluded('value'), updatedAt: sqlExcluded('updated_at') },
            });
        }
      });
    },
    async clear() {
      await db.delete(whatsappAuth).where(eq(whatsappAuth.account, account));
    },
  };
}

/** Loads (or creates) the account's auth state from the database. */
export async function loadDbAuthState(
  database: Database,
  opts: { account?: string; log?: Logger } = {},
): Promise<DbAuthState> {
  const account = opts.account ?? 'default';
  const { db } = database;
  const [row] = await db
    .select({ value: whatsappAuth.value })
    .from(whatsappAuth)
    .where(and(eq(whatsappAuth.account, account), eq(whatsappAuth.key, CREDS)));
  const creds = row ? (decode(row.value) as AuthenticationCreds) : initAuthCreds();
  const raw = dbSignalKeyStore(database, account);
  const state: AuthenticationState = { creds, keys: makeCacheableSignalKeyStore(raw, opts.log) };
  // baileys fires creds.update in bursts and does not wait: on a pool, two upserts started in order
  // can commit out of order and leave stale creds. One write at a time, each with the creds as they
  // were when asked, so the last save is what stays; a clear waits its turn too, so no earlier save
  // brings a logged-out login back.
  let tail: Promise<void> = Promise.resolve();
  const inTurn = (work: () => Promise<void>): Promise<void> => {
    const run = tail.then(work);
    tail = run.catch(() => {});
    return run;
  };
  return {
    state,
    saveCreds() {
      const value = encode(state.creds);
      return inTurn(async () => {
        await db
          .insert(whatsappAuth)
          .values({ account, key: CREDS, value })
          .onConflictDoUpdate({
            target: [whatsappAuth.account, whatsappAuth.key],
            set: { value, updatedAt: new Date() },
          });
      });
    },
    clear() {
      return inTurn(async () => {
        await raw.clear();
        // A fresh identity, so a socket made from this state pairs as a new device.
        state.creds = initAuthCreds();
        state.keys = makeCacheableSignalKeyStore(raw, opts.log);
      });
    },
  };
}

/**
 * The LID ↔ phone-number pairs baileys has stored for this account (its `lid-mapping` keys, written
 * `<lid>_reverse` → phone). Keys are sealed, so every key of the account is read and opened once.
 */
export async function storedLidMappings(
  database: Database,
  account = 'default',
): Promise<{ lid: string; pn: string }[]> {
  const rows = await database.db
    .select({ key: whatsappAuth.key, value: whatsappAuth.value })
    .from(whatsappAuth)
    .where(eq(whatsappAuth.account, account));
  const out: { lid: string; pn: string }[] = [];
  const prefix = 'lid-mapping:';
  for (const row of rows) {
    if (!row.key.startsWith(prefix) || !row.key.endsWith('_reverse')) continue;
    const lid = row.key.slice(prefix.length, -'_reverse'.length);
    const pn = decode(row.value);
    if (typeof pn === 'string' && lid) out.push({ lid: `${lid}@lid`, pn: `${pn}@s.whatsapp.net` });
  }
  return out;
}

/**
 * The LIDs baileys stored for one phone number, in any account: its forward `lid-mapping:<phone>`
 * key, looked up by name (keys are sealed deterministically), so nothing else is read or opened.
 */
export async function lidsOfPhone(q: Queryable, phone: string): Promise<string[]> {
  const rows = await q
    .select({ value: whatsappAuth.value })
    .from(whatsappAuth)
    .where(eq(whatsappAuth.key, keyName('lid-mapping', phone)));
  return rows.flatMap((r) => {
    const lid = decode(r.value);
    return typeof lid === 'string' && lid ? [`${lid}@lid`] : [];
  });
}

/** Where the channel keeps its last connection state (not a Signal key: baileys never reads it). */
const STATUS = 'connection-status';

export interface StoredConnectionStatus {
  state: string;
  reason?: string;
  exitCode?: number;
  since: string;
}

export async function saveConnectionStatus(
  database: Database,
  account: string,
  status: StoredConnectionStatus,
): Promise<void> {
  const value = encode(status);
  await database.db
    .insert(whatsappAuth)
    .values({ account, key: STATUS, value })
    .onConflictDoUpdate({
      target: [whatsappAuth.account, whatsappAuth.key],
      set: { value, updatedAt: new Date() },
    });
}

export async function loadConnectionStatus(
  database: Database,
  account = 'default',
): Promise<StoredConnectionStatus | undefined> {
  const [row] = await database.db
    .select({ value: whatsappAuth.value })
    .from(whatsappAuth)
    .where(and(eq(whatsappAuth.account, account), eq(whatsappAuth.key, STATUS)));
  return row ? (decode(row.value) as StoredConnectionStatus) : undefined;
}
