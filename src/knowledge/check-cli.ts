import { resolve } from 'node:path';
import { loadCopyCatalog } from '../content/copy';
import { formatProblem, loadKnowledge } from './load';

/**
 * `npm run content:check`: every content problem as `file:line: message`; exit code 1 if any.
 * An optional argument checks another folder of topic files instead of content/qa.
 */
const dir = process.argv[2];
const kb = dir ? loadKnowledge(resolve(dir), dir) : loadKnowledge();
const problems = [...(dir ? [] : loadCopyCatalog().problems), ...kb.problems];
for (const p of problems) console.log(formatProblem(p));
if (problems.length) {
  console.log(`${problems.length} problem(s) in content.`);
  process.exit(1);
}
console.log(`content ok: ${kb.topics.length} topics.`);
