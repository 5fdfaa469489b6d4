import { readFileSync } from 'node:fs';
import { stem } from '../src/knowledge/normalize';
const words = readFileSync('/tmp/vocab.txt','utf8').split('\n').filter(w => /^[a-z]{4,}$/.test(w));
for (const w of words) { const s = stem(w); if (s.length <= 3 || (s.length < w.length - 4)) console.log(w, '->', s); }
