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
      expect(Object.keys(l)).toEqual(['question', 'topic', 'verdict', 'confidence', 'answer', 'sources']);
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
  });

  it('prints the answer as a user would see it', () => {
    const out = run(['boleh', 'ga', 'pns', 'like', 'postingan', 'capres']);
    expect(out.split('\n')[0]).toBe('❌ Tidak boleh.');
    expect(out).toContain('Dasar: ');
    expect(out).toContain('1. Lebih rinci');
  });
});
