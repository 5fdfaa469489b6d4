import { toPlainText } from '../core/markup';
import { EVAL_FILE, formatScore, loadEvalSet, rescore, runEval, score } from './eval';
import { lenientIndex } from './service';

/**
 * `npm run eval`: scores test/eval/qa.jsonl. `--errors` lists the misses; `--calibrate` sweeps
 * the confidence threshold (pick one honestly, then set DEFAULT_THRESHOLD in search.ts).
 */
const args = new Set(process.argv.slice(2));
const t0 = performance.now();
const index = lenientIndex();
const buildMs = performance.now() - t0;
const items = loadEvalSet(EVAL_FILE);
const rows = runEval(index, items);
console.log(formatScore(score(rows)));
console.log(
  `index build          ${buildMs.toFixed(0)} ms (${index.kb.topics.length} topics), threshold ${index.threshold}`,
);

if (args.has('--errors')) {
  for (const r of rows) {
    if (r.topic === r.item.topic) continue;
    const hits = r.result.hits.slice(0, 3).map((h) => `${h.topic.id}:${h.score.toFixed(1)}`);
    const f = r.result.features;
    const why = f
      ? ` (coverage ${f.topicCoverage.toFixed(2)} known ${f.known.toFixed(2)} margin ${f.margin.toFixed(2)}${f.distinctive ? '' : ' vague'}${f.offtopic ? ' off-topic word' : ''})`
      : '';
    console.log(
      `✗ ${toPlainText(r.item.question)}\n    expected ${r.item.topic ?? 'DECLINE'} got ${r.topic ?? `DECLINE(${r.result.kind})`} conf ${r.result.confidence}${why} [${hits.join(' ')}]`,
    );
  }
}
if (args.has('--calibrate')) {
  console.log('\nthreshold  topic   verdict  oos-prec  oos-rec');
  for (let th = 0.3; th <= 0.901; th += 0.02) {
    const s = rescore(rows, th);
    console.log(
      `${th.toFixed(2)}       ${(s.topicAccuracy * 100).toFixed(1)}%  ${(s.verdictAccuracy * 100).toFixed(1)}%   ${(s.oosPrecision * 100).toFixed(1)}%    ${(s.oosRecall * 100).toFixed(1)}%`,
    );
  }
}
