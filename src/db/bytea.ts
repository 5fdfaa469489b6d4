import { customType } from 'drizzle-orm/pg-core';

/** drizzle-orm has no bytea column; both drivers then hand back a Buffer (PGlite gives Uint8Array). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
