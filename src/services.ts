import type { Config } from './config';
import type { Services } from './core/flow';
import { defaultIndex, inlineAnswerer } from './knowledge/service';
import { createRegionIndex } from './reports/where';

/** Builds the pure services flows consult (indexes are built once, at start). */
export async function createServices(_config: Config): Promise<Services> {
  const knowledge = defaultIndex();
  return { knowledge, qa: inlineAnswerer(knowledge), regions: await createRegionIndex() };
}
