import { lenientIndex } from '../src/knowledge/service';
import { searchTerms } from '../src/knowledge/normalize';
const idx = lenientIndex();
// biome-ignore lint: debug
const ms = (idx as unknown as { ms: import('minisearch').default }).ms;
for (const q of process.argv.slice(2)) {
  const terms = searchTerms(q, idx.lex);
  console.log(q, '=>', terms);
  for (const r of ms.search(terms.join(' ')).slice(0, 4)) console.log('  ', r.id, r.score.toFixed(1), JSON.stringify(r.match));
}
