import { Stemmer } from 'sastrawijs';
import { loadWordLists } from '../content/words';

/**
 * Turns a question as people type it on a phone ("boleh gk pns ngelike postingan capres??") into
 * the words the knowledge base is written in: lower case, no punctuation, repeated letters
 * collapsed, slang and code-mixed English mapped through content/words/slang.yaml, then stemmed.
 */

export interface Lexicon {
  /** A variant (one to three words, space-joined) → the canonical words it stands for. */
  slang: Map<string, string[]>;
  /** A variant's first word → the most words a variant starting with it has. */
  longestFrom: Map<string, number>;
  /** Words that appear as canonical forms; a doubled letter is collapsed only when that makes one of them. */
  known: Set<string>;
  stopwords: Set<string>;
}

const tokens = new Map<string, string[]>();

/** Lower-case words without punctuation or emphasis, as typed (no slang mapping); cached per text. */
export function basicTokens(text: string): string[] {
  const hit = tokens.get(text);
  if (hit) return hit;
  const out = tokenize(text);
  if (tokens.size > 5000) tokens.clear();
  tokens.set(text, out);
  return out;
}

function tokenize(text: string): string[] {
  let s = text.toLowerCase();
  // Accents only where a letter is not plain ASCII: most messages have none.
  if (NON_ASCII.test(s)) s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const words = s
    // "teman2" and "teman-teman" are plurals; one copy of the word is enough for search.
    .replace(/\b([a-z]{2,})2\b/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    // Three or more of the same letter is always emphasis ("bolehhh", "gaaak").
    .replace(/([a-z])\1{2,}/g, '$1')
    .split(' ');
  return spokenNumbers(words.filter(Boolean));
}

/** A character NFKD might change: anything but printable ASCII and line breaks (a control character too, harmlessly). */
const NON_ASCII = /[^ -~\t\n\r]/;

// Maps, not object literals: "constructor" or "toString" in a message is a word, not a number.
const UNITS = new Map<string, number>([
  ['satu', 1],
  ['dua', 2],
  ['tiga', 3],
  ['empat', 4],
  ['lima', 5],
  ['enam', 6],
  ['tujuh', 7],
  ['delapan', 8],
  ['sembilan', 9],
]);
const WHOLE = new Map<string, number>([
  ['sepuluh', 10],
  ['sebelas', 11],
  ['seratus', 100],
]);
const SCALE = new Map<string, number>([
  ['belas', 10],
  ['puluh', 10],
  ['ratus', 100],
]);

/**
 * Voice typing spells numbers out ("tanggal dua puluh delapan februari"): a compound number (with
 * belas, puluh or ratus) becomes its digits, as typed messages and the content write it. Single
 * number words stay words ("dua calon", "satu orang").
 */
function spokenNumbers(words: string[]): string[] {
  if (!words.some((w) => SCALE.has(w) || WHOLE.has(w))) return words;
  const out: string[] = [];
  // The value of the number being spelled at the end of `out`, if one is.
  let spelled: number | null = null;
  // "tiga ratus dua puluh", "seratus dua puluh": hundreds take the tens that follow.
  const spell = (value: number) => {
    if (spelled !== null && spelled % 100 === 0 && value < 100) {
      spelled += value;
      out[out.length - 1] = String(spelled);
    } else {
      spelled = value;
      out.push(String(value));
    }
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const unit = UNITS.get(w);
    const scale = SCALE.get(words[i + 1] ?? '');
    if (unit !== undefined && scale !== undefined) {
      spell(words[i + 1] === 'belas' ? 10 + unit : unit * scale);
      i++;
    } else if (WHOLE.has(w)) {
      spell(WHOLE.get(w)!);
    } else if (unit !== undefined && spelled !== null && spelled % 10 === 0) {
      // "dua puluh delapan": a unit after spelled tens adds to them, and ends the number.
      out[out.length - 1] = String(spelled + unit);
      spelled = null;
    } else {
      spelled = null;
      out.push(w);
    }
  }
  return out;
}

const normalized = new WeakMap<Lexicon, Map<string, string[]>>();

export function buildLexicon(lists = loadWordLists()): Lexicon {
  const slang = new Map<string, string[]>();
  const known = new Set<string>();
  const longestFrom = new Map<string, number>();
  for (const [key, variants] of lists) {
    if (!key.startsWith('slang.')) continue;
    const canonical = basicTokens(key.slice('slang.'.length));
    for (const c of canonical) known.add(c);
    for (const v of variants) {
      const tokens = basicTokens(v);
      if (!tokens.length) continue;
      longestFrom.set(tokens[0]!, Math.max(longestFrom.get(tokens[0]!) ?? 1, tokens.length));
      slang.set(tokens.join(' '), canonical);
    }
  }
  const stopwords = new Set((lists.get('qa.stopwords') ?? []).flatMap(basicTokens));
  protectRoots(lists.get('qa.roots') ?? []);
  return { slang, longestFrom, known, stopwords };
}

/** Adds words seen in the content (question lists), so "bolehh" collapses to a real word. */
export function learnWords(lex: Lexicon, text: string): void {
  for (const w of basicTokens(text)) lex.known.add(w);
  normalized.get(lex)?.clear();
}

// Called for every word of every message: no closure made per call.
function isKnown(word: string, lex: Lexicon): boolean {
  return lex.known.has(word) || lex.slang.has(word);
}

function collapseDoubles(word: string, lex: Lexicon): string {
  if (!/([a-z])\1/.test(word) || isKnown(word, lex)) return word;
  // Emphasis is usually on the last letter ("nggakk"); try that before collapsing every double.
  const last = word.replace(/([a-z])\1$/, '$1');
  if (isKnown(last, lex)) return last;
  const every = word.replace(/([a-z])\1/g, '$1');
  return isKnown(every, lex) ? every : word;
}

/** Lower-cased words with slang expanded, stopwords kept (phrases like "siapa yang menang" need them). */
export function normalizeWords(text: string, lex: Lexicon): string[] {
  // One message is normalised by several stages (understanding, search, entity checks): once is enough.
  let cache = normalized.get(lex);
  if (!cache) {
    cache = new Map();
    normalized.set(lex, cache);
  }
  const hit = cache.get(text);
  if (hit) return hit;
  const out = normalizeUncached(text, lex);
  if (cache.size > 5000) cache.clear();
  cache.set(text, out);
  return out;
}

function normalizeUncached(text: string, lex: Lexicon): string[] {
  const raw = basicTokens(text).map((w) => collapseDoubles(w, lex));
  const out: string[] = [];
  for (let i = 0; i < raw.length; ) {
    let matched = false;
    // Only a word that starts a longer variant is tried with the words after it: joining every
    // window of words would allocate most of what normalising a message costs.
    for (let n = Math.min(lex.longestFrom.get(raw[i]!) ?? 0, raw.length - i); n >= 1; n--) {
      const canonical = lex.slang.get(n === 1 ? raw[i]! : raw.slice(i, i + n).join(' '));
      if (canonical) {
        out.push(...canonical);
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) out.push(...(englishSingular(raw[i]!, lex) ?? [regionalSuffix(raw[i]!, lex)]));
    if (!matched) i++;
  }
  return out;
}

/**
 * An English plural of a word the slang list maps ("mosques", "churches", "motorcades"): the
 * singular's mapping. Only unknown words that end in s, so Indonesian words ("bagus", "status")
 * stay as they are.
 */
function englishSingular(word: string, lex: Lexicon): string[] | undefined {
  if (word.length < 5 || !word.endsWith('s') || word.endsWith('ss') || lex.known.has(word)) return undefined;
  for (const singular of [word.slice(0, -1), word.endsWith('es') ? word.slice(0, -2) : '']) {
    const canonical = singular ? lex.slang.get(singular) : undefined;
    if (canonical) return canonical;
  }
  return undefined;
}

/**
 * Betawi and Malay "-nye" and Minang and Palembang "-nyo" for "-nya" ("lapornye ke mane?", "sanksinye
 * apa", "tanggalnyo"), and Sundanese "-keun" for "-kan" ("dibubarkeun", "tuliskeun"): an unknown word
 * of six letters or more ending in one is read with the usual ending, so cue lists and the stemmer see
 * it. Known words that end so ("kampanye") stay as they are.
 */
function regionalSuffix(word: string, lex: Lexicon): string {
  if (word.length < 6 || isKnown(word, lex)) return word;
  if (word.endsWith('nye') || word.endsWith('nyo')) return `${word.slice(0, -1)}a`;
  if (word.endsWith('keun')) return `${word.slice(0, -3)}an`;
  return word;
}

let stemmer: Stemmer | undefined;
const stemCache = new Map<string, string>();

const roots = new Set<string>();

/**
 * Words the stemmer must keep whole (it would cut "pemilu" to "ilu"). Kept here rather than in the
 * stemmer's own dictionary because sastrawijs 1.1's addToDict throws.
 */
export function protectRoots(words: readonly string[]): void {
  for (const w of words) roots.add(w.toLowerCase());
  stemCache.clear();
}

/** Indonesian stem of one lower-case word; a single Stemmer (its dictionary costs milliseconds to build). */
export function stem(word: string): string {
  const hit = stemCache.get(word);
  if (hit !== undefined) return hit;
  stemmer ??= new Stemmer();
  // Short words, numbers and English-looking words are left alone; the stemmer would only mangle them.
  const s = word.length <= 3 || /\d/.test(word) || roots.has(word) ? word : stemmer.stem(word) || word;
  if (stemCache.size > 50_000) stemCache.clear();
  stemCache.set(word, s);
  return s;
}

/** The search terms of a text: normalised, stopwords dropped, stemmed. */
export function searchTerms(text: string, lex: Lexicon): string[] {
  return normalizeWords(text, lex)
    .filter((w) => !lex.stopwords.has(w))
    .map(stem);
}

/** Whether `phrase` (already normalised words) occurs as consecutive words in `words`. */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (!phrase.length) return false;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** What a word that starts no phrase looks up: shared, so a miss allocates nothing. */
const NO_PHRASES: readonly (readonly string[])[] = [];

/**
 * Phrases (each already normalised words) looked up by their first word, so testing a message
 * against a list of hundreds of phrases costs one map lookup per word, not one scan per phrase.
 */
export class PhraseSet {
  private readonly byFirst = new Map<string, (readonly string[])[]>();

  constructor(phrases: Iterable<readonly string[]>) {
    for (const p of phrases) {
      if (!p.length) continue;
      const list = this.byFirst.get(p[0]!) ?? [];
      if (!list.some((q) => q.join(' ') === p.join(' '))) list.push(p);
      this.byFirst.set(p[0]!, list);
    }
  }

  get size(): number {
    return this.byFirst.size;
  }

  /** The longest phrase starting at `i`, as a length (0 when none). */
  private at(words: readonly string[], i: number): number {
    let best = 0;
    for (const p of this.byFirst.get(words[i]!) ?? NO_PHRASES) {
      if (p.length <= best || i + p.length > words.length) continue;
      let ok = true;
      for (let j = 1; j < p.length; j++)
        if (words[i + j] !== p[j]) {
          ok = false;
          break;
        }
      if (ok) best = p.length;
    }
    return best;
  }

  /** Whether any phrase occurs in the words, as consecutive words. */
  in(words: readonly string[]): boolean {
    for (let i = 0; i < words.length; i++) if (this.at(words, i)) return true;
    return false;
  }

  /** Where phrases occur: each start with the length of the longest phrase there. */
  find(words: readonly string[]): { at: number; len: number }[] {
    const out: { at: number; len: number }[] = [];
    for (let i = 0; i < words.length; i++) {
      const len = this.at(words, i);
      if (len) out.push({ at: i, len });
    }
    return out;
  }
}
