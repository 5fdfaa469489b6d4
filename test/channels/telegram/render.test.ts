import { describe, expect, it } from 'vitest';
import {
  CAPTION_LIMIT,
  keyboardFor,
  MESSAGE_LIMIT,
  renderOutbound,
  splitText,
  toHtml,
} from '../../../src/channels/telegram/render';
import { t } from '../../../src/content/copy';
import { escapeMarkup } from '../../../src/core/markup';

describe('Telegram rendering', () => {
  it('builds HTML from markup and escapes every piece of text', () => {
    expect(toHtml('*Penting:* _baca_ ini')).toBe('<b>Penting:</b> <i>baca</i> ini');
    const typed = '<b>tebal</b> & <a href="x">link</a> *bintang*';
    expect(toHtml(`Anda menulis: ${escapeMarkup(typed)}`)).toBe(
      'Anda menulis: &lt;b&gt;tebal&lt;/b&gt; &amp; &lt;a href="x"&gt;link&lt;/a&gt; *bintang*',
    );
    // Copy with a {var} is escaped by t(), then by the renderer.
    expect(toHtml(t('telegram.group_private', 'en', { bot: 'Pantau_Netral_Bot' }))).toContain(
      'https://t.me/Pantau_Netral_Bot',
    );
  });

  it('puts two short choices on a row and longer ones on a row each', () => {
    const short = keyboardFor([
      { id: 'a', label: 'Ya' },
      { id: 'b', label: 'Tidak' },
      { id: 'c', label: 'Batal' },
      { id: 'd', label: 'Menu' },
      { id: 'e', label: 'Lainnya' },
    ]);
    expect(short?.inline_keyboard.map((r) => r.length)).toEqual([2, 2, 1]);
    const mixed = keyboardFor([
      { id: 'm:report', label: 'Laporkan pelanggaran' },
      { id: 'm:qa', label: 'Tanya aturan' },
      { id: 'core:help', label: 'Bantuan' },
    ]);
    expect(mixed?.inline_keyboard).toEqual([
      [{ text: 'Laporkan pelanggaran', callback_data: 'm:report' }],
      [
        { text: 'Tanya aturan', callback_data: 'm:qa' },
        { text: 'Bantuan', callback_data: 'core:help' },
      ],
    ]);
    // An id that is not valid callback data goes as its number, which the core reads as a typed number.
    expect(keyboardFor([{ id: 'with space', label: 'X' }])?.inline_keyboard[0]?.[0]?.callback_data).toBe(
      'n:1',
    );
    expect(keyboardFor([])).toBeUndefined();
  });

  it('keeps every button at most 32 characters: long options are written out in the message', () => {
    const long = 'Apakah ASN boleh menghadiri kampanye akbar calon presiden di lapangan?';
    const ops = renderOutbound({
      text: 'Mungkin maksud Anda:',
      choices: [
        { id: 'qa:t:kampanye-hadir', label: long },
        { id: 'qa:t:medsos-like', label: 'ASN like postingan capres?' },
      ],
    });
    const op = ops.at(-1)!;
    expect(op.method === 'sendMessage' && op.plain).toBe(
      `Mungkin maksud Anda:\n\n1. ${long}\n2. ASN like postingan capres?`,
    );
    const buttons = op.keyboard!.inline_keyboard.flat();
    for (const b of buttons) expect([...b.text].length).toBeLessThanOrEqual(32);
    expect(buttons.map((b) => b.text)).toEqual([
      '1. Apakah ASN boleh menghadiri…',
      '2. ASN like postingan capres?',
    ]);
  });

  it("writes a choice's longer description in the message and keeps the short label on the button", () => {
    const ops = renderOutbound({
      text: 'Apa yang dia lakukan?',
      choices: [
        {
          id: 'b:social',
          label: 'Konten kampanye di medsos',
          detail: 'Mengunggah atau membagikan konten kampanye',
        },
      ],
    });
    const op = ops.at(-1)!;
    expect(op.method === 'sendMessage' && op.plain).toContain(
      '1. Mengunggah atau membagikan konten kampanye',
    );
    expect(op.keyboard!.inline_keyboard[0]![0]!.text).toBe('1. Konten kampanye di medsos');
  });

  it('sends nothing for a toast (the adapter shows it on the tapped button)', () => {
    expect(renderOutbound({ text: 'Pilihan itu sudah tidak berlaku.', toast: true })).toEqual([]);
  });

  it('splits long text at paragraphs, then lines, then anywhere, keeping formatting per piece', () => {
    const para = (c: string) => `${c.repeat(3000)}`;
    const text = `*${para('a')}*\n\n${para('b')}\n\n${para('c')}`;
    const pieces = splitText(text);
    expect(pieces.map((p) => p.plain.length)).toEqual([3000, 3000, 3000]);
    expect(pieces[0]!.html).toBe(`<b>${'a'.repeat(3000)}</b>`);
    expect(pieces[1]!.plain).toBe('b'.repeat(3000));

    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(60)}`).join('\n');
    for (const p of splitText(lines)) {
      expect(p.plain.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(p.plain.startsWith('line ')).toBe(true);
    }
    const solid = 'y'.repeat(10_000);
    expect(splitText(solid).map((p) => p.plain.length)).toEqual([4096, 4096, 1808]);
    // An emoji (a surrogate pair) is never cut in half.
    const emoji = `${'z'.repeat(4095)}😀tail`;
    const parts = splitText(emoji);
    expect(parts[0]!.plain.length).toBe(4095);
    expect(parts[1]!.plain).toBe('😀tail');
    // Escaping happens after splitting: an escaped piece may be longer than 4096, its visible text not.
    const amp = '&'.repeat(5000);
    expect(splitText(amp).map((p) => p.plain.length)).toEqual([4096, 904]);
  });

  it('puts the keyboard on the last piece of a long message', () => {
    const ops = renderOutbound({
      text: `${'a'.repeat(4000)}\n\n${'b'.repeat(4000)}`,
      choices: [{ id: 'x', label: 'X' }],
    });
    expect(ops.map((o) => o.method)).toEqual(['sendMessage', 'sendMessage']);
    expect(ops[0]!.keyboard).toBeUndefined();
    expect(ops[1]!.keyboard?.inline_keyboard[0]?.[0]?.callback_data).toBe('x');
  });

  it('sends media with a caption up to 1,024 characters, longer text as its own message', () => {
    const media = { kind: 'image' as const, mime: 'image/png', base64: 'AA==' };
    const short = renderOutbound({ text: '*Bukti*', media });
    expect(short).toEqual([{ method: 'sendPhoto', media, html: '<b>Bukti</b>', plain: 'Bukti' }]);
    const long = renderOutbound({
      text: 'k'.repeat(CAPTION_LIMIT + 1),
      media: { ...media, kind: 'document', mime: 'application/pdf' },
      choices: [{ id: 'ok', label: 'OK' }],
    });
    expect(long.map((o) => o.method)).toEqual(['sendDocument', 'sendMessage']);
    expect(long[0]!.html).toBeUndefined();
    expect(long[1]!.keyboard).toBeDefined();
  });
});
