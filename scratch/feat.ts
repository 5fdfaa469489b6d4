import { loadEvalSet } from '../src/knowledge/eval';
import { lenientIndex } from '../src/knowledge/service';
const idx = lenientIndex();
const items = loadEvalSet();
const rows: string[] = [];
for (const it of items) {
  const r = idx.search(it.question);
  const f = idx.lastFeatures;
  const cls = !it.topic ? 'OOS' : r.hits[0]?.topic.id === it.topic ? 'OK' : r.hits[0]?.topic.verdict === it.verdict ? 'VOK' : 'BAD';
  if (r.kind === 'partisan' || r.kind === 'empty' || !r.hits.length) { rows.push(`${cls}\t${r.kind}\t-\t-\t-\t-\t-\t-\t${it.question}`); continue; }
  rows.push(`${cls}\t${r.kind}\t${f.coverage?.toFixed(2)}\t${f.topicCoverage?.toFixed(2)}\t${f.known?.toFixed(2)}\t${f.margin?.toFixed(2)}\t${(f.score!/f.terms!).toFixed(0)}\t${f.offtopic}\t${it.question}`);
}
console.log(rows.sort().join('\n'));
