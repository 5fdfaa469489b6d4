import postgres from 'postgres';
import { openDatabase } from './src/db/client';
import { scratchDatabase } from './bench/support';
const s = await scratchDatabase('postgres://postgres@127.0.0.1:5432/test');
const database = await openDatabase({ url: s.url }); await database.close();
for (const prepare of [true, false]) {
const sql = postgres(s.url, { max: 10, onnotice: () => {}, prepare });
const state = { v: 1, locale: 'id' };
const n = 2000; const t0 = performance.now(); const c0 = process.cpuUsage();
for (let i = 0; i < n; i++) {
  const user = i % 50; const key = `console:direct-${user}`;
  const outboxId = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    await tx`insert into handled_messages (channel, message_id) values ('console', ${`d${prepare}-${i}`}) on conflict do nothing returning message_id`;
    const [c] = await tx`insert into contacts (channel, external_id, locale) values ('console', ${`direct-${user}`}, 'id') on conflict (channel, external_id) do update set last_seen_at = now() returning id`;
    await tx`select state from sessions where contact_id = ${c!.id}`;
    await tx`insert into sessions (contact_id, state) values (${c!.id}, ${sql.json(state)}) on conflict (contact_id) do update set state = excluded.state, updated_at = now()`;
    const [o] = await tx`insert into outbox (contact_id, channel, message_id, messages, next_attempt_at) values (${c!.id}, 'console', ${`d${prepare}-${i}`}, ${sql.json([{ text: 'menu' }])}, now() + interval '30 seconds') returning id`;
    return o!.id as number;
  });
  await sql`update outbox set sent_at = now() where id = ${outboxId}`;
}
const cpu = process.cpuUsage(c0);
console.log('prepare', prepare, 'wall ms/msg', ((performance.now() - t0) / n).toFixed(3), 'cpu ms/msg', ((cpu.user + cpu.system) / 1000 / n).toFixed(3), 'user', (cpu.user/1000/n).toFixed(3));
await sql.end();
}
await s.drop();
