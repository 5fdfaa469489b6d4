import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checkedFeatures, messageFeatures } from './features';
import type { Actor } from './kinds';
import type { Lexicon } from './normalize';
import { roundWeight, trainSoftmax } from './softmax';

/**
 * A second opinion on whom a message is about when the rules read a civil servant: is it rather
 * about a civil servant's relative ("my dad is a PNS; can I volunteer?", "bojoku PNS, aku oleh melu
 * tim sukses?"), whom the civil servants' rules do not bind? The rules' reading of such stories was
 * the largest source of opposite verdicts left: leaving each writer out, 31 of 108 were a relative
 * told the civil servants' "Tidak boleh". A logistic regression (`softmax.ts`, two classes) over the
 * writers' actor labels on the tuned splits.
 */

const modelSchema = z.object({
  version: z.literal(1),
  /** Where the examples came from (split names), so a reader can tell no frozen split was used. */
  trainedOn: z.array(z.string()),
  /** Messages about anyone else, and about a relative. */
  totals: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  /** Log-odds of a relative before any feature. */
  bias: z.number(),
  /** Feature → what it adds to the log-odds of a relative (features seen in at least two messages). */
  weights: z.record(z.string(), z.number()),
});
export type RelativeModel = z.infer<typeof modelSchema>;

export const RELATIVE_MODEL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../content/model/relative.json',
);

export function trainRelativeModel(
  examples: readonly { question: string; actor: Actor }[],
  lex: Lexicon,
  trainedOn: readonly string[],
): RelativeModel {
  const totals: [number, number] = [0, 0];
  const labelled = examples.map((ex) => {
    const label = ex.actor === 'relative' ? 1 : 0;
    totals[label]++;
    return { features: messageFeatures(ex.question, lex), label };
  });
  const trained = trainSoftmax(labelled, 2);
  // With two classes only the difference between their weights moves a probability.
  const weights: Record<string, number> = {};
  for (const [f, [other, relative]] of Object.entries(trained.weights)) {
    const d = roundWeight(relative! - other!);
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

/** The probability that the message is about a relative of the one holding the post. */
export function relativeProbability(model: RelativeModel, text: string, lex: Lexicon): number {
  let logOdds = model.bias;
  for (const f of messageFeatures(text, lex)) logOdds += model.weights[f] ?? 0;
  return 1 / (1 + Math.exp(-logOdds));
}

/** The model without its feature table, which `checkedFeatures` checks. */
const headSchema = modelSchema.extend({ weights: z.record(z.string(), z.unknown()) });

const isWeight = (w: unknown): w is number => Number.isFinite(w);

export function loadRelativeModel(file = RELATIVE_MODEL_FILE): RelativeModel {
  const { weights, ...head } = headSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { ...head, weights: checkedFeatures(file, weights, isWeight, 'a number') };
}
