import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Encryption at rest (AES-256-GCM from node:crypto) for the columns that may hold a person: evidence
 * bytes, OCR text, reporter identity, report and session text. Every value carries the id of the key
 * that sealed it, so a new DATA_KEY can be introduced while the old one still reads (rotation), and
 * the re-encryption job knows which rows are not on the current key yet.
 *
 * Text envelope:  `pn1:<kid>:<base64 iv|tag|ciphertext>`
 * Bytes envelope: `\0PNE` <kid 4 bytes> <iv 12> <tag 16> <ciphertext>
 * Ids (deterministic, so a unique index and equality lookups still work): `pnd:<kid>:<base64 iv|tag|ct>`
 * with the iv derived from the plaintext (a synthetic iv): equal ids give equal ciphertexts, nothing more.
 *
 * A value without an envelope is returned as it is (rows written before encryption existed); the
 * re-encryption job seals them.
 */

export interface DataKey {
  /** 8 hex characters, derived from the key (never the key itself). */
  id: string;
  key: Buffer;
}

interface Keyring {
  current: DataKey;
  byId: Map<string, DataKey>;
}

let ring: Keyring | undefined;

const TEXT_PREFIX = 'pn1:';
const ID_PREFIX = 'pnd:';
const BYTES_MAGIC = Buffer.from([0x00, 0x50, 0x4e, 0x45]);
const IV = 12;
const TAG = 16;

export class DataKeyError extends Error {}

/** A key as configured: 64 hex characters or the base64 of 32 bytes. */
export function parseDataKey(text: string): Buffer {
  const s = text.trim();
  if (/^[0-9a-f]{64}$/i.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) {
    const b = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  throw new DataKeyError(
    'expected 32 random bytes as 64 hex characters or base64 (npm run privacy -- keygen)',
  );
}

/** A new random key, as written to the data folder and printed by `privacy keygen`. */
export function newDataKey(): string {
  return randomBytes(32).toString('base64');
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('pantau-netral data key id').update(key).digest('hex').slice(0, 8);
}

/** Installs the keys for this process: `current` seals, every key (current and old) opens. */
export function installDataKeys(current: string, old: readonly string[] = []): DataKey {
  const make = (text: string): DataKey => {
    const key = parseDataKey(text);
    return { id: keyIdOf(key), key };
  };
  const cur = make(current);
  const byId = new Map<string, DataKey>([[cur.id, cur]]);
  for (const o of old) {
    const k = make(o);
    if (!byId.has(k.id)) byId.set(k.id, k);
  }
  ring = { current: cur, byId };
  sealedIds.clear();
  openedIds.clear();
  return cur;
}

export function hasDataKeys(): boolean {
  return ring !== undefined;
}

function keys(): Keyring {
  if (!ring) throw new DataKeyError('no DATA_KEY loaded: call installDataKeys() at start-up');
  return ring;
}

/** The id of the key new values are sealed with. */
export function currentKeyId(): string {
  return keys().current.id;
}

function keyFor(id: string): DataKey {
  const k = keys().byId.get(id);
  if (!k) {
    throw new DataKeyError(
      `a value is sealed with key ${id}, which is not loaded: add the old key to DATA_KEY_OLD`,
    );
  }
  return k;
}

function seal(key: DataKey, plain: Buffer, iv: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key.key, iv);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

function open(key: DataKey, box: Buffer): Buffer {
  if (box.length < IV + TAG) throw new DataKeyError('sealed value is truncated');
  const d = createDecipheriv('aes-256-gcm', key.key, box.subarray(0, IV));
  d.setAuthTag(box.subarray(IV, IV + TAG));
  return Buffer.concat([d.update(box.subarray(IV + TAG)), d.final()]);
}

/**
 * Random ivs taken from a block filled at once: one `randomBytes` per value cost more than the
 * cipher itself (a call into the system's generator for 12 bytes). A used-up block is replaced,
 * never refilled, so an iv handed out stays as it was.
 */
const IV_BLOCK = IV * 256;
let ivBlock = Buffer.alloc(0);
let ivAt = 0;
function randomIv(): Buffer {
  if (ivAt + IV > ivBlock.length) {
    ivBlock = randomBytes(IV_BLOCK);
    ivAt = 0;
  }
  ivAt += IV;
  return ivBlock.subarray(ivAt - IV, ivAt);
}

/**
 * Sealed ids by key and plaintext, and plaintexts by sealed id: an id is sealed (an HMAC and a
 * cipher) on every message that names its user, and the same few thousand active users come back
 * again and again. Deterministic sealing makes both directions safe to remember; bounded, and
 * cleared whole when full (a later call just seals again). Sealed ids are remembered by key id and
 * plaintext: a key's id is a hash of the key, so one id names one key.
 */
const ID_CACHE = 20_000;
const sealedIds = new Map<string, string>();
const openedIds = new Map<string, string>();
function remember(cache: Map<string, string>, k: string, v: string): void {
  if (cache.size >= ID_CACHE) cache.clear();
  cache.set(k, v);
}

export function isSealedText(v: string): boolean {
  return v.startsWith(TEXT_PREFIX) || v.startsWith(ID_PREFIX);
}

export function sealText(plain: string): string {
  const k = keys().current;
  return `${TEXT_PREFIX}${k.id}:${seal(k, Buffer.from(plain, 'utf8'), randomIv()).toString('base64')}`;
}

export function openText(v: string): string {
  const prefix = v.startsWith(TEXT_PREFIX) ? TEXT_PREFIX : v.startsWith(ID_PREFIX) ? ID_PREFIX : undefined;
  if (!prefix) return v;
  const isId = prefix === ID_PREFIX;
  if (isId) {
    const known = openedIds.get(v);
    if (known !== undefined) return known;
  }
  const kid = v.slice(prefix.length, prefix.length + 8);
  const body = v.slice(prefix.length + 9);
  const plain = open(keyFor(kid), Buffer.from(body, 'base64')).toString('utf8');
  if (isId) remember(openedIds, v, plain);
  return plain;
}

/**
 * Deterministic sealing for identifiers that are looked up by equality (a platform id): the iv is
 * an HMAC of the plaintext under the key, so the same id always gives the same text under one key.
 */
export function sealId(plain: string, key: DataKey = keys().current): string {
  const cacheKey = `${key.id}:${plain}`;
  const known = sealedIds.get(cacheKey);
  if (known !== undefined) return known;
  const iv = createHmac('sha256', key.key)
    .update('pantau-netral id iv')
    .update(plain)
    .digest()
    .subarray(0, IV);
  const sealed = `${ID_PREFIX}${key.id}:${seal(key, Buffer.from(plain, 'utf8'), iv).toString('base64')}`;
  remember(sealedIds, cacheKey, sealed);
  return sealed;
}

/** The sealed forms of an id under every loaded key (lookups during a key rotation). */
export function sealIdAllKeys(plain: string): string[] {
  return [...keys().byId.values()].map((k) => sealId(plain, k));
}

export function sealBytes(plain: Uint8Array): Buffer {
  const k = keys().current;
  return Buffer.concat([BYTES_MAGIC, Buffer.from(k.id, 'hex'), seal(k, Buffer.from(plain), randomIv())]);
}

export function isSealedBytes(v: Uint8Array): boolean {
  return v.length >= 8 && Buffer.from(v.subarray(0, 4)).equals(BYTES_MAGIC);
}

export function openBytes(v: Uint8Array): Buffer {
  const b = Buffer.isBuffer(v) ? v : Buffer.from(v);
  if (!isSealedBytes(b)) return b;
  return open(keyFor(b.subarray(4, 8).toString('hex')), b.subarray(8));
}

/** The text prefix of values sealed with the current key (the re-encryption job skips those). */
export function currentTextPrefixes(): string[] {
  const id = currentKeyId();
  return [`${TEXT_PREFIX}${id}:`, `${ID_PREFIX}${id}:`];
}

/** The first 8 bytes of bytes sealed with the current key. */
export function currentBytesHeader(): Buffer {
  return Buffer.concat([BYTES_MAGIC, Buffer.from(currentKeyId(), 'hex')]);
}
