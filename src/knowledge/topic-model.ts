import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checkedFeatures, messageFeatures, wordFeatures } from './features';
import type { Lexicon } from './normalize';

/**
 * A second opinion on which rule topic a question means: a naive Bayes model over the topic
 * phrasings in content/qa and the labelled questions of the tuned eval splits. Retrieval ranks by
 * the words a topic is written in; the model has seen how many writers ask for each topic. Among
 * the topics retrieval found it reorders when nearly sure (`npm run train -- --leave-one-out`: on
 * the 74 tuned splits, strict 90.43% without it, 92.82% with it; harmful answers 207 without it,
 * 154 with it). Over every rule topic (`topicBest`) it overrules a verdict only when all but
 * certain: see `Tuning.topicModelSwitchAbove`.
 */

const modelSchema = z.object({
  version: z.literal(1),
  /** Where the examples came from, so a reader can tell no frozen split was used. */
  trainedOn: z.array(z.string()),
  /** Examples per topic. */
  topics: z.record(z.string(), z.number().int().positive()),
  /** Feature → topic → examples containing it (features seen in at least two examples). */
  features: z.record(z.string(), z.record(z.string(), z.number().int().positive())),
});
export type TopicModel = z.infer<typeof modelSchema>;

export const TOPIC_MODEL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../content/model/topics.json',
);

export function trainTopicModel(
  examples: readonly { question: string; topic: string }[],
  lex: Lexicon,
  trainedOn: readonly string[],
): TopicModel {
  const topics: Record<string, number> = {};
  const counts = new Map<string, Map<string, number>>();
  for (const ex of examples) {
    topics[ex.topic] = (topics[ex.topic] ?? 0) + 1;
    for (const f of wordFeatures(ex.question, lex)) {
      const row = counts.get(f) ?? new Map<string, number>();
      row.set(ex.topic, (row.get(ex.topic) ?? 0) + 1);
      counts.set(f, row);
    }
  }
  const features: Record<string, Record<string, number>> = {};
  for (const f of [...counts.keys()].sort()) {
    const row = counts.get(f)!;
    if ([...row.values()].reduce((a, b) => a + b, 0) < 2) continue;
    features[f] = Object.fromEntries([...row].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const sorted = Object.fromEntries(Object.entries(topics).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { version: 1, trainedOn: [...trainedOn], topics: sorted, features };
}

/** A feature present in a topic's examples this often (as a share) is never impossible for it. */
const SMOOTHING = 0.1;

/** The probability of each candidate topic, given only that the answer is one of them. */
export function topicPosterior(
  model: TopicModel,
  text: string,
  lex: Lexicon,
  candidates: readonly string[],
): Map<string, number> {
  const total = Object.values(model.topics).reduce((a, b) => a + b, 0);
  const rows = wordFeatures(text, lex)
    .map((f) => model.features[f])
    .filter((r) => r !== undefined);
  const logs = candidates.map((t) => {
    const n = model.topics[t] ?? 0;
    let s = Math.log((n + 1) / (total + candidates.length));
    for (const row of rows) s += Math.log(((row[t] ?? 0) + SMOOTHING) / (n + 2 * SMOOTHING));
    return s;
  });
  const max = Math.max(...logs);
  const z = logs.reduce((a, l) => a + Math.exp(l - max), 0);
  return new Map(candidates.map((t, i) => [t, Math.exp(logs[i]! - max) / z]));
}

const LOG_SMOOTHING = Math.log(SMOOTHING);

/** A candidate list's fixed part of the score, prepared once per model and list. */
interface Prepared {
  position: Map<string, number>;
  /** Log prior of each candidate. */
  prior: Float64Array;
  /** What each feature row adds to a candidate absent from it. */
  absent: Float64Array;
  /** Each feature row met so far: the candidates it names (as positions) and what it adds to each over absence. */
  rows: WeakMap<Record<string, number>, { at: number[]; gain: number[] }>;
  /** Scores of the message last scored. */
  scores: Float64Array;
  /** The message `scores` are for. */
  text?: string;
  lex?: Lexicon;
}

const prepared = new WeakMap<TopicModel, WeakMap<readonly string[], Prepared>>();

function prepare(model: TopicModel, candidates: readonly string[]): Prepared {
  let byList = prepared.get(model);
  if (!byList) {
    byList = new WeakMap();
    prepared.set(model, byList);
  }
  let p = byList.get(candidates);
  if (!p) {
    const total = Object.values(model.topics).reduce((a, b) => a + b, 0);
    const n = (t: string) => model.topics[t] ?? 0;
    p = {
      position: new Map(candidates.map((t, i) => [t, i])),
      prior: Float64Array.from(candidates, (t) => Math.log((n(t) + 1) / (total + candidates.length))),
      absent: Float64Array.from(candidates, (t) => LOG_SMOOTHING - Math.log(n(t) + 2 * SMOOTHING)),
      rows: new WeakMap(),
      scores: new Float64Array(candidates.length),
    };
    byList.set(candidates, p);
  }
  return p;
}

function sparseRow(p: Prepared, row: Record<string, number>) {
  let r = p.rows.get(row);
  if (!r) {
    // Plain loops: a message's first visit builds the rows of its new words, a few dozen at a time.
    const at: number[] = [];
    const gain: number[] = [];
    for (const t in row) {
      const i = p.position.get(t);
      if (i === undefined) continue;
      at.push(i);
      gain.push(Math.log(row[t]! + SMOOTHING) - LOG_SMOOTHING);
    }
    r = { at, gain };
    p.rows.set(row, r);
  }
  return r;
}

/** Feature rows of the call in progress, kept between calls. */
const found: Record<string, number>[] = [];

/**
 * Each candidate's log score for the message, in `p.scores`. The bot asks about one message
 * several times in a row (the best of every rule topic, then the posterior of those retrieval
 * found): the last message's scores are kept.
 */
function scored(p: Prepared, model: TopicModel, text: string, lex: Lexicon): Float64Array {
  if (p.text === text && p.lex === lex) return p.scores;
  const { prior, absent, scores } = p;
  found.length = 0;
  for (const f of messageFeatures(text, lex)) {
    const row = f.startsWith('#') ? undefined : model.features[f];
    if (row) found.push(row);
  }
  for (let i = 0; i < scores.length; i++) scores[i] = prior[i]! + found.length * absent[i]!;
  for (const row of found) {
    const { at, gain } = sparseRow(p, row);
    for (let j = 0; j < at.length; j++) scores[at[j]!]! += gain[j]!;
  }
  p.text = text;
  p.lex = lex;
  return scores;
}

/**
 * The most probable of the candidates and its probability, as `topicPosterior` gives them. The bot
 * asks this over every rule topic for each answer it gives, so it visits only the topics each
 * feature was seen with and allocates no table per call. Give the same candidate array each time.
 */
export function topicBest(
  model: TopicModel,
  text: string,
  lex: Lexicon,
  candidates: readonly string[],
): { topic: string; p: number } | undefined {
  if (!candidates.length) return undefined;
  const scores = scored(prepare(model, candidates), model, text, lex);
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (scores[i]! > scores[best]!) best = i;
  let z = 0;
  for (let i = 0; i < candidates.length; i++) z += Math.exp(scores[i]! - scores[best]!);
  return { topic: candidates[best]!, p: 1 / z };
}

/**
 * `topicPosterior` over some of the topics in `among` (the same array each time, as for
 * `topicBest`), from the scores of all of them: a topic's prior and evidence do not depend on
 * which others compete, so the posterior among a few is the scores of those few, renormalised.
 */
export function topicPosteriorAmong(
  model: TopicModel,
  text: string,
  lex: Lexicon,
  among: readonly string[],
  candidates: readonly string[],
): Map<string, number> {
  const p = prepare(model, among);
  const at = candidates.map((t) => p.position.get(t));
  if (!candidates.length || at.some((i) => i === undefined))
    return topicPosterior(model, text, lex, candidates);
  const scores = scored(p, model, text, lex);
  let max = Number.NEGATIVE_INFINITY;
  for (const i of at) max = Math.max(max, scores[i!]!);
  let z = 0;
  for (const i of at) z += Math.exp(scores[i!]! - max);
  return new Map(candidates.map((t, k) => [t, Math.exp(scores[at[k]!]! - max) / z]));
}

/** The model without its feature table, which `checkedFeatures` checks. */
const headSchema = modelSchema.extend({ features: z.record(z.string(), z.unknown()) });

const isTopicRow = (row: unknown): row is Record<string, number> =>
  typeof row === 'object' &&
  row !== null &&
  !Array.isArray(row) &&
  Object.values(row).every((n) => Number.isInteger(n) && (n as number) > 0);

export function loadTopicModel(file = TOPIC_MODEL_FILE): TopicModel {
  const { features, ...head } = headSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return {
    ...head,
    features: checkedFeatures(file, features, isTopicRow, 'a table of topics to positive counts'),
  };
}
