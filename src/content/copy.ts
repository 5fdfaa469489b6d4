import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { escapeMarkup } from '../core/markup';
import type { Locale } from '../core/message';
import { CONTENT_DIR } from './paths';

/**
 * Every user-facing sentence lives in content/copy/*.yaml as `key: { id: ..., en: ... }`.
 * Keys are namespaced by file (`menu.yaml` holds `menu.*`), so features never edit each other's files.
 */

const entrySchema = z.object({ id: z.string().min(1), en: z.string().min(1) }).strict();

export interface CopyProblem {
  file: string;
  line: number;
  message: string;
}

export interface CopyCatalog {
  entries: Map<string, { id: string; en: string; file: string }>;
  problems: CopyProblem[];
}

export function loadCopyCatalog(dir = join(CONTENT_DIR, 'copy')): CopyCatalog {
  const entries = new Map<string, { id: string; en: string; file: string }>();
  const problems: CopyProblem[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const file = join('content/copy', name);
    const ns = name.replace(/\.yaml$/, '');
    const lc = new LineCounter();
    const doc = parseDocument(readFileSync(join(dir, name), 'utf8'), { lineCounter: lc, uniqueKeys: true });
    for (const err of doc.errors) {
      problems.push({ file, line: lc.linePos(err.pos[0]).line, message: err.message.split('\n')[0]! });
    }
    const json: unknown = doc.toJS();
    if (json === null || typeof json !== 'object') continue;
    const contents = doc.contents;
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      const node =
        contents && 'items' in contents
          ? contents.items.find((p) => String((p as { key: unknown }).key) === key)
          : undefined;
      const range = (node as { key?: { range?: [number] } } | undefined)?.key?.range;
      const line = range ? lc.linePos(range[0]).line : 1;
      if (!key.startsWith(`${ns}.`))
        problems.push({ file, line, message: `key "${key}" must start with "${ns}."` });
      const parsed = entrySchema.safeParse(value);
      if (!parsed.success) {
        problems.push({
          file,
          line,
          message: `"${key}": needs non-empty "id" and "en" text (${parsed.error.issues[0]!.message})`,
        });
        continue;
      }
      entries.set(key, { ...parsed.data, file });
    }
  }
  return { entries, problems };
}

let catalog: CopyCatalog | undefined;
function getCatalog(): CopyCatalog {
  if (!catalog) {
    catalog = loadCopyCatalog();
    if (catalog.problems.length) {
      const p = catalog.problems[0]!;
      throw new Error(`${p.file}:${p.line}: ${p.message}`);
    }
  }
  return catalog;
}

/** Marks a value as already in markup (e.g. a list built from other copy), so it is not escaped. */
export interface Raw {
  raw: string;
}
export type CopyVars = Record<string, string | number | Raw>;

export class MissingCopyError extends Error {}

export function hasCopy(key: string): boolean {
  return getCatalog().entries.has(key);
}

/** The text for `key` in `locale`, with `{name}` placeholders filled (values escaped). */
export function t(key: string, locale: Locale, vars: CopyVars = {}): string {
  const entry = getCatalog().entries.get(key);
  if (!entry) throw new MissingCopyError(`missing copy key "${key}"`);
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === 'object' ? v.raw : escapeMarkup(String(v));
  });
}

/**
 * The text for `key` with `{name}` placeholders filled as given, no markup escaping: for callers that
 * escape for their own format (the dashboard's HTML).
 */
export function plainCopy(key: string, locale: Locale, vars: Record<string, string | number> = {}): string {
  const entry = getCatalog().entries.get(key);
  if (!entry) throw new MissingCopyError(`missing copy key "${key}"`);
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}
