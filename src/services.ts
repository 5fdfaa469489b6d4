import type { Config } from './config';
import type { Services } from './core/flow';
import { createRegionIndex } from './reports/where';

/** Builds the pure services flows consult (indexes are built once, at start). */
export async function createServices(_config: Config): Promise<Services> {
  return { regions: await createRegionIndex() };
}
