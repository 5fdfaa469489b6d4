import type { Outbound } from './message';

/**
 * Effects are what a pure step asks the dispatcher to do inside the message's transaction.
 * Each feature adds its own effect types by augmenting this map from its own module:
 *
 *   declare module '../core/effects' { interface EffectMap { 'report.submit': { draft: Draft } } }
 *
 * so the core never needs editing to gain a new effect.
 */
export interface EffectMap {
  /** Records that a contact asked for something no flow could serve (for content gaps). */
  'core.noop': Record<string, never>;
}

export type Effect = { [K in keyof EffectMap]: { type: K } & EffectMap[K] }[keyof EffectMap];

/** A message for a contact other than the sender (e.g. the reporter when an admin changes a status). */
export interface Notification {
  contactId: number;
  messages: Outbound[];
}

export interface EffectResult {
  replies?: Outbound[];
  notify?: Notification[];
}
