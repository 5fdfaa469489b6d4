import sharp from 'sharp';
import { t } from '../../src/content/copy';
import { toPlainText } from '../../src/core/markup';
import type { Locale } from '../../src/core/message';
import { mediaOf, type TestBot } from './chat';

/** A copy text as the console shows it (markup removed), to compare with `bot.say` replies. */
export function copy(key: string, vars: Record<string, string | number> = {}, locale: Locale = 'id'): string {
  return toPlainText(t(key, locale, vars));
}

let shade = 0;

/** A small PNG, different every call (so each has its own sha256). */
export async function png(): Promise<Uint8Array> {
  shade++;
  const buf = await sharp({
    create: { width: 24, height: 24, channels: 3, background: { r: shade % 256, g: (shade >> 8) % 256, b: 77 } },
  })
    .png()
    .toBuffer();
  return new Uint8Array(buf);
}

export async function sendFile(bot: TestBot, bytes: Uint8Array, user: string): Promise<string[]> {
  return bot.say({ media: mediaOf(bytes) }, user);
}

export const CHRONOLOGY =
  'Pagi tadi Budi, guru di SD Negeri 1, mengunggah foto bersama calon bupati nomor dua di Facebook dan mengajak murid memilihnya.';

/** Says each line in order and returns the replies of the last one, joined. */
export async function script(bot: TestBot, user: string, lines: string[]): Promise<string> {
  let out: string[] = [];
  for (const line of lines) out = await bot.say(line, user);
  return out.join('\n');
}

export const TICKET_RE = /PN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}/;
