import { describe, expect, it } from 'vitest';
import { type CloudPayload, renderCloud } from '../../../src/channels/whatsapp-cloud/render';
import { t } from '../../../src/content/copy';
import type { Choice } from '../../../src/core/message';

const bodyOf = (p: CloudPayload | undefined) => {
  if (p?.kind !== 'message') throw new Error('expected a message payload');
  return p.body as Record<string, unknown>;
};
const choices = (n: number, label = (i: number) => `Pilihan ${i}`): Choice[] =>
  Array.from({ length: n }, (_, i) => ({ id: `f:${i + 1}`, label: label(i + 1) }));

describe('WhatsApp Cloud API rendering', () => {
  it('sends plain text with our markup as WhatsApp formatting', () => {
    const [p] = renderCloud({ text: 'Halo *Budi*' }, 'id');
    expect(bodyOf(p)).toEqual({ type: 'text', text: { body: 'Halo *Budi*', preview_url: false } });
  });

  it('splits text at 4,096 characters without losing any', () => {
    const para = 'kata '.repeat(199).trim();
    const text = Array.from({ length: 10 }, () => para).join('\n\n');
    const parts = renderCloud({ text }, 'id').map((p) => (bodyOf(p) as { text: { body: string } }).text.body);
    expect(parts.length).toBe(3);
    for (const part of parts) expect([...part].length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n\n')).toBe(text);
  });

  it('shows up to 3 short choices as reply buttons', () => {
    const [p] = renderCloud({ text: 'Kirim laporan?', choices: choices(3) }, 'id');
    expect(bodyOf(p)).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Kirim laporan?' },
        action: {
          buttons: [1, 2, 3].map((i) => ({ type: 'reply', reply: { id: `f:${i}`, title: `Pilihan ${i}` } })),
        },
      },
    });
  });

  it('shows up to 10 choices as a list, long labels cut in the title and whole below it', () => {
    const long = 'Tanya aturan netralitas ASN';
    const out = renderCloud({ text: 'Menu', choices: [...choices(4), { id: 'm:ask', label: long }] }, 'en');
    const body = bodyOf(out[0]) as { interactive: { type: string; action: Record<string, unknown> } };
    expect(body.interactive.type).toBe('list');
    const action = body.interactive.action as {
      button: string;
      sections: { rows: { id: string; title: string; description?: string }[] }[];
    };
    expect(action.button).toBe(t('whatsapp.cloud_list_button', 'en'));
    const rows = action.sections[0]!.rows;
    expect(rows).toHaveLength(5);
    expect(rows[4]!.title.length).toBeLessThanOrEqual(24);
    expect(rows[4]!.description).toBe(long);
    expect(rows[0]).toEqual({ id: 'f:1', title: 'Pilihan 1' });
  });

  it('numbers the choices in the text past Meta limits (11 options)', () => {
    const out = renderCloud({ text: 'Pilih', choices: choices(11) }, 'id');
    expect(out).toHaveLength(1);
    const text = (bodyOf(out[0]) as { text: { body: string } }).text.body;
    expect(text).toContain('1. Pilihan 1');
    expect(text).toContain('11. Pilihan 11');
  });

  it('keeps a long text before the buttons and the last part as their body', () => {
    const text = `${'a '.repeat(700)}\n\n${'b '.repeat(100)}`.trim();
    const out = renderCloud({ text, choices: choices(2) }, 'id');
    expect(out).toHaveLength(2);
    expect(bodyOf(out[0]).type).toBe('text');
    const last = bodyOf(out[1]) as { interactive: { body: { text: string } } };
    expect([...last.interactive.body.text].length).toBeLessThanOrEqual(1024);
  });

  it('gives buttons without text a short prompt, and media its caption', () => {
    const [p] = renderCloud({ text: '', choices: choices(2) }, 'id');
    expect((bodyOf(p) as { interactive: { body: { text: string } } }).interactive.body.text).toBe(
      t('whatsapp.cloud_choose', 'id'),
    );
    const media = renderCloud(
      { text: 'Bukti', media: { kind: 'image', mime: 'image/png', base64: 'AA==' } },
      'id',
    );
    expect(media).toEqual([
      { kind: 'media', media: { kind: 'image', mime: 'image/png', base64: 'AA==' }, caption: 'Bukti' },
    ]);
  });
});
