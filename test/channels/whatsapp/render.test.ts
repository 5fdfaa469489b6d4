import { describe, expect, it } from 'vitest';
import {
  escapeWhatsApp,
  renderWhatsApp,
  replyHint,
  SPLIT_AT,
  splitText,
  toWhatsAppText,
} from '../../../src/channels/whatsapp/render';
import { t } from '../../../src/content/copy';
import { escapeMarkup } from '../../../src/core/markup';

describe('WhatsApp renderer', () => {
  it('turns our markup into WhatsApp markup', () => {
    expect(toWhatsAppText('Halo *Budi*, ini _penting_.')).toBe('Halo *Budi*, ini _penting_.');
    expect(toWhatsAppText('*tebal dan _miring_*')).toBe('*tebal dan* *_miring_*');
    // Markers must hug the words and stay on one line, or WhatsApp shows them literally.
    expect(toWhatsAppText('*dua\nbaris *')).toBe('*dua*\n*baris* ');
  });

  it('escapes user text so it cannot create formatting', () => {
    const user = '*GRATIS* _klik_ ~coret~ `kode`';
    const out = toWhatsAppText(`Anda menulis: ${escapeMarkup(user)}`);
    expect(out).not.toMatch(/[*_~`]/);
    expect(out).toBe('Anda menulis: ∗GRATIS∗ ＿klik＿ ∼coret∼ ˋkodeˋ');
    // Inside words (snake_case, links) nothing can pair up, so the text stays as typed.
    expect(escapeWhatsApp('https://x.id/a_b_c dan nama_file')).toBe('https://x.id/a_b_c dan nama_file');
    // Copy variables are escaped by t() and stay literal on WhatsApp too.
    expect(toWhatsAppText(t('core.text_truncated', 'id', { max: '*5*' }))).toContain('∗5∗');
  });

  it('lists choices as numbered lines with a reply hint in the contact language', () => {
    const [m] = renderWhatsApp(
      {
        text: 'Pilih:',
        choices: [
          { id: 'a', label: 'Tanya aturan' },
          { id: 'b', label: 'Lapor' },
          { id: 'c', label: 'English' },
        ],
      },
      'id',
    );
    expect(m).toEqual({ text: 'Pilih:\n\n1. Tanya aturan\n2. Lapor\n3. English\n\nBalas 1, 2 atau 3' });
    expect(replyHint(2, 'en')).toBe('Reply 1 or 2');
    expect(replyHint(1, 'id')).toBe('Balas 1');
    expect(replyHint(8, 'id')).toBe('Balas dengan angka 1 sampai 8');
  });

  it('splits long text at paragraphs, keeping every character', () => {
    const para = (n: number) => `${'kata '.repeat(150).trim()} ${n}`;
    const text = Array.from({ length: 8 }, (_, i) => para(i)).join('\n\n');
    expect(text.length).toBeGreaterThan(SPLIT_AT);
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(SPLIT_AT);
    expect(parts.join('\n\n')).toBe(text);
    // One huge word is cut hard rather than sent too long.
    const hard = splitText('x'.repeat(8000));
    expect(hard.map((p) => p.length)).toEqual([3500, 3500, 1000]);
    expect(splitText('pendek')).toEqual(['pendek']);
  });

  it('renders long text as several messages, choices at the end', () => {
    const long = Array.from({ length: 10 }, () => 'Paragraf panjang. '.repeat(30)).join('\n\n');
    const out = renderWhatsApp({ text: long, choices: [{ id: 'x', label: 'Ya' }] }, 'en');
    expect(out.length).toBeGreaterThan(1);
    const last = out.at(-1) as { text: string };
    expect(last.text.endsWith('1. Ya\n\nReply 1')).toBe(true);
  });

  it('sends images and documents with the text as caption', () => {
    const base64 = Buffer.from('PNGDATA').toString('base64');
    const [img] = renderWhatsApp(
      { text: 'Bukti *Anda*', media: { kind: 'image', mime: 'image/png', base64 } },
      'id',
    );
    expect(img).toMatchObject({ mimetype: 'image/png', caption: 'Bukti *Anda*' });
    expect(Buffer.from((img as { image: Buffer }).image).toString()).toBe('PNGDATA');
    const [doc] = renderWhatsApp(
      { text: '', media: { kind: 'document', mime: 'application/pdf', fileName: 'laporan.pdf', base64 } },
      'id',
    );
    expect(doc).toMatchObject({ mimetype: 'application/pdf', fileName: 'laporan.pdf' });
    expect(doc).not.toHaveProperty('caption');
    // A caption too long for WhatsApp goes as its own message after the file.
    const out = renderWhatsApp(
      { text: 'a'.repeat(1500), media: { kind: 'image', mime: 'image/png', base64 } },
      'id',
    );
    expect(out).toHaveLength(2);
    expect(out[0]).not.toHaveProperty('caption');
    expect(out[1]).toEqual({ text: 'a'.repeat(1500) });
  });
});
