import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClassModel, classProbabilities, loadClasses, trainClasses } from './class-model';
import type { MessageKind } from './kinds';
import type { Lexicon } from './normalize';

/**
 * A second opinion on messages the rules took for a question: a logistic regression model, trained
 * on the labelled messages of the tuned eval splits, of how likely a message is small talk or a
 * request to take a side or to make something. Hand-written cues catch what one writer typed; the
 * model has seen how many writers phrase such requests, and it only vetoes a verdict when it is
 * fairly sure. Until the 2026-12-02 round it was naive Bayes: leaving each writer out, at the same
 * 50 questions wrongly flagged, logistic regression catches 3,975 of 4,145 such messages and naive
 * Bayes 3,729. `npm run train -- --leave-one-out` scores the threshold on writers the model never saw.
 */

export const REFUSAL_KINDS = ['chitchat', 'partisan', 'creation'] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];
/** Index 0 is every other kind (a question the bot may answer); then REFUSAL_KINDS in order. */
const CLASSES = ['in', ...REFUSAL_KINDS] as const;

const VERSION = 2;
export type RefusalModel = ClassModel;

export const REFUSAL_MODEL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../content/model/refusal.json',
);

function classOf(kind: MessageKind): number {
  const i = (REFUSAL_KINDS as readonly string[]).indexOf(kind);
  return i + 1;
}

/**
 * Every word and pair, even one seen in a single message: a request's telling word ("formatnya",
 * "editan") is often one writer's. Leaving each of 91 writers out, with three training orders, at
 * a 0.5 threshold: 10, 9 and 12 verdicts on requests, against 16, 14 and 16 keeping only features
 * seen twice; the model file grows from 1.7 to about 4.5 MB.
 */
const REFUSAL_TRAINING = { minCount: 1 } as const;

export function trainRefusal(
  examples: readonly { question: string; kind: MessageKind }[],
  lex: Lexicon,
  trainedOn: readonly string[],
): RefusalModel {
  const labelled = examples.map((ex) => ({ question: ex.question, label: classOf(ex.kind) }));
  return trainClasses(labelled, CLASSES.length, VERSION, lex, trainedOn, REFUSAL_TRAINING);
}

export interface RefusalJudgement {
  /** Probability that the message is small talk or a partisan or creation request. */
  p: number;
  /** Which of those it most likely is. */
  kind: RefusalKind;
}

export function judgeRefusal(model: RefusalModel, text: string, lex: Lexicon): RefusalJudgement {
  const [inside, ...refusals] = classProbabilities(model, text, lex) as [number, ...number[]];
  const best = refusals.indexOf(Math.max(...refusals));
  return { p: 1 - inside, kind: REFUSAL_KINDS[best]! };
}

export function loadRefusalModel(file = REFUSAL_MODEL_FILE): RefusalModel {
  return loadClasses(file, VERSION, CLASSES.length);
}
