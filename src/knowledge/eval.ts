import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROOT } from '../content/paths';
import { replyTo } from './answer';
import type { QaIndex, SearchResult } from './search';

/** Runs test/eval/qa.jsonl through the same path the bot answers with, and scores it. */

export const EVAL_FILE = join(ROOT, 'test/eval/qa.jsonl');

const itemSchema = z.object({
  question: z.string().min(1),
  topic: z.string().nullable(),
  verdict: z.string().nullable(),
});
export type EvalItem = z.infer<typeof itemSchema>;

export function loadEvalSet(file = EVAL_FILE): EvalItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l.length > 0)
    .map(([l, n]) => {
      const r = itemSchema.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${file}:${n}: ${r.error.issues[0]!.message}`);
      return r.data;
    });
}

export interface EvalRow {
  item: EvalItem;
  topic: string | null;
  verdict: string | null;
  result: SearchResult;
  ms: number;
}

export interface EvalScore {
  n: number;
  inScope: number;
  outOfScope: number;
  /** Right topic, counting a correct refusal of an out-of-scope question as right. */
  topicAccuracy: number;
  /** Right verdict (null for out of scope), over all questions. */
  verdictAccuracy: number;
  /** Right verdict over the in-scope questions only. */
  inScopeVerdictAccuracy: number;
  oosPrecision: number;
  oosRecall: number;
  p50: number;
  p99: number;
}

export function runEval(index: QaIndex, items: readonly EvalItem[]): EvalRow[] {
  // The index is built at start in the bot; warm the stemmer cache the same way a running bot would be.
  for (const it of items.slice(0, 20)) replyTo(index, it.question, 'id');
  return items.map((item) => {
    const t0 = performance.now();
    const r = replyTo(index, item.question, 'id');
    const ms = performance.now() - t0;
    return { item, topic: r.topic?.id ?? null, verdict: r.topic?.verdict ?? null, result: r.result, ms };
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function score(rows: readonly Pick<EvalRow, 'item' | 'topic' | 'verdict' | 'ms'>[]): EvalScore {
  const n = rows.length;
  const oos = rows.filter((r) => r.item.topic === null);
  const ins = rows.filter((r) => r.item.topic !== null);
  const declined = rows.filter((r) => r.topic === null);
  const ratio = (a: number, b: number) => (b ? a / b : 1);
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  return {
    n,
    inScope: ins.length,
    outOfScope: oos.length,
    topicAccuracy: ratio(rows.filter((r) => r.topic === r.item.topic).length, n),
    verdictAccuracy: ratio(rows.filter((r) => r.verdict === r.item.verdict).length, n),
    inScopeVerdictAccuracy: ratio(ins.filter((r) => r.verdict === r.item.verdict).length, ins.length),
    oosPrecision: ratio(declined.filter((r) => r.item.topic === null).length, declined.length),
    oosRecall: ratio(oos.filter((r) => r.topic === null).length, oos.length),
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
  };
}

/** What the rows would score with another threshold: the sweep `npm run eval -- --calibrate` prints. */
export function rescore(rows: readonly EvalRow[], threshold: number): EvalScore {
  return score(
    rows.map((r) => {
      const best = r.result.hits[0]?.topic;
      const answers = best !== undefined && r.result.kind !== 'partisan' && r.result.confidence >= threshold;
      return { ...r, topic: answers ? best.id : null, verdict: answers ? best.verdict : null };
    }),
  );
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatScore(s: EvalScore): string {
  return [
    `questions            ${s.n} (${s.inScope} in scope, ${s.outOfScope} out of scope)`,
    `topic accuracy       ${pct(s.topicAccuracy)}`,
    `verdict accuracy     ${pct(s.verdictAccuracy)}  (in scope only: ${pct(s.inScopeVerdictAccuracy)})`,
    `out-of-scope         precision ${pct(s.oosPrecision)}  recall ${pct(s.oosRecall)}`,
    `latency per question p50 ${s.p50.toFixed(3)} ms  p99 ${s.p99.toFixed(3)} ms`,
  ].join('\n');
}
