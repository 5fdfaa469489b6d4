import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { CONTENT_DIR } from './paths';

/** Word lists (global commands, yes/no, slang) live in content/words/<namespace>.yaml as data. */
const fileSchema = z.record(z.string(), z.array(z.union([z.string(), z.number()]).transform(String)));

let cache: Map<string, string[]> | undefined;

export function loadWordLists(dir = join(CONTENT_DIR, 'words')): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const ns = name.replace(/\.yaml$/, '');
    const parsed = fileSchema.safeParse(parse(readFileSync(join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`content/words/${name}: ${parsed.error.issues[0]!.message}`);
    for (const [group, words] of Object.entries(parsed.data)) {
      lists.set(
        `${ns}.${group}`,
        words.map((w) => w.toLowerCase()),
      );
    }
  }
  return lists;
}

/** The words of `ns.group` (e.g. `core.cancel`); throws if the list does not exist. */
export function words(key: string): string[] {
  cache ??= loadWordLists();
  const list = cache.get(key);
  if (!list) throw new Error(`missing word list "${key}"`);
  return list;
}
