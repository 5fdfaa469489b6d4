import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { checkedFeatures, messageFeatures } from './features';
import type { Lexicon } from './normalize';
import { roundWeight, trainSoftmax } from './softmax';

/**
 * A yes-or-no second opinion on a message: logistic regression (`softmax.ts`, two classes) over
 * the message's words and word pairs, stored as what each feature adds to the log-odds of "yes".
 */

const modelSchema = z.object({
  version: z.literal(1),
  /** Where the examples came from (split names), so a reader can tell no frozen split was used. */
  trainedOn: z.array(z.string()),
  /** Messages labelled no, and yes. */
  totals: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  /** Log-odds of yes before any feature. */
  bias: z.number(),
  /** Feature → what it adds to the log-odds of yes (features seen in at least two messages). */
  weights: z.record(z.string(), z.number()),
});
export type BinaryModel = z.infer<typeof modelSchema>;

export function trainBinary(
  examples: readonly { question: string; yes: boolean }[],
  lex: Lexicon,
  trainedOn: readonly string[],
): BinaryModel {
  const totals: [number, number] = [0, 0];
  const labelled = examples.map((ex) => {
    const label = ex.yes ? 1 : 0;
    totals[label]++;
    return { features: messageFeatures(ex.question, lex), label };
  });
  const trained = trainSoftmax(labelled, 2);
  // With two classes only the difference between their weights moves a probability.
  const weights: Record<string, number> = {};
  for (const [f, [no, yes]] of Object.entries(trained.weights)) {
    const d = roundWeight(yes! - no!);
    if (d !== 0) weights[f] = d;
  }
  return {
    version: 1,
    trainedOn: [...trainedOn],
    totals,
    bias: roundWeight(trained.bias[1]! - trained.bias[0]!),
    weights,
  };
}

/** The probability of yes for the message. */
export function binaryProbability(model: BinaryModel, text: string, lex: Lexicon): number {
  let logOdds = model.bias;
  for (const f of messageFeatures(text, lex)) logOdds += model.weights[f] ?? 0;
  return 1 / (1 + Math.exp(-logOdds));
}

/** The model without its feature table, which `checkedFeatures` checks. */
const headSchema = modelSchema.extend({ weights: z.record(z.string(), z.unknown()) });

const isWeight = (w: unknown): w is number => Number.isFinite(w);

export function loadBinary(file: string): BinaryModel {
  const { weights, ...head } = headSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { ...head, weights: checkedFeatures(file, weights, isWeight, 'a number') };
}
