import { loadEvalSet } from '../src/knowledge/eval';
import { searchTerms } from '../src/knowledge/normalize';
import { lenientIndex } from '../src/knowledge/service';
const idx = lenientIndex();
const ms = (idx as unknown as { ms: import('minisearch').default }).ms;
const items = loadEvalSet();
const qs = items.map(i => searchTerms(i.question, idx.lex).join(' '));
for (const [name, o] of [['default', {}], ['nofuzzy', { fuzzy: false }], ['noprefix', { prefix: false }], ['none', { fuzzy: false, prefix: false }]] as const) {
  for (let rep = 0; rep < 2; rep++) {
    const t = performance.now(); let n = 0;
    for (const q of qs) n += ms.search(q, o).length;
    console.log(name, rep, ((performance.now() - t) / qs.length).toFixed(3), 'ms/q', (n / qs.length).toFixed(0), 'results/q');
  }
}
const t = performance.now(); for (const it of items) searchTerms(it.question, idx.lex); console.log('normalize', ((performance.now() - t)/items.length).toFixed(3));
