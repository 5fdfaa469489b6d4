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
    create: {
      width: 24,
      height: 24,
      channels: 3,
      background: { r: shade % 256, g: (shade >> 8) % 256, b: 77 },
    },
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

/** The ASN report up to the review, one answer per line (the file is sent after "sleman"). */
export const ASN_BEFORE_FILE = [
  'lapor',
  '1', // ASN
  'Budi Santoso',
  'Dinas Pendidikan Kab. Sleman, guru',
  '1', // social media
  'facebook',
  'ini linknya https://www.facebook.com/budi.s/posts/123 tolong dicek',
  'kemarin',
  'sleman',
];
export const ASN_AFTER_FILE = ['selesai', CHRONOLOGY, 'anonim', 'setuju'];

export async function asnToReview(bot: TestBot, user: string): Promise<{ review: string; sha: Uint8Array }> {
  await script(bot, user, ASN_BEFORE_FILE);
  const file = await png();
  await sendFile(bot, file, user);
  const review = await script(bot, user, ASN_AFTER_FILE);
  return { review, sha: file };
}

/** Files a whole ASN report as `user` and returns its ticket. */
export async function fileAsnReport(bot: TestBot, user: string): Promise<string> {
  await asnToReview(bot, user);
  const done = (await bot.say('kirim', user)).join('\n');
  const ticket = TICKET_RE.exec(done)?.[0];
  if (!ticket) throw new Error(`no ticket in: ${done}`);
  return ticket;
}
