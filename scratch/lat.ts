import { loadEvalSet } from '../src/knowledge/eval';
import { stem } from '../src/knowledge/normalize';
import { lenientIndex } from '../src/knowledge/service';
const idx = lenientIndex();
const items = loadEvalSet();
const times: [number, string][] = [];
for (const it of items) { const t = performance.now(); idx.search(it.question); times.push([performance.now() - t, it.question]); }
times.sort((a, b) => b[0] - a[0]);
console.log(times.slice(0, 8));
for (const w of ['ngerahin','bales2an','tercoblos','ramein','diizinin','nguntungin']) { const t = performance.now(); stem(w); console.log(w, performance.now() - t); }
const t2 = performance.now(); for (const it of items) idx.search(it.question); console.log('second pass total', performance.now() - t2);
