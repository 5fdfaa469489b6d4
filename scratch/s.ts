import { loadKnowledge } from '../src/knowledge/load';
import { QaIndex } from '../src/knowledge/search';
const t0 = performance.now();
const idx = new QaIndex(loadKnowledge());
console.log('build ms', performance.now() - t0);
for (const q of ['Boleh gk PNS ngelike postingan capres di IG??','bolehhh ga asn share video paslon','pns komen di fb caleg','can i vote as a civil servant','cara lapor asn kampanye','jokowi mandarin','cuaca besok gimana','siapa yang menang pilpres','hukuman pns tdk netral','asn dtg kampanye akbar']) {
  const a = performance.now(); const r = idx.search(q); const ms = performance.now()-a;
  console.log(q, '→', r.kind, r.confidence, r.hits.slice(0,2).map(h=>`${h.topic.id}:${h.score.toFixed(1)}`).join(' '), ms.toFixed(2));
}
