import { adminBroadcastEffects } from './broadcast/admin';
import { subscriptionEffect } from './broadcast/subscription';
import { triageEffects } from './broadcast/triage';
import type { EffectHandlers } from './core/dispatcher';
import { dashboardLinkEffect } from './dashboard/link';
import { countAnswered, storeFeedback } from './knowledge/feedback';
import { storeGap } from './knowledge/gaps';
import { privacyEffects } from './privacy/effects';
import { handleEvidenceDiscard, handleEvidenceStore } from './reports/evidence';
import { showStatus, submitReport } from './reports/submit';

/** Every effect handler, by effect type; features add theirs here. */
export const effectHandlers: EffectHandlers = {
  'core.noop': async () => undefined,
  'qa.feedback': storeFeedback,
  'qa.answered': countAnswered,
  'qa.gap': storeGap,
  'evidence.store': handleEvidenceStore,
  'evidence.discard': handleEvidenceDiscard,
  'report.submit': submitReport,
  'report.status': showStatus,
  'broadcast.subscription': subscriptionEffect,
  'dashboard.link': dashboardLinkEffect,
  ...adminBroadcastEffects,
  ...triageEffects,
  ...privacyEffects,
};
