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
 * Ranked retrieval over the topics with minisearch (BM25 with fuzzy and prefix matching). Every
 * question of a topic is its own small document, so a user's question is compared with the closest
 * way someone asked it before; a topic's score is its best document.
 */

interface Doc {
  id: string;
  topic: string;
  q?: string;
  a?: string;
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
}

export interface SearchOptions {
  kind?: Topic['kind'];
}

/** Learned on test/eval/qa.jsonl (see `npm run eval -- --calibrate`); below it the bot does not guess. */
export const DEFAULT_THRESHOLD = 0.41;

/** Retrieval knobs, chosen by measurement on the eval set (see README, "Q&A"). */
export interface Tuning {
  /** Weight of a topic's other matching phrasings added to its best one. */
  rest: number;
  /** BM25 length normalisation (minisearch default 0.7). */
  b: number;
  answerBoost: number;
  fuzzy: number;
}

export const DEFAULT_TUNING: Tuning = { rest: 0.5, b: 0.9, answerBoost: 1, fuzzy: 0.2 };

export class QaIndex {
  readonly lex: Lexicon;
  private readonly ms: MiniSearch<Doc>;
  private readonly partisan: string[][];
  private readonly offtopic: Set<string>;

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
    this.ms = new MiniSearch<Doc>({
      fields: ['q', 'a'],
      storeFields: ['topic'],
      tokenize: (text) => normalizeWords(text, lex),
      processTerm: (term) => (lex.stopwords.has(term) ? null : stem(term)),
      searchOptions: {
        boost: { q: 2, a: tuning.answerBoost },
        combineWith: 'OR',
        bm25: { k: 1.2, b: tuning.b, d: 0.5 },
        fuzzy: (term) => (term.length >= 5 ? tuning.fuzzy : false),
        prefix: (term) => term.length >= 5,
      },
    });
    const docs: Doc[] = [];
    for (const t of kb.topics) {
      [...t.questions.id, ...t.questions.en].forEach((q, i) => {
        docs.push({ id: `${t.id}#q${i}`, topic: t.id, q });
      });
      docs.push({ id: `${t.id}#a`, topic: t.id, a: `${t.answer.id} ${t.answer.en}` });
    }
    this.ms.addAll(docs);
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
      ...(opts.kind ? { filter: (r) => this.kb.byId.get(String(r.topic))?.kind === opts.kind } : {}),
    });
    const best = new Map<string, { score: number; matched: number; rest: number; terms: Set<string> }>();
    const anywhere = new Set<string>();
    for (const r of results) {
      const topic = String(r.topic);
      const prev = best.get(topic);
      for (const q of r.queryTerms) anywhere.add(q);
      if (!prev) {
        best.set(topic, { score: r.score, matched: new Set(r.queryTerms).size, rest: 0, terms: new Set(r.queryTerms) });
      } else {
        prev.rest += r.score * this.tuning.rest;
        for (const q of r.queryTerms) prev.terms.add(q);
      }
    }
    for (const v of best.values()) v.score += v.rest;
    const ranked = [...best.entries()].sort((a, b) => b[1].score - a[1].score);
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
    this.lastFeatures = { ...f, score: top.score, terms: terms.length, offtopic: offtopic ? 1 : 0 };
    const confidence = (0.4 * f.topicCoverage + 0.4 * f.known + 0.2 * f.margin) * (offtopic ? 0.5 : 1);
    const kind: Classification =
      confidence >= this.threshold ? 'answer' : offtopic || f.known < 0.5 ? 'offtopic' : 'unsure';
    return { kind, hits, confidence: Math.round(confidence * 1000) / 1000 };
  }

  lastFeatures: Record<string, number> = {};

  private isOfftopic(words: readonly string[]): boolean {
    return words.some((w) => this.offtopic.has(w));
  }
}
