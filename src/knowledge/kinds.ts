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

/** Kinds of message whose replies never carry a verdict. */
export const NO_VERDICT_KINDS: readonly MessageKind[] = ['chitchat', 'creation', 'partisan', 'offtopic'];

/** What a rule topic answers: a rule, a penalty, or where and how to report. */
export const TOPIC_ASKS = ['rule', 'sanction', 'report'] as const;
