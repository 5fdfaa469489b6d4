import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BinaryModel, binaryProbability, loadBinary, trainBinary } from './binary-model';
import type { Actor } from './kinds';
import type { Lexicon } from './normalize';

/**
 * A second opinion on whom a message is about when the rules read a civil servant: is it rather
 * about a civil servant's relative ("my dad is a PNS; can I volunteer?", "bojoku PNS, aku oleh melu
 * tim sukses?"), whom the civil servants' rules do not bind? The rules' reading of such stories was
 * the largest source of opposite verdicts left: leaving each writer out, 31 of 108 were a relative
 * told the civil servants' "Tidak boleh". A logistic regression (two classes) over the writers'
 * actor labels on the tuned splits.
 */
export type RelativeModel = BinaryModel;

export const RELATIVE_MODEL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../content/model/relative.json',
);

export function trainRelativeModel(
  examples: readonly { question: string; actor: Actor }[],
  lex: Lexicon,
  trainedOn: readonly string[],
): RelativeModel {
  return trainBinary(
    examples.map((ex) => ({ question: ex.question, yes: ex.actor === 'relative' })),
    lex,
    trainedOn,
  );
}

/** The probability that the message is about a relative of the one holding the post. */
export function relativeProbability(model: RelativeModel, text: string, lex: Lexicon): number {
  return binaryProbability(model, text, lex);
}

export function loadRelativeModel(file = RELATIVE_MODEL_FILE): RelativeModel {
  return loadBinary(file);
}
