import type { AnyFlow } from '../src/core/flow';
import { hoaxFlow } from './hoax';
import { qaFlow } from './qa';

/** Every flow the bot knows; the main menu lists those with a `menu` entry, by order. */
export const allFlows: AnyFlow[] = [qaFlow, hoaxFlow];
