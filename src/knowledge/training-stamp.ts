import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR, ROOT } from '../content/paths';
import type { EvalItem } from './eval';
import { ACTORS, MESSAGE_KINDS } from './kinds';
import type { KnowledgeBase } from './load';
import type { Lexicon } from './normalize';
import { OPPOSITE_VERDICT } from './schema';

/**
 * What `npm run train` trained the models from, and what it wrote: a sha256 of every input (the
 * tuned splits, the topics' phrasings, the lexicon, the training code) and of each model file. The
 * test suite checks the stamp against today's inputs and files in a second, instead of retraining
 * every model (most of a minute, growing with each writer); `npm run train -- --check` still retrains.
 */
export const STAMP_FILE = join(CONTENT_DIR, 'model/trained.json');

/** The code that turns examples into weights: a change to any of it means the models must be retrained. */
const TRAINING_CODE = [
  'normalize.ts',
  'features.ts',
  'softmax.ts',
  'class-model.ts',
  'binary-model.ts',
  'topic-model.ts',
  'refusal.ts',
  'relative-model.ts',
  'scope-model.ts',
  'verdict-model.ts',
  'train-cli.ts',
].map((f) => join(ROOT, 'src/knowledge', f));

const stampSchema = z.object({
  inputs: z.string().regex(/^[0-9a-f]{64}$/),
  models: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type TrainingStamp = z.infer<typeof stampSchema>;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export interface TrainingInputs {
  kb: KnowledgeBase;
  lex: Lexicon;
  items: readonly EvalItem[];
  splits: readonly string[];
}

/** One hash over everything the models are trained from, in a fixed order. */
export function inputsHash({ kb, lex, items, splits }: TrainingInputs, code = TRAINING_CODE): string {
  const h = createHash('sha256');
  const part = (name: string, value: unknown) => h.update(`${name}\n${JSON.stringify(value)}\n`);
  part('splits', splits);
  part(
    'items',
    items.map((i) => [i.question, i.topic, i.verdict, i.kind ?? null, i.actor ?? null, i.lang ?? null]),
  );
  part(
    'topics',
    kb.topics.map((t) => [t.id, t.kind, t.verdict, t.questions.id, t.questions.en]),
  );
  part(
    'slang',
    [...lex.slang].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  part(
    'longest',
    [...lex.longestFrom].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  part('known', [...lex.known].sort());
  part('stopwords', [...lex.stopwords].sort());
  part('labels', { kinds: MESSAGE_KINDS, actors: ACTORS, opposite: OPPOSITE_VERDICT });
  // The stemmer is a dependency: its version stands for its code.
  part(
    'stemmer',
    JSON.parse(readFileSync(join(ROOT, 'node_modules/sastrawijs/package.json'), 'utf8')).version,
  );
  for (const file of code) part(basename(file), readFileSync(file, 'utf8'));
  return h.digest('hex');
}

/** The stamp for model files just written from these inputs. */
export function stampFor(inputs: TrainingInputs, modelFiles: readonly string[]): TrainingStamp {
  return {
    inputs: inputsHash(inputs),
    models: Object.fromEntries(modelFiles.map((f) => [basename(f), sha256(readFileSync(f))])),
  };
}

export function readStamp(file = STAMP_FILE): TrainingStamp | undefined {
  return existsSync(file) ? stampSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
}

/** What is out of date: "inputs" when they changed since training, and each model file changed since. */
export function staleness(
  stamp: TrainingStamp | undefined,
  inputs: TrainingInputs,
  modelFiles: readonly string[],
): string[] {
  if (!stamp) return ['no stamp'];
  const stale = inputsHash(inputs) === stamp.inputs ? [] : ['inputs'];
  for (const f of modelFiles) {
    const name = basename(f);
    if (!existsSync(f) || stamp.models[name] !== sha256(readFileSync(f))) stale.push(name);
  }
  return stale;
}
