import { loadWordLists } from '../src/content/words';
import { buildLexicon, normalizeWords } from '../src/knowledge/normalize';
const lists = loadWordLists(); const lex = buildLexicon(lists);
for (const w of lists.get('qa.offtopic') ?? []) { const n = normalizeWords(w, lex).join(' '); if (n !== w) console.log(w, '->', n); }
