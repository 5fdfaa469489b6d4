import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// Plain JavaScript: a worker thread does not inherit tsx's loader.
/**
 * The worker side of the PGlite-in-a-thread measurement: one PGlite, queries in, rows out.
 * PGlite is one connection, so requests are answered strictly in arrival order, as in the main thread.
 */

const port = parentPort;
if (!port) throw new Error('pglite-thread runs as a worker');
const db = await PGlite.create();
let chain = Promise.resolve();
port.on('message', (req) => {
  chain = chain.then(async () => {
    try {
      const res = await db.query(req.sql, req.params);
      port.postMessage({ id: req.id, rows: res.rows });
    } catch (err) {
      port.postMessage({ id: req.id, error: String(err) });
    }
  });
});
port.postMessage({ ready: true });
