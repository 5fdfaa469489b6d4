import { loadWordLists } from '../content/words';
import type { Actor, MessageKind } from './kinds';
import { basicTokens, containsPhrase, type Lexicon, normalizeWords, stem } from './normalize';

/**
 * The understanding stage, before any search: what kind of message this is and whom it is about.
 * Only rule, sanction and report questions can get a rule verdict, and only claims can get a hoax
 * clarification; chit-chat, requests to write or do something, partisan questions and other domains
 * never reach the search. Every word list is data (content/words/understand.yaml).
 */

export { ACTORS, type Actor, MESSAGE_KINDS, type MessageKind, NO_VERDICT_KINDS } from './kinds';

export type ChitchatKind = 'greet' | 'salam' | 'thanks' | 'other';

export interface Understanding {
  kind: MessageKind;
  actor: Actor;
  /** The sentence that holds the question (the whole text when it is one sentence). */
  focus: string;
  /** The rest of a long message: the story before the question. */
  context: string;
  /** Asks whether someone can vote or run: the first line gives the right and its condition. */
  asksRight: boolean;
  /** The message names something outside elections (weather, passports…). */
  offtopicWord: boolean;
  /** Any election or civil-service word (an actor such as "bumn" or "polisi" alone is not). */
  inDomain: boolean;
  /** Names an actor and asks what they may do: a rule question, even if a hoax's words appear. */
  ruleLike: boolean;
  chitchat?: ChitchatKind;
}

export interface UnderstandOptions {
  /** The text was forwarded from elsewhere (a chain message): a claim to check. */
  forwarded?: boolean;
  /** The text was read from a screenshot: a claim to check. */
  ocr?: boolean;
  /** The user chose "check a hoax": anything that is not small talk or a request is a claim. */
  claimOnly?: boolean;
}

type Phrases = string[][];

interface ActorLists {
  actor: Exclude<Actor, 'retiree' | 'relative' | 'none'>;
  phrases: Phrases;
}

/** The word lists, normalised once with the same lexicon as the questions. */
export interface Understander {
  lex: Lexicon;
  chitchat: Map<string, ChitchatKind>;
  creationVerbs: Phrases;
  creationGenres: Phrases;
  creationStrong: Phrases;
  creationOpeners: Set<string>;
  creationHarmful: Phrases;
  creationRequest: Phrases;
  creationEvasion: Phrases;
  partisan: Phrases;
  candidates: Phrases;
  opinions: Phrases;
  claimCues: Phrases;
  claimEndings: Set<string>;
  sanctionCues: Phrases;
  reportStems: Set<string>;
  reportCues: Phrases;
  reportWhere: Phrases;
  rightCues: Phrases;
  permission: Phrases;
  domain: Phrases;
  offtopic: Phrases;
  actors: ActorLists[];
  retireeMarks: Phrases;
  relativeMarks: Phrases;
  askerMarks: Set<string>;
  fillers: Set<string>;
}

const ACTOR_LISTS: ActorLists['actor'][] = [
  'asn',
  'pppk',
  'honorer',
  'tni',
  'polri',
  'kades',
  'perangkat_desa',
  'bumn',
  'candidate',
  'citizen',
];

export function buildUnderstander(lex: Lexicon, lists = loadWordLists()): Understander {
  const list = (key: string) => lists.get(`understand.${key}`) ?? [];
  const norm = (key: string): Phrases => {
    const out: Phrases = [];
    const seen = new Set<string>();
    for (const p of list(key)) {
      // Both the normalised form and the form as typed, so "buat" (which normalises to "untuk")
      // and "bener" (which normalises to "benar") are found either way.
      for (const words of [normalizeWords(p, lex), basicTokens(p)]) {
        const k = words.join(' ');
        if (words.length && !seen.has(k)) {
          seen.add(k);
          out.push(words);
        }
      }
    }
    return out;
  };
  const chitchat = new Map<string, ChitchatKind>();
  for (const kind of ['other', 'greet', 'thanks', 'salam'] as const) {
    for (const p of list(`chitchat_${kind}`)) {
      for (const w of [...normalizeWords(p, lex), ...basicTokens(p)]) chitchat.set(w, kind);
    }
  }
  const flat = (key: string) => new Set(norm(key).flat());
  return {
    lex,
    chitchat,
    creationVerbs: norm('creation_verbs'),
    creationGenres: norm('creation_genres'),
    creationStrong: norm('creation_strong'),
    creationOpeners: flat('creation_openers'),
    creationHarmful: norm('creation_harmful'),
    creationRequest: norm('creation_request'),
    creationEvasion: norm('creation_evasion'),
    partisan: [
      ...norm('partisan_phrases'),
      ...(lists.get('qa.partisan') ?? []).map((p) => normalizeWords(p, lex)),
    ],
    candidates: norm('candidate_names'),
    opinions: norm('opinion_words'),
    claimCues: norm('claim_cues'),
    claimEndings: flat('claim_endings'),
    sanctionCues: norm('sanction_cues'),
    reportStems: new Set(norm('report_cues').flatMap((p) => (p.length === 1 ? [stem(p[0]!)] : []))),
    reportCues: norm('report_cues'),
    reportWhere: norm('report_where'),
    rightCues: norm('right_cues'),
    permission: norm('permission_cues'),
    domain: norm('domain'),
    offtopic: norm('offtopic_phrases'),
    actors: ACTOR_LISTS.map((actor) => ({ actor, phrases: norm(`actor_${actor}`) })),
    retireeMarks: norm('actor_retiree_marks'),
    relativeMarks: norm('actor_relative_marks'),
    askerMarks: flat('asker_marks'),
    fillers: flat('actor_fillers'),
  };
}

function hasAny(words: readonly string[], phrases: Phrases): boolean {
  return phrases.some((p) => containsPhrase(words, p));
}

/** Positions where any of the phrases starts, with its length. */
function findAll(words: readonly string[], phrases: Phrases): { at: number; len: number }[] {
  const out: { at: number; len: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    let best = 0;
    for (const p of phrases) {
      if (p.length <= best || i + p.length > words.length) continue;
      let ok = true;
      for (let j = 0; j < p.length; j++)
        if (words[i + j] !== p[j]) {
          ok = false;
          break;
        }
      if (ok) best = p.length;
    }
    if (best) out.push({ at: i, len: best });
  }
  return out;
}

/** Sentences of a message, each with whether it reads as a question. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?\n])/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}|\d/u.test(s));
}

/**
 * The question sentence of a long message: the last sentence with a question mark, else the last
 * with a question word, else the last sentence. A short question ("Boleh gak?") takes the sentence
 * before it too, since it only makes sense with it.
 */
export function focusOf(text: string, u: Understander): { focus: string; context: string } {
  const parts = sentences(text);
  if (parts.length <= 1) return { focus: text.trim(), context: '' };
  const questionish = (s: string) => {
    const w = normalizeWords(s, u.lex);
    return (
      hasAny(w, u.permission) ||
      hasAny(w, u.sanctionCues) ||
      hasAny(w, u.reportCues) ||
      hasAny(w, u.claimCues) ||
      w.some((x) => QUESTION_WORDS.has(x))
    );
  };
  let at = parts.findLastIndex((s) => s.includes('?'));
  if (at < 0) at = parts.findLastIndex(questionish);
  if (at < 0) at = parts.length - 1;
  let start = at;
  const contentWords = (s: string) =>
    normalizeWords(s, u.lex).filter((w) => !u.lex.stopwords.has(w) && !QUESTION_WORDS.has(w)).length;
  while (start > 0 && contentWords(parts.slice(start, at + 1).join(' ')) < 3) start--;
  return {
    focus: parts.slice(start, at + 1).join(' '),
    context: [...parts.slice(0, start), ...parts.slice(at + 1)].join(' '),
  };
}

const QUESTION_WORDS = new Set([
  'apa',
  'apakah',
  'bagaimana',
  'kenapa',
  'mengapa',
  'siapa',
  'kapan',
  'dimana',
  'kemana',
  'berapa',
  'boleh',
  'tidak',
  'gimana',
  'mana',
  'what',
  'how',
  'why',
  'who',
  'when',
  'where',
  'can',
  'should',
]);

/** Whom the message is about: the asker first, then a retiree or a relative, then the first actor named. */
export function actorOf(words: readonly string[], u: Understander): Actor {
  const mentions: { at: number; len: number; actor: ActorLists['actor'] }[] = [];
  for (const a of u.actors)
    for (const m of findAll(words, a.phrases)) mentions.push({ ...m, actor: a.actor });
  mentions.sort((a, b) => a.at - b.at || b.len - a.len);
  // A more specific actor wins over a general one at the same place ("guru pppk" is pppk, not asn).
  const dedup = mentions.filter(
    (m, i) =>
      !mentions.some((o, j) => j !== i && o.at <= m.at && o.at + o.len >= m.at + m.len && o.len > m.len),
  );
  const civil = new Set<Actor>(['asn', 'pppk', 'honorer', 'tni', 'polri', 'kades', 'perangkat_desa', 'bumn']);
  /** The word index just before `at`, skipping fillers; -1 when none. */
  const before = (at: number, max: number): number[] => {
    const out: number[] = [];
    for (let i = at - 1; i >= 0 && at - i <= max; i--) out.push(i);
    return out;
  };
  const marks = (phrases: Phrases) => findAll(words, phrases);
  const retirees = marks(u.retireeMarks);
  const relatives = marks(u.relativeMarks);
  for (const m of dedup) {
    if (!civil.has(m.actor)) continue;
    // "pensiunan tni", "tni yang sudah pensiun", "mantan polisi"
    if (retirees.some((r) => Math.abs(r.at - m.at) <= 3)) return 'retiree';
    // "istri saya pns", "anak tentara"
    const prev = before(m.at, 3);
    const relative = relatives.find((r) => prev.includes(r.at + r.len - 1));
    if (relative) {
      const between = words.slice(relative.at + relative.len, m.at);
      if (between.every((w) => u.fillers.has(w) || u.askerMarks.has(w))) return 'relative';
    }
  }
  // The asker: "saya pns", "aku seorang guru pppk".
  for (const m of dedup) {
    const prev = before(m.at, 3);
    const asker = prev.find((i) => u.askerMarks.has(words[i]!));
    if (asker !== undefined && words.slice(asker + 1, m.at).every((w) => u.fillers.has(w))) return m.actor;
  }
  if (retirees.length && !dedup.length) return 'retiree';
  return dedup[0]?.actor ?? 'none';
}

function chitchatKind(words: readonly string[], u: Understander): ChitchatKind | undefined {
  if (!words.length) return 'other';
  let kind: ChitchatKind | undefined;
  const rank: Record<ChitchatKind, number> = { other: 0, greet: 1, thanks: 2, salam: 3 };
  for (const w of words) {
    const k = u.chitchat.get(w);
    if (k === undefined) {
      if (u.lex.stopwords.has(w)) continue;
      return undefined;
    }
    if (kind === undefined || rank[k] > rank[kind]) kind = k;
  }
  return kind;
}

function isCreation(
  raw: readonly string[],
  words: readonly string[],
  u: Understander,
  ruleLike: boolean,
): boolean {
  const any = (p: Phrases) => hasAny(raw, p) || hasAny(words, p);
  if (any(u.creationEvasion)) return true;
  if (ruleLike) return false;
  if (any(u.creationHarmful) && any(u.creationRequest)) return true;
  const verb = any(u.creationVerbs);
  const genre = any(u.creationGenres);
  if (verb) return true;
  if (genre && raw[0] !== undefined && u.creationOpeners.has(raw[0])) return true;
  return any(u.creationStrong);
}

function isPartisan(words: readonly string[], u: Understander, actor: Actor): boolean {
  // "prabowo orangnya gimana" asks for a view; "pns like postingan capres" is about the civil servant.
  const aboutSomeoneElse = actor !== 'none' && actor !== 'citizen' && actor !== 'candidate';
  return !aboutSomeoneElse && hasAny(words, u.candidates) && hasAny(words, u.opinions);
}

function isClaim(words: readonly string[], u: Understander, ruleLike: boolean): boolean {
  if (hasAny(words, u.claimCues)) return true;
  // "pns boleh share info kpu yang benar?" asks a rule; only a plain claim ends in "benar?".
  if (ruleLike) return false;
  const content = words.filter((w) => !u.lex.stopwords.has(w) || u.claimEndings.has(w));
  const last = content.at(-1);
  return last !== undefined && u.claimEndings.has(last) && content.length >= 3;
}

export function understand(text: string, u: Understander, opts: UnderstandOptions = {}): Understanding {
  const raw = basicTokens(text);
  const words = normalizeWords(text, u.lex);
  const actor = actorOf(words, u);
  const offtopicWord = hasAny(words, u.offtopic);
  const inDomain = hasAny(words, u.domain);
  const { focus, context } = focusOf(text, u);
  const focusWords = normalizeWords(focus, u.lex);
  const asks = hasAny(words, u.permission) || hasAny(words, u.sanctionCues) || hasAny(words, u.reportCues);
  const ruleLike = asks && actor !== 'none' && actor !== 'candidate';
  const base = {
    ruleLike,
    actor,
    focus,
    context,
    asksRight: hasAny(focusWords, u.rightCues),
    offtopicWord,
    inDomain,
  };
  const chit = chitchatKind(words, u);
  if (chit) return { ...base, kind: 'chitchat', chitchat: chit, asksRight: false };

  // "pns bikin konten caleg boleh?" is a rule question about the ASN, not a request to the bot.
  if (isCreation(raw, words, u, ruleLike)) return { ...base, kind: 'creation' };
  if (opts.forwarded || opts.ocr || opts.claimOnly) return { ...base, kind: 'claim' };
  if (!ruleLike && hasAny(words, u.partisan)) return { ...base, kind: 'partisan' };
  // Claim words count in the question sentence: "katanya wajib hadir" inside a story is reported speech.
  if (isClaim(focusWords, u, ruleLike)) return { ...base, kind: 'claim' };
  if (!ruleLike && isPartisan(words, u, actor)) return { ...base, kind: 'partisan' };

  if (!inDomain && offtopicWord) return { ...base, kind: 'offtopic' };
  const sanction = hasAny(focusWords, u.sanctionCues);
  const report =
    hasAny(focusWords, u.reportCues) || focusWords.some((w) => w.length > 4 && u.reportStems.has(stem(w)));
  if (report && (!sanction || hasAny(focusWords, u.reportWhere))) return { ...base, kind: 'report' };
  if (sanction) return { ...base, kind: 'sanction' };
  return { ...base, kind: 'rule' };
}
