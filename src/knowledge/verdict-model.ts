import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClassModel, classProbabilities, loadClasses, trainClasses } from './class-model';
import type { Lexicon } from './normalize';
import { OPPOSITE_VERDICT } from './schema';

/**
 * A second opinion on the verdict itself: which verdict the writers would expect for a message,
 * read from its words alone (no verdict; boleh; tidak boleh; tergantung; hoaks; benar; menyesatkan).
 * Retrieval and the topic model pick a topic and the verdict comes with it; when this model is all
 * but sure of the opposite verdict, the bot does not print either. Leaving each writer out, most of
 * the opposite verdicts left were such cases. Multinomial logistic regression over the writers'
 * labels on the tuned splits.
 */
export const VERDICT_CLASSES = [
  null,
  'boleh',
  'tidak_boleh',
  'tergantung',
  'hoaks',
  'benar',
  'menyesatkan',
] as const;
const VERSION = 1;
export type VerdictModel = ClassModel;

export const VERDICT_MODEL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../content/model/verdict.json',
);

const classOf = (verdict: string | null) =>
  Math.max(0, (VERDICT_CLASSES as readonly (string | null)[]).indexOf(verdict));

export function trainVerdictModel(
  examples: readonly { question: string; verdict: string | null }[],
  lex: Lexicon,
  trainedOn: readonly string[],
): VerdictModel {
  const labelled = examples.map((ex) => ({ question: ex.question, label: classOf(ex.verdict) }));
  return trainClasses(labelled, VERDICT_CLASSES.length, VERSION, lex, trainedOn);
}

/** The probability that the message expects the opposite of `verdict` (0 for a verdict without one). */
export function oppositeProbability(
  model: VerdictModel,
  text: string,
  lex: Lexicon,
  verdict: string,
): number {
  const opposite = OPPOSITE_VERDICT[verdict];
  if (!opposite) return 0;
  return classProbabilities(model, text, lex)[classOf(opposite)] ?? 0;
}

export function loadVerdictModel(file = VERDICT_MODEL_FILE): VerdictModel {
  return loadClasses(file, VERSION, VERDICT_CLASSES.length);
}
