import { performance } from 'node:perf_hooks';
import type { WAMessage } from '@whiskeysockets/baileys';
import { dbSignalKeyStore } from '../src/channels/whatsapp/auth-store';
import { normalizeMessage } from '../src/channels/whatsapp/normalize';
import { renderWhatsApp } from '../src/channels/whatsapp/render';
import { parseConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { fmt, percentile } from './support';

/**
 * WhatsApp adapter overhead per message: normalising an incoming message, rendering a reply, and
 * the Signal key reads/writes baileys does around every message (stored in the database).
 */
export async function run(): Promise<void> {
  const config = parseConfig({});
  const messages: WAMessage[] = [
    {
      key: { remoteJid: '6281234567890@s.whatsapp.net', fromMe: false, id: 'A' },
      message: { conversation: 'halo' },
    },
    {
      key: {
        remoteJid: '123456789012345@lid',
        remoteJidAlt: '6281234567890@s.whatsapp.net',
        fromMe: false,
        id: 'B',
      },
      message: {
        ephemeralMessage: {
          message: { extendedTextMessage: { text: 'boleh gak PNS like postingan capres?' } },
        },
      },
    },
    {
      key: { remoteJid: '6281234567890@s.whatsapp.net', fromMe: false, id: 'C' },
      message: {
        viewOnceMessageV2: {
          message: { imageMessage: { url: 'x', mediaKey: Buffer.alloc(32), fileLength: 50_000 } },
        },
      },
    },
  ];
  const N = 30_000;
  let t0 = performance.now();
  for (let i = 0; i < N; i++)
    normalizeMessage(messages[i % messages.length]!, { config, account: 'default' });
  const normUs = ((performance.now() - t0) * 1000) / N;

  const reply = {
    text: 'Apa yang bisa saya bantu? *Pilih* salah satu, atau ketik _pertanyaan_ Anda: user\\*text\\_here',
    choices: ['Tanya aturan netralitas ASN', 'Laporkan pelanggaran', 'Bantuan', 'English'].map(
      (label, i) => ({
        id: String(i),
        label,
      }),
    ),
  };
  t0 = performance.now();
  for (let i = 0; i < N; i++) renderWhatsApp(reply, 'id');
  const renderUs = ((performance.now() - t0) * 1000) / N;

  const database = await openDatabase({ dataDir: 'memory' });
  const store = dbSignalKeyStore(database, 'bench');
  const sets: number[] = [];
  const gets: number[] = [];
  for (let i = 0; i < 300; i++) {
    let s = performance.now();
    await store.set({
      session: { [`628${i}.0`]: Buffer.alloc(1200, i % 256) },
      'sender-key-memory': { [`g${i}`]: { a: true } },
    });
    sets.push(performance.now() - s);
    s = performance.now();
    await store.get('session', [`628${i}.0`, `628${Math.max(0, i - 1)}.0`]);
    gets.push(performance.now() - s);
  }
  await database.close();

  console.log(`normalize message          ${fmt(normUs, 2)} µs/msg`);
  console.log(`render menu reply          ${fmt(renderUs, 2)} µs/msg`);
  console.log(
    `auth keys set (PGlite)     p50 ${fmt(percentile(sets, 50), 2)} ms  p95 ${fmt(percentile(sets, 95), 2)} ms`,
  );
  console.log(
    `auth keys get (PGlite)     p50 ${fmt(percentile(gets, 50), 2)} ms  p95 ${fmt(percentile(gets, 95), 2)} ms`,
  );
}
