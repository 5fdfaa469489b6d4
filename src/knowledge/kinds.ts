/** The vocabularies the understanding stage, the topic schema and the eval share. */

export const MESSAGE_KINDS = [
  'chitchat',
  'creation',
  'partisan',
  'claim',
  'rule',
  'sanction',
  'report',
  'offtopic',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const ACTORS = [
  'asn',
  'pppk',
  'honorer',
  'tni',
  'polri',
  'retiree',
  'kades',
  'perangkat_desa',
  'bumn',
  'relative',
  'candidate',
  'citizen',
  'none',
] as const;
export type Actor = (typeof ACTORS)[number];

/** People a neutrality rule binds by their post: civil servants, soldiers and police, village officials, state-company staff. */
export const CIVIL_ACTORS: ReadonlySet<Actor> = new Set<Actor>([
  'asn',
  'pppk',
  'honorer',
  'tni',
  'polri',
  'kades',
  'perangkat_desa',
  'bumn',
]);

/** Civil servants in the wide sense: PNS, PPPK and honorer staff, who all keep the vote. */
export const CIVIL_SERVANTS: ReadonlySet<Actor> = new Set<Actor>(['asn', 'pppk', 'honorer']);

/** Kinds of message whose replies never carry a verdict. */
export const NO_VERDICT_KINDS: readonly MessageKind[] = ['chitchat', 'creation', 'partisan', 'offtopic'];

/** What a rule topic answers: a rule, a penalty, or where and how to report. */
export const TOPIC_ASKS = ['rule', 'sanction', 'report'] as const;

/** What a topic can be the default answer for (see `defaults` in src/knowledge/schema.ts). */
export const TOPIC_DEFAULTS = [
  ...(ACTORS.filter((a) => a !== 'none') as Exclude<Actor, 'none'>[]),
  'report',
  'report-hoax',
  'sanction',
  'criminal',
  'sanction-authority',
  'general',
  'turnout',
  'superior-silent',
  'reporting-doubted',
  'vote',
  'vote-contract',
  'military-vote',
  'money-received',
  'involver',
] as const;
export type TopicDefault = (typeof TOPIC_DEFAULTS)[number];
