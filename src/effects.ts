import type { EffectHandlers } from './core/dispatcher';
import { storeFeedback } from './knowledge/feedback';

/** Every effect handler, by effect type; features add theirs here. */
export const effectHandlers: EffectHandlers = {
  'core.noop': async () => undefined,
  'qa.feedback': storeFeedback,
};
