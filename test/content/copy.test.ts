import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCopyCatalog, MissingCopyError, t } from '../../src/content/copy';
import { loadWordLists } from '../../src/content/words';
import { ROOT } from '../support/child';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('copy catalog', () => {
  const catalog = loadCopyCatalog();

  it('parses every file, with both languages for every key', () => {
    expect(catalog.problems).toEqual([]);
    for (const [key, entry] of catalog.entries) {
      expect(entry.id.trim(), key).not.toBe('');
      expect(entry.en.trim(), key).not.toBe('');
    }
  });

  it('has every key the code names (a missing key fails here, not in front of a user)', () => {
    const namespaces = new Set([...catalog.entries.keys()].map((k) => k.split('.')[0]!));
    const missing: string[] = [];
    for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'flows'))]) {
      const code = readFileSync(file, 'utf8');
      // Literals where copy keys go: t('k'), say('k'), badAnswer('k'), key: 'k', labelKey: 'k', and a
      // message as the last call argument (zod: `.min(2, 'k')`). Effect types and word lists look alike
      // (`type: 'report.submit'`, `words('core.cancel')`) and are not copy keys.
      const keyish =
        /(?:\bt\(\s*|\bsay\(\s*|badAnswer\(\s*|[kK]ey:\s*|,\s*)['"`]([a-z][a-z0-9_-]*\.[a-z0-9_.-]*[a-z0-9_])['"`]\s*[,)}]/g;
      for (const m of code.matchAll(keyish)) {
        const key = m[1]!;
        if (!namespaces.has(key.split('.')[0]!) || /\.(ts|yaml|json|md|js)$/.test(key)) continue;
        if (!catalog.entries.has(key) && !key.endsWith('.'))
          missing.push(`${file.slice(ROOT.length)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps the same {placeholders} in both languages', () => {
    for (const [key, entry] of catalog.entries) {
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(entry.en), key).toEqual(vars(entry.id));
    }
  });

  it('throws for an unknown key instead of showing it', () => {
    expect(() => t('core.no_such_key', 'id')).toThrow(MissingCopyError);
  });

  it('reports a broken file with its file and line', () => {
    const fixtures = join(ROOT, 'test/fixtures/copy-broken');
    const broken = loadCopyCatalog(fixtures);
    expect(broken.problems).toContainEqual(
      expect.objectContaining({
        file: 'content/copy/demo.yaml',
        line: 4,
        message: expect.stringContaining('"demo.two"'),
      }),
    );
    expect(broken.problems).toContainEqual(
      expect.objectContaining({ line: 6, message: expect.stringContaining('must start with "demo."') }),
    );
  });
});

describe('word lists', () => {
  it('load, lower case', () => {
    const lists = loadWordLists();
    expect(lists.get('core.cancel')).toContain('batal');
    for (const [group, list] of lists) {
      for (const w of list) expect(w, group).toBe(w.toLowerCase());
    }
  });
});
