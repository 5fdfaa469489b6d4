import { loadWordLists } from '../content/words';
import { type Actor, CIVIL_ACTORS as CIVIL, CIVIL_SERVANTS, type MessageKind } from './kinds';
import { basicTokens, type Lexicon, normalizeWords, PhraseSet, stem } from './normalize';

/**
 * The understanding stage, before any search: what kind of message this is and whom it is about.
 * Only rule, sanction and report questions can get a rule verdict, and only claims can get a hoax
 * clarification; chit-chat, requests to write or do something, partisan questions and other domains
 * never reach the search. Every word list is data (content/words/understand.yaml).
 */

export { ACTORS, type Actor, MESSAGE_KINDS, type MessageKind, NO_VERDICT_KINDS } from './kinds';

/** A message this short (words that are not stopwords) may be typed as into a search box, keywords only. */
export const KEYWORDS_MAX = 6;

/**
 * `about`: a question about the bot itself ("ini nomor resmi bawaslu?", "are you a bot?");
 * `complaint`: the last answer missed ("jawabanmu ga nyambung").
 */
/** `remark`: a story, a feeling or an opinion that asks nothing; `other`: "ok", "test", "info". */
export type ChitchatKind = 'greet' | 'salam' | 'thanks' | 'other' | 'remark' | 'about' | 'complaint';

export interface Understanding {
  kind: MessageKind;
  actor: Actor;
  /** The relative model, not the rules, read the civil servant named as someone's relative. */
  relativeByModel?: boolean;
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
  /** How many words of the message are not stopwords. */
  words: number;
  /** The asker names themself as someone a rule binds ("saya pns", "as a PPPK teacher"). */
  askerNamed: boolean;
  /** The question sentence asks about campaigning in general, no specific act ("pns ikut kampanye boleh?"). */
  generalAct: boolean;
  /** Anything in it asks: a question mark, a question word, a rule, sanction, report or claim cue. */
  asking: boolean;
  /** The question sentence asks about prison or a fine ("bisa dipenjara?", "berapa dendanya"). */
  asksCriminal: boolean;
  /** Asks who hands out the sanction ("yg ngasih sanksi ke pns itu bawaslu?"), not what it is. */
  asksWhoSanctions: boolean;
  /**
   * Neutral turnout content: a call to vote or KPU information ("ayo ke TPS", "cara cek DPT dari
   * KPU") with no candidate in it, or one said to be absent ("tanpa nyebut calon").
   */
  turnout: boolean;
  /** A superior who lets a breach pass ("kepsek yg tau gurunya kampanye tapi diem aja"). */
  superiorSilent: boolean;
  /**
   * A candidate or campaign team draws a civil servant, soldier or village official in ("caleg yg
   * ngajak guru2 PNS ke kampanye", "timses nyuruh pak kades ikut kampanye"): the organiser's offence.
   */
  involvesCivil: boolean;
  /** A superior asking what they must do about a subordinate's breach ("staf saya …, saya harus ngapain?"). */
  superiorDuty: boolean;
  /**
   * Whether reporting a breach is itself one ("kalau saya laporkan, saya dianggap tidak netral?"):
   * the question sentence names the act of reporting and a doubt about neutrality.
   */
  reportingDoubted: boolean;
  /**
   * One's own vote is asked ("tetap berhak memilih?"): in the question and the sentence it leans on,
   * in the first of two questions, or for a civil servant read beside the soldiers' rule; never
   * choosing selectively ("pilih2").
   */
  asksVote: boolean;
  /** A voter asks whether they may take money or goods offered ("amplop 100rb boleh diterima?"). */
  moneyReceived: boolean;
  /** Names only election subjects and numbers ("hoaks pemilu", "election 2024"): a subject, not a question. */
  subjectOnly: boolean;
  chitchat?: ChitchatKind;
  /** Asks nothing and names nobody a rule binds: a remark, unless it is a known hoax pasted. */
  remark?: boolean;
}

export interface UnderstandOptions {
  /** The text was forwarded from elsewhere (a chain message): a claim to check. */
  forwarded?: boolean;
  /** The text was read from a screenshot: a claim to check. */
  ocr?: boolean;
  /** The user chose "check a hoax": anything that is not small talk or a request is a claim. */
  claimOnly?: boolean;
}

type Phrases = PhraseSet;

interface ActorLists {
  actor: Exclude<Actor, 'retiree' | 'relative' | 'none'>;
  phrases: Phrases;
}

/** The word lists, normalised once with the same lexicon as the questions. */
export interface Understander {
  lex: Lexicon;
  chitchat: Map<string, ChitchatKind>;
  creationVerbs: Phrases;
  /** As typed: "bisa bikin" normalises to "boleh bikin", which asks permission, not for something made. */
  typedCreationVerbs: Phrases;
  creationGenres: Phrases;
  creationStrong: Phrases;
  /** Things only ever written, never done: a few keywords opening with one ask for one ("ppt sosialisasi netralitas"). */
  writingGenres: Phrases;
  creationOpeners: Set<string>;
  documentOpeners: Set<string>;
  documentGenres: Set<string>;
  /** "dong", "tolong", "please": the bot asked for something. */
  creationPleas: Set<string>;
  /** "saya", "kami": the asker as the subject of a verb of making (what they make themselves). */
  ownSubjects: Set<string>;
  /** "diminta", "disuruh": asked by someone else to make it, so the asker is the maker. */
  askedToMake: Set<string>;
  /** "minta", "nyuruh": the same after the one who asks ("caleg minta bikin …"). */
  askingVerbs: Set<string>;
  /** "pintar", "jago": before "edit video", a skill, not a doctored video. */
  skillWords: Phrases;
  /** "kasih", "beri": before "suka", a like given. */
  likeGivers: Set<string>;
  /** "bilang", "said": a partisan phrase after one is reported speech. */
  speechVerbs: Set<string>;
  fakeOpeners: Set<string>;
  /** As typed. */
  fakes: Phrases;
  creationHarmful: Phrases;
  creationRequest: Phrases;
  creationPrevention: Phrases;
  creationEvasion: Phrases;
  /** Words that may open a request before its verb ("tolong", "min", "can you"). */
  requestLeads: Set<string>;
  /** Someone else was told to make it ("disuruh atasan bikinin spanduk"): not a request to the bot. */
  toldToOthers: Phrases;
  aboutBot: Phrases;
  /** About the bot next to a report word: how it compares with reporting, where a report's data goes. */
  aboutBotReporting: Phrases;
  /** "atasan", "kepsek": someone who must act on a subordinate's breach. */
  superiors: Phrases;
  /** "diam saja", "membiarkan": lets it pass. */
  silence: Phrases;
  /** "staf saya", "my subordinate": someone under the asker. */
  subordinates: Phrases;
  /** "amplop", "uang", "cash": money or goods handed out. */
  moneyWords: Phrases;
  /** "diterima", "keep", "accept": taking or keeping what was handed out. */
  receiveWords: Phrases;
  /** "harus ngapain", "wajib memproses", "am I obliged": what the superior must do. */
  dutyAsks: Phrases;
  /** "hak pilih", "boleh nyoblos", "right to vote": the right to vote asked about. */
  voteRight: Phrases;
  /** "melaporkan", "laporin", "reports": the act of reporting, by whoever does it. */
  reportingActs: Phrases;
  /** "dianggap tidak netral", "a breach of neutrality": a doubt that an act is neutral. */
  neutralityDoubts: Phrases;
  /** "like", "ngelike", "jempol": a like, the act of the best-known misleading prison claim. */
  likeActs: Phrases;
  /** A place of work: in a few keywords, where the act happens, so whose it is ("printer kantor cetak brosur caleg"). */
  workplaces: Phrases;
  /** "ayo ke TPS", "jangan golput", "cara cek DPT dari KPU": a call to vote or KPU information. */
  turnoutCues: Phrases;
  /** "tanpa nyebut calon", "tidak ada gambar paslon": the candidate said to be absent. */
  noCandidate: Phrases;
  /** "bisa", "can": ability words that normalise to "boleh" (see `ability_words`). */
  ability: Set<string>;
  /** "paling", "lebih", "more": with "which/who" and a candidate, a pick among them. */
  superlatives: Phrases;
  /** Greetings, thanks and salams that make a message small talk when it asks nothing. */
  smallTalkStrong: Phrases;
  /** Words that make a message a question ("apa", "gimana", "how"). */
  askWords: Set<string>;
  /** English auxiliaries that ask where they open a clause ("is", "can", "should"). */
  askOpeners: Set<string>;
  /** Words before a clause's first real word ("so", "and", "hi"). */
  clauseOpeners: Set<string>;
  /** Trailing "or not" tags ("ga", "nggak", "or not") and the particles after them ("sih", "ya"). */
  questionTags: Set<string>;
  /** Permission words that ask ("boleh", "dilarang"), not the nouns a rule is named by ("sanksi"). */
  modals: Phrases;
  alternatives: Set<string>;
  resigned: Phrases;
  tagFillers: Set<string>;
  confirmTags: Set<string>;
  /** Subjects after an inverted English auxiliary ("am i", "is it", "can we"). */
  askSubjects: Set<string>;
  /** Permission words that name the subject more than they ask ("netral"). */
  weakPermission: Set<string>;
  /** "bukan", "not", "non": before a post, it denies it. */
  negations: Set<string>;
  /** "boleh nyoblos", "can vote": a rumour that soldiers or police may vote, unless negated. */
  claimedAllowed: Phrases;
  /** "tidak", "belum", the "t" of "can't": around an allowance, they turn it round. */
  claimNegations: Set<string>;
  /** "boleh", "aman", "bebas": what a rumour says of an act it calls allowed ("asn aman share …"). */
  claimedAllowance: Phrases;
  /** "swasta", "yayasan", "private": the teacher or nurse works for a private employer. */
  privateMarks: Set<string>;
  /** A civil servant's own career and pay: not a neutrality question, whoever asks. */
  career: Phrases;
  /** "situs", "website", "app": with a check word, where to check a rumour. */
  checkWhere: Phrases;
  partisan: Phrases;
  /** "pilihin satu dong": a plea for a pick, whatever story comes before it. */
  partisanPleas: Phrases;
  candidates: Phrases;
  opinions: Phrases;
  /** "visi misi", "program kerja": what a candidate presents, an opinion asked only without a permission word. */
  platform: Phrases;
  opinionNot: Phrases;
  partisanWho: Phrases;
  partisanWhoFirst: Set<string>;
  askerSame: Phrases;
  partisanPick: Phrases;
  races: Phrases;
  versus: Set<string>;
  rightWords: Phrases;
  claimCues: Phrases;
  /** "bener ga sih", "masa iya", "cuma gertakan": whether something said is true is what is asked. */
  truthChecks: Phrases;
  /** "rame2", "ramai-ramai": doubled, a claim word means "in a crowd", not "viral". */
  crowdDoubled: RegExp;
  /** "kaka, …", "min, …": the message opens by addressing the bot. */
  addressOpening: RegExp;
  claimEndings: Set<string>;
  claimEndTags: Set<string>;
  anyoneMarks: Set<string>;
  ownReport: Phrases;
  /** "ada yg bisa konfirmasi?": asks whether what came before is true, whatever permission word it uses. */
  confirmAsks: Phrases;
  /** "di luar jam dinas bebas", "liking is fine": what a rumour says is allowed, beside the permission words. */
  allowanceWords: Phrases;
  claimOpeners: Set<string>;
  sanctionCues: Phrases;
  criminalCues: Phrases;
  sanctionGivers: Phrases;
  involveVerbs: Phrases;
  classification: Phrases;
  comparisons: Set<string>;
  /** "biar", "supaya": what follows is the purpose, not what is asked. */
  purposeMarks: Set<string>;
  noAnswer: Phrases;
  /** "ga nyambung jawabannya": the last answer missed, whatever topic word comes with the complaint. */
  answerMissed: Phrases;
  jokeMarks: Phrases;
  laughterEmoji: readonly string[];
  questionEmoji: readonly string[];
  /** "siapa", "who": asks who. */
  whoWords: Set<string>;
  /** "yang", "who" before a verb: the one who does it. */
  relativePronouns: Set<string>;
  /** "can't", "is not": an auxiliary negated, which states rather than asks. */
  auxNegations: Set<string>;
  reportStems: Set<string>;
  reportThreats: Set<string>;
  breachWords: Phrases;
  reportCues: Phrases;
  reportWhere: Phrases;
  /** Where, or to whom, to report ("ke mana", "where"): the channel. */
  reportPlace: Phrases;
  checkWords: Phrases;
  generalActs: Phrases;
  definition: Phrases;
  rightCues: Phrases;
  permission: Phrases;
  /** "bebas dong", "jadi bebas": being free to do it, said to be confirmed. */
  freeClaims: Phrases;
  domain: Phrases;
  offtopic: Phrases;
  procedure: Phrases;
  /** "boleh cuti", "ambil cuti": the leave itself asked about. */
  leaveAsked: Phrases;
  leavePurposes: Phrases;
  leaveExcludes: Phrases;
  schedule: Phrases;
  actors: ActorLists[];
  retireeMarks: Phrases;
  /** "pensiunan", "purnawirawan": a retiree with no post named after. */
  retireeAlone: Phrases;
  /** "mau pensiun", "harus pensiun dulu": a retirement planned or asked about, not done. */
  retireIntent: Set<string>;
  /** "tinggal", "sisa": a countdown to retiring, up to four words before it. */
  retireCountdown: Set<string>;
  /** "mantan", "former": said of the post right after, never of one before. */
  formerMarks: Phrases;
  /** "pensiun dulu", "pensiun bulan depan": after a retiree word, the same. */
  retireLater: Set<string>;
  /** "maju", "nyalon": the post's holder stands for office. */
  candidacy: Phrases;
  activeMarks: Phrases;
  /** "sekarang", "now": the post named after them is the one held today. */
  nowMarks: Phrases;
  /** "milih", "tps", "vote": a vote named anywhere in the message. */
  voteWords: Phrases;
  /** "cuma", "only": the soldiers named are the exception, not whom it is about. */
  onlyWords: Set<string>;
  /** "sedangkan", "how about": the post named right after is set against one named before. */
  contrastMarks: Phrases;
  /** "yang", "mana" after an opening candidate word: picking among them. */
  pickers: Set<string>;
  /** "menurut min", "what do you think": the bot's own view asked. */
  botView: Phrases;
  /** "ikut", "pilih": going with someone, before whom and "aja". */
  followVerbs: Phrases;
  /** "dia", "mayoritas": whom one goes with, besides candidate words. */
  followed: Phrases;
  /** As typed. */
  pickyPhrases: Phrases;
  /** "pilih2": a choosing verb doubled with a 2, which tokenising drops. */
  pickyDoubled: RegExp;
  relativeMarks: Phrases;
  relativeConsequence: Phrases;
  kin: Set<string>;
  /** "istri", "suami", "wife": the words for a spouse alone. */
  spouses: Set<string>;
  /** "istri yang PNS": between a relative word and a post, says the relative holds it. */
  holdsPost: Set<string>;
  /** "tante", "om", "sepupu" right before a post: that relative holds it ("tante pns"). */
  kinHoldingPost: Set<string>;
  /** "his sister is not. She …": words that open a new clause after an elided post. */
  clauseStarts: Set<string>;
  /** "nomor 2", "nomor tertentu": words before a ballot number. */
  ballotMarks: Set<string>;
  askerMarks: Set<string>;
  /** "sa pu kaka", "saya punya suami": after an asker mark, what follows is the asker's. */
  askerPossessives: Set<string>;
  fillers: Set<string>;
  /** "bapak", "ibu" between a relative word and a post ("kulo estri pak carik"). */
  titles: Set<string>;
  /** Words that make a sentence a question (content/words/qa.yaml `question_cues`). */
  questionWords: Set<string>;
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
  const words = (key: string): string[][] =>
    // Both the normalised form and the form as typed, so "buat" (which normalises to "untuk")
    // and "bener" (which normalises to "benar") are found either way.
    list(key).flatMap((p) => [normalizeWords(p, lex), basicTokens(p)]);
  const norm = (key: string): Phrases => new PhraseSet(words(key));
  // "pegawai bappeda", "staf dukcapil", "Bappeda staff": whoever works at a government agency.
  const staffOfAgencies = (): string[][] => {
    const staff = words('agency_staff');
    return words('government_agencies').flatMap((a) =>
      staff.flatMap((s) => [
        [...s, ...a],
        [...a, ...s],
      ]),
    );
  };
  const chitchat = new Map<string, ChitchatKind>();
  for (const kind of ['other', 'greet', 'thanks', 'salam', 'complaint'] as const) {
    for (const p of list(`chitchat_${kind}`)) {
      for (const w of [...normalizeWords(p, lex), ...basicTokens(p)]) chitchat.set(w, kind);
    }
  }
  // Single words only: a phrase's words on their own would match anything ("as a" → "a").
  const flat = (key: string) => new Set(words(key).flatMap((p) => (p.length === 1 ? p : [])));
  // Phrases compared with the words as typed, not normalised.
  const typedPhrases = (key: string): Phrases => new PhraseSet(list(key).map((p) => basicTokens(p)));
  // Compared with words as typed: "buat" normalises to "untuk", which opens no request.
  const typed = (key: string) =>
    new Set(
      list(key).flatMap((p) => {
        const t = basicTokens(p);
        return t.length === 1 ? t : [];
      }),
    );
  return {
    lex,
    chitchat,
    creationVerbs: norm('creation_verbs'),
    typedCreationVerbs: typedPhrases('creation_verbs'),
    creationGenres: norm('creation_genres'),
    creationStrong: norm('creation_strong'),
    writingGenres: norm('writing_genres'),
    creationOpeners: typed('creation_openers'),
    documentOpeners: typed('document_openers'),
    documentGenres: typed('document_genres'),
    creationPleas: typed('creation_pleas'),
    ownSubjects: flat('own_subjects'),
    askedToMake: flat('asked_to_make'),
    askingVerbs: flat('asking_verbs'),
    skillWords: norm('skill_words'),
    likeGivers: flat('like_givers'),
    speechVerbs: flat('speech_verbs'),
    fakeOpeners: typed('fake_openers'),
    fakes: typedPhrases('fakes'),
    creationHarmful: norm('creation_harmful'),
    creationRequest: norm('creation_request'),
    creationPrevention: norm('creation_prevention'),
    creationEvasion: norm('creation_evasion'),
    requestLeads: new Set(list('request_leads').flatMap((p) => basicTokens(p))),
    toldToOthers: norm('told_to_others'),
    aboutBot: norm('about_bot'),
    aboutBotReporting: norm('about_bot_reporting'),
    ability: typed('ability_words'),
    likeActs: norm('like_acts'),
    workplaces: norm('workplace_words'),
    superiors: norm('superior_words'),
    silence: norm('silence_words'),
    subordinates: norm('subordinate_words'),
    moneyWords: norm('money_words'),
    receiveWords: norm('receive_words'),
    dutyAsks: norm('duty_asks'),
    reportingActs: norm('reporting_acts'),
    voteRight: norm('vote_right'),
    neutralityDoubts: norm('neutrality_doubts'),
    turnoutCues: norm('turnout_cues'),
    noCandidate: norm('no_candidate_cues'),
    superlatives: norm('partisan_superlatives'),
    smallTalkStrong: norm('small_talk_strong'),
    askWords: askWordsAsTyped(list('ask_words'), list('ask_openers'), lex),
    askOpeners: new Set(list('ask_openers').flatMap(basicTokens)),
    clauseOpeners: new Set(list('clause_openers').flatMap(basicTokens)),
    modals: norm('modal_cues'),
    alternatives: typed('alternatives'),
    resigned: norm('resigned_cues'),
    questionTags: flat('question_tags'),
    confirmTags: flat('confirm_tags'),
    askSubjects: new Set(list('ask_subjects').flatMap(basicTokens)),
    tagFillers: flat('question_tag_fillers'),
    weakPermission: flat('weak_permission'),
    negations: flat('actor_negations'),
    claimedAllowed: norm('claimed_allowed'),
    claimNegations: flat('claim_negations'),
    claimedAllowance: norm('claimed_allowance'),
    privateMarks: flat('actor_private_marks'),
    career: norm('career_phrases'),
    checkWhere: norm('check_where'),
    partisan: new PhraseSet([
      ...words('partisan_phrases'),
      ...words('partisan_pleas'),
      ...(lists.get('qa.partisan') ?? []).map((p) => normalizeWords(p, lex)),
    ]),
    candidates: norm('candidate_names'),
    opinions: norm('opinion_words'),
    platform: norm('platform_words'),
    opinionNot: norm('opinion_not'),
    partisanPleas: norm('partisan_pleas'),
    partisanWho: norm('partisan_who'),
    partisanWhoFirst: flat('partisan_who_first'),
    askerSame: norm('asker_same_marks'),
    partisanPick: norm('partisan_pick'),
    races: norm('race_names'),
    versus: flat('partisan_versus'),
    rightWords: norm('right_words'),
    claimCues: norm('claim_cues'),
    truthChecks: norm('truth_checks'),
    addressOpening: new RegExp(`^\\s*(?:${list('address_words').join('|')})\\s*,`, 'i'),
    crowdDoubled: new RegExp(`\\b(${list('crowd_words').join('|')})(?:2|[- ]\\1)(?![a-z])`, 'gi'),
    claimEndings: flat('claim_endings'),
    claimEndTags: flat('claim_end_tags'),
    anyoneMarks: flat('anyone_marks'),
    ownReport: norm('own_report'),
    confirmAsks: norm('confirm_asks'),
    allowanceWords: norm('allowance_words'),
    claimOpeners: typed('claim_openers'),
    sanctionCues: norm('sanction_cues'),
    criminalCues: norm('criminal_cues'),
    sanctionGivers: norm('sanction_givers'),
    involveVerbs: norm('involve_verbs'),
    classification: norm('classification_cues'),
    comparisons: new Set(list('comparison_marks').flatMap(basicTokens)),
    purposeMarks: flat('purpose_marks'),
    noAnswer: norm('no_answer_needed'),
    answerMissed: norm('answer_missed'),
    jokeMarks: norm('joke_marks'),
    laughterEmoji: list('laughter_emoji'),
    questionEmoji: list('question_emoji'),
    whoWords: flat('who_words'),
    relativePronouns: flat('relative_pronouns'),
    auxNegations: new Set(list('aux_negations').flatMap(basicTokens)),
    reportThreats: flat('report_threats'),
    breachWords: norm('breach_words'),
    reportStems: new Set(words('report_cues').flatMap((p) => (p.length === 1 ? [stem(p[0]!)] : []))),
    reportCues: norm('report_cues'),
    reportWhere: norm('report_where'),
    reportPlace: norm('report_place'),
    checkWords: norm('check_words'),
    generalActs: norm('general_acts'),
    definition: norm('definition_cues'),
    rightCues: norm('right_cues'),
    permission: norm('permission_cues'),
    freeClaims: norm('free_claims'),
    domain: norm('domain'),
    offtopic: norm('offtopic_phrases'),
    procedure: norm('procedure_phrases'),
    leaveAsked: norm('leave_asked'),
    leavePurposes: norm('leave_purposes'),
    leaveExcludes: norm('leave_excludes'),
    schedule: norm('schedule_cues'),
    actors: ACTOR_LISTS.map((actor) => ({
      actor,
      phrases: new PhraseSet([...words(`actor_${actor}`), ...(actor === 'asn' ? staffOfAgencies() : [])]),
    })),
    retireeMarks: norm('actor_retiree_marks'),
    retireeAlone: norm('actor_retiree_alone'),
    retireIntent: flat('retire_intent_words'),
    retireCountdown: flat('retire_countdown_words'),
    formerMarks: norm('actor_former_marks'),
    retireLater: flat('retire_later_words'),
    candidacy: norm('candidacy_verbs'),
    activeMarks: norm('actor_active_marks'),
    nowMarks: norm('actor_now_marks'),
    voteWords: norm('vote_words'),
    onlyWords: flat('only_words'),
    contrastMarks: norm('contrast_marks'),
    pickers: flat('partisan_pickers'),
    botView: norm('bot_view'),
    followVerbs: norm('follow_verbs'),
    followed: norm('follow_whom'),
    pickyPhrases: typedPhrases('picky_phrases'),
    pickyDoubled: new RegExp(`(^|[^\\p{L}])(${list('picky_doubled').join('|')})2(?![\\p{L}\\d])`, 'iu'),
    relativeMarks: norm('actor_relative_marks'),
    relativeConsequence: norm('relative_consequence'),
    kin: typed('kin_words'),
    spouses: flat('spouse_words'),
    holdsPost: typed('holds_post_words'),
    kinHoldingPost: flat('kin_holding_post'),
    clauseStarts: typed('clause_start_words'),
    ballotMarks: typed('ballot_marks'),
    askerMarks: flat('asker_marks'),
    askerPossessives: flat('asker_possessives'),
    fillers: flat('actor_fillers'),
    titles: flat('actor_titles'),
    questionWords: new Set(
      (lists.get('qa.question_cues') ?? []).flatMap((w) => [...normalizeWords(w, lex), ...basicTokens(w)]),
    ),
  };
}

function hasAny(words: readonly string[], phrases: Phrases): boolean {
  return phrases.in(words);
}

function findAll(words: readonly string[], phrases: Phrases): { at: number; len: number }[] {
  return phrases.find(words);
}

/**
 * The message without what it quotes: "asn bikin status wa \"pilih nomor 2 yuk\"" is about the
 * civil servant, and the quoted words are what someone else wrote, not a request to the bot.
 */
function withoutQuotes(text: string): string {
  return text.replace(/"[^"\n]*"|“[^”\n]*”|«[^»\n]*»/g, ' ');
}

/**
 * Asks the bot itself to make something: a request verb opening a clause ("tolong bikinin caption
 * …", "saya PNS, buatin …", "Write 5 captions …"), not one someone else was told to do.
 */
function asksBotToMake(text: string, u: Understander): boolean {
  // "bikin status WA foto baliho caleg, PNS boleh ga?": "bikin" is also a plain verb, and a
  // permission asked of someone a rule binds makes the message a rule question.
  const permissionAsked = () => {
    const words = normalizeWords(text, u.lex);
    const mentions = mentionsOf(words, u);
    if (!mentions.some((m) => CIVIL.has(m.actor))) return false;
    // "bikin story IG dukung paslon, close friend doang. aku ASN. aman?": a civil servant asking
    // whether their own post is safe asks a rule too.
    const own = askerMention(words, mentions, u);
    return (
      strongPermission(words, u) ||
      (own !== undefined && CIVIL.has(own.actor) && words.some((w) => u.weakPermission.has(w)))
    );
  };
  // "bikin video deepfake capres, pns boleh ga?" asks a rule; "…, bisa?" asks for it to be made.
  const ruleAsked = () => asksRuleAsTyped(basicTokens(text), u);
  for (const clause of withoutQuotes(text).split(/[.,;:!?\n]+/)) {
    const raw = basicTokens(clause);
    let i = 0;
    while (i < raw.length && u.requestLeads.has(raw[i]!)) i++;
    const rest = raw.slice(i);
    if (!rest.length || u.toldToOthers.in(raw)) continue;
    // "… buat ASN yang komen di postingan calon": "buat" before whom it is for is "for", not "make".
    const verbAt = u.typedCreationVerbs
      .find(rest)
      .some((m) => m.at === 0 && !forCivil(rest.slice(m.len, m.len + 3), u));
    if (verbAt) return true;
    // "boleh minta tolong dibikinin caption …": a passive request ("di…in") asks whoever reads it,
    // unless someone named in the clause asked for it ("ada caleg minta dibikinin desain poster").
    const passive = rest.findIndex((w) => w.startsWith('di') && u.typedCreationVerbs.in([w]));
    if (passive >= 0 && !mentionsOf(normalizeWords(rest.slice(0, passive).join(' '), u.lex), u).length)
      return true;
    if (u.fakeOpeners.has(rest[0]!) && u.fakes.in(rest) && !ruleAsked()) return true;
    // "Write 5 Instagram captions", "create a mock screenshot": an opener with what is made.
    // Whoever posts it: "bikin status wa foto paslon, itu boleh ga?" asks a rule.
    if (
      u.creationOpeners.has(rest[0]!) &&
      !forCivil(rest.slice(1, 4), u) &&
      hasAny(rest, u.creationGenres) &&
      !permissionAsked() &&
      asksForOne(basicTokens(text), u)
    )
      return true;
  }
  return false;
}

/**
 * After "bikin" and what is made: "bikin status wa foto paslon, itu boleh ga?" asks whether one may
 * post it; "bikin jingle caleg dong, boleh kan?" asks the bot for one, as does no rule asked at all.
 */
function asksForOne(raw: readonly string[], u: Understander): boolean {
  return !asksRuleAsTyped(raw, u) || raw.some((w) => u.creationPleas.has(w));
}

/** The sentences of a message. */
function sentences(text: string): string[] {
  // A quotation ("good luck sir!") is part of its sentence, not the end of one.
  const unquoted = text.replace(/"[^"\n]*"|“[^”\n]*”/g, (q) => q.replace(/[.!?]/g, ' '));
  return unquoted
    .split(/(?<=[.!?\n])/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}|\d/u.test(s));
}

/**
 * The question sentence of a long message: the last sentence with a question mark, else the last
 * with a question word, else the last sentence. A short question ("Boleh gak?") takes the sentence
 * before it too, since it only makes sense with it.
 */
export function focusOf(text: string, u: Understander): { focus: string; context: string; question: string } {
  const parts = sentences(text);
  if (parts.length <= 1) return { focus: text.trim(), context: '', question: text.trim() };
  // A permission, sanction, report or claim word asks; a question word too, for `questionish`.
  const cued = (s: string) => {
    const w = normalizeWords(s, u.lex);
    return (
      hasAny(w, u.permission) ||
      hasAny(w, u.sanctionCues) ||
      hasAny(w, u.reportCues) ||
      hasAny(w, u.claimCues)
    );
  };
  const questionish = (s: string) => cued(s) || normalizeWords(s, u.lex).some((x) => u.questionWords.has(x));
  let at = parts.findLastIndex((s) => s.includes('?'));
  if (at < 0) at = parts.findLastIndex(questionish);
  if (at < 0) at = parts.length - 1;
  const end = at;
  // "Saya laporin kemana? KPU, polisi, atau DKPP?": choices offered for the question before them.
  // "Atau langsung diputus kontrak?" opens with its own alternative: a question of its own.
  const choices = (s: string) => {
    const t = basicTokens(s);
    return t.slice(1).some((w) => u.alternatives.has(w)) && !u.alternatives.has(t[0] ?? '') && !cued(s);
  };
  if (at > 0 && choices(parts[at]!) && parts[at - 1]!.includes('?') && cued(parts[at - 1]!)) at--;
  let start = at;
  const contentWords = (s: string) =>
    normalizeWords(s, u.lex).filter((w) => !u.lex.stopwords.has(w) && !u.questionWords.has(w)).length;
  while (start > 0 && contentWords(parts.slice(start, end + 1).join(' ')) < 3) start--;
  return {
    focus: parts.slice(start, end + 1).join(' '),
    context: [...parts.slice(0, start), ...parts.slice(end + 1)].join(' '),
    question: parts[at]!,
  };
}

interface Span {
  at: number;
  len: number;
}
/** Whether word `i` lies inside one of the spans. */
const within = (spans: readonly Span[], i: number) => spans.some((s) => s.at <= i && i < s.at + s.len);
/** The words that lie inside none of the spans. */
const outside = (words: readonly string[], spans: readonly Span[]) =>
  words.filter((_, i) => !within(spans, i));

/** Words between a retiree word and the force it left ("retired from the army"). */
const RETIRED_FROM = new Set(['from', 'the', 'dari', 'di', 'sebagai', 'as', 'an', 'a']);

/** English possessives before a relative word ("my husband is a PNS"). */
const MY = new Set(['my', 'our']);

interface Mention {
  at: number;
  len: number;
  actor: ActorLists['actor'];
}

/**
 * One message's words are asked for their mentions by many readings (actor, asker, relatives):
 * found once per word list. Callers only read the result.
 */
const mentionMemo = new WeakMap<Understander, WeakMap<readonly string[], readonly Mention[]>>();

function mentionsOf(words: readonly string[], u: Understander): readonly Mention[] {
  let memo = mentionMemo.get(u);
  if (!memo) {
    memo = new WeakMap();
    mentionMemo.set(u, memo);
  }
  const hit = memo.get(words);
  if (hit) return hit;
  const found = findMentions(words, u);
  memo.set(words, found);
  return found;
}

function findMentions(words: readonly string[], u: Understander): Mention[] {
  const mentions: Mention[] = [];
  for (const a of u.actors)
    for (const m of findAll(words, a.phrases)) mentions.push({ ...m, actor: a.actor });
  mentions.sort((a, b) => a.at - b.at || b.len - a.len);
  // A more specific actor wins over a general one at the same place ("guru pppk" is pppk, not asn).
  return (
    mentions
      .filter(
        (m, i) =>
          !mentions.some((o, j) => j !== i && o.at <= m.at && o.at + o.len >= m.at + m.len && o.len > m.len),
      )
      .filter((m) => !negated(words, m, u))
      // "tidak punya hak pilih seperti tentara": a comparison names someone else's rule, not the actor.
      .filter((m) => !(m.at > 0 && u.comparisons.has(words[m.at - 1]!)))
      .map((m) =>
        (m.actor === 'asn' || m.actor === 'honorer') && privateEmployer(words, m, u)
          ? { ...m, actor: 'citizen' as const }
          : m,
      )
  );
}

/** Before an article, these deny the post after it ("not a civil servant": "not" reads as "tidak"). */
const ARTICLE_DENIALS: ReadonlySet<string> = new Set(['tidak', 'bukan']);

/** Whether the words deny anything a post could follow: a negation, or one before an article. */
function deniesSomething(words: readonly string[], u: Understander): boolean {
  return words.some((w) => u.negations.has(w) || ARTICLE_DENIALS.has(w));
}

/** "bukan PNS", "not a civil servant": the post is denied, not named. */
function negated(words: readonly string[], m: Mention, u: Understander): boolean {
  const before = words.slice(Math.max(0, m.at - 2), m.at);
  if (before.length > 0 && u.negations.has(before.at(-1)!)) return true;
  // "not a civil servant": "not" reads as "tidak", which before a post means this form only.
  return (
    before.length === 2 && ARTICLE_DENIALS.has(before[0]!) && ['a', 'an', 'seorang'].includes(before[1]!)
  );
}

/** "guru sekolah swasta", "dosen PTS", "perawat di RS swasta": the job, but not the state's. */
function privateEmployer(words: readonly string[], m: Mention, u: Understander): boolean {
  return (
    words.slice(m.at + m.len, m.at + m.len + 4).some((w) => u.privateMarks.has(w)) ||
    (m.at > 0 && u.privateMarks.has(words[m.at - 1]!))
  );
}

/**
 * Whom the message is about: whoever does the act asked about. The question sentence names them
 * first ("... Apakah kades boleh ikut kampanye?"); else the asker ("saya pns", "as a PNS"); else
 * the first civil servant, soldier, officer or village official named (a candidate named is usually
 * the object: "pns like postingan capres"). "Saya istri anggota polri" and "istri pns" make the
 * asker a relative; "istri saya pns" names a civil servant, unless the asker says they are not one.
 */
export function actorOf(words: readonly string[], u: Understander, focus?: readonly string[]): Actor {
  const whole = actorIn(words, u, false);
  // "Istri saya polwan aktif. Dia ikut mencoblos? Saya sendiri PNS": "dia" is the relative the story
  // gave a post, not the asker; "istri tentara nanya, suaminya boleh …?" is about the soldier.
  const pointed = focus ? (spouseReferent(words, focus, u) ?? pronounReferent(words, focus, u)) : undefined;
  if (pointed) return pointed;
  // "Anak saya PNS, saya pedagang. Boleh saya pasang spanduk?": the question is about the asker,
  // whose relative (not themself) is the civil servant.
  if (CIVIL.has(whole as ActorLists['actor']) && askerRelativeAsks(words, focus ?? words, u))
    return 'relative';
  // "A retired police general ... Is he breaking police neutrality?": still the retiree, unless the
  // question sentence asks about active members ("... anggota TNI aktif ikut memilih?").
  if (whole === 'retiree') {
    const active = focus && hasAny(focus, u.activeMarks) ? actorIn(focus, u, true) : 'none';
    if (active !== 'none' && active !== 'retiree') return active;
    // "Saya mantan kepala desa. Kepala desa sekarang ikut jadi tim pemenangan capres, boleh?": the
    // asker is the retiree; a question sentence naming the post, and not the asker, is about whoever
    // holds it now.
    if (focus && focus.length < words.length && !focus.some((w) => u.askerMarks.has(w))) {
      const now = actorIn(focus, u, true);
      const story = words.slice(0, words.length - focus.length);
      // The message opens with the asker's own retirement ("Saya mantan …", "Aku pensiunan …"), not
      // someone else's ("Pak RT kami pensiunan TNI").
      const askerRetired =
        u.askerMarks.has(story[0] ?? '') && findAll(story, u.retireeMarks).some((r) => r.at === 1);
      if (CIVIL.has(now as ActorLists['actor']) && askerRetired) return now;
    }
    // "Saya pensiunan TNI, sekarang kerja di BUMN …": the post held now.
    return postNow(words, u) ?? whole;
  }
  if (focus && focus.length < words.length) {
    const inFocus = actorIn(focus, u, true);
    // "Saya PNS. Mantan kepala dinas saya maju bupati. Boleh saya bantu?": the retiree is someone else.
    if (inFocus === 'retiree' && askerMention(words, mentionsOf(words, u), u)) return whole;
    // "Polisi aktif boleh nyaleg? Harus pensiun dulu?": retiring is the condition asked about.
    if (inFocus === 'retiree' && hasAny(words, u.activeMarks)) return whole;
    if (inFocus !== 'none') return inFocus;
    // "My father is a civil servant. Can I, his son, ...": the asker is the relative.
    const civilNamed = mentionsOf(words, u).some((m) => CIVIL.has(m.actor));
    if (civilNamed && askerIsRelative(focus, u)) return 'relative';
    // "My husband is a PNS. I'm a housewife and I want to run": the asker is the relative.
    if (askerActor(focus, mentionsOf(focus, u), u) === 'citizen' && findAll(words, u.relativeMarks).length) {
      return 'relative';
    }
    // "Ayah saya TNI aktif, ibu saya guru PNS. … Ayah beneran ga boleh nyoblos ya?": the family
    // member the question sentence names by the same word the story gave a post.
    const referred = kinReferent(words, focus, u);
    if (referred) return referred;
  }
  return whole;
}

const THIRD_PERSON = new Set(['dia', 'beliau', 'ia', 'he', 'she']);

/**
 * The post of the one relative the story introduced with one ("menantu sy PPPK", "istri saya
 * polwan"), when the question sentence opens on "dia" and names no post itself.
 */
function pronounReferent(
  words: readonly string[],
  focus: readonly string[],
  u: Understander,
): Actor | undefined {
  if (focus.length >= words.length || !focus.slice(0, 2).some((w) => THIRD_PERSON.has(w))) return undefined;
  if (mentionsOf(focus, u).some((m) => CIVIL.has(m.actor))) return undefined;
  // "My colleague's husband is a civil servant; she is not. Can she …": "she" is the one without.
  const deniedOf = (i: number) =>
    (words[i + 1] === 'is' && words[i + 2] === 'tidak') ||
    words[i + 1] === 'bukan' ||
    words[i + 1] === 'tidak';
  if (postDenied(words, u) || words.some((w, i) => THIRD_PERSON.has(w) && deniedOf(i))) return undefined;
  // The focus names nobody a rule binds, so every post is the story's, wherever the question sentence sits.
  const mentions = mentionsOf(words, u);
  const posts = new Set<Actor>();
  for (const r of findAll(words, u.relativeMarks)) {
    const end = r.at + r.len;
    const post = mentions.find((m) => m.at >= end && m.at - end <= 2);
    if (!post || !CIVIL.has(post.actor)) continue;
    if (!words.slice(end, post.at).every((w) => u.askerMarks.has(w) || u.fillers.has(w))) continue;
    // "Ayah saya adalah tentara yang sudah pensiun. Apakah beliau …": the post is behind them.
    const after = post.at + post.len;
    const retired =
      findAll(words.slice(Math.max(0, post.at - 1), post.at), u.retireeMarks).length > 0 ||
      findAll(words.slice(after, after + 4), u.retireeMarks).some((r) => r.at <= 2);
    posts.add(retired ? 'retiree' : post.actor);
  }
  return posts.size === 1 ? [...posts][0] : undefined;
}

/**
 * A spouse named by the other's post ("istri tentara"), then that other named as "suaminya" in the
 * question sentence, which names no post itself.
 */
const SPOUSE_BACK: Readonly<Record<string, string>> = { istri: 'suaminya', suami: 'istrinya' };

function spouseReferent(
  words: readonly string[],
  focus: readonly string[],
  u: Understander,
): Actor | undefined {
  const mentions = mentionsOf(words, u);
  for (let i = 0; i < words.length - 1; i++) {
    const back = SPOUSE_BACK[words[i]!];
    if (!back) continue;
    const post = mentions.find((m) => m.at === i + 1);
    if (!post || !CIVIL.has(post.actor)) continue;
    const later = focus.includes(back) && words.indexOf(back, i + 1) > i + 1;
    if (later && !mentionsOf(focus, u).some((m) => CIVIL.has(m.actor))) return post.actor;
  }
  return undefined;
}

/** The post given earlier to the family member a kin word in the question sentence names again. */
function kinReferent(words: readonly string[], focus: readonly string[], u: Understander): Actor | undefined {
  const asked = new Set(focus.filter((w) => u.kin.has(w)));
  if (!asked.size) return undefined;
  const mentions = mentionsOf(words, u);
  const storyEnd = words.length - focus.length;
  for (let i = 0; i < storyEnd; i++) {
    if (!asked.has(words[i]!)) continue;
    const post = mentions.find((m) => m.at > i && m.at - i <= 3);
    if (!post || !CIVIL.has(post.actor)) continue;
    if (words.slice(i + 1, post.at).every((w) => u.askerMarks.has(w) || u.fillers.has(w))) return post.actor;
  }
  return undefined;
}

function actorIn(words: readonly string[], u: Understander, civilOnly: boolean): Actor {
  const mentions = mentionsOf(words, u);
  const done = (r: Span) => !plannedRetirement(words, r, u);
  const retirees = findAll(words, u.retireeMarks).filter(done);
  const relatives = findAll(words, u.relativeMarks);
  const only = (from: number, to: number, ok: (w: string) => boolean) => words.slice(from, to).every(ok);
  const filler = (w: string) => u.fillers.has(w);
  const possessive = (w: string) => u.askerMarks.has(w) || filler(w);
  const declaredCitizen = mentions.some(
    (m) =>
      m.actor === 'citizen' &&
      [1, 2, 3].some(
        (d) => m.at - d >= 0 && u.askerMarks.has(words[m.at - d]!) && only(m.at - d + 1, m.at, filler),
      ),
  );
  // The asker who names themself ("sy pns, suami jg pns ...") is who the question is about,
  // unless retired ("saya pns yang sudah pensiun").
  /**
   * Whether a retiree word belongs to this mention: just before it ("pensiunan tni", "mantan
   * polisi"), or shortly after it ("pns yang sudah pensiun") when it does not lead to another
   * mention ("saya pns, mantan kepala dinas saya ..." is about someone else).
   */
  const actives = findAll(words, u.activeMarks);
  const former = findAll(words, u.formerMarks);
  const retired = (m: Mention) =>
    // "polisi aktif … harus pensiun dulu?": said to be active, so the retirement is a condition asked about.
    !actives.some((a) => a.at >= m.at + m.len && a.at - (m.at + m.len) <= 1) &&
    retirees.some((r) => {
      const end = r.at + r.len;
      // "retired from the army", "pensiun dari polri": a preposition may come between.
      if (r.at < m.at) return m.at - end <= 1 || words.slice(end, m.at).every((w) => RETIRED_FROM.has(w));
      // "lurah kami mantan atlet": "mantan" is said of the post after it, not of the lurah.
      if (former.some((f) => f.at === r.at)) return false;
      const next = mentions.find((o) => o.at >= end);
      return r.at - (m.at + m.len) <= 3 && !(next && next.at - end <= 1);
    });
  const named = askerMention(words, mentions, u);
  if (named && CIVIL.has(named.actor)) return retired(named) ? 'retiree' : named.actor;
  if (candidateInvolves(words, mentions, u)) return 'candidate';
  const couple = civilCouple(words, mentions, relatives, u);
  if (couple) return couple;
  for (const m of mentions) {
    if (!CIVIL.has(m.actor)) continue;
    // "pensiunan tni", "tni yang sudah pensiun", "mantan polisi"
    if (retired(m)) {
      // "Mantan Dandim mau maju bupati. PNS di Kodim ikut rapat relawan beliau?": the retiree is
      // the candidate; the question is about whoever still serves.
      const serving = mentions.some((o) => o !== m && CIVIL.has(o.actor) && !retired(o));
      if (serving && standsForOffice(words, m, mentions, u)) continue;
      return 'retiree';
    }
    const rel = relatives.find((r) => r.at + r.len <= m.at && m.at - (r.at + r.len) <= 3);
    if (!rel) continue;
    const between = words.slice(rel.at + rel.len, m.at);
    const asker = rel.at > 0 && u.askerMarks.has(words[rel.at - 1]!);
    // "kulo estri pak carik": the asker is the wife of the man with the post.
    if (!between.every((w) => possessive(w) || (asker && u.titles.has(w)))) continue;
    // "ibu saya", "bapakku", "my husband": the relative is the asker's, and is the civil servant.
    const mark = words.slice(rel.at, rel.at + rel.len);
    const mine =
      between.some((w) => u.askerMarks.has(w)) ||
      mark.some((w) => u.askerMarks.has(w)) ||
      mark.some((w) => /ku$/.test(w)) ||
      (rel.at > 0 && MY.has(words[rel.at - 1]!)) ||
      (rel.at > 1 && u.askerPossessives.has(words[rel.at - 1]!) && u.askerMarks.has(words[rel.at - 2]!));
    // "istri yang PNS": the relative is the civil servant ("husband is a PNS; she is not" is not).
    if (!asker && !mine && between.some((w) => u.holdsPost.has(w))) return m.actor;
    // "tante pns bagi2in kalender caleg": the aunt is the civil servant.
    if (!asker && !mine && !between.length && mark.length === 1 && u.kinHoldingPost.has(mark[0]!))
      return m.actor;
    // "saya istri anggota polri", "istri pns": the relative is the one asking or acting.
    if (asker || !mine) return 'relative';
    // "istri saya pns": the civil servant is the relative, unless the asker says they are a citizen.
    if (declaredCitizen) return 'relative';
    return m.actor;
  }
  const asker = askerActor(words, mentions, u);
  // In the question sentence only someone a rule binds counts: "kan sy bukan ASN" after "sy honorer".
  if (asker && (!civilOnly || CIVIL.has(asker))) return asker;
  const civil = mentions.find((m) => CIVIL.has(m.actor));
  if (civil) return civil.actor;
  // Alone, only a word that names a retiree: "mantan atlet" and "masih dapet pensiun" do not.
  // "pensiunan asabri boleh pasang spanduk caleg?", "Kalo pensiunan jadi saksi partai …": a retiree
  // named before any candidate or party is who acts; they are what the act is about.
  const retiree = findAll(words, u.retireeAlone).find(done);
  if (retiree && mentions.every((m) => !CIVIL.has(m.actor) && m.at > retiree.at)) return 'retiree';
  if (civilOnly) return 'none';
  return mentions[0]?.actor ?? 'none';
}

/**
 * "Saya PNS di Kemhan, bukan prajurit. Apakah ketentuan bahwa TNI tidak memilih juga berlaku bagi
 * PNS?", "PPPK can vote, correct? It's only the military who can't?": with a vote asked about, the
 * soldiers' and police officers' well-known rule is the comparison and the civil servant named is
 * whom it is about; unless the question sentence names no civil servant and asks about the
 * soldier ("Memang polisi ga boleh milih ya?") or a relative ("Ayah beneran ga boleh nyoblos?").
 */
function civilVoteAsked(
  named: Actor,
  words: readonly string[],
  question: readonly string[],
  u: Understander,
): Actor {
  if ((named !== 'tni' && named !== 'polri') || !hasAny(words, u.voteWords)) return named;
  // "contract government employees (PPPK)": the contract post named is the more specific.
  const mentions = mentionsOf(words, u);
  const civil =
    mentions.find((m) => m.actor === 'pppk' || m.actor === 'honorer') ??
    mentions.find((m) => CIVIL_SERVANTS.has(m.actor));
  if (!civil) return named;
  const inQuestion = mentionsOf(question, u);
  if (inQuestion.some((m) => CIVIL_SERVANTS.has(m.actor))) return civil.actor;
  // "Istri saya polwan. Dia ikut mencoblos? Saya sendiri PNS": "dia" is the officer.
  const kinAsked =
    question.some((w) => u.kin.has(w)) || question.slice(0, 2).some((w) => THIRD_PERSON.has(w));
  const forceAsked = inQuestion.some((m) => m.actor === 'tni' || m.actor === 'polri');
  if (kinAsked || (forceAsked && !question.some((w) => u.onlyWords.has(w)))) return named;
  return civil.actor;
}

/**
 * "perangkat desa ga boleh, kalau kades sendiri gimana?", "kalau PNS tetep nyoblos, tentara
 * gimana?", "PNS can't, what about soldiers?": a clause that only sets a post against one named
 * before (a mark such as "how about" or "kalau" before it, or "gimana" after it) asks about that post.
 */
function contrastedActor(text: string, u: Understander): Actor | undefined {
  const clauses = text.split(/[,;.!?\n]+/).map((c) => normalizeWords(c, u.lex));
  const posts = (words: readonly string[]) => mentionsOf(words, u).filter((m) => CIVIL.has(m.actor));
  for (let k = clauses.length - 1; k > 0; k--) {
    const words = clauses[k]!;
    const [m, ...more] = posts(words);
    if (!m || more.length) continue;
    const lead = findAll(words, u.contrastMarks).find((s) => s.at === 0);
    const head = words.slice(lead ? lead.len : 0, m.at);
    const tail = words.slice(m.at + m.len);
    const asked = tail.at(-1) === 'bagaimana';
    if (!lead && !asked) continue;
    if (![...head, ...(asked ? tail.slice(0, -1) : tail)].every((w) => u.fillers.has(w))) continue;
    if (clauses.slice(0, k).some((c) => posts(c).some((o) => o.actor !== m.actor))) return m.actor;
  }
  return undefined;
}

/** "pilih2", "pilih-pilih", "pilih kasih": choosing selectively or unfairly, typed as such. */
function picky(text: string, raw: readonly string[], u: Understander): boolean {
  return u.pickyPhrases.in(raw) || u.pickyDoubled.test(text);
}

/** The words of the first sentence with a question mark, when it is not the only one (not the question sentence). */
function firstOfQuestions(text: string, u: Understander): string[] {
  const asked = sentences(text).filter((s) => s.includes('?'));
  return asked.length > 1 ? normalizeWords(asked[0]!, u.lex) : [];
}

/** A post named a few words after "sekarang" or "now", which no retiree word is said of. */
function postNow(words: readonly string[], u: Understander): ActorLists['actor'] | undefined {
  const nows = findAll(words, u.nowMarks);
  if (!nows.length) return undefined;
  const retirees = findAll(words, u.retireeMarks);
  const mentions = mentionsOf(words, u);
  for (const n of nows) {
    const end = n.at + n.len;
    const post = mentions.find((m) => CIVIL.has(m.actor) && m.at >= end && m.at - end <= 3);
    if (post && !retirees.some((r) => r.at >= n.at && r.at <= post.at + post.len + 1)) return post.actor;
  }
  return undefined;
}

/** "mau pensiun dini", "harus pensiun dulu?", "pensiun bulan depan": retiring planned or asked about. */
function plannedRetirement(words: readonly string[], r: Span, u: Understander): boolean {
  return (
    words.slice(Math.max(0, r.at - 2), r.at).some((w) => u.retireIntent.has(w)) ||
    words.slice(Math.max(0, r.at - 4), r.at).some((w) => u.retireCountdown.has(w)) ||
    laterWords(words.slice(r.at + r.len, r.at + r.len + 3), u).some((w) => u.retireLater.has(w))
  );
}

/** "pensiun dulu" plans it; "Pensiunan polisi yang dulu jaga tahanan" tells the retiree's past. */
function laterWords(after: readonly string[], u: Understander): readonly string[] {
  const clause = after.findIndex((w) => u.relativePronouns.has(w));
  return clause >= 0 ? after.slice(0, clause) : after;
}

/**
 * "mantan Dandim mau maju bupati", "calegnya mantan Danramil": the post's former holder is standing
 * for office (a candidacy verb shortly after, or a candidate word just before the retiree word).
 */
function standsForOffice(
  words: readonly string[],
  m: Mention,
  mentions: readonly Mention[],
  u: Understander,
): boolean {
  const end = m.at + m.len;
  if (findAll(words, u.candidacy).some((v) => v.at >= end && v.at - end <= 3)) return true;
  return mentions.some((c) => c.actor === 'candidate' && c.at + c.len <= m.at && m.at - (c.at + c.len) <= 3);
}

/**
 * "istri PPPK, suami PNS mau nyaleg", "bidan PNS, suami perawat PNS jg mau nyaleg": a spouse word
 * right before a post names that spouse's post, and with another civil servant named beside it the
 * couple are both civil servants, not a civil servant and their family.
 */
function civilCouple(
  words: readonly string[],
  mentions: readonly Mention[],
  relatives: readonly Span[],
  u: Understander,
): ActorLists['actor'] | undefined {
  const civil = mentions.filter((m) => CIVIL.has(m.actor));
  // Posts side by side are one person ("guru PNS", "perawat PNS dishub").
  const people = civil.filter((m, i) => i === 0 || m.at > civil[i - 1]!.at + civil[i - 1]!.len);
  const markedBy = (m: Mention) => relatives.find((r) => r.at < m.at && m.at - (r.at + r.len) <= 1);
  const spouses = people.filter((m) => {
    const r = markedBy(m);
    return r !== undefined && words.slice(r.at, r.at + r.len).every((w) => u.spouses.has(w));
  });
  // Named before the spouse: after it, "yg PNS kan suami" names the same spouse again.
  const others = people.filter((m) => !markedBy(m) && spouses.some((sp) => m.at < sp.at));
  return spouses.length >= 2 || (spouses.length === 1 && others.length >= 1) ? civil[0]!.actor : undefined;
}

/**
 * "yg ngasih sanksi ke pns itu bawaslu?", "who decides the punishment": the one who hands out the
 * sanction ("yang"/"who" before the verb, or "siapa") is asked, not the penalty itself.
 */
function asksWhoSanctions(words: readonly string[], u: Understander): boolean {
  if (!hasAny(words, u.sanctionCues)) return false;
  const givers = u.sanctionGivers.find(words);
  const who = words.some((w) => u.whoWords.has(w));
  return givers.some((g) => who || u.relativePronouns.has(words[g.at - 1] ?? ''));
}

/**
 * "timses yg ngelibatin pns", "a campaign team that brings civil servants": the candidate or team
 * who draws a civil servant in is whom the question is about (the organiser's offence).
 */
function candidateInvolves(words: readonly string[], mentions: readonly Mention[], u: Understander): boolean {
  return mentions.some((c) => {
    if (c.actor !== 'candidate') return false;
    const end = c.at + c.len;
    return u.involveVerbs.find(words).some((v) => {
      const civil = mentions.find((m) => CIVIL.has(m.actor) && m.at >= v.at + v.len);
      return v.at >= end && v.at - end <= 3 && civil !== undefined && civil.at - (v.at + v.len) <= 2;
    });
  });
}

/** "katanya ntar bapak kena": a family member said to bear the penalty. */
function kinPenalised(words: readonly string[], u: Understander): boolean {
  // "nanti bapakku bisa kena sanksi": a word or two may come between.
  const kin = (w: string) => u.kin.has(w) || u.kin.has(w.replace(/(ku|mu|nya)$/, ''));
  return words.some((w, i) => kin(w) && words.slice(i + 1, i + 4).includes('kena'));
}

const ROLE_MARKS = new Set(['sebagai', 'as']);

/** "saya pns", "aku seorang guru pppk", "as a PNS": the asker names themself. */
function askerMention(
  words: readonly string[],
  mentions: readonly Mention[],
  u: Understander,
): Mention | undefined {
  for (const m of mentions) {
    for (let d = 1; d <= 3 && m.at - d >= 0; d++) {
      if (!u.askerMarks.has(words[m.at - d]!)) continue;
      // "sebagai PNS, boleh …?" and "I work as a PPPK teacher" name the asker; "PNS tercatat sebagai
      // anggota partai" and "my husband works at the governor's office as a PNS" name someone else's role.
      const at = m.at - d;
      if (
        ROLE_MARKS.has(words[at]!) &&
        at > 0 &&
        !words.slice(Math.max(0, at - 2), at).some((w) => u.askerMarks.has(w))
      )
        continue;
      // "anak saya pns": the asker's relative, not the asker.
      if (findAll(words, u.relativeMarks).some((r) => r.at + r.len === m.at - d)) continue;
      if (words.slice(m.at - d + 1, m.at).every((w) => u.fillers.has(w))) return m;
    }
  }
  return undefined;
}

/**
 * The asker names a civil servant as their relative ("anak saya pns"), is not one themself, and the
 * question sentence is about the asker ("boleh saya ...", "can I ..."), not the relative ("suami
 * boleh ...", "boleh dia ...").
 */
function askerRelativeAsks(words: readonly string[], focus: readonly string[], u: Understander): boolean {
  const mentions = mentionsOf(words, u);
  if (!mentions.some((m) => CIVIL.has(m.actor))) return false;
  const own = askerMention(words, mentions, u);
  if ((own && CIVIL.has(own.actor)) || hasAny(words, u.askerSame)) return false;
  // "Apakah pegawai BUMD boleh?": the question sentence names whom it is about.
  if (mentionsOf(focus, u).some((m) => CIVIL.has(m.actor))) return false;
  if (!relativeOfAsker(words, u)) return false;
  const marks = findAll(focus, u.relativeMarks);
  const afterMark = (i: number) => marks.some((r) => r.at + r.len === i);
  const firstSubject = focus.findIndex(
    (w, i) => u.askerMarks.has(w) && !MY.has(w) && !afterMark(i) && w !== 'as',
  );
  const bareRelative = marks.some((r) => {
    const next = focus[r.at + r.len];
    const mark = focus.slice(r.at, r.at + r.len);
    // "Can I join … or will it make a problem for my wife?": "my" owns a relative named after the
    // asker; "Can my wife use her office car to drive me …?" is about the wife.
    return (
      !(next !== undefined && u.askerMarks.has(next)) &&
      !mark.some((w) => /ku$/.test(w) || u.askerMarks.has(w)) &&
      !(r.at > 0 && MY.has(focus[r.at - 1]!) && r.at > firstSubject)
    );
  });
  const thirdPerson = focus.some(
    (w) => w === 'dia' || w === 'beliau' || w === 'he' || w === 'she' || w === 'ia',
  );
  return firstSubject >= 0 && !bareRelative && !thirdPerson;
}

/** The asker is the one civil servant named ("saya sendiri PNS"; "anak saya (bukan PNS)" names none). */
function onlyAskerServes(words: readonly string[], u: Understander): boolean {
  const all = mentionsOf(words, u);
  const own = askerMention(words, all, u);
  return own !== undefined && all.filter((m) => CIVIL.has(m.actor)).every((m) => m.at === own.at);
}

/** The question sentence opens with the asker's relative ("Anak saya boleh …", "Can my son …"). */
function relativeOfAskerOpens(focus: readonly string[], u: Understander): boolean {
  return findAll(focus, u.relativeMarks).some((r) => {
    const mark = focus.slice(r.at, r.at + r.len);
    // "ibu saya" is one mark; "anak saya" is a mark and the asker's word after it.
    const owned =
      mark.some((w) => /ku$/.test(w) || u.askerMarks.has(w)) ||
      u.askerMarks.has(focus[r.at + r.len] ?? '') ||
      (r.at > 0 && MY.has(focus[r.at - 1]!));
    // At the start, or after an English auxiliary ("can my son …").
    return owned && (r.at === 0 || (r.at <= 2 && u.askOpeners.has(focus[0]!)));
  });
}

/** "anak saya", "suamiku", "my wife": the asker names a relative of theirs. */
function relativeOfAsker(words: readonly string[], u: Understander): boolean {
  return findAll(words, u.relativeMarks).some((r) => {
    const mark = words.slice(r.at, r.at + r.len);
    const after = words[r.at + r.len];
    const before = r.at > 0 ? words[r.at - 1]! : '';
    return (
      mark.some((w) => u.askerMarks.has(w) || /ku$/.test(w)) ||
      (after !== undefined && u.askerMarks.has(after)) ||
      MY.has(before)
    );
  });
}

/** "saya anaknya", "I, his son": the asker names themself as someone's relative. */
function askerIsRelative(words: readonly string[], u: Understander): boolean {
  return findAll(words, u.relativeMarks).some((r) => {
    for (let d = 1; d <= 3 && r.at - d >= 0; d++) {
      if (!u.askerMarks.has(words[r.at - d]!)) continue;
      if (words.slice(r.at - d + 1, r.at).every((w) => u.fillers.has(w))) return true;
    }
    return false;
  });
}

function askerActor(
  words: readonly string[],
  mentions: readonly Mention[],
  u: Understander,
): Actor | undefined {
  return askerMention(words, mentions, u)?.actor;
}

/** Which small talk wins when a message has several kinds of it. */
const CHITCHAT_RANK: Record<ChitchatKind, number> = {
  other: 0,
  remark: 0,
  greet: 1,
  thanks: 2,
  salam: 3,
  complaint: 4,
  about: 5,
};

function chitchatKind(words: readonly string[], u: Understander): ChitchatKind | undefined {
  if (!words.length) return 'other';
  let kind: ChitchatKind | undefined;
  for (const w of words) {
    const k = u.chitchat.get(w);
    if (k === undefined) {
      if (u.lex.stopwords.has(w)) continue;
      return undefined;
    }
    if (kind === undefined || CHITCHAT_RANK[k] > CHITCHAT_RANK[kind]) kind = k;
  }
  return kind;
}

function isCreation(
  text: string,
  raw: readonly string[],
  words: readonly string[],
  u: Understander,
  ruleLike: boolean,
  hasActor: boolean,
): boolean {
  const any = (p: Phrases) => hasAny(raw, p) || hasAny(words, p);
  if (any(u.creationEvasion)) return true;
  if (asksBotToMake(text, u)) return true;
  // "bikinin screenshot chat palsu … buat dilaporin": a message that opens with "make me" asks for it,
  // whatever rule or report words its purpose names.
  // "damelkeun laporan palsu …", "gawekno surat …": the same in a regional word for "make me".
  if ([raw, words].some((ws) => findAll(ws, u.typedCreationVerbs).some((m) => m.at === 0))) return true;
  // "artikel netralitas asn utk web dinas", "kata kata golput", "surat keberatan hukdis": a few
  // keywords typed as into a search box, opening with a thing to write and asking no permission,
  // ask for one, whoever they name.
  if (
    findAll(words, u.writingGenres).some((m) => m.at === 0) &&
    words.filter((w) => !u.lex.stopwords.has(w)).length <= KEYWORDS_MAX &&
    !text.includes('?') &&
    !strongPermission(words, u)
  )
    return true;
  // "Buat draf gugatan ke PTUN atas SK pemberhentian PNS …", "buat bahan presentasi 5 slide …": a
  // message that opens by asking for a document asks for it, whatever rule or actor it names.
  if (
    raw[0] !== undefined &&
    u.documentOpeners.has(raw[0]) &&
    raw.slice(1, 3).some((w) => u.documentGenres.has(w))
  )
    return true;
  if (ruleLike) return false;
  // "timses ngasih bensin ke ojol biar milih paslon, itu politik uang juga?": asks what an act counts as.
  if (any(u.classification)) return false;
  // "cara bikin akun bodong" asks for harm; "cara menolak serangan fajar" asks how to resist it; "paklik
  // mau bagi uang ke warga, boleh?" and "… laporinnya ke mana?" ask whether it is allowed, what it
  // costs or where to report it.
  const asksRule =
    strongPermission(words, u) ||
    hasAny(words, u.sanctionCues) ||
    reportsIn(words, u) ||
    hasAny(words, u.breachWords);
  // "Looks like a deepfake to me but I want to confirm": a harmful thing to check, not to make.
  // "… supaya urang bingung, jar video. hoaks lah?": whether the rumour is a hoax, not one to make.
  const checks =
    any(u.confirmAsks) || any(u.truthChecks) || (text.includes('?') && endsOnClaimWord(words, u));
  if (any(u.creationHarmful) && any(u.creationRequest) && !any(u.creationPrevention) && !asksRule && !checks)
    return true;
  // "sigaplapor itu bisa buat lapor online?": "buat" before a report word is "for", not "make".
  // "Is it allowed for candidates to campaign?": "allowed for" reads as "boleh untuk", as "bisa buat"
  // (can make) does; as typed, only the latter is a verb of making ("bisa bekeng" is read as said).
  // Only worked out when a verb of making is found.
  let asksOwn: boolean | undefined;
  const ownMaking = (ws: readonly string[], at: number) => {
    const from = Math.max(0, at - 3);
    const maker = (w: string, i: number) =>
      u.ownSubjects.has(w) || u.askedToMake.has(w) || (u.askingVerbs.has(w) && asksOther(ws, from + i, u));
    // "minta bikin" is itself a verb of making: the one who asks may stand just before it.
    if (!ws.slice(from, at).some(maker) && !(u.askingVerbs.has(ws[at] ?? '') && asksOther(ws, at, u)))
      return false;
    asksOwn ??= asksAboutOwnMaking(text, raw, words, u);
    return asksOwn;
  };
  const verbFor = (ws: readonly string[], normalized = false) =>
    findAll(ws, u.creationVerbs).some(
      (m) =>
        !(normalized && m.len === 2 && ws[m.at] === 'boleh' && ws[m.at + 1] === 'untuk') &&
        !ownMaking(ws, m.at) &&
        // "… buat ASN yang komen di postingan calon": "buat" before a civil servant is "for".
        !forCivil(ws.slice(m.at + m.len, m.at + m.len + 3), u) &&
        // "PPPK boleh bikin poster …?": whether someone named may make it, not a request to the bot.
        !mayMake(ws, m.at, u) &&
        !reportsIn(ws.slice(m.at + m.len, m.at + m.len + 1), u) &&
        // "screenshot status WA bisa buat bukti gak?": "buat bukti" is "as evidence".
        !reportsIn(normalizeWords(ws.slice(m.at, m.at + m.len + 1).join(' '), u.lex), u),
    );
  const verb = verbFor(raw) || verbFor(words, true);
  const genre = any(u.creationGenres);
  if (verb) return true;
  // 'bikin pengumuman buat papan kos: "dilarang terima amplop …"': the rule quoted is the text to
  // write, not a permission asked.
  if (genre && raw[0] !== undefined && u.creationOpeners.has(raw[0]) && !forCivil(raw.slice(1, 4), u))
    return asksForOne(basicTokens(withoutQuotes(text)), u);
  // "pantun ngejek capres" asks for one; "kades posting foto pakai caption dukungan" is about the kades,
  // and "repost infografis KPU, boleh untuk akun instansi?" asks whether it is allowed.
  // "ikut teriak yel-yel paslon, masih aman?", "… itu masuk pelanggaran?": whether it is allowed.
  return (
    !hasActor &&
    any(u.creationStrong) &&
    !hasAny(raw, u.modals) &&
    !hasAny(words, u.breachWords) &&
    !words.some((w) => u.weakPermission.has(w))
  );
}

/**
 * A partisan phrase inside one sentence: "… foto sama caleg. paling parah saya kena apa?" holds no
 * "caleg paling" (the best candidate), though its words run on.
 */
function partisanSaid(text: string, u: Understander): boolean {
  let permission: boolean | undefined;
  const asksPermission = () => {
    permission ??= strongPermission(normalizeWords(text, u.lex), u);
    return permission;
  };
  return text.split(SENTENCE_BREAK).some((s) => {
    const words = normalizeWords(s, u.lex);
    return findAll(words, u.partisan).some(
      (m) =>
        // "bebas dukung siapa saja": whoever one likes, not whom to back.
        !anyoneAfter(words, m, u) &&
        // "kasih love2 sama komen": a like given.
        !(words[m.at] === 'suka' && u.likeGivers.has(words[m.at - 1] ?? '')) &&
        // "orang bilang … jadi harus pilih dia. itu boleh?": what someone said, asked about, is the act.
        !(words.slice(0, m.at).some((w) => u.speechVerbs.has(w)) && asksPermission()),
    );
  });
}
const SENTENCE_BREAK = /[.!?\n]+/;

/** A phrase ending in a "who" word followed by "saja"/"aja": anyone, not whom. */
function anyoneAfter(words: readonly string[], m: Span, u: Understander): boolean {
  return u.whoWords.has(words[m.at + m.len - 1] ?? '') && u.anyoneMarks.has(words[m.at + m.len] ?? '');
}

function isPartisan(words: readonly string[], u: Understander, actor: Actor, asks: boolean): boolean {
  const named = findAll(words, u.candidates);
  if (!asks) {
    // "anies atau ganjar yg lebih peduli guru", "01 vs 02": two sides compared, whoever else is named.
    for (let i = 1; i < named.length; i++) {
      const between = words.slice(named[i - 1]!.at + named[i - 1]!.len, named[i]!.at);
      if (between.length <= 2 && between.some((w) => u.versus.has(w))) return true;
    }
    // "capres yg paling netral ke ASN siapa", "calon bupati mana yg bakal angkat kami": which of them.
    if (named.length && hasAny(words, u.partisanWho) && hasAny(words, u.superlatives)) return true;
    // "partai yg bela pensiunan polri apa", "caleg mana yg peduli petani": a message that opens by
    // picking among candidates or parties, with no permission, penalty or report asked.
    const first = named[0];
    if (first?.at === 0 && u.pickers.has(words[first.len] ?? '')) return true;
    // "Pilih yang muda atau yang sudah berpengalaman?", "pilih yang kasih uang atau yang janji bangun
    // jalan?": a message that opens with a pick between two kinds of candidate.
    if (
      findAll(words, u.partisanPick).some((m) => m.at === 0) &&
      words.some((w, i) => i > 0 && u.alternatives.has(w) && u.relativePronouns.has(words[i + 1] ?? ''))
    )
      return true;
  }
  // "pilkada jakarta yang menang siapa", "bingung mau coblos siapa": who to pick, who wins, whoever
  // else is named ("calon kepala desa ada 3, siapa yang sebaiknya didukung?"). A permission,
  // sanction or report word makes it a question about a rule ("siapa yang boleh ...").
  const target = named.length > 0 || hasAny(words, u.races) || hasAny(words, u.partisanPick);
  // "asn di bilik suara bebas milih siapa aja?": free to pick whoever one likes, not whom to pick
  // ("enaknya nyoblos siapa aja nih" still asks for names).
  const free = hasAny(words, u.allowanceWords);
  const whoAsked = findAll(words, u.partisanWho).some((m) => !(free && anyoneAfter(words, m, u)));
  if (
    !asks &&
    target &&
    (whoAsked || u.partisanWhoFirst.has(words[0] ?? '')) &&
    hasAny(words, u.partisanPick) &&
    !hasAny(words, u.rightWords)
  )
    return true;
  // "prabowo orangnya gimana" asks for a view; "pns like postingan capres" is about the civil servant.
  // A retiree is a private citizen again ("calon bupati yg mantan kepala dinas itu bagus gk?").
  const aboutSomeoneElse =
    actor !== 'none' && actor !== 'citizen' && actor !== 'candidate' && actor !== 'retiree';
  if (aboutSomeoneElse) return false;
  const not = findAll(words, u.opinionNot);
  // "calon boleh menyampaikan visi misi di jaba pura?": where or when a candidate presents a
  // platform, asked with a permission word, is a rule question about the candidate's conduct.
  const platform = findAll(words, u.platform);
  const presented = asks && strongPermission(words, u);
  const opinion = findAll(words, u.opinions).some(
    (o) => !within(not, o.at) && !(presented && within(platform, o.at)) && !skillSaid(words, o.at, u),
  );
  // "follow akun capres biar tau programnya, dilarang?" asks whether following is allowed.
  return named.length > 0 && opinion && !hasAny(words, u.breachWords);
}

/**
 * "bener TNI gak ikut nyoblos?", "heard police dont vote??": a question opening with "is it true"
 * asks whether what follows is true. Read as typed ("real talk, what's the max penalty" is no
 * claim), and only where no rule is asked ("beneran anak PNS ga boleh kampanye?" asks the rule).
 */
function opensClaim(
  focus: string,
  focusWords: readonly string[],
  words: readonly string[],
  u: Understander,
  ruleLike: boolean,
): boolean {
  const typed = basicTokens(focus);
  if (typed.length < 3 || !u.claimOpeners.has(typed[0]!)) return false;
  // "sanksi moral itu apa? beneran cuma diumumin?" asks more about a penalty; "bener kan paslon 02
  // lebih cocok?" wants agreement, and "bener dia pasti menang?" a prediction.
  if (ruleLike || hasAny(words, u.sanctionCues) || typed[1] === 'kan') return false;
  return !hasAny(focusWords, u.partisan);
}

/** A claim word ("katanya", "bener ga") or a request to confirm ("ada yg bisa konfirmasi?"). */
function asksToCheck(words: readonly string[], u: Understander): boolean {
  return hasAny(words, u.claimCues) || hasAny(words, u.confirmAsks);
}

function isClaim(words: readonly string[], u: Understander, ruleLike: boolean): boolean {
  if (asksToCheck(words, u)) return true;
  // "pns boleh share info kpu yang benar?" asks a rule; only a plain claim ends in "benar?".
  // "batas waktu lapor ke bawaslu berapa hari sejak kejadian?" asks a deadline.
  if (ruleLike || hasAny(words, u.reportCues) || hasAny(words, u.sanctionCues)) return false;
  return endsOnClaimWord(words, u);
}

/** "… video jokowi mandarin asli?", "… 02 menang. benar ka?": the last word asks whether it is true. */
function endsOnClaimWord(words: readonly string[], u: Understander): boolean {
  // An eastern "ka" or "to" (Banjar "lah") after the claim word is its question tag.
  const content = words.filter(
    (w, i) =>
      (!u.lex.stopwords.has(w) || u.claimEndings.has(w)) &&
      !(i === words.length - 1 && u.claimEndTags.has(w)),
  );
  const last = content.at(-1);
  return last !== undefined && u.claimEndings.has(last) && content.length >= 3;
}

/**
 * Every word of the question sentence is an actor, a candidate, a permission or question word, a
 * stopword or a general act of campaigning, and there is such an act: nothing more specific asked.
 */
function isGeneralAct(words: readonly string[], u: Understander): boolean {
  const acts = findAll(words, u.generalActs);
  // A yes/no question ("boleh?", "gpp?") or what it means; "asn kampanye gimana" is too vague.
  const definition = findAll(words, u.definition);
  if (!acts.length || !(hasAny(words, u.permission) || definition.length)) return false;
  const covered = new Set<number>();
  const cover = (spans: readonly { at: number; len: number }[]) => {
    for (const m of spans) for (let i = m.at; i < m.at + m.len; i++) covered.add(i);
  };
  cover(acts);
  cover(mentionsOf(words, u));
  cover(findAll(words, u.candidates));
  cover(findAll(words, u.permission));
  cover(findAll(words, u.askerSame));
  cover(definition);
  return words.every(
    (w, i) =>
      covered.has(i) ||
      u.lex.stopwords.has(w) ||
      u.questionWords.has(w) ||
      u.askerMarks.has(w) ||
      u.fillers.has(w) ||
      u.chitchat.has(w),
  );
}

/** The strongest greeting, thanks or salam word in a message that has other words too. */
function smallTalkIn(
  text: string,
  tokens: (s: string) => readonly string[],
  u: Understander,
): ChitchatKind | undefined {
  const words = tokens(text);
  let best: ChitchatKind | undefined;
  for (const w of words) {
    const k = u.chitchat.get(w);
    if (k && SMALL_TALK.has(k) && (!best || CHITCHAT_RANK[k] > CHITCHAT_RANK[best])) best = k;
  }
  // "capek jadi ASN, curhat aja": a story with no greeting in it is small talk of its own kind.
  // A phrase counts inside one clause: "… ga ada kabar ya, udah seminggu" holds no "ya udah".
  const strong =
    u.smallTalkStrong.in(words) &&
    text.split(CLAUSE_BREAK).some((clause) => u.smallTalkStrong.in(tokens(clause)));
  return strong ? (best ?? 'remark') : undefined;
}
const CLAUSE_BREAK = /[.!?\n,;:]+/;
/** An amount as typed: "rp100", "50k", "100rb", "2jt". */
const AMOUNT = /^(rp\d+|\d+(k|rb|ribu|jt|juta))$/;
const normalized = (u: Understander) => (s: string) => normalizeWords(s, u.lex);
const SMALL_TALK: ReadonlySet<ChitchatKind> = new Set<ChitchatKind>(['greet', 'thanks', 'salam']);

/** A laughing emoji anywhere (tokens drop emoji, so the text is searched as it is). */
function laughs(text: string, u: Understander): boolean {
  return u.laughterEmoji.some((e) => text.includes(e));
}

/**
 * Question words as typed, with their slang ("gmn", "knp"), but not the English ones the slang maps
 * to them ("what" reads as "apa"): those ask only where they open a clause.
 */
function askWordsAsTyped(asks: readonly string[], english: readonly string[], lex: Lexicon): Set<string> {
  const out = new Set(asks.flatMap(basicTokens));
  const openers = new Set(english.flatMap(basicTokens));
  for (const [variant, canonical] of lex.slang) {
    if (canonical.length === 1 && out.has(canonical[0]!) && !variant.includes(' ') && !openers.has(variant))
      out.add(variant);
  }
  return out;
}

/** Asked outright: a question mark, a question word or a permission word ("boleh"). */
function asksDirectly(text: string, words: readonly string[], u: Understander): boolean {
  return questionMarked(text, words, u, true) || strongPermission(words, u);
}

/**
 * Thanks name what the answer was about ("makasih penjelasan sanksinya"): after them only a question
 * mark, a question word or tag, or a modal ("boleh", "dilarang") asks again, not a rule's noun.
 */
function asksAfterThanks(text: string, words: readonly string[], u: Understander): boolean {
  // "nanti sy share ke grup ya": after thanks or praise a closing "ya" is friendly, not a question.
  // Modals as typed: "semoga ASN bisa netral" wishes, and "can't post anything" states.
  // "yaudah gpp lah, makasih": "it's fine" said to close asks nothing.
  const typed = basicTokens(text);
  const closing = findAll(typed, u.resigned);
  return questionMarked(text, words, u, false) || hasAny(outside(typed, closing), u.modals);
}

/** A question mark, a question word as typed, a clause-opening English question, or a trailing tag. */
function questionMarked(
  text: string,
  words: readonly string[],
  u: Understander,
  confirming: boolean,
): boolean {
  // What someone said ("dek ini kampanye bukan?") is reported, not asked.
  const own = withoutQuotes(text);
  return (
    own.includes('?') ||
    u.questionEmoji.some((e) => own.includes(e)) ||
    // "apa-apa diawasi", "siapa-siapa": a doubled question word means "anything", "anyone".
    basicTokens(own).some((w, i, all) => u.askWords.has(w) && all[i + 1] !== w && all[i - 1] !== w) ||
    clauseOpensWithAsk(own, u) ||
    endsWithTag(words, u, confirming) ||
    clauseAsksByTag(own, u, confirming)
  );
}

/**
 * "daftar pps, perlu izin atasan ga sih, kan cuma sampingan", "bisa ga lapor ke atasannya aja, …":
 * a clause that ends on an "or not" tag, or opens with a permission and one, asks, wherever it sits.
 */
function clauseAsksByTag(text: string, u: Understander, confirming: boolean): boolean {
  const clauses = text.split(CLAUSE_BREAK);
  // "… BOLEH GAAA 🎤 cuma pengen liat artisnya wkwk": "may or not" asks wherever it stands.
  const permissionTagged = (w: readonly string[]) =>
    w.some((x, i) => i + 1 < w.length && strongPermission([x], u) && u.questionTags.has(w[i + 1]!));
  if (clauses.length < 2) return permissionTagged(normalizeWords(text, u.lex));
  return clauses.some((clause) => {
    const w = normalizeWords(clause, u.lex);
    if (permissionTagged(w)) return true;
    return endsWithTag(w, u, confirming);
  });
}

/**
 * "Is it allowed …", "so can a PNS …": an English auxiliary asks only where it opens a clause;
 * inside one it states ("this election is more entertaining than netflix").
 */
function clauseOpensWithAsk(text: string, u: Understander): boolean {
  return text.split(/[.!?\n,;:]+/).some((clause) => {
    const tokens = basicTokens(clause);
    const at = tokens.findIndex((w) => !u.clauseOpeners.has(w));
    // "if i accept cash am i committing a crime": an auxiliary before its subject asks anywhere.
    const inverted = tokens.some((w, i) => u.askOpeners.has(w) && u.askSubjects.has(tokens[i + 1] ?? ''));
    // "..., can't post anything": a negated auxiliary without a question mark states.
    const negated = u.auxNegations.has(tokens[at + 1] ?? '');
    return inverted || (at >= 0 && u.askOpeners.has(tokens[at]!) && !negated);
  });
}

/** "salah ga", "diizinin nggak", "sah2 aja ga sih": a trailing "or not" tag asks. */
function endsWithTag(words: readonly string[], u: Understander, confirming = true): boolean {
  let i = words.length - 1;
  for (; i >= 0 && u.tagFillers.has(words[i]!); i--) {
    // "itu deepfake ya", "berarti curang kan": a confirming particle at the end asks too.
    if (confirming && u.confirmTags.has(words[i]!) && i >= 2) return true;
  }
  return i >= 1 && u.questionTags.has(words[i]!);
}

/** Whether a message asks anything: asked outright, or a sanction, report or claim cue. */
function asksSomething(text: string, words: readonly string[], u: Understander): boolean {
  return (
    asksDirectly(text, words, u) ||
    hasAny(words, u.sanctionCues) ||
    reportsIn(words, u) ||
    hasAny(words, u.claimCues) ||
    hasAny(words, u.freeClaims)
  );
}

/** An election word outside the given spans (another domain's phrase, a person's post). */
function domainOutside(words: readonly string[], u: Understander, spans: readonly Span[]) {
  return findAll(words, u.domain).some(
    (d) => !spans.some((o) => o.at <= d.at && d.at + d.len <= o.at + o.len),
  );
}

/** An election word that is not just someone's post ("kampanye", "caleg"; not "pns" or "guru"). */
function electionNamed(words: readonly string[], u: Understander): boolean {
  // "cara lapor SPT tahunan": the report word belongs to the career phrase.
  return domainOutside(words, u, [...mentionsOf(words, u), ...findAll(words, u.career)]);
}

/** Two or more words about something, besides the words for reporting, where, and asking. */
function otherMatter(words: readonly string[], u: Understander): boolean {
  const spans = [
    ...findAll(words, u.reportCues),
    ...findAll(words, u.reportWhere),
    ...findAll(words, u.reportPlace),
  ];
  const rest = outside(words, spans).filter(
    (w) => !u.lex.stopwords.has(w) && !u.askWords.has(w) && !u.questionTags.has(w) && !/^\d+$/.test(w),
  );
  return rest.length >= 2;
}

/** "istri pak camat", "anak kades": a relative word introduces someone by this post. */
function kinOfPost(words: readonly string[], actor: Actor, u: Understander): boolean {
  const relatives = findAll(words, u.relativeMarks);
  return mentionsOf(words, u).some(
    (m) =>
      m.actor === actor &&
      relatives.some(
        (r) =>
          r.at + r.len <= m.at &&
          words.slice(r.at + r.len, m.at).every((w) => u.titles.has(w) || u.fillers.has(w)) &&
          m.at - (r.at + r.len) <= 2,
      ),
  );
}

/** Every post a neutrality rule binds that the words name, denied or not ("bukan PNS" included). */
function civilPosts(words: readonly string[], u: Understander): Mention[] {
  return u.actors
    .filter((a) => CIVIL.has(a.actor))
    .flatMap((a) => findAll(words, a.phrases).map((m) => ({ ...m, actor: a.actor })));
}

/**
 * "Istrinya bukan ASN", "adik saya kan bukan PNS": a relative said not to hold a post, and holding none
 * just after ("suami saya bukan PNS tapi PPPK" holds one). With none named, the family's civil
 * servant is why it is said ("istri saya bukan PNS, boleh pasang spanduk?").
 */
function relativeDenied(words: readonly string[], u: Understander): boolean {
  // Most messages name no relative or deny nothing: the posts are looked for only then.
  const relatives = findAll(words, u.relativeMarks);
  if (!relatives.length || !deniesSomething(words, u)) return false;
  const posts = civilPosts(words, u);
  return relatives.some((r) => {
    const end = r.at + r.len;
    // "adik bukan PNS, yang PNS kakak": "yang" gives the next post to someone else.
    const after = posts.filter((m) => m.at >= end && m.at - end <= 4 && words[m.at - 1] !== 'yang');
    const first = after[0];
    if (!first || !after.every((m) => negated(words, m, u))) return false;
    const negation = u.negations.has(words[first.at - 1]!) ? first.at - 1 : first.at - 2;
    return words.slice(end, negation).every((w) => u.fillers.has(w));
  });
}

/**
 * Someone's post denied beside someone else's post of the same kind ("his sister is not", "who isn't
 * a civil servant", with a PNS named); "karyawan BUMD bukan PNS jadi bebas" denies another kind.
 */
function postDenied(words: readonly string[], u: Understander): boolean {
  const posts = civilPosts(words, u);
  const isDenied = (m: Mention) => negated(words, m, u) || ['t', 'tidak'].includes(words[m.at - 2] ?? '');
  // Held by a relative named just before ("my husband is a civil servant", "whose dad is a PNS").
  const relatives = findAll(words, u.relativeMarks);
  const held = posts.filter(
    (m) => !isDenied(m) && relatives.some((r) => r.at < m.at && m.at - (r.at + r.len) <= 3),
  );
  const denied = posts.some((m) => isDenied(m) && held.some((h) => h.actor === m.actor));
  // "his sister is not. She …": the post left out after "is not" where a clause ends.
  const elided = words.some(
    (w, i) =>
      (w === 'tidak' || w === 't') &&
      ['is', 'isn'].includes(words[i - 1] ?? '') &&
      (i + 1 === words.length || u.clauseStarts.has(words[i + 1]!)),
  );
  return held.length > 0 && (denied || elided);
}

/**
 * A call to vote or KPU information, with no candidate named outside a phrase that says there is
 * none ("twibbon 'ayo ke TPS' dari KPU, tidak ada gambar calon").
 */
function neutralTurnout(words: readonly string[], u: Understander): boolean {
  if (!hasAny(words, u.turnoutCues)) return false;
  const rest = outside(words, findAll(words, u.noCandidate));
  // "ayo ke TPS, pilih nomor 2": a ballot number points to a candidate.
  const ballotNumber = rest.some(
    (w, i) => u.ballotMarks.has(w) && /^(\d{1,2}|tertentu|x)$/.test(rest[i + 1] ?? ''),
  );
  return !hasAny(rest, u.candidates) && !ballotNumber;
}

/**
 * "gaji pppk berapa", "cuti melahirkan pns": a civil servant's career, with no election in it. A
 * candidate or campaign team named ("mutasi pegawai yg gak dukung calon petahana") makes it one.
 */
function careerOnly(words: readonly string[], u: Understander): boolean {
  return (
    hasAny(words, u.career) &&
    !electionNamed(words, u) &&
    !mentionsOf(words, u).some((m) => m.actor === 'candidate')
  );
}

/** Every word is a stopword, a number or part of an election word ("hoaks pemilu", "pemilu 2029"). */
function subjectOnly(words: readonly string[], u: Understander): boolean {
  const spans = findAll(words, u.domain);
  return words.every((w, i) => u.lex.stopwords.has(w) || /^\d+$/.test(w) || within(spans, i));
}

/** A permission word other than the ones that name the subject ("netral", "netralitas"). */
function strongPermission(words: readonly string[], u: Understander): boolean {
  return u.permission.find(words).some((m) => !(m.len === 1 && u.weakPermission.has(words[m.at]!)));
}

/**
 * A rule word other than "bisa" and "can", which normalise to "boleh" but often ask what someone is
 * able to do: "botnya bisa dimasukin ke grup kantor gak?", "suamiku polisi ga bisa milih … pilihin satu dong".
 */
function asksRuleAsTyped(raw: readonly string[], u: Understander): boolean {
  const words = normalizeWords(raw.filter((w) => !u.ability.has(w)).join(' '), u.lex);
  return strongPermission(words, u) || hasAny(words, u.sanctionCues) || hasAny(words, u.reportCues);
}

/** "PPPK boleh bikin …": a permission word just before the verb, with a civil servant named before it. */
function mayMake(ws: readonly string[], at: number, u: Understander): boolean {
  const before = ws[at - 1];
  if (before === undefined || !u.permission.in([before]) || u.ability.has(before)) return false;
  return mentionsOf(normalizeWords(ws.slice(0, at - 1).join(' '), u.lex), u).some((m) => CIVIL.has(m.actor));
}

/**
 * Whether a message asks if something is allowed, with no plea and nothing harmful in it: then the
 * asker as the subject of a verb of making tells what they make ("saya suka bantu bikin daftar nama
 * warga untuk timses, itu gpp?"); "tolong", "dong" or a fake account asked for stay requests.
 */
function asksAboutOwnMaking(
  text: string,
  raw: readonly string[],
  words: readonly string[],
  u: Understander,
): boolean {
  const harmful = (ws: readonly string[]) =>
    findAll(ws, u.creationHarmful).some(
      (m) => !findAll(ws.slice(Math.max(0, m.at - 2), m.at), u.skillWords).length,
    );
  if (raw.some((w) => u.creationPleas.has(w)) || harmful(raw) || harmful(words)) return false;
  return text.includes('?') || strongPermission(words, u) || words.some((w) => u.weakPermission.has(w));
}

/**
 * Someone named just before the verb of asking at `at` asks it ("caleg minta …"), not the asker. A
 * citizen word ("warga", "pendamping desa") is as often the asker's own standing, so it does not count.
 */
function asksOther(ws: readonly string[], at: number, u: Understander): boolean {
  return mentionsOf(ws, u).some((m) => m.at + m.len === at && m.actor !== 'citizen');
}

/** "kita pintar edit video", "jago desain": a skill at making something, not a view of a candidate. */
function skillSaid(words: readonly string[], at: number, u: Understander): boolean {
  if (!findAll(words.slice(at, at + 2), u.skillWords).some((m) => m.at === 0)) return false;
  const next = words.slice(at + 1, at + 4);
  return hasAny(next, u.creationHarmful) || hasAny(next, u.creationVerbs) || hasAny(next, u.creationGenres);
}

/** The words after a verb of making open with a civil servant: "buat ASN …" is "for ASN". */
function forCivil(after: readonly string[], u: Understander): boolean {
  return mentionsOf(normalizeWords(after.join(' '), u.lex), u).some((m) => m.at === 0 && CIVIL.has(m.actor));
}

/** A permission or a penalty asked, as typed: reporting itself may be what a question about the bot names. */
function asksRuleBesidesReporting(raw: readonly string[], u: Understander): boolean {
  const words = normalizeWords(raw.filter((w) => !u.ability.has(w)).join(' '), u.lex);
  return strongPermission(words, u) || hasAny(words, u.sanctionCues);
}

/**
 * "mending lapor ke inspektorat aja kan?", "laporan ke bawaslu cuma masuk laci kan? jujur aja":
 * a report asked about with no candidate named, whatever word of a pick ("mending") comes with it.
 */
function reportOnly(words: readonly string[], u: Understander): boolean {
  return reportsIn(words, u) && !findAll(words, u.candidates).length;
}

/** A report word, or a form of one ("lapornya", "dilaporin"). */
function reportsIn(words: readonly string[], u: Understander): boolean {
  // "adik ipar ngancem mau lapor. apa itu beneran dilarang?": a report someone threatens is the
  // story; the question is about the act they would report.
  const threatened = (at: number) => words.slice(Math.max(0, at - 2), at).some((w) => u.reportThreats.has(w));
  return (
    findAll(words, u.reportCues).some((m) => !threatened(m.at)) ||
    words.some((w, i) => w.length > 4 && u.reportStems.has(stem(w)) && !threatened(i))
  );
}

export function understand(message: string, u: Understander, opts: UnderstandOptions = {}): Understanding {
  // "dateng rame2 ke kampanye": together, not "lagi rame" (viral), which would make it a claim.
  const text = message.replace(u.crowdDoubled, 'beramai').replace(u.addressOpening, '');
  const raw = basicTokens(text);
  const words = normalizeWords(text, u.lex);
  const { focus, context, question } = focusOf(text, u);
  // The question sentence itself names the actor first ("... guru honorer takut. Apakah kepala
  // sekolah boleh begitu?" is about the head teacher), then the sentence it leans on.
  const questionWords = normalizeWords(question, u.lex);
  const focusNorm = normalizeWords(focus, u.lex);
  const ownActor = actorOf(
    words,
    u,
    questionWords.length < focusNorm.length && actorIn(questionWords, u, true) !== 'none'
      ? questionWords
      : focusNorm,
  );
  const named = contrastedActor(focus, u) ?? civilVoteAsked(ownActor, words, questionWords, u);
  // "Anak saya (bukan PNS) mau pasang spanduk, saya sendiri PNS. Anak saya boleh kan?": the question
  // sentence is about the asker's relative, and the only civil servant named is the asker.
  // ("abang gw maju dprd gw pns boleh bantuin?" names the asker in the question itself: about them.)
  // "mamaku PNS, aku mau jadi relawan, nanti mama yg kena?": whether a relative's act falls on the
  // civil servant in the family (also when the asker names themself: "aku mahasiswa").
  const fallsOnFamily =
    (hasAny(words, u.relativeConsequence) || kinPenalised(words, u)) &&
    findAll(words, u.relativeMarks).length > 0 &&
    (CIVIL.has(named) || (named === 'citizen' && mentionsOf(words, u).some((m) => CIVIL.has(m.actor))));
  // "My husband is a civil servant, his sister is not. … Is she allowed to host …?": one relative
  // holds a post, the one asked about is said not to, and the question sentence names no post.
  const otherRelativeAsked =
    CIVIL.has(named) &&
    findAll(words, u.relativeMarks).length > 0 &&
    postDenied(words, u) &&
    !mentionsOf(questionWords, u).some((m) => CIVIL.has(m.actor)) &&
    !askerMention(words, mentionsOf(words, u), u);
  // "Istri pak camat nempel stiker paslon. Istrinya bukan ASN. Apakah itu dihitung pelanggaran si
  // camat?": the act is the relative's, said to hold no post; the only post the question sentence
  // may name is the one the relative was introduced by.
  const deniedRelativeActs =
    (CIVIL.has(named) || named === 'citizen' || named === 'none') &&
    relativeDenied(words, u) &&
    !askerMention(words, mentionsOf(words, u), u) &&
    mentionsOf(questionWords, u).every((m) => !CIVIL.has(m.actor) || kinOfPost(words, m.actor, u));
  const actor =
    otherRelativeAsked ||
    deniedRelativeActs ||
    fallsOnFamily ||
    (CIVIL.has(named) &&
      relativeOfAskerOpens(questionWords, u) &&
      onlyAskerServes(words, u) &&
      !askerMention(questionWords, mentionsOf(questionWords, u), u))
      ? 'relative'
      : named;
  // Another domain's words in the question sentence: in the story around it ("Saya penerima PKH. …
  // diminta foto bareng spanduk paslon. Boleh?") they are context, not the subject.
  const offtopicWord = hasAny(normalizeWords(focus, u.lex), u.offtopic);
  // A domain word inside another domain's phrase does not count ("kampanye anti narkoba").
  const inDomain = domainOutside(words, u, findAll(words, u.offtopic));
  const focusWords = normalizeWords(focus, u.lex);
  const asks =
    hasAny(words, u.permission) ||
    hasAny(words, u.freeClaims) ||
    hasAny(words, u.sanctionCues) ||
    hasAny(words, u.reportCues);
  // Only someone a neutrality rule binds (or whose status is the question) makes it a rule question.
  const ruleLike = asks && (CIVIL.has(actor) || actor === 'retiree' || actor === 'relative');
  const base = {
    ruleLike,
    words: words.filter((w) => !u.lex.stopwords.has(w)).length,
    askerNamed: CIVIL.has(askerMention(words, mentionsOf(words, u), u)?.actor ?? 'none'),
    generalAct: isGeneralAct(focusNorm, u),
    actor,
    focus,
    context,
    asksRight: hasAny(focusWords, u.rightCues),
    asksCriminal: hasAny(focusWords, u.criminalCues),
    asksWhoSanctions: asksWhoSanctions(focusWords, u),
    asking: asksSomething(text, words, u),
    subjectOnly: subjectOnly(words, u),
    turnout: neutralTurnout(words, u),
    superiorSilent: hasAny(words, u.superiors) && hasAny(words, u.silence),
    superiorDuty: hasAny(words, u.subordinates) && hasAny(words, u.dutyAsks),
    involvesCivil: actor === 'candidate' && candidateInvolves(words, mentionsOf(words, u), u),
    moneyReceived:
      (actor === 'citizen' || actor === 'none' || actor === 'candidate') &&
      // The sentence a short "bener gitu?" leans on holds the taking ("nerima duit gapapa. bener gitu?").
      hasAny(focusWords, u.receiveWords) &&
      (hasAny(words, u.moneyWords) || words.some((w) => AMOUNT.test(w))),
    reportingDoubted: hasAny(questionWords, u.reportingActs) && hasAny(questionWords, u.neutralityDoubts),
    // One's own vote, asked in the question sentence, in the first of two questions ("Netral iku
    // artine PNS ora oleh milih ya? Terus ngopo …?"), or read beside the soldiers' rule ("TNI tidak
    // memilih, tapi PNS-nya bagaimana?"); "boleh ngajak warga ikut nyoblos?" asks about urging others.
    // "boleh pilih2 gitu?", "pilih kasih": being selective, not voting.
    asksVote:
      (hasAny(focusWords, u.voteRight) ||
        (named !== ownActor && CIVIL_SERVANTS.has(named)) ||
        (hasAny(words, u.voteRight) && hasAny(firstOfQuestions(text, u), u.voteRight))) &&
      !hasAny(focusWords, u.involveVerbs) &&
      !picky(text, raw, u),
    offtopicWord,
    inDomain,
  };
  // "ini nomor resmi bawaslu bukan?": who the bot is, whatever election word comes with it.
  // "mau follow akun pantau netral": the bot's name holds a permission word that asks nothing.
  // "is this the official election service?": the actor a word of the phrase itself names ("official")
  // is no one asked about.
  const botSpans = findAll(words, u.aboutBot);
  const reportingAsked = findAll(words, u.aboutBotReporting);
  if (
    (botSpans.length || reportingAsked.length) &&
    (reportingAsked.length ? !asksRuleBesidesReporting(raw, u) : !asksRuleAsTyped(raw, u)) &&
    !CIVIL.has(actorIn(outside(words, [...botSpans, ...reportingAsked]), u, false)) &&
    (reportingAsked.length > 0 || !reportsIn(words, u))
  )
    return { ...base, kind: 'chitchat', chitchat: 'about', asksRight: false };
  // "curhat saja, tidak usah dijawab": the writer says there is nothing to answer.
  if (hasAny(words, u.noAnswer)) return { ...base, kind: 'chitchat', chitchat: 'remark', asksRight: false };
  // "ga nyambung jawabannya min, aku nanya soal pppk": a complaint about the answer that names the
  // topic meant but asks nothing new.
  if (hasAny(words, u.answerMissed) && !text.includes('?') && !asksRuleAsTyped(raw, u))
    return { ...base, kind: 'chitchat', chitchat: 'complaint', asksRight: false };
  const chit = chitchatKind(words, u);
  if (chit) return { ...base, kind: 'chitchat', chitchat: chit, asksRight: false };
  // "makasih min, infonya membantu, sukses terus", "salam kenal, sy guru PNS baru join": a greeting or
  // thanks with no question anywhere in it is small talk, whatever election words come with it.
  // "… wkwk 😂": laughter ends a joke or a story; it does not ask.
  const greeting =
    smallTalkIn(text, normalized(u), u) ??
    smallTalkIn(text, basicTokens, u) ??
    (laughs(text, u) ? 'remark' : undefined);
  // "udah sy laporin ke panwascam, makasih arahannya": thanks for an answer mentions what it was about;
  // only a question mark, a question word or a permission word makes it a question again.
  // A joke ("zero likes allowed 😂", "lucu ya, ASN dilarang like … 🤣") names a rule to laugh at it:
  // only a question mark, a question word or a tag asks then, not the rule's own "dilarang".
  const joking = laughs(text, u) || hasAny(raw, u.jokeMarks);
  const asksAgain = joking ? questionMarked(text, words, u, false) : asksAfterThanks(text, words, u);
  if (greeting && !asksAgain) return { ...base, kind: 'chitchat', chitchat: greeting, asksRight: false };

  // "pns bikin konten caleg boleh?" is a rule question about the ASN, not a request to the bot.
  if (isCreation(text, raw, words, u, ruleLike, CIVIL.has(actor))) return { ...base, kind: 'creation' };
  if (opts.forwarded || opts.ocr || opts.claimOnly) return { ...base, kind: 'claim' };
  // Claim words count in the question sentence: "katanya wajib hadir" inside a story is reported
  // speech. A claim is checked before partisan words: "dapat 20 juta dari prabowo karena milih 02,
  // beneran?" asks about a claim, not for a recommendation.
  // "... katanya grup pribadi. Sebenernya boleh ga?": the claim word is in the sentence the question
  // leans on, and the question itself asks a rule of someone a rule binds.
  const questionNorm = normalizeWords(question, u.lex);
  // "… katanya wajib hadir. Itu boleh?": without an actor a rule binds, an election story asked
  // the same way is a rule question too, unless the question asks to confirm what was said.
  const leansOnClaim =
    (ruleLike || inDomain) &&
    questionNorm.length < focusWords.length &&
    !asksToCheck(questionNorm, u) &&
    hasAny(questionNorm, u.permission);
  // "cara ngecek berita hoaks atau bukan", "dapet broadcast aneh, lapornya kemana": how or where to
  // check or report, not a claim to check.
  const howToCheck =
    !opts.claimOnly &&
    inDomain &&
    !hasAny(words, u.procedure) &&
    // "cara lapor SPT tahunan", "cara ngecek NIP di website BKN": a civil servant's own paperwork.
    !careerOnly(words, u) &&
    ((hasAny(focusWords, u.reportWhere) && (hasAny(focusWords, u.checkWords) || reportsIn(focusWords, u))) ||
      // "ada yg nyebar hoaks katanya band kami dibayar partai. ngelapornya kemana": where to report,
      // asked in a sentence of its own after the rumour it is about.
      sentences(text).some((s) => {
        const w = normalizeWords(s, u.lex);
        return hasAny(w, u.reportWhere) && reportsIn(w, u) && !hasAny(w, u.claimCues);
      }) ||
      // "situs cek fakta yang bisa dipercaya apa saja": where to check, not a claim to check.
      (hasAny(focusWords, u.checkWhere) && hasAny(focusWords, u.checkWords)));
  if (howToCheck) return { ...base, kind: 'report' };
  // "PNS boleh share info dari KPU soal cek DPT?", "katanya asn share info kpu juga dilarang, lebay
  // gak?": KPU information shared by someone a rule binds asks the turnout rule, whatever "info dari"
  // or "katanya" comes with it.
  const turnoutRule = base.turnout && ruleLike;
  // "laporan gw katanya \"tidak memenuhi syarat\". maksudnya apa?": what was said about one's own
  // report asks what happens to it, not whether a rumour is true.
  const ownReport = hasAny(words, u.ownReport);
  if (
    !leansOnClaim &&
    !turnoutRule &&
    !ownReport &&
    (isClaim(focusWords, u, ruleLike) || opensClaim(focus, focusWords, words, u, ruleLike))
  ) {
    // "INFO GAJI 13 PNS CAIR TANGGAL 3 JUNI, bener ga?": a rumour about pay or careers, with no
    // election in it, is another domain's news.
    return { ...base, kind: careerOnly(words, u) ? 'offtopic' : 'claim' };
  }
  // Quoted words are what someone else said ("asn bikin status \"pilih nomor 2 yuk\""), not a request.
  const own = normalizeWords(withoutQuotes(text), u.lex);
  // "ngajak temen kantor milih 03 boleh ga": whether one may urge others to a pick is a rule question.
  const urgingAsked = strongPermission(own, u) && hasAny(own, u.involveVerbs);
  // "suamiku polisi ga bisa milih … pilihin satu dong": a plea for a pick after a story that asks no rule.
  const pleads = hasAny(own, u.partisanPleas) && !asksRuleAsTyped(raw, u);
  // A superior asking what to do about a subordinate's campaigning asks their duty, not for a pick.
  if (
    pleads ||
    (!ruleLike &&
      !urgingAsked &&
      !base.superiorDuty &&
      ((partisanSaid(withoutQuotes(text), u) && !reportOnly(own, u)) || isPartisan(own, u, actor, asks)))
  )
    return { ...base, kind: 'partisan' };
  // "Saya PNS, dalam hati boleh milih. Menurut min paslon mana yg paling pro ASN?": the question
  // sentence asks for a pick and no rule; the civil servant and the "boleh" are the story around it.
  const ownQuestion = normalizeWords(withoutQuotes(question), u.lex);
  // "… paslon yang paling aman dipilih biar gak kena masalah": the trouble is why they ask, not what.
  // "follow akun capres biar tau programnya, itu dilarang?": the purpose ends with its clause.
  const asked = withoutQuotes(question)
    .split(CLAUSE_BREAK)
    .flatMap((clause, i) => {
      const w = normalizeWords(clause, u.lex);
      const purpose = w.findIndex((x, j) => (i > 0 || j > 0) && u.purposeMarks.has(x));
      return purpose >= 0 ? w.slice(0, purpose) : w;
    });
  const questionAsks =
    strongPermission(asked, u) ||
    hasAny(asked, u.freeClaims) ||
    hasAny(asked, u.sanctionCues) ||
    reportsIn(asked, u);
  if (
    ruleLike &&
    !questionAsks &&
    (partisanSaid(withoutQuotes(question), u) || isPartisan(ownQuestion, u, 'none', false))
  )
    return { ...base, kind: 'partisan' };
  // "pns boleh nyoblos kan? nah menurut min enaknya nyoblos siapa yg paling mikirin guru": a
  // sentence that asks the bot's own view of whom to pick, and no rule, whatever the others ask.
  const viewAsked =
    hasAny(words, u.botView) &&
    sentences(withoutQuotes(text)).some((s) => {
      const w = normalizeWords(s, u.lex);
      return (
        hasAny(w, u.botView) &&
        hasAny(w, u.partisanWho) &&
        hasAny(w, u.partisanPick) &&
        !asksRuleAsTyped(basicTokens(s), u)
      );
    });
  if (viewAsked) return { ...base, kind: 'partisan' };
  // "kades kita dukung calon A. berarti kita ikut A aja ya biar aman bantuannya?", "pilih dia aja
  // kan aman?": going with someone, asked to be confirmed, with no permission, penalty or report typed.
  const goesWith = findAll(own, u.followVerbs).some((f) => {
    const end = f.at + f.len;
    const upTo = own.indexOf('saja', end);
    if (upTo < 0 || upTo - end < 1 || upTo - end > 2) return false;
    // Whom one goes with: a candidate word, a letter or number ("A", "02"), or "dia", "mayoritas".
    const whom = own.slice(end, upTo);
    const all = (p: Phrases) => findAll(whom, p).some((m) => m.at === 0 && m.len === whom.length);
    return all(u.candidates) || all(u.followed) || (whom.length === 1 && /^([a-z]|\d{1,2})$/.test(whom[0]!));
  });
  if (goesWith && !asksRuleAsTyped(basicTokens(withoutQuotes(text)), u)) return { ...base, kind: 'partisan' };

  if (!inDomain && offtopicWord) return { ...base, kind: 'offtopic' };
  // "min, lagi musim kampanye, harga cabe naik gak?": the election is the story, the question (its
  // last clause) is not.
  const lastClause = normalizeWords(question.split(/[,;:]/).at(-1) ?? '', u.lex);
  if (
    !asks &&
    !CIVIL.has(actor) &&
    hasAny(lastClause, u.offtopic) &&
    !domainOutside(lastClause, u, findAll(lastClause, u.offtopic))
  )
    return { ...base, kind: 'offtopic' };
  // "gimana cara cek dpt", "gaji kpps berapa": election logistics, not what anyone may do.
  // "katanya pemilu diundur, kapan jadinya?": a date asked of a claim checks the claim.
  if (
    !asks &&
    !CIVIL.has(actor) &&
    (hasAny(words, u.procedure) || (hasAny(focusWords, u.schedule) && !asksToCheck(words, u)))
  )
    return { ...base, kind: 'offtopic' };
  // "honor kpps berapa" (honor is not an honorer), "ktp hilang bisa nyoblos ga": logistics, whoever
  // the words outside the phrase name.
  const procedureSpans = findAll(words, u.procedure);
  // "caleg bagi2 saldo DANA ke nomor hp warga. itu boleh?": what a candidate may do, whatever
  // logistics words the act names.
  const candidateAsked = actor === 'candidate' && strongPermission(words, u);
  // "boleh repost infografis KPU soal cara cek DPT?": whether one may pass the logistics on.
  const turnoutAsked = base.turnout && strongPermission(words, u);
  if (
    procedureSpans.length &&
    !candidateAsked &&
    !turnoutAsked &&
    !hasAny(words, u.sanctionCues) &&
    !reportsIn(words, u)
  ) {
    // "pegawai dukcapil boleh share postingan kampanye?": the logistics word names the post's agency
    // ("honor kpps" and "akun asn digital" hold a post's word, and stay logistics).
    const civil = mentionsOf(words, u).filter((m) => CIVIL.has(m.actor));
    const postOfAgency = civil.some((m) =>
      procedureSpans.some((s) => m.at <= s.at && s.at + s.len <= m.at + m.len && s.len < m.len),
    );
    // "Saya baru diangkat PPPK. Masih boleh mencoblos?": the new post's own vote is asked.
    const voteOfPost =
      base.asksVote &&
      civil.some((m) => procedureSpans.some((s) => s.at < m.at + m.len && m.at < s.at + s.len));
    if (!postOfAgency && !voteOfPost && !CIVIL.has(actorIn(outside(words, procedureSpans), u, false)))
      return { ...base, kind: 'offtopic' };
  }
  if (careerOnly(words, u)) return { ...base, kind: 'offtopic' };
  // "PNS boleh cuti buat pulang nyoblos?": leave taken to vote is a matter of leave, whoever asks;
  // leave taken to campaign ("cuti buat bantu kampanye") is the neutrality question.
  // Soldiers and police have no vote: their leave on polling day asks their own rule.
  if (
    hasAny(words, u.leaveAsked) &&
    hasAny(words, u.leavePurposes) &&
    !hasAny(words, u.leaveExcludes) &&
    actor !== 'tni' &&
    actor !== 'polri'
  )
    return { ...base, kind: 'offtopic' };
  const sanction = hasAny(focusWords, u.sanctionCues);
  // "ipar saya mau lapor gara2 chat saya … . apa itu dilarang?": the report is the story the short
  // question leans on; the question asks whether the act is allowed.
  const reportLeans =
    questionWords.length < focusWords.length &&
    !reportsIn(questionWords, u) &&
    hasAny(questionWords, u.breachWords);
  // "What actually happens after I file a report? Does anyone follow up with me?": two questions, the
  // first about reporting and the last asking no rule or penalty of its own, follow one matter.
  const reportAskedFirst =
    !reportsIn(focusWords, u) &&
    reportsIn(firstOfQuestions(text, u), u) &&
    !strongPermission(questionWords, u) &&
    !hasAny(questionWords, u.sanctionCues) &&
    !asksWhoSanctions(questionWords, u) &&
    !hasAny(questionWords, u.breachWords);
  const report = (reportsIn(focusWords, u) && !reportLeans) || reportAskedFirst;
  // "PKH sy dicoret, lapornya kemana?", "majikan gak kasih libur, lapor ke mana?": a complaint about
  // another matter, with no election word and nobody a rule binds; "lapornya kemana?" alone follows up.
  if (report && offtopicWord && !inDomain && !CIVIL.has(actor) && otherMatter(words, u))
    return { ...base, kind: 'offtopic' };
  if (report && (!sanction || hasAny(focusWords, u.reportWhere))) return { ...base, kind: 'report' };
  if (sanction) return { ...base, kind: 'sanction' };
  // "lol this election is more entertaining than netflix", "sy coblos 03 pokoknya": a statement that
  // asks nothing and names nobody a rule binds is a remark, not a question ("pns upload video
  // kampanye di tiktok" names one, and is read as asking about them). Retrieval still checks it
  // against the known hoaxes, since a pasted hoax asks nothing either.
  // Someone named only inside quotes is a phrase mentioned ("gw kira \"netralitas asn\" nama band").
  const unquoted =
    withoutQuotes(text) === text ? actor : actorOf(normalizeWords(withoutQuotes(text), u.lex), u);
  const remark =
    !base.asking &&
    !CIVIL.has(unquoted) &&
    unquoted !== 'retiree' &&
    unquoted !== 'relative' &&
    base.words > 2;
  return { ...base, kind: 'rule', ...(remark ? { remark } : {}) };
}

/**
 * The rumour says soldiers or police may vote, with no negation around it ("polisi udah boleh
 * nyoblos lagi"; not "polisi ga boleh nyoblos", "tidak punya hak pilih" or "can't vote").
 */
export function claimsAllowed(words: readonly string[], u: Understander): boolean {
  const not = (i: number) => negationAt(words, i, u);
  // "can't vote" reads "boleh t coblos": the negation after the first word.
  return findAll(words, u.claimedAllowed).some((m) => !not(m.at - 1) && !not(m.at - 2) && !not(m.at + 1));
}

/** A word that turns an allowance round ("tidak", "belum", the "t" of "can't") at `i`. */
function negationAt(words: readonly string[], i: number, u: Understander): boolean {
  return u.claimNegations.has(words[i] ?? '');
}

/**
 * The rumour says one of the acts is allowed: an allowance word, not negated, at most two words
 * before the act ("ASN boleh me-like", "bebas dong share", "aman share konten paslon").
 */
export function claimsActAllowed(words: readonly string[], acts: Phrases, u: Understander): boolean {
  const not = (i: number) => negationAt(words, i, u);
  const actStarts = new Set(findAll(words, acts).map((m) => m.at));
  return findAll(words, u.claimedAllowance).some((m) => {
    // "aren't even allowed to like" denies; "bener ga pns boleh like" asks whether it is true.
    const asks = u.claimEndings.has(words[m.at - 3] ?? '');
    if (not(m.at - 1) || (not(m.at - 2) && !asks) || not(m.at + m.len)) return false;
    const end = m.at + m.len;
    return [end, end + 1, end + 2].some((i) => actStarts.has(i));
  });
}
