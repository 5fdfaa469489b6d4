import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BinaryModel, binaryProbability, loadBinary, trainBinary } from './binary-model';
import type { MessageKind } from './kinds';
import type { Lexicon } from './normalize';

/**
 * A second opinion on whether any topic answers a message the rules answered: "cara bikin SKCK
 * online?", "honor KPPS berapa?", "pensiun PNS golongan III/d berapa?" share words with the rules
 * and got a verdict with middling confidence. Leaving each writer out, 114 off-topic messages got a
 * verdict. A logistic regression (two classes) over the writers' labels on the tuned splits: yes
 * for an off-topic message and for a question no topic answers (no verdict expected), no for
 * everything else.
 */
export type ScopeModel = BinaryModel;

export const SCOPE_MODEL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../content/model/scope.json',
);

/** Kinds whose unanswerable messages the model learns; claims and requests have their own replies. */
const ASKING: readonly MessageKind[] = ['offtopic', 'rule', 'sanction', 'report'];

export function trainScopeModel(
  examples: readonly { question: string; kind?: MessageKind | undefined; verdict: string | null }[],
  lex: Lexicon,
  trainedOn: readonly string[],
): ScopeModel {
  return trainBinary(
    // An example without a kind is a question (the first splits were labelled before kinds were).
    examples.map((ex) => ({
      question: ex.question,
      yes: ex.verdict === null && ASKING.includes(ex.kind ?? 'rule'),
    })),
    lex,
    trainedOn,
  );
}

/** The probability that no topic answers the message. */
export function outOfScopeProbability(model: ScopeModel, text: string, lex: Lexicon): number {
  return binaryProbability(model, text, lex);
}

export function loadScopeModel(file = SCOPE_MODEL_FILE): ScopeModel {
  return loadBinary(file);
}
