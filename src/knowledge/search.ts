import MiniSearch from 'minisearch';
import { loadWordLists } from '../content/words';
import type { KnowledgeBase } from './load';
import {
  buildLexicon,
  containsPhrase,
  type Lexicon,
  learnWords,
  normalizeWords,
  searchTerms,
  stem,
} from './normalize';
import type { Topic } from './schema';

/**
 * Ranked retrieval over the topics with minisearch (BM25 with prefix matching, and fuzzy matching
 * for words it does not know). One document per topic holds all the ways people ask it plus its
 * one-sentence answer; measured against one document per phrasing, this ranked better on the eval
 * set (91% vs 87% top-1) and returns four times fewer results per search.
 */

interface Doc {
  id: string;
  topic: string;
  /** Every phrasing of the topic, both languages. */
  q: string;
  /** The one-sentence answer, both languages. */
  a: string;
}

export interface Hit {
  topic: Topic;
  score: number;
}

export type Classification = 'answer' | 'unsure' | 'offtopic' | 'partisan' | 'empty';

export interface SearchResult {
  kind: Classification;
  /** Best topics first (at most five). */
  hits: Hit[];
  /** 0..1: how sure the best hit answers the question. */
  confidence: number;
  /** What the confidence was made of (for `npm run eval -- --errors` and tuning). */
  features?: {
    topicCoverage: number;
    known: number;
    margin: number;
    distinctive: boolean;
    offtopic: boolean;
  };
}

export interface SearchOptions {
  kind?: Topic['kind'];
}

/** Learned on test/eval/qa.jsonl (see `npm run eval -- --calibrate`); below it the bot does not guess. */
export const DEFAULT_THRESHOLD = 0.4;

/** A word used by this share of topics or more does not tell topics apart. */
export const VAGUE_SHARE = 0.3;

/** Retrieval knobs, chosen by measurement on the eval set (see README, "Q&A"). */
export interface Tuning {
  /** BM25 length normalisation (minisearch default 0.7). */
  b: number;
  /** Weight of the one-sentence answer against the phrasings (2). */
  answerBoost: number;
  /** Edit distance allowed for a word the index does not know, as a share of its length. */
  fuzzy: number;
}

export const DEFAULT_TUNING: Tuning = { b: 0.7, answerBoost: 0.5, fuzzy: 0.2 };

/** The terms are already normalised and stemmed: searching them must not normalise them again. */
const PROCESSED = { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t };

export class QaIndex {
  readonly lex: Lexicon;
  private readonly ms: MiniSearch<Doc>;
  private readonly partisan: string[][];
  private readonly offtopic: Set<string>;
  private readonly vocabulary = new Set<string>();
  /** For each search word, the share of topics that use it ("asn" is in most, "mandarin" in one). */
  private readonly topicShare = new Map<string, number>();

  constructor(
    readonly kb: KnowledgeBase,
    readonly threshold = DEFAULT_THRESHOLD,
    lists = loadWordLists(),
    readonly tuning: Tuning = DEFAULT_TUNING,
  ) {
    this.lex = buildLexicon(lists);
    for (const t of kb.topics)
      for (const q of [...t.questions.id, ...t.questions.en]) learnWords(this.lex, q);
    const lex = this.lex;
    this.partisan = (lists.get('qa.partisan') ?? [])
      .map((p) => normalizeWords(p, lex))
      .filter((p) => p.length);
    this.offtopic = new Set((lists.get('qa.offtopic') ?? []).flatMap((w) => normalizeWords(w, lex)));
    // Words seen while indexing form the vocabulary that decides when typo tolerance is needed.
    let indexing = false;
    this.ms = new MiniSearch<Doc>({
      fields: ['q', 'a'],
      storeFields: ['topic'],
      tokenize: (text) => normalizeWords(text, lex),
      processTerm: (term) => {
        if (lex.stopwords.has(term)) return null;
        const s = stem(term);
        if (indexing) this.vocabulary.add(s);
        return s;
      },
      searchOptions: {
        boost: { q: 2, a: tuning.answerBoost },
        combineWith: 'OR',
        bm25: { k: 1.2, b: tuning.b, d: 0.5 },
        // Typo tolerance only for words the index does not know: exact words need no fuzzy
        // expansion, which is most of the cost of a search.
        fuzzy: (term) => (term.length >= 5 && !this.vocabulary.has(term) ? tuning.fuzzy : false),
        prefix: (term) => term.length >= 5,
      },
    });
    const docs: Doc[] = [];
    for (const t of kb.topics) {
      docs.push({
        id: t.id,
        topic: t.id,
        q: [...t.questions.id, ...t.questions.en].join(' \n '),
        a: `${t.answer.id} ${t.answer.en}`,
      });
    }
    indexing = true;
    this.ms.addAll(docs);
    indexing = false;
    for (const d of docs) {
      for (const term of new Set(searchTerms(`${d.q} ${d.a}`, lex))) {
        this.topicShare.set(term, (this.topicShare.get(term) ?? 0) + 1 / docs.length);
      }
    }
  }

  /** The words most topics share, most common first (to check VAGUE_SHARE against the content). */
  commonTerms(n = 20): [string, number][] {
    return [...this.topicShare.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  }

  /** Topic ids ranked for already-normalised terms: retrieval alone, for comparing engines. */
  searchTerms(terms: readonly string[]): string[] {
    return this.ms.search(terms.join(' '), PROCESSED).map((r) => String(r.topic));
  }

  isPartisan(text: string): boolean {
    const words = normalizeWords(text, this.lex);
    return this.partisan.some((p) => containsPhrase(words, p));
  }

  search(text: string, opts: SearchOptions = {}): SearchResult {
    const words = normalizeWords(text, this.lex);
    if (this.partisan.some((p) => containsPhrase(words, p)))
      return { kind: 'partisan', hits: [], confidence: 0 };
    const terms = [...new Set(searchTerms(text, this.lex))];
    if (!terms.length) return { kind: 'empty', hits: [], confidence: 0 };

    const results = this.ms.search(terms.join(' '), {
      ...PROCESSED,
      ...(opts.kind ? { filter: (r) => this.kb.byId.get(String(r.topic))?.kind === opts.kind } : {}),
    });
    // One document per topic, so results come ranked by topic already.
    const anywhere = new Set<string>();
    for (const r of results) for (const q of r.queryTerms) anywhere.add(q);
    const ranked = results.map(
      (r) => [String(r.topic), { score: r.score, terms: new Set(r.queryTerms) }] as const,
    );
    const hits = ranked.slice(0, 5).map(([id, v]) => ({ topic: this.kb.byId.get(id)!, score: v.score }));
    const top = ranked[0]?.[1];
    if (!top) {
      return { kind: this.isOfftopic(words) ? 'offtopic' : 'unsure', hits, confidence: 0 };
    }
    const second = ranked[1]?.[1].score ?? 0;
    const offtopic = this.isOfftopic(words);
    const f = {
      /** Share of the question's words found in the best topic's phrasings. */
      topicCoverage: Math.min(1, top.terms.size / terms.length),
      /** Share of the question's words the knowledge base knows at all (low: another domain). */
      known: Math.min(1, anywhere.size / terms.length),
      /** How far the best topic is ahead of the next one. */
      margin: (top.score - second) / top.score,
    };
    // "asn kampanye gimana" matches half the topics equally well: without one word that sets the
    // best topic apart, the question is too vague to answer, however well it is "covered".
    const distinctive = [...top.terms].some((t) => (this.topicShare.get(t) ?? 0) < VAGUE_SHARE);
    const confidence =
      (0.4 * f.topicCoverage + 0.4 * f.known + 0.2 * f.margin) *
      (offtopic ? 0.5 : 1) *
      (distinctive ? 1 : 0.4);
    const kind: Classification =
      confidence >= this.threshold ? 'answer' : offtopic || f.known < 0.5 ? 'offtopic' : 'unsure';
    return {
      kind,
      hits,
      confidence: Math.round(confidence * 1000) / 1000,
      features: { ...f, distinctive, offtopic },
    };
  }

  private isOfftopic(words: readonly string[]): boolean {
    return words.some((w) => this.offtopic.has(w));
  }
}
