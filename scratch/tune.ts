import { loadWordLists } from '../src/content/words';
import { loadEvalSet } from '../src/knowledge/eval';
import { loadKnowledge } from '../src/knowledge/load';
import { DEFAULT_TUNING, QaIndex } from '../src/knowledge/search';
const kb = loadKnowledge(); const lists = loadWordLists(); const items = loadEvalSet();
const ins = items.filter(i => i.topic);
for (const rest of [0]) for (const b of [0.3, 0.5, 0.7, 0.9]) for (const answerBoost of [0.5, 1]) {
  const idx = new QaIndex(kb, 0.5, lists, { ...DEFAULT_TUNING, rest, b, answerBoost });
  let t1 = 0, v1 = 0;
  for (const it of ins) { const h = idx.search(it.question).hits[0]; if (h?.topic.id === it.topic) t1++; if (h?.topic.verdict === it.verdict) v1++; }
  console.log(`rest ${rest} b ${b} ans ${answerBoost}: top1 ${t1}/${ins.length} verdict ${v1}`);
}
