import type { AnyFlow } from '../src/core/flow';
import { adminBroadcastFlow } from './admin-broadcast';
import { adminGuardFlow } from './admin-guard';
import { adminReportsFlow } from './admin-reports';
import { qaFlow } from './qa';
import { reportFlow } from './report';
import { screenshotFlow } from './screenshot';
import { statusFlow } from './status';
import { subscribeFlow, unsubscribeFlow } from './subscribe';

/** Every flow the bot knows; the main menu lists those with a `menu` entry, by order. */
export const allFlows: AnyFlow[] = [
  qaFlow,
  reportFlow,
  screenshotFlow,
  statusFlow,
  subscribeFlow,
  unsubscribeFlow,
  adminBroadcastFlow,
  adminReportsFlow,
  // After the admin flows: catches their words when typed by a non-admin.
  adminGuardFlow,
];
