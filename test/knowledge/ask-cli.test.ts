import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (args: string[], input?: string) =>
  execFileSync('npx', ['tsx', 'src/knowledge/ask-cli.ts', ...args], {
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });

describe('npm run ask', () => {
  it('--json writes one object per question line with the stable fields', () => {
    const out = run(
      ['--json'],
      'boleh ga pns like postingan capres\nvideo jokowi pidato bahasa mandarin asli?\n\nbesok cuaca jakarta hujan ga\n',
    );
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual([
        'question',
        'topic',
        'verdict',
        'confidence',
        'answer',
        'sources',
        'kind',
        'actor',
        'outcome',
      ]);
    }
    expect(lines[0]).toMatchObject({
      question: 'boleh ga pns like postingan capres',
      topic: 'medsos-like',
      verdict: 'tidak_boleh',
    });
    expect(lines[0]!.confidence).toBeGreaterThan(0.4);
    expect((lines[0]!.sources as string[]).length).toBeGreaterThan(0);
    expect(lines[1]).toMatchObject({ topic: 'hoaks-jokowi-mandarin', verdict: 'hoaks' });
    expect(lines[2]).toMatchObject({ topic: null, verdict: null, sources: [] });
    expect(lines[2]!.answer).toContain('di luar yang bisa saya bantu');
    expect(lines[0]).toMatchObject({ kind: 'rule', actor: 'asn', outcome: 'answer' });
    expect(lines[1]).toMatchObject({ kind: 'claim', outcome: 'answer' });
    expect(lines[2]).toMatchObject({ kind: 'offtopic', outcome: 'offtopic' });
  });

  it('--json gives a null verdict for every reply that is not a verdict', () => {
    const questions = [
      'terima kasih',
      'bikinin pantun buat capres',
      'mending pilih 01 atau 02?',
      'kampanye pns',
      'deepfake',
      'katanya pemilu 2029 pakai e-voting, bener?',
    ];
    const lines = run(['--json'], `${questions.join('\n')}\n`)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.outcome)).toEqual([
      'chitchat',
      'creation',
      'partisan',
      expect.stringMatching(/unsure|offtopic/),
      expect.stringMatching(/unsure|offtopic/),
      'unknown_claim',
    ]);
    for (const l of lines) expect(l, String(l.question)).toMatchObject({ topic: null, verdict: null });
  });

  it('prints the answer as a user would see it', () => {
    const out = run(['boleh', 'ga', 'pns', 'like', 'postingan', 'capres']);
    expect(out.split('\n')[0]).toBe('❌ Tidak boleh.');
    expect(out).toContain('Dasar: ');
    expect(out).toContain('1. Lebih rinci');
  });
});
