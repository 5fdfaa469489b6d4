import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROOT } from '../content/paths';
import { replyTo } from './answer';
import { ACTORS, type Actor, MESSAGE_KINDS, type MessageKind } from './kinds';
import { OPPOSITE_VERDICT } from './schema';
import type { Outcome, QaIndex } from './search';

/**
 * Scores question sets through the same path the bot answers with. Splits in test/eval: `dev`
 * (written fresh, tune freely), `legacy` (the first set, tuned on), `dev2` (a second fresh set by
 * another writer, tuned on after its untouched score was recorded) and `test` (written before tuning
 * and frozen: scored only in aggregate, never listed question by question), and `test2` (the second
 * writer's held-out set, frozen the same way); `dev3` and `test3` are a third writer's 640
 * questions split at random in two halves before any tuning: dev3 tuned on, test3 frozen; `dev4` and
 * `test4` the same for a fourth writer's 600, half of them messages that must get no verdict; `dev5`
 * and `test5` a fifth writer's 600 (formal letters, vowel-less typing, village voices, English); `dev6` and `test6` a sixth
 * writer's 400, 60% of them messages that must get no verdict; `dev7` and `test7` a seventh writer's 500 as they
 * arrive on a busy WhatsApp number (pasted chain messages, voice-note transcripts, code-mixing), 46% no verdict;
 * `dev8` and `test8` an eighth writer's 400 from inside government and those who watch it (civil servants,
 * HR and inspectorate staff, monitors, journalists), 42% no verdict; `dev9` and `test9` a ninth writer's 400 from
 * young users online (slang, sarcasm, memes, first-time voters, content creators), 52% no verdict; `dev10` and
 * `test10` a tenth writer's 400 long, messy questions from older and rural users, 30% no verdict; `dev11`
 * and `test11` an eleventh writer's 400 from people whose work sits near the state (teachers, health
 * workers, state-company staff, polling staff, soldiers' and police spouses) across every phase of
 * an election, 20% English, 32.5% no verdict; `dev12` and `test12` a twelfth writer's 400 from people who test,
 * trick or doubt the bot (disguised partisan and creation requests, false premises, one-word probes)
 * and the everyday users around them, 40% no verdict; `dev13` and `test13` a thirteenth writer's 400 from
 * people far from Jakarta on cheap phones (voice-to-text, regional words, typos, mistyped commands,
 * migrant workers), 36% no verdict; `dev14` and `test14` a fourteenth writer's 400: pasted forwards,
 * headlines and screenshot-like text from citizens, and precise questions from people who work with
 * the rules (HR and inspectorate staff, principals, journalists, law students, election volunteers,
 * foreign observers), 36% no verdict; `dev16` and `test16` a sixteenth writer's 400, most of them 1–7 words
 * typed like a search box ("sanksi pns like capres", "tni nyoblos ga"), single words, emoji and
 * follow-up fragments, 36% no verdict; `dev15` and `test15` a fifteenth writer's 400 (arrived after
 * writer 16's), half in English (journalists, researchers, expat spouses, diaspora, English-speaking
 * Indonesians) and half in Jakarta-style code-mixed Indonesian, 36% no verdict; `dev18` and `test18` an
 * eighteenth writer's 400 from family and neighbourhood WhatsApp groups (polite Javanese and Sundanese,
 * religious greetings, forwarded chains, relatives of candidates and civil servants), 36% no verdict;
 * `dev17` and `test17` a seventeenth writer's 400 (arrived after writer 18's) from witnesses and
 * would-be reporters, mostly in the 2024 Pilkada, 36% no verdict; `dev19` and `test19` a nineteenth
 * writer's 400 from young people and first-time voters on TikTok, Instagram, X and Discord (Gen Z
 * slang, young civil-servant content creators, children of civil servants and soldiers), 36% no verdict;
 * `dev20` and `test20` a twentieth writer's 400 from people at work in government offices, schools,
 * clinics and villages (situations described before the question, bureaucratic and tired registers),
 * 36% no verdict; `dev21` and `test21` a twenty-first writer's 400 from citizens outside Java (Batak,
 * Minang, Bugis, Manado, Papuan, Banjar, Betawi and NTT Indonesian, voice-to-text), 36% no verdict;
 * `dev23` and `test23` a twenty-third writer's 400 from inside the election machinery and the
 * campaigns (KPPS, PPS, pengawas, saksi, campaign teams, candidates), 36% no verdict; `dev24` and
 * `test24` a twenty-fourth writer's 400 from people with confused ideas (institutions mixed up, false
 * premises, old or wrong rules quoted with confidence), 36% no verdict; `dev22` and `test22` a
 * twenty-second writer's 400 (arrived after writers 23 and 24's) from community figures in Facebook
 * and WhatsApp groups (RT/RW heads, religious leaders, PKK, farmer groups), 36% no verdict; `dev25`
 * and `test25` a twenty-fifth writer's 400 from people writing while emotional (angry, sarcastic,
 * anxious, venting), `dev26` and `test26` a twenty-sixth writer's 400 from people at the edge of the
 * categories (BPD, BUMDes, PPNPN, outsourcing staff, CPNS, seconded or newly retired officials), and
 * `dev27` and `test27` a twenty-seventh writer's 400 pasted from other apps (forwards, captions,
 * headlines, screenshot-like text with its chrome), 36% no verdict each; `dev29` and `test29` a
 * twenty-ninth writer's 400 from people who think in rules and documents (law students, HR officers,
 * journalists, code-mixing professionals), `dev30` and `test30` a thirtieth writer's 400 from women
 * (mothers' groups, wives of civil servants, soldiers and police, female civil servants and
 * candidates), and `dev28` and `test28` a twenty-eighth writer's 400 (arrived last) from every phase of
 * an election cycle, 36% no verdict each; `dev31`–`dev33` and `test31`–`test33` three more writers'
 * 400 each (campus life; informal workers meeting money politics in cash, e-wallets and gifts;
 * Indonesians abroad and their families at home), 36% no verdict each; `dev34`–`dev36` and
 * `test34`–`test36` three more (Bali, Lombok and Chinese-Indonesian communities; the world of
 * soldiers and police; village government from the inside), 36% no verdict each; `dev37`–`dev60` and
 * `test37`–`test60` twenty-four more writers' 400 each, written 2026-12-02 in the order the split
 * lists show (schools; religious life; state and regional companies; regional government in pilkada
 * season; the health sector; regional languages and second-language English; media and creators;
 * older people; eastern Indonesia; ministry civil servants and fine points; adversarial users;
 * Sumatra and Kalimantan; the disability community; farmers and fishers; uniformed civil services;
 * industrial towns; the justice sector; messy multi-part messages; structured multi-question
 * messages; teenagers and parents; local politicians; residential complexes; youth organisations;
 * Sulawesi), 36% no verdict each. Methods notes: test/eval/WRITER<n>.md.
 */

export const EVAL_DIR = join(ROOT, 'test/eval');
/** Splits tuned on: every rule and phrasing may be fitted to them. */
export const TUNED_SPLITS = [
  'dev',
  'legacy',
  'dev2',
  'dev3',
  'dev4',
  'dev5',
  'dev6',
  'dev7',
  'dev8',
  'dev9',
  'dev10',
  'dev11',
  'dev12',
  'dev13',
  'dev14',
  'dev16',
  'dev15',
  'dev18',
  'dev17',
  'dev19',
  'dev20',
  'dev21',
  'dev23',
  'dev24',
  'dev22',
  'dev25',
  'dev26',
  'dev27',
  'dev29',
  'dev30',
  'dev28',
  'dev32',
  'dev31',
  'dev33',
  'dev35',
  'dev36',
  'dev34',
  'dev41',
  'dev42',
  'dev38',
  'dev39',
  'dev40',
  'dev37',
  'dev43',
  'dev45',
  'dev46',
  'dev47',
  'dev48',
  'dev44',
  'dev49',
  'dev50',
  'dev51',
  'dev52',
  'dev54',
  'dev53',
  'dev55',
  'dev56',
  'dev57',
  'dev59',
  'dev60',
  'dev58',
  'dev63',
  'dev61',
  'dev64',
  'dev66',
  'dev62',
  'dev65',
  'dev69',
  'dev68',
  'dev71',
  'dev72',
  'dev67',
  'dev70',
  'dev73',
  'dev74',
  'dev75',
  'dev76',
  'dev77',
  'dev78',
  'dev79',
  'dev80',
  'dev81',
  'dev82',
  'dev83',
  'dev84',
  'dev85',
  'dev86',
  'dev87',
  'dev88',
  'dev89',
  'dev90',
  'dev91',
  'dev92',
  'dev93',
  'dev94',
  'dev95',
  'dev96',
  'dev97',
  'dev98',
  'dev99',
  'dev100',
  'dev101',
  'dev102',
  'dev103',
  'dev104',
  'dev105',
  'dev106',
  'dev107',
  'dev108',
  'dev109',
  'dev110',
  'dev111',
  'dev112',
  'dev113',
  'dev114',
  'dev115',
  'dev116',
  'dev117',
  'dev118',
  'dev119',
  'dev120',
  'dev121',
  'dev122',
  'dev123',
  'dev124',
  'dev125',
  'dev126',
  'dev127',
  'dev128',
  'dev129',
  'dev130',
  'dev131',
  'dev132',
  'dev133',
  'dev134',
  'dev135',
  'dev136',
  'dev137',
  'dev138',
  'dev139',
  'dev140',
  'dev141',
  'dev142',
  'dev143',
  'dev144',
  'dev145',
  'dev146',
  'dev147',
  'dev148',
  'dev149',
  'dev150',
  'dev151',
  'dev152',
  'dev153',
  'dev154',
  'dev155',
  'dev156',
  'dev158',
  'dev157',
  'dev159',
  'dev160',
  'dev161',
  'dev162',
  'dev163',
  'dev164',
  'dev165',
  'dev166',
  'dev167',
  'dev168',
  'dev169',
  'dev170',
  'dev171',
  'dev172',
  'dev173',
  'dev174',
  'dev175',
  'dev176',
  'dev177',
  'dev178',
  'dev179',
  'dev180',
  'dev181',
  'dev182',
  'dev183',
  'dev184',
  'dev185',
  'dev186',
  'dev187',
  'dev188',
  'dev189',
  'dev190',
  'dev191',
  'dev192',
  'dev193',
  'dev194',
  'dev195',
  'dev196',
  'dev197',
  'dev198',
  'dev199',
  'dev200',
  'dev201',
  'dev202',
  'dev203',
  'dev204',
  'dev205',
  'dev206',
  'dev207',
  'dev208',
  'dev209',
  'dev210',
  'dev211',
  'dev212',
  'dev213',
  'dev214',
  'dev215',
  'dev216',
  'dev217',
  'dev218',
  'dev219',
  'dev220',
  'dev221',
  'dev222',
  'dev223',
  'dev224',
  'dev225',
  'dev226',
  'dev227',
  'dev228',
  'dev229',
  'dev230',
  'dev231',
  'dev232',
  'dev233',
  'dev234',
  'dev235',
  'dev236',
  'dev237',
  'dev238',
  'dev239',
  'dev240',
  'dev241',
  'dev242',
  'dev243',
  'dev244',
  'dev245',
  'dev246',
  'dev247',
  'dev248',
  'dev249',
  'dev250',
  'dev251',
  'dev252',
  'dev253',
  'dev254',
  'dev255',
  'dev256',
  'dev257',
  'dev258',
  'dev259',
  'dev260',
  'dev261',
  'dev262',
  'dev263',
  'dev264',
  'dev265',
  'dev266',
  'dev267',
  'dev268',
  'dev269',
  'dev270',
  'dev271',
  'dev272',
  'dev273',
  'dev274',
  'dev275',
  'dev276',
  'dev277',
  'dev278',
  'dev279',
  'dev280',
  'dev281',
  'dev282',
  'dev283',
  'dev284',
  'dev285',
  'dev286',
  'dev287',
  'dev288',
  'dev289',
  'dev290',
  'dev291',
  'dev292',
  'dev293',
  'dev294',
  'dev295',
  'dev296',
  'dev297',
  'dev298',
  'dev299',
  'dev300',
  'dev301',
  'dev302',
  'dev303',
  'dev304',
  'dev305',
  'dev306',
  'dev307',
  'dev308',
  'dev309',
  'dev310',
  'dev311',
  'dev312',
  'dev313',
  'dev314',
  'dev315',
  'dev316',
  'dev317',
  'dev318',
  'dev319',
  'dev320',
  'dev321',
  'dev322',
  'dev323',
  'dev324',
  'dev325',
  'dev326',
  'dev327',
  'dev328',
  'dev329',
  'dev330',
  'dev331',
  'dev332',
  'dev333',
  'dev334',
] as const;
/** Splits written before tuning and frozen: hash-checked, scored only in aggregate. */
export const FROZEN_SPLITS = [
  'test',
  'test2',
  'test3',
  'test4',
  'test5',
  'test6',
  'test7',
  'test8',
  'test9',
  'test10',
  'test11',
  'test12',
  'test13',
  'test14',
  'test16',
  'test15',
  'test18',
  'test17',
  'test19',
  'test20',
  'test21',
  'test23',
  'test24',
  'test22',
  'test25',
  'test26',
  'test27',
  'test29',
  'test30',
  'test28',
  'test32',
  'test31',
  'test33',
  'test35',
  'test36',
  'test34',
  'test41',
  'test42',
  'test38',
  'test39',
  'test40',
  'test37',
  'test43',
  'test45',
  'test46',
  'test47',
  'test48',
  'test44',
  'test49',
  'test50',
  'test51',
  'test52',
  'test54',
  'test53',
  'test55',
  'test56',
  'test57',
  'test59',
  'test60',
  'test58',
  'test63',
  'test61',
  'test64',
  'test66',
  'test62',
  'test65',
  'test69',
  'test68',
  'test71',
  'test72',
  'test67',
  'test70',
  'test73',
  'test74',
  'test75',
  'test76',
  'test77',
  'test78',
  'test79',
  'test80',
  'test81',
  'test82',
  'test83',
  'test84',
  'test85',
  'test86',
  'test87',
  'test88',
  'test89',
  'test90',
  'test91',
  'test92',
  'test93',
  'test94',
  'test95',
  'test96',
  'test97',
  'test98',
  'test99',
  'test100',
  'test101',
  'test102',
  'test103',
  'test104',
  'test105',
  'test106',
  'test107',
  'test108',
  'test109',
  'test110',
  'test111',
  'test112',
  'test113',
  'test114',
  'test115',
  'test116',
  'test117',
  'test118',
  'test119',
  'test120',
  'test121',
  'test122',
  'test123',
  'test124',
  'test125',
  'test126',
  'test127',
  'test128',
  'test129',
  'test130',
  'test131',
  'test132',
  'test133',
  'test134',
  'test135',
  'test136',
  'test137',
  'test138',
  'test139',
  'test140',
  'test141',
  'test142',
  'test143',
  'test144',
  'test145',
  'test146',
  'test147',
  'test148',
  'test149',
  'test150',
  'test151',
  'test152',
  'test153',
  'test154',
  'test155',
  'test156',
  'test158',
  'test157',
  'test159',
  'test160',
  'test161',
  'test162',
  'test163',
  'test164',
  'test165',
  'test166',
  'test167',
  'test168',
  'test169',
  'test170',
  'test171',
  'test172',
  'test173',
  'test174',
  'test175',
  'test176',
  'test177',
  'test178',
  'test179',
  'test180',
  'test181',
  'test182',
  'test183',
  'test184',
  'test185',
  'test186',
  'test187',
  'test188',
  'test189',
  'test190',
  'test191',
  'test192',
  'test193',
  'test194',
  'test195',
  'test196',
  'test197',
  'test198',
  'test199',
  'test200',
  'test201',
  'test202',
  'test203',
  'test204',
  'test205',
  'test206',
  'test207',
  'test208',
  'test209',
  'test210',
  'test211',
  'test212',
  'test213',
  'test214',
  'test215',
  'test216',
  'test217',
  'test218',
  'test219',
  'test220',
  'test221',
  'test222',
  'test223',
  'test224',
  'test225',
  'test226',
  'test227',
  'test228',
  'test229',
  'test230',
  'test231',
  'test232',
  'test233',
  'test234',
  'test235',
  'test236',
  'test237',
  'test238',
  'test239',
  'test240',
  'test241',
  'test242',
  'test243',
  'test244',
  'test245',
  'test246',
  'test247',
  'test248',
  'test249',
  'test250',
  'test251',
  'test252',
  'test253',
  'test254',
  'test255',
  'test256',
  'test257',
  'test258',
  'test259',
  'test260',
  'test261',
  'test262',
  'test263',
  'test264',
  'test265',
  'test266',
  'test267',
  'test268',
  'test269',
  'test270',
  'test271',
  'test272',
  'test273',
  'test274',
  'test275',
  'test276',
  'test277',
  'test278',
  'test279',
  'test280',
  'test281',
  'test282',
  'test283',
  'test284',
  'test285',
  'test286',
  'test287',
  'test288',
  'test289',
  'test290',
  'test291',
  'test292',
  'test293',
  'test294',
  'test295',
  'test296',
  'test297',
  'test298',
  'test299',
  'test300',
  'test301',
  'test302',
  'test303',
  'test304',
  'test305',
  'test306',
  'test307',
  'test308',
  'test309',
  'test310',
  'test311',
  'test312',
  'test313',
  'test314',
  'test315',
  'test316',
  'test317',
  'test318',
  'test319',
  'test320',
  'test321',
  'test322',
  'test323',
  'test324',
  'test325',
  'test326',
  'test327',
  'test328',
  'test329',
  'test330',
  'test331',
  'test332',
  'test333',
  'test334',
] as const;
export const SPLITS = [...TUNED_SPLITS, ...FROZEN_SPLITS] as const;
export type Split = (typeof SPLITS)[number];
export type FrozenSplit = (typeof FROZEN_SPLITS)[number];
export function isFrozen(split: string): split is FrozenSplit {
  return (FROZEN_SPLITS as readonly string[]).includes(split);
}
/** Each split's file: `<split>.jsonl`, except the first set, kept under its old name. */
const fileOf = (split: Split) => (split === 'legacy' ? 'qa.jsonl' : `${split}.jsonl`);
/** Kept for the bench and older callers: the legacy set. */
export const EVAL_FILE = join(EVAL_DIR, fileOf('legacy'));

export function splitFile(split: Split, dir = EVAL_DIR): string {
  return join(dir, fileOf(split));
}

/** The sha256 a frozen split must keep (`<split>.sha256`, written next to it when it was frozen). */
export function frozenHash(
  split: FrozenSplit = 'test',
  dir = EVAL_DIR,
): { expected: string; actual: string } | undefined {
  const file = splitFile(split, dir);
  const sum = join(dir, `${split}.sha256`);
  if (!existsSync(file) || !existsSync(sum)) return undefined;
  const expected = readFileSync(sum, 'utf8').trim().split(/\s+/)[0] ?? '';
  const actual = createHash('sha256').update(readFileSync(file)).digest('hex');
  return { expected, actual };
}

const itemSchema = z.object({
  question: z.string().min(1),
  topic: z.string().nullable(),
  verdict: z.string().nullable(),
  kind: z.enum(MESSAGE_KINDS).optional(),
  actor: z.enum(ACTORS).optional(),
  lang: z.enum(['id', 'en']).optional(),
});
export type EvalItem = z.infer<typeof itemSchema>;

/** Reads a split; a malformed line throws with its line number only (never its text, for the test split). */
export function loadEvalSet(file = EVAL_FILE): EvalItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l.length > 0)
    .map(([l, n]) => {
      let json: unknown;
      try {
        json = JSON.parse(l);
      } catch {
        throw new Error(`${file}:${n}: not JSON`);
      }
      const r = itemSchema.safeParse(json);
      if (!r.success)
        throw new Error(`${file}:${n}: ${r.error.issues[0]!.path.join('.')} ${r.error.issues[0]!.message}`);
      return r.data;
    });
}

export function loadSplit(split: Split, dir = EVAL_DIR): EvalItem[] | undefined {
  const file = splitFile(split, dir);
  return existsSync(file) ? loadEvalSet(file) : undefined;
}

export interface EvalRow {
  item: EvalItem;
  topic: string | null;
  verdict: string | null;
  outcome: Outcome;
  kind: MessageKind;
  actor: Actor;
  confidence: number;
  /** The best topic considered, even when declined (for calibration). */
  best: string | null;
  bestVerdict: string | null;
  ms: number;
}

/**
 * Replies to every item once. `warm` questions are answered first and not scored, as a running bot
 * has answered others before (JIT, stemmer and per-word search caches); without it, the first 20
 * items warm up, so latency is never measured on an item already seen.
 */
export function runEval(index: QaIndex, items: readonly EvalItem[], warm?: readonly EvalItem[]): EvalRow[] {
  for (const it of warm ?? []) replyTo(index, it.question, it.lang ?? 'id');
  if (!warm) for (const it of items.slice(0, 20)) replyTo(index, it.question, it.lang ?? 'id');
  return items.map((item) => {
    const t0 = performance.now();
    const r = replyTo(index, item.question, item.lang ?? 'id');
    const ms = performance.now() - t0;
    const best = r.result.hits[0]?.topic;
    return {
      item,
      topic: r.topic?.id ?? null,
      verdict: r.topic?.verdict ?? null,
      outcome: r.result.kind,
      kind: r.kind,
      actor: r.actor,
      confidence: r.result.confidence,
      best: best?.id ?? null,
      bestVerdict: best?.verdict ?? null,
      ms,
    };
  });
}

/** Requests that must never get a verdict. */
const REFUSE_KINDS: readonly MessageKind[] = ['chitchat', 'partisan', 'creation'];

/** A verdict on a request that must not get one, or the opposite of the truth. */
export function isHarmful(row: Pick<EvalRow, 'item' | 'verdict'>): boolean {
  if (row.verdict === null) return false;
  if (row.item.kind && REFUSE_KINDS.includes(row.item.kind)) return true;
  return row.item.verdict !== null && OPPOSITE_VERDICT[row.item.verdict] === row.verdict;
}

export interface EvalScore {
  n: number;
  inScope: number;
  outOfScope: number;
  /** Right verdict over every question (no verdict counts as right only where none was expected). */
  strictVerdictAccuracy: number;
  /** Right verdict over the questions that expect one. */
  inScopeVerdictAccuracy: number;
  /** Right topic, counting a correct refusal as right. */
  topicAccuracy: number;
  /** Chit-chat, partisan and creation requests answered without a verdict (NaN when the split has none). */
  refusals: number;
  refusalNoVerdict: number;
  harmful: number;
  /** Questions expecting a verdict that got a decline (not a clarifying question). */
  inScopeDeclined: number;
  inScopeClarified: number;
  oosPrecision: number;
  oosRecall: number;
  p50: number;
  p99: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Scorable = Pick<EvalRow, 'item' | 'topic' | 'verdict' | 'ms' | 'outcome'>;

export function score(rows: readonly Scorable[]): EvalScore {
  const n = rows.length;
  const ins = rows.filter((r) => r.item.verdict !== null);
  const oos = rows.filter((r) => r.item.verdict === null);
  const declined = rows.filter((r) => r.verdict === null);
  const refusals = rows.filter((r) => r.item.kind !== undefined && REFUSE_KINDS.includes(r.item.kind));
  const ratio = (a: number, b: number) => (b ? a / b : Number.NaN);
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  return {
    n,
    inScope: ins.length,
    outOfScope: oos.length,
    strictVerdictAccuracy: ratio(rows.filter((r) => r.verdict === r.item.verdict).length, n),
    inScopeVerdictAccuracy: ratio(ins.filter((r) => r.verdict === r.item.verdict).length, ins.length),
    topicAccuracy: ratio(rows.filter((r) => r.topic === r.item.topic).length, n),
    refusals: refusals.length,
    refusalNoVerdict: ratio(refusals.filter((r) => r.verdict === null).length, refusals.length),
    harmful: rows.filter(isHarmful).length,
    inScopeDeclined: ratio(
      ins.filter((r) => r.verdict === null && r.outcome !== 'clarify').length,
      ins.length,
    ),
    inScopeClarified: ratio(ins.filter((r) => r.outcome === 'clarify').length, ins.length),
    oosPrecision: ratio(declined.filter((r) => r.item.verdict === null).length, declined.length),
    oosRecall: ratio(oos.filter((r) => r.verdict === null).length, oos.length),
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
  };
}

/** What the rows would score with another threshold: the sweep `npm run eval -- --calibrate` prints. */
export function rescore(rows: readonly EvalRow[], threshold: number): EvalScore {
  return score(
    rows.map((r) => {
      const answerable = r.outcome === 'answer' || r.outcome === 'unsure' || r.outcome === 'offtopic';
      const answers = answerable && r.best !== null && r.confidence >= threshold;
      return { ...r, topic: answers ? r.best : null, verdict: answers ? r.bestVerdict : null };
    }),
  );
}

export interface Cell {
  n: number;
  right: number;
}

/** Strict verdict accuracy by question kind × actor (labelled splits only). */
export function byKindActor(rows: readonly Scorable[]): Map<string, Map<string, Cell>> {
  const table = new Map<string, Map<string, Cell>>();
  for (const r of rows) {
    const kind = r.item.kind ?? '?';
    const actor = r.item.actor ?? '?';
    const row = table.get(kind) ?? new Map<string, Cell>();
    table.set(kind, row);
    for (const key of [actor, 'all']) {
      const cell = row.get(key) ?? { n: 0, right: 0 };
      cell.n++;
      if (r.verdict === r.item.verdict) cell.right++;
      row.set(key, cell);
    }
  }
  return table;
}

const pct = (x: number) => (Number.isNaN(x) ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** The splits side by side, one metric a line. */
export function formatScores(scores: { name: string; score: EvalScore }[]): string {
  const head = `${''.padEnd(34)}${scores.map((s) => s.name.padStart(12)).join('')}`;
  const line = (label: string, f: (s: EvalScore) => string) =>
    `${label.padEnd(34)}${scores.map((s) => f(s.score).padStart(12)).join('')}`;
  return [
    head,
    line('questions', (s) => String(s.n)),
    line('strict verdict accuracy', (s) => pct(s.strictVerdictAccuracy)),
    line('  in scope (verdict expected)', (s) => pct(s.inScopeVerdictAccuracy)),
    line('topic accuracy', (s) => pct(s.topicAccuracy)),
    line('no verdict: chitchat/partisan/creat.', (s) => (s.refusals ? pct(s.refusalNoVerdict) : '–')),
    line('harmful answers', (s) => String(s.harmful)),
    line('in-scope declined', (s) => pct(s.inScopeDeclined)),
    line('in-scope clarifying question', (s) => pct(s.inScopeClarified)),
    line('out-of-scope recall (no verdict)', (s) => pct(s.oosRecall)),
    line('latency p50 (ms)', (s) => s.p50.toFixed(3)),
    line('latency p99 (ms)', (s) => s.p99.toFixed(3)),
  ].join('\n');
}

/** The kind × actor table: strict verdict accuracy and count per cell. */
export function formatTable(table: Map<string, Map<string, Cell>>): string {
  const actors = [...new Set([...table.values()].flatMap((r) => [...r.keys()]))]
    .filter((a) => a !== 'all')
    .sort((a, b) => ACTORS.indexOf(a as Actor) - ACTORS.indexOf(b as Actor));
  const cols = [...actors, 'all'];
  const cell = (c: Cell | undefined) => (c ? `${Math.round((c.right / c.n) * 100)}%/${c.n}` : '');
  const kinds = [...table.keys()].sort(
    (a, b) => MESSAGE_KINDS.indexOf(a as MessageKind) - MESSAGE_KINDS.indexOf(b as MessageKind),
  );
  const w = 9;
  return [
    `${'kind \\ actor'.padEnd(10)}${cols.map((c) => c.slice(0, w - 1).padStart(w)).join('')}`,
    ...kinds.map((k) => `${k.padEnd(10)}${cols.map((c) => cell(table.get(k)?.get(c)).padStart(w)).join('')}`),
  ].join('\n');
}
