import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { CONTENT_DIR } from '../content/paths';
import { type Topic, topicSchema } from './schema';

export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

export interface KnowledgeBase {
  topics: Topic[];
  byId: Map<string, Topic>;
  problems: ContentProblem[];
}

export const QA_DIR = join(CONTENT_DIR, 'qa');

/** The line of the node at `path`, or of its nearest existing parent (a missing key points at its map). */
function lineOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lc.linePos(range[0]).line;
  }
  return 1;
}

/** Where a key itself is written (so "related: [x]" points at the item, "unknown key" at the key). */
function keyLine(doc: Document, lc: LineCounter, key: string): number {
  const root = doc.contents;
  if (!isMap(root)) return 1;
  const pair = root.items.find((p) => String((p.key as { value?: unknown })?.value) === key);
  const range = (pair?.key as { range?: [number] } | undefined)?.range;
  return range ? lc.linePos(range[0]).line : 1;
}

function itemLine(doc: Document, lc: LineCounter, key: string, value: string): number {
  const node = doc.getIn([key], true);
  if (isSeq(node)) {
    const item = node.items.find((i) => String((i as { value?: unknown }).value) === value);
    const range = (item as { range?: [number] } | undefined)?.range;
    if (range) return lc.linePos(range[0]).line;
  }
  return keyLine(doc, lc, key);
}

/**
 * Reads every topic in content/qa, checking each against the schema and the set as a whole
 * (id = file name, unique ids, related topics exist). Problems carry file and line so
 * `npm run content:check` can point at them; topics with problems are left out.
 */
export function loadKnowledge(dir = QA_DIR, label = 'content/qa'): KnowledgeBase {
  const problems: ContentProblem[] = [];
  const parsed: { topic: Topic; file: string; doc: Document; lc: LineCounter }[] = [];
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  for (const name of names) {
    const file = join(label, name);
    const lc = new LineCounter();
    const doc = parseDocument(readFileSync(join(dir, name), 'utf8'), { lineCounter: lc, uniqueKeys: true });
    if (doc.errors.length) {
      for (const err of doc.errors) {
        problems.push({ file, line: lc.linePos(err.pos[0]).line, message: err.message.split('\n')[0]! });
      }
      continue;
    }
    const result = topicSchema.safeParse(doc.toJS());
    if (!result.success) {
      for (const issue of result.error.issues) {
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
        const line =
          issue.code === 'unrecognized_keys' && issue.path.length === 0
            ? keyLine(doc, lc, issue.keys[0] ?? '')
            : lineOf(doc, lc, issue.path);
        problems.push({ file, line, message: `${where}${issue.message}${keys}` });
      }
      continue;
    }
    const base = name.replace(/\.ya?ml$/, '');
    if (result.data.id !== base) {
      problems.push({
        file,
        line: keyLine(doc, lc, 'id'),
        message: `id "${result.data.id}" must match the file name "${base}"`,
      });
      continue;
    }
    parsed.push({ topic: result.data, file, doc, lc });
  }

  const byId = new Map<string, Topic>();
  for (const p of parsed) {
    if (byId.has(p.topic.id)) {
      problems.push({
        file: p.file,
        line: keyLine(p.doc, p.lc, 'id'),
        message: `duplicate topic id "${p.topic.id}"`,
      });
      continue;
    }
    byId.set(p.topic.id, p.topic);
  }
  for (const p of parsed) {
    for (const rel of p.topic.related) {
      if (!byId.has(rel)) {
        problems.push({
          file: p.file,
          line: itemLine(p.doc, p.lc, 'related', rel),
          message: `related topic "${rel}" does not exist`,
        });
      }
    }
  }
  const topics = [...byId.values()];
  return { topics, byId, problems };
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
