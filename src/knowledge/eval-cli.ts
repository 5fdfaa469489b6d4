import { toPlainText } from '../core/markup';
import {
  byKindActor,
  type EvalRow,
  FROZEN_SPLITS,
  formatScores,
  formatTable,
  frozenHash,
  isFrozen,
  loadSplit,
  rescore,
  runEval,
  SPLITS,
  type Split,
  score,
  TUNED_SPLITS,
} from './eval';
import { lenientIndex } from './service';

/**
 * `npm run eval`: scores the dev, legacy, dev2 and test splits side by side, prints the kind × actor
 * table of the frozen test split and the harmful count. `--errors` lists the dev misses (or
 * `--errors legacy`); `--calibrate` sweeps the confidence threshold on dev. The test split is only
 * ever scored in aggregate: per-question output for it is refused. `--splits dev,legacy` scores only
 * those (while tuning); `--table dev` prints the kind × actor table of another split.
 */
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const optionValue = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  const v = at >= 0 ? argv[at + 1] : undefined;
  return v && !v.startsWith('--') ? v : undefined;
};

const errorsSplit = flag('--errors') ? (optionValue('--errors') ?? 'dev') : undefined;
const tableSplit = optionValue('--table') ?? 'test';
if (
  (errorsSplit !== undefined && isFrozen(errorsSplit)) ||
  argv.some((a) => /^--(verbose|per-question|dump|json)$/.test(a))
) {
  console.error(
    `The ${FROZEN_SPLITS.join(' and ')} splits are frozen: scored only in aggregate, never question by question. Use --errors dev.`,
  );
  process.exit(2);
}
if (errorsSplit && !(SPLITS as readonly string[]).includes(errorsSplit)) {
  console.error(`unknown split "${errorsSplit}" (${TUNED_SPLITS.join(', ')})`);
  process.exit(2);
}

const t0 = performance.now();
const index = lenientIndex();
const buildMs = performance.now() - t0;

for (const split of FROZEN_SPLITS) {
  const frozen = frozenHash(split);
  if (frozen && frozen.expected !== frozen.actual) {
    console.error(
      `test/eval/${split}.jsonl changed: sha256 ${frozen.actual}, frozen ${frozen.expected}. Restore it.`,
    );
    process.exit(1);
  }
}

// `--splits dev,legacy` while tuning, so the frozen split's numbers are not looked at until the end.
const wanted = (optionValue('--splits') ?? SPLITS.join(',')).split(',');
const results: { name: Split; rows: EvalRow[] }[] = [];
// Each split is timed after the others warmed the process (a running bot has answered other
// questions before); the legacy split warms the first one.
const loaded = SPLITS.filter((s) => wanted.includes(s)).map((name) => ({ name, items: loadSplit(name) }));
const legacy = loadSplit('legacy') ?? [];
for (const { name, items } of loaded) {
  if (!items) continue;
  const warm = name === 'legacy' ? (loadSplit('dev') ?? []) : legacy;
  results.push({ name, rows: runEval(index, items, warm) });
}
console.log(formatScores(results.map((r) => ({ name: r.name, score: score(r.rows) }))));
console.log(
  `index build ${buildMs.toFixed(0)} ms (${index.kb.topics.length} topics), threshold ${index.threshold}${
    results.some((r) => r.name === 'test') ? '' : '; test split not present'
  }`,
);
const table = results.find((r) => r.name === tableSplit);
if (table) {
  console.log(`\nstrict verdict accuracy / questions, by kind × actor (${tableSplit}):`);
  console.log(formatTable(byKindActor(table.rows)));
}

if (errorsSplit) {
  const rows = results.find((r) => r.name === errorsSplit)?.rows ?? [];
  for (const r of rows) {
    if (r.verdict === r.item.verdict && r.topic === r.item.topic) continue;
    const mark = r.verdict === r.item.verdict ? '~' : '✗';
    console.log(
      `${mark} ${toPlainText(r.item.question)}\n    expected ${r.item.topic ?? 'NONE'} (${r.item.verdict ?? '-'}, ${r.item.kind ?? '?'}/${r.item.actor ?? '?'}) got ${r.topic ?? r.outcome} (${r.verdict ?? '-'}, ${r.kind}/${r.actor}) conf ${r.confidence} best ${r.best}`,
    );
  }
}
if (flag('--calibrate')) {
  const rows = results.find((r) => r.name === 'dev')?.rows ?? results.find((r) => r.name === 'legacy')?.rows;
  if (rows) {
    console.log('\nthreshold  strict   in-scope  declined  harmful');
    for (let th = 0.2; th <= 0.901; th += 0.05) {
      const s = rescore(rows, th);
      console.log(
        `${th.toFixed(2)}       ${(s.strictVerdictAccuracy * 100).toFixed(1)}%   ${(s.inScopeVerdictAccuracy * 100).toFixed(1)}%    ${(s.inScopeDeclined * 100).toFixed(1)}%     ${s.harmful}`,
      );
    }
  }
}
