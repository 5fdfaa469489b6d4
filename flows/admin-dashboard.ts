import { defineFlow, type FlowData } from '../src/core/flow';
import { refuse } from './admin-broadcast';

declare module '../src/core/effects' {
  interface EffectMap {
    /** A one-time login link to the web dashboard, for the admin who asked. */
    'dashboard.link': Record<never, never>;
  }
}

/** `/dasbor`: an admin gets a one-time link (10 minutes) to the web dashboard. */
export const adminDashboardFlow = defineFlow<FlowData>({
  name: 'dasbor',
  version: 1,
  triggers: [{ words: ['dasbor', 'dashboard'], adminOnly: true }],
  start(ctx) {
    if (!ctx.isAdmin) return refuse(ctx, 'dasbor');
    return { to: 'end', effects: [{ type: 'dashboard.link' }] };
  },
  steps: {},
});
