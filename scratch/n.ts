import { buildLexicon, normalizeWords, searchTerms } from '../src/knowledge/normalize';
const lex = buildLexicon();
for (const q of ['Boleh gk PNS ngelike postingan capres di IG??','bolehhh ga asn share video paslon','pegawai negeri sipil komen di medsos','Can a civil servant like a campaign post?','kades ikut timses']) console.log(normalizeWords(q, lex).join(' '), '|', searchTerms(q, lex).join(' '));
