import { customType } from 'drizzle-orm/pg-core';
import { openBytes, openText, sealBytes, sealId, sealText } from '../privacy/crypto';

/**
 * Column types that encrypt on the way in and decrypt on the way out (src/privacy/crypto.ts), so
 * every drizzle query, and every caller of the data-access functions, sees plaintext while the
 * database (and any dump of it) holds only ciphertext. Raw SQL must seal and open by hand.
 */

/** Free text that may name a person. */
export const encryptedText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: (v) => sealText(v),
  fromDriver: (v) => openText(v),
});

/** A JSON document that may name a person (stored as sealed text, so it cannot be queried inside). */
export const encryptedJson = <T>(name: string) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'text',
    toDriver: (v) => sealText(JSON.stringify(v)),
    // A row from before encryption may still come back as a parsed jsonb object.
    fromDriver: (v) => (typeof v === 'string' ? (JSON.parse(openText(v)) as T) : (v as T)),
  })(name);

/** File contents. */
export const encryptedBytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => sealBytes(v),
  fromDriver: (v) => openBytes(v),
});

/**
 * A platform id (a Telegram id, a phone number): sealed deterministically, so the unique index and
 * `eq(contacts.externalId, id)` keep working without the id ever being stored in clear.
 */
export const encryptedId = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: (v) => sealId(v),
  fromDriver: (v) => openText(v),
});
