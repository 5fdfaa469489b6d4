import { readFileSync, writeFileSync } from 'node:fs';
import { runWhenMain } from '../cli-run';
import { loadSplit, TUNED_SPLITS } from './eval';
import { loadKnowledge } from './load';
import { REFUSAL_MODEL_FILE, type RefusalModel, trainRefusal } from './refusal';
import { QaIndex } from './search';

const USAGE = `Usage: npm run train-refusal [-- --check]
  Trains the refusal model on the tuned eval splits (never a frozen one) and writes
  ${'content/model/refusal.json'}; --check only says whether the file is up to date.`;

/** The model as the tuned splits give it today: every labelled message, with the bot's own lexicon. */
export function trainOnTunedSplits(): RefusalModel {
  const lex = new QaIndex(loadKnowledge(), undefined, undefined, undefined, null).lex;
  const examples = TUNED_SPLITS.flatMap((s) => loadSplit(s) ?? []).map((i) => ({
    question: i.question,
    kind: i.kind ?? 'rule',
  }));
  return trainRefusal(examples, lex, TUNED_SPLITS);
}

export function serialise(model: RefusalModel): string {
  // One feature per line keeps the diff of a retrained model readable.
  const features = Object.entries(model.features)
    .map(([f, row]) => `    ${JSON.stringify(f)}: ${JSON.stringify(row)}`)
    .join(',\n');
  return `{
  "version": ${model.version},
  "trainedOn": ${JSON.stringify(model.trainedOn)},
  "totals": ${JSON.stringify(model.totals)},
  "features": {
${features}
  }
}
`;
}

runWhenMain(import.meta.url, async (argv, io) => {
  if (argv.some((a) => a !== '--check')) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const text = serialise(trainOnTunedSplits());
  if (argv.includes('--check')) {
    const same = readFileSync(REFUSAL_MODEL_FILE, 'utf8') === text;
    io.out(
      same
        ? 'The refusal model is up to date.\n'
        : 'The refusal model is out of date: run npm run train-refusal\n',
    );
    return same ? 0 : 1;
  }
  writeFileSync(REFUSAL_MODEL_FILE, text);
  io.out(`Wrote ${REFUSAL_MODEL_FILE} (${Object.keys(JSON.parse(text).features).length} features).\n`);
  return 0;
});
