import { describe, expect, it } from 'vitest';
import { extractLinks } from '../../src/reports/links';
import { newTicket, normalizeTicket, TICKET_ALPHABET } from '../../src/reports/ticket';

describe('tickets', () => {
  it('never uses ambiguous characters', () => {
    for (const c of '01OIL') expect(TICKET_ALPHABET).not.toContain(c);
    for (let i = 0; i < 2000; i++) expect(newTicket()).toMatch(/^PN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/);
  });

  it('reads a ticket however it is typed', () => {
    for (const s of ['PN-7K3M-Q9', 'pn-7k3m-q9', 'PN7K3MQ9', 'pn 7k3m q9', '7K3M-Q9', ' PN-7K3M Q9 ']) {
      expect(normalizeTicket(s), s).toBe('PN-7K3M-Q9');
    }
    for (const s of ['PN-7K3M', 'hello', 'PN-10OO-11', '']) expect(normalizeTicket(s), s).toBeUndefined();
  });
});

describe('links', () => {
  it('finds and validates links anywhere in the text', () => {
    expect(
      extractLinks(
        'lihat https://www.facebook.com/a/posts/1, juga tiktok.com/@budi/video/2 dan www.x.com/b.',
      ),
    ).toEqual([
      'https://www.facebook.com/a/posts/1',
      'https://tiktok.com/@budi/video/2',
      'https://www.x.com/b',
    ]);
    expect(extractLinks('emailnya budi@gmail.com jam 12.30')).toEqual([]);
    expect(extractLinks('tidak ada link')).toEqual([]);
    expect(extractLinks('https://fb.com/x https://fb.com/x')).toEqual(['https://fb.com/x']);
  });
});
