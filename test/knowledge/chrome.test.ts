import { describe, expect, it } from 'vitest';
import { buildChrome, withoutChrome, withoutCounters } from '../../src/knowledge/chrome';
import { loadKnowledge } from '../../src/knowledge/load';
import { QaIndex } from '../../src/knowledge/search';

const chrome = buildChrome(
  ['suka', 'komentar', 'kali dibagikan', 'dibagikan', 'likes'],
  ['forward dari', 'diteruskan', 'fwd'],
);

describe('screen chrome', () => {
  it('drops a counter only right after a number', () => {
    expect(withoutCounters('3 mgg  89 suka  Balas', chrome)).not.toMatch(/suka/);
    expect(withoutCounters('2.314 suka · Lihat semua 388 komentar · 3 kali dibagikan', chrome)).not.toMatch(
      /suka|komentar|dibagikan/,
    );
    expect(withoutCounters('1,2K likes', chrome)).not.toMatch(/likes/);
    expect(withoutCounters('pns suka like postingan capres', chrome)).toBe('pns suka like postingan capres');
    expect(withoutCounters('pemilu 2024 suka rusuh', chrome)).toBe('pemilu 2024 suka rusuh');
  });

  it('drops a forward header where it opens the message or a line, not elsewhere', () => {
    expect(withoutChrome('Forward dari grup P3K:\nPPPK bebas kampanye', chrome)).not.toMatch(/forward/i);
    expect(withoutChrome('*Diteruskan*\nKPU percepat pengumuman', chrome)).not.toMatch(/diteruskan/i);
    expect(withoutChrome('boleh pns forward dari grup ke grup?', chrome)).toMatch(/forward dari/);
  });
});

describe('a pasted screenshot or forward', () => {
  const index = new QaIndex(loadKnowledge());

  it('is not the rule about liking because the app shows how many people liked it', () => {
    const r = index.search(
      'budi.santoso  PPPK gak wajib netral kok, bebas dukung calon\n5 hari  120 suka  Balas\n\nbener gitu?',
    );
    expect(r.hits[0]?.topic.id).toBe('pppk');
  });

  it('is not the rule about sharing because it was forwarded', () => {
    const r = index.search(
      'Forward dari grup guru:\nPPPK gak terikat aturan netral, jadi bebas dukung calon\n\nini valid?',
    );
    expect(r.hits[0]?.topic.id).toBe('pppk');
  });

  it('asking "ini resmi?" about a known hoax gets the clarification, not who the bot is', () => {
    const r = index.search('KPU majuin pengumuman hasil pilpres ke 28 februari, sebarkan!!\nini resmi?');
    expect(r.kind).toBe('answer');
    expect(r.hits[0]?.topic.id).toBe('hoaks-pengumuman-28-februari');
    expect(index.search('ini nomor resmi?').understanding?.chitchat).toBe('about');
  });
});
