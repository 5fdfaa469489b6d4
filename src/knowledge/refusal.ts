import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checkedFeatures, messageFeatures } from './features';
import type { MessageKind } from './kinds';
import type { Lexicon } from './normalize';

/**
 * A second opinion on messages the rules took for a question: a naive Bayes model, trained on the
 * labelled messages of the tuned eval splits, of how likely a message is small talk or a request to
 * take a side or to make something. Hand-written cues catch what one writer typed; the model has
 * seen how many writers phrase such requests, and it only vetoes a verdict when it is fairly sure.
 * `npm run train -- --leave-one-out` scores the threshold on writers the model never saw: on the 74
 * tuned splits, above 0.7 it withholds 117 verdicts where none was due and 4 right ones (above 0.95:
 * 109 and 3), and harmful answers go from 278 without it to 162 (170 at 0.95).
 */

export const REFUSAL_KINDS = ['chitchat', 'partisan', 'creation'] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];
/** Index 0 is every other kind (a question the bot may answer); then REFUSAL_KINDS in order. */
const CLASSES = ['in', ...REFUSAL_KINDS] as const;

const modelSchema = z.object({
  version: z.literal(1),
  /** Where the examples came from (split names), so a reader can tell no frozen split was used. */
  trainedOn: z.array(z.string()),
  /** Messages per class, in CLASSES order. */
  totals: z.array(z.number().int().nonnegative()).length(CLASSES.length),
  /** Feature → messages per class containing it (features seen in at least two messages). */
  features: z.record(z.string(), z.array(z.number().int().nonnegative()).length(CLASSES.length)),
});
export type RefusalModel = z.infer<typeof modelSchema>;

export const REFUSAL_MODEL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../content/model/refusal.json',
);

function classOf(kind: MessageKind): number {
  const i = (REFUSAL_KINDS as readonly string[]).indexOf(kind);
  return i + 1;
}

export function trainRefusal(
  examples: readonly { question: string; kind: MessageKind }[],
  lex: Lexicon,
  trainedOn: readonly string[],
): RefusalModel {
  const totals = CLASSES.map(() => 0);
  const counts = new Map<string, number[]>();
  for (const ex of examples) {
    const c = classOf(ex.kind);
    totals[c]!++;
    for (const f of messageFeatures(ex.question, lex)) {
      const row = counts.get(f) ?? CLASSES.map(() => 0);
      row[c]!++;
      counts.set(f, row);
    }
  }
  // A feature seen once says more about that message than about a kind of message.
  const features: Record<string, number[]> = {};
  for (const f of [...counts.keys()].sort()) {
    const row = counts.get(f)!;
    if (row.reduce((a, b) => a + b, 0) >= 2) features[f] = row;
  }
  return { version: 1, trainedOn: [...trainedOn], totals, features };
}

export interface RefusalJudgement {
  /** Probability that the message is small talk or a partisan or creation request. */
  p: number;
  /** Which of those it most likely is. */
  kind: RefusalKind;
}

const SMOOTHING = 0.5;

export function judgeRefusal(model: RefusalModel, text: string, lex: Lexicon): RefusalJudgement {
  const [inTotal, ...refusalTotals] = model.totals as [number, ...number[]];
  const refusalTotal = refusalTotals.reduce((a, b) => a + b, 0);
  let logOdds = Math.log(refusalTotal / inTotal);
  const sub = refusalTotals.map((n) => Math.log(n / refusalTotal));
  for (const f of messageFeatures(text, lex)) {
    const row = model.features[f];
    if (!row) continue;
    const [inCount, ...refusalCounts] = row as [number, ...number[]];
    const refusalCount = refusalCounts.reduce((a, b) => a + b, 0);
    logOdds +=
      Math.log((refusalCount + SMOOTHING) / (refusalTotal + 1)) -
      Math.log((inCount + SMOOTHING) / (inTotal + 1));
    refusalCounts.forEach((n, i) => {
      sub[i]! += Math.log((n + SMOOTHING) / (refusalTotals[i]! + 1));
    });
  }
  const best = sub.indexOf(Math.max(...sub));
  return { p: 1 / (1 + Math.exp(-logOdds)), kind: REFUSAL_KINDS[best]! };
}

/** The model without its feature table, which `checkedFeatures` checks. */
const headSchema = modelSchema.extend({ features: z.record(z.string(), z.unknown()) });

const isCountRow = (row: unknown): row is number[] =>
  Array.isArray(row) &&
  row.length === CLASSES.length &&
  row.every((n: unknown) => Number.isInteger(n) && (n as number) >= 0);

export function loadRefusalModel(file = REFUSAL_MODEL_FILE): RefusalModel {
  const { features, ...head } = headSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return {
    ...head,
    features: checkedFeatures(file, features, isCountRow, `${CLASSES.length} non-negative counts`),
  };
}
