import { readFileSync, writeFileSync } from 'node:fs';
import { runWhenMain } from '../cli-run';
import { loadWordLists } from '../content/words';
import { loadSplit, TUNED_SPLITS } from './eval';
import {
  heldOutAnswers,
  scoreThresholds,
  type ThresholdRow,
  type TopicSetting,
  underSetting,
} from './leave-one-out';
import { loadKnowledge } from './load';
import { REFUSAL_MODEL_FILE, type RefusalModel, trainRefusal } from './refusal';
import { RELATIVE_MODEL_FILE, type RelativeModel, trainRelativeModel } from './relative-model';
import { SCOPE_MODEL_FILE, type ScopeModel, trainScopeModel } from './scope-model';
import { DEFAULT_TUNING, NO_MODELS, QaIndex } from './search';
import { TOPIC_MODEL_FILE, type TopicModel, trainTopicModel } from './topic-model';
import { STAMP_FILE, stampFor, type TrainingInputs } from './training-stamp';
import { trainVerdictModel, VERDICT_MODEL_FILE, type VerdictModel } from './verdict-model';

const USAGE = `Usage: npm run train [-- --check | --leave-one-out]
  Trains the refusal, topic, relative, scope and verdict models on the tuned eval splits (never a frozen one) and the topic
  phrasings, and writes content/model/*.json with trained.json, the stamp of their inputs that the tests
  check; --check retrains and only says whether the files are up to date;
  --leave-one-out scores the refusal model's veto thresholds and the topic model's settings on each
  tuned split with models trained on the others (about ten minutes), with the relative, scope and
  verdict models' thresholds too, and writes nothing.`;

const VETO_THRESHOLDS = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5];
/** The topic model's reading over every rule topic, switched off (threshold 2) piece by piece. */
const ALL_TOPICS_OFF = {
  topicModelSwitchAbove: 2,
  topicModelAskAbove: 2,
  topicModelRescueAbove: 2,
  topicModelResolveAbove: 2,
};
const NOW = {
  topicModelAbove: DEFAULT_TUNING.topicModelAbove,
  topicModelScoreRatio: DEFAULT_TUNING.topicModelScoreRatio,
};
const TOPIC_SETTINGS: TopicSetting[] = [
  { topicModelAbove: 2, topicModelScoreRatio: 0.25, topicModelClarifyAbove: 2, ...ALL_TOPICS_OFF },
  { ...NOW, ...ALL_TOPICS_OFF },
  { ...NOW, ...ALL_TOPICS_OFF, topicModelClarifyAbove: 2 },
  { ...NOW, ...ALL_TOPICS_OFF, relativeAbove: 2 },
  { ...NOW, topicModelSwitchAbove: 2, topicModelAskAbove: 2 },
  { ...NOW, topicModelAskAbove: 2 },
  { ...NOW, topicModelRescueAbove: 2 },
  { ...NOW, topicModelResolveAbove: 2 },
  { ...NOW, topicModelSwitchAbove: 0.999 },
  { ...NOW, topicModelSwitchAbove: 0.99999 },
  { ...NOW, topicModelAskAbove: 0.999 },
  { ...NOW, topicModelRescueAbove: 0.999 },
  { ...NOW, topicModelResolveAbove: 0.99 },
  { ...NOW, relativeAbove: 0.5 },
  { ...NOW, scopeAbove: 2 },
  { ...NOW, scopeAbove: 0.8 },
  { ...NOW, scopeAbove: 0.95 },
  { ...NOW, oppositeAbove: 2 },
  { ...NOW, oppositeAbove: 0.95 },
  { ...NOW, oppositeAbove: 0.99 },
];

let cached: ReturnType<typeof readTrainingSet> | undefined;

/** Read once: training the models needs the same content, lexicon and splits. */
function trainingSet() {
  cached ??= readTrainingSet();
  return cached;
}

function readTrainingSet() {
  const kb = loadKnowledge();
  // The bot's own lexicon (slang, and the words of the content), without the models it is about to train.
  const lex = new QaIndex(kb, undefined, undefined, undefined, NO_MODELS).lex;
  const items = TUNED_SPLITS.flatMap((s) => loadSplit(s) ?? []);
  return { kb, lex, items };
}

/** What the models are trained from, for the stamp the tests check. */
export function trainingInputs(): TrainingInputs {
  const { kb, lex, items } = trainingSet();
  return { kb, lex, items, splits: TUNED_SPLITS };
}

/** The refusal model as the tuned splits give it today: every labelled message. */
export function trainRefusalModel(): RefusalModel {
  const { lex, items } = trainingSet();
  const examples = items.map((i) => ({ question: i.question, kind: i.kind ?? 'rule' }));
  return trainRefusal(examples, lex, TUNED_SPLITS);
}

/** The topic model: every topic's own phrasings, and the tuned splits' questions labelled with a rule topic. */
export function trainTopics(): TopicModel {
  const { kb, lex, items } = trainingSet();
  const rules = new Set(kb.topics.filter((t) => t.kind === 'rule').map((t) => t.id));
  const examples = [
    ...kb.topics
      .filter((t) => rules.has(t.id))
      .flatMap((t) => [...t.questions.id, ...t.questions.en].map((question) => ({ question, topic: t.id }))),
    ...items.flatMap((i) =>
      i.topic && rules.has(i.topic) ? [{ question: i.question, topic: i.topic }] : [],
    ),
  ];
  return trainTopicModel(examples, lex, ['content/qa', ...TUNED_SPLITS]);
}

/** The relative model: the tuned splits' messages with an actor label. */
export function trainRelative(): RelativeModel {
  const { lex, items } = trainingSet();
  const examples = items.flatMap((i) => (i.actor ? [{ question: i.question, actor: i.actor }] : []));
  return trainRelativeModel(examples, lex, TUNED_SPLITS);
}

/** The scope model: the tuned splits' messages, by kind and expected verdict. */
export function trainScope(): ScopeModel {
  const { lex, items } = trainingSet();
  return trainScopeModel(items, lex, TUNED_SPLITS);
}

/** The verdict model: the tuned splits' messages by the verdict their writers expect. */
export function trainVerdict(): VerdictModel {
  const { lex, items } = trainingSet();
  return trainVerdictModel(items, lex, TUNED_SPLITS);
}

/** JSON with one entry per line below the top level, so a retrained model's diff stays readable. */
export function serialise(model: object): string {
  const lines = Object.entries(model).map(([key, value]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = Object.entries(value)
        .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join(',\n');
      return `  ${JSON.stringify(key)}: {\n${inner}\n  }`;
    }
    return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

export const MODELS = [
  { file: REFUSAL_MODEL_FILE, train: trainRefusalModel },
  { file: TOPIC_MODEL_FILE, train: trainTopics },
  { file: RELATIVE_MODEL_FILE, train: trainRelative },
  { file: SCOPE_MODEL_FILE, train: trainScope },
  { file: VERDICT_MODEL_FILE, train: trainVerdict },
] as const;

runWhenMain(import.meta.url, async (argv, io) => {
  if (argv.length > 1 || argv.some((a) => a !== '--check' && a !== '--leave-one-out')) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  if (argv[0] === '--leave-one-out') {
    const { kb, lex } = trainingSet();
    const answers = heldOutAnswers(kb, loadWordLists(), lex, (split) => io.err(`${split} `), TOPIC_SETTINGS);
    io.out(`\n${answers.length} questions, each answered by models that never saw its writer\n`);
    const row = (label: string, r: ThresholdRow) =>
      `${label.padEnd(80)}${(r.strict * 100).toFixed(2).padStart(6)}%  ${String(r.harmful).padStart(7)}  ${String(r.fixed).padStart(8)}  ${String(r.broken).padStart(8)}\n`;
    io.out(
      `${'refusal veto above'.padEnd(80)}strict   harmful  withheld  withheld\n${''.padEnd(98)}rightly   wrongly\n`,
    );
    const [none] = scoreThresholds(answers, [1]);
    io.out(row('no veto', none!));
    for (const r of scoreThresholds(answers, VETO_THRESHOLDS)) io.out(row(r.threshold.toFixed(2), r));
    io.out(`\ntopic model (veto at ${DEFAULT_TUNING.refusalAbove}):\n`);
    const veto = DEFAULT_TUNING.refusalAbove;
    const setting = (s: TopicSetting) => {
      if (s.topicModelAbove > 1) return 'without the topic model';
      const t = { ...DEFAULT_TUNING, ...s };
      const at = (x: number) => (x > 1 ? '-' : String(x));
      return `sure ${t.topicModelAbove}/${t.topicModelScoreRatio}, ask ${at(t.topicModelClarifyAbove)}, rel ${at(t.relativeAbove)}, scope ${at(t.scopeAbove)}, opp ${at(t.oppositeAbove)}, all ${at(t.topicModelSwitchAbove)}/${at(t.topicModelAskAbove)}/${at(t.topicModelRescueAbove)}/${at(t.topicModelResolveAbove)}`;
    };
    io.out(row(`${setting(DEFAULT_TUNING)} (now)`, scoreThresholds(answers, [veto])[0]!));
    TOPIC_SETTINGS.forEach((s, i) => {
      io.out(row(setting(s), scoreThresholds(underSetting(answers, i), [veto])[0]!));
    });
    return 0;
  }
  let stale = 0;
  for (const { file, train } of MODELS) {
    const text = serialise(train());
    if (argv.includes('--check')) {
      const same = readFileSync(file, 'utf8') === text;
      if (!same) stale++;
      io.out(`${file}: ${same ? 'up to date' : 'out of date'}\n`);
    } else {
      writeFileSync(file, text);
      io.out(`Wrote ${file} (${text.length} bytes).\n`);
    }
  }
  if (!argv.includes('--check')) {
    writeFileSync(
      STAMP_FILE,
      `${JSON.stringify(
        stampFor(
          trainingInputs(),
          MODELS.map((m) => m.file),
        ),
        null,
        2,
      )}\n`,
    );
    io.out(`Wrote ${STAMP_FILE}.\n`);
  }
  if (stale) io.out('Run npm run train to retrain.\n');
  return stale ? 1 : 0;
});
