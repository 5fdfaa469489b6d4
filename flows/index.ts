import type { AnyFlow } from '../src/core/flow';
import { qaFlow } from './qa';
import { reportFlow } from './report';
import { screenshotFlow } from './screenshot';
import { statusFlow } from './status';

/** Every flow the bot knows; the main menu lists those with a `menu` entry, by order. */
export const allFlows: AnyFlow[] = [qaFlow, reportFlow, screenshotFlow, statusFlow];
