import { createApp } from './src/app';
import { parseConfig } from './src/config';
import { openDatabase } from './src/db/client';
import { silentLogger } from './src/log';
import { scratchDatabase } from './bench/support';
const s = await scratchDatabase('postgres://postgres@127.0.0.1:5432/test');
const database = await openDatabase({ url: s.url });
const app = await createApp({ config: parseConfig({}), database, log: silentLogger, channels: [{ name: 'console', sender: { send: async () => {} }, start: async () => {}, stop: async () => {} }] });
const LINES = ['menu', 'bahasa', '1', 'menu', 'bahasa', 'bantuan'];
for (const n of [500, 2000]) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await app.dispatcher.handle({ channel: 'console', userKey: `console:u${i % 50}`, messageId: `x${n}-${i}`, text: LINES[i % 6] });
  const cpu = process.cpuUsage(c0);
  console.log(n, 'wall ms/msg', ((performance.now() - t0) / n).toFixed(3), 'cpu ms/msg', ((cpu.user + cpu.system) / 1000 / n).toFixed(3));
}
await database.close(); await s.drop();
