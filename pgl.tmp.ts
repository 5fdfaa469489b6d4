import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '/work/main/src/db/client';

let t = performance.now();
const d = await openDatabase({ dataDir: 'memory' });
console.log('fresh+migrate', performance.now() - t);
t = performance.now();
const dump = await d.pglite!.dumpDataDir('none');
console.log('dump', performance.now() - t, dump.size);
await d.close();
t = performance.now();
const d2 = await openDatabase({ dataDir: 'memory', loadDataDir: dump });
console.log('load+migrate', performance.now() - t);
console.log(process.memoryUsage().rss / 1e6);
const r = await d2.pglite!.query('select count(*) from contacts');
console.log(r.rows);
