import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadKnowledge } from '../../src/knowledge/load';

const broken = fileURLToPath(new URL('../fixtures/qa-broken', import.meta.url));

describe('content/qa', () => {
  it('every topic file passes the schema and the cross-checks', () => {
    const kb = loadKnowledge();
    expect(kb.problems.map(formatProblem)).toEqual([]);
    expect(kb.topics.length).toBeGreaterThanOrEqual(8);
    for (const id of ['medsos-like', 'sanksi-disiplin', 'hoaks-jokowi-mandarin'])
      expect(kb.byId.has(id)).toBe(true);
  });
});

describe('loadKnowledge on broken files', () => {
  const kb = loadKnowledge(broken, 'fixtures');
  const lines = kb.problems.map(formatProblem);

  it('reports each problem with its file and line', () => {
    expect(lines).toEqual([
      "fixtures/bad-crime.yaml:19: crime: the penalty line must cite the crime's article",
      'fixtures/bad-shape.yaml:8: questions.en: needs at least 3 questions',
      'fixtures/bad-shape.yaml:10: answer.en: Invalid input: expected string, received undefined',
      'fixtures/bad-shape.yaml:16: Unrecognized key: "color" (color)',
      'fixtures/bad-topic.yaml:4: verdict: a rule topic takes one of: boleh, tidak_boleh, tergantung',
      'fixtures/bad-topic.yaml:15: legal_basis: a rule needs at least one legal basis',
      'fixtures/wrong-name.yaml:1: id "another-name" must match the file name "wrong-name"',
      'fixtures/ok-topic.yaml:18: related topic "missing-topic" does not exist',
    ]);
  });

  it('keeps the valid topics and leaves the broken ones out', () => {
    expect(kb.topics.map((t) => t.id)).toEqual(['ok-topic']);
  });
});

describe('npm run content:check', () => {
  it('exits 0 and says how many topics when content is sound', () => {
    const out = execFileSync('npx', ['tsx', 'src/knowledge/check-cli.ts'], { encoding: 'utf8' });
    expect(out).toMatch(/content ok: \d+ topics/);
  });

  it('prints file:line problems and exits 1 on broken content', () => {
    const r = spawnSync('npx', ['tsx', 'src/knowledge/check-cli.ts', broken], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('bad-topic.yaml:4: verdict: a rule topic takes one of');
  });
});
