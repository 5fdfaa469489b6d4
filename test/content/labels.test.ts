import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABEL_LIMIT } from '../../src/channels/telegram/render';
import { loadCopyCatalog } from '../../src/content/copy';
import { ROOT } from '../support/child';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every copy key the code puts on a button: `label: t('k')`, `labelKey: 'k'`, a form field's
 * `label: 'k'`, `c.choice(id, 'k')`; a key built from a template (`report.cat.${x}`) stands for every
 * key with that prefix. Keys named `*.choice.*` / `*.choice_*` count too.
 */
function labelKeys(all: string[]): Set<string> {
  const found = new Set<string>(
    all.filter((k) => /\.choice[._]/.test(k) || k.startsWith('broadcast.audience_')),
  );
  const patterns = [
    /label:\s*(?:t|say|c\.t)\(\s*([`'"])([a-z][\w.${}-]*)\1/g,
    /labelKey:\s*([`'"])([a-z][\w.${}-]*)\1/g,
    /\blabel:\s*([`'"])([a-z]+\.[\w.${}-]*)\1/g,
    /\.choice\([^,]+,\s*([`'"])([a-z][\w.${}-]*)\1/g,
  ];
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'flows'))]) {
    const code = readFileSync(file, 'utf8');
    for (const re of patterns) {
      for (const m of code.matchAll(re)) {
        const key = m[2]!;
        const at = key.indexOf('${');
        if (at < 0) found.add(key);
        else for (const k of all) if (k.startsWith(key.slice(0, at))) found.add(k);
      }
    }
  }
  return found;
}

describe('button labels in content/', () => {
  const catalog = loadCopyCatalog();
  const keys = labelKeys([...catalog.entries.keys()]);

  it('finds the labels (the scan is not empty)', () => {
    expect(keys.size).toBeGreaterThan(60);
    for (const k of [
      'report.cat.asn',
      'report.behaviour.social',
      'qa.choice_more',
      'core.menu_help',
      'report.menu',
    ]) {
      expect(keys, k).toContain(k);
    }
  });

  it(`keeps every label at most ${LABEL_LIMIT} characters in both languages`, () => {
    const tooLong: string[] = [];
    for (const key of keys) {
      const entry = catalog.entries.get(key);
      if (!entry) continue;
      for (const text of [entry.id, entry.en]) {
        // A count fills {count}: allow for a seven-digit number.
        const filled = text.replace(/\{\w+\}/g, '1.000.000');
        if ([...filled].length > LABEL_LIMIT) tooLong.push(`${key}: "${filled}" (${[...filled].length})`);
      }
    }
    expect(tooLong).toEqual([]);
  });
});
