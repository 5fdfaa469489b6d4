import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { checkedFeatures, messageFeatures } from './features';
import type { Lexicon } from './normalize';
import { type SoftmaxOptions, softmaxProbabilities, trainSoftmax } from './softmax';

/**
 * A second opinion among a few classes of message: multinomial logistic regression (`softmax.ts`)
 * over the message's words and word pairs, stored with a weight per class for each feature.
 */

const modelSchema = (version: number, classes: number) =>
  z.object({
    version: z.literal(version),
    /** Where the examples came from (split names), so a reader can tell no frozen split was used. */
    trainedOn: z.array(z.string()),
    /** Messages per class. */
    totals: z.array(z.number().int().nonnegative()).length(classes),
    /** Per class. */
    bias: z.array(z.number()).length(classes),
    /** Feature → weight per class (features seen in enough messages: `SoftmaxOptions.minCount`). */
    weights: z.record(z.string(), z.array(z.number()).length(classes)),
  });

export interface ClassModel {
  version: number;
  trainedOn: string[];
  totals: number[];
  bias: number[];
  weights: Record<string, number[]>;
}

export function trainClasses(
  examples: readonly { question: string; label: number }[],
  classes: number,
  version: number,
  lex: Lexicon,
  trainedOn: readonly string[],
  options: Partial<SoftmaxOptions> = {},
): ClassModel {
  const totals = Array.from({ length: classes }, () => 0);
  const labelled = examples.map((ex) => {
    totals[ex.label]!++;
    return { features: messageFeatures(ex.question, lex), label: ex.label };
  });
  const { bias, weights } = trainSoftmax(labelled, classes, options);
  return { version, trainedOn: [...trainedOn], totals, bias, weights };
}

/** Each class's probability for the message, in class order. */
export function classProbabilities(model: ClassModel, text: string, lex: Lexicon): number[] {
  return softmaxProbabilities(model, messageFeatures(text, lex));
}

export function loadClasses(file: string, version: number, classes: number): ClassModel {
  // The feature table is checked by `checkedFeatures`, row by row: zod on each row is slow.
  const head = modelSchema(version, classes).extend({ weights: z.record(z.string(), z.unknown()) });
  const { weights, ...rest } = head.parse(JSON.parse(readFileSync(file, 'utf8')));
  const isRow = (row: unknown): row is number[] =>
    Array.isArray(row) && row.length === classes && row.every((n: unknown) => Number.isFinite(n));
  return { ...rest, weights: checkedFeatures(file, weights, isRow, `${classes} weights`) };
}
