import { adminBroadcastEffects } from './broadcast/admin';
import { subscriptionEffect } from './broadcast/subscription';
import type { EffectHandlers } from './core/dispatcher';

/** Every effect handler, by effect type; features add theirs here. */
export const effectHandlers: EffectHandlers = {
  'core.noop': async () => undefined,
  'broadcast.subscription': subscriptionEffect,
  ...adminBroadcastEffects,
};
