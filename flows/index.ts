import type { AnyFlow } from '../src/core/flow';
import { adminBroadcastFlow } from './admin-broadcast';
import { adminDashboardFlow } from './admin-dashboard';
import { adminGuardFlow } from './admin-guard';
import { adminReportsFlow } from './admin-reports';
import { hoaxFlow } from './hoax';
import { privacyFlow } from './privacy';
import { privacyDeleteFlow } from './privacy-delete';
import { qaFlow } from './qa';
import { reportFlow } from './report';
import { screenshotFlow } from './screenshot';
import { statusFlow } from './status';
import { subscribeFlow, unsubscribeFlow } from './subscribe';

/**
 * Every flow the bot knows; the main menu lists those with a `menu` entry, by order. Order matters
 * for triggers: the first flow whose word matches wins, so "cek hoaks" (hoax) comes before "cek" (status).
 */
export const allFlows: AnyFlow[] = [
  qaFlow,
  hoaxFlow,
  reportFlow,
  screenshotFlow,
  statusFlow,
  subscribeFlow,
  unsubscribeFlow,
  privacyFlow,
  privacyDeleteFlow,
  adminBroadcastFlow,
  adminReportsFlow,
  adminDashboardFlow,
  // After the admin flows: catches their words when typed by a non-admin.
  adminGuardFlow,
];
