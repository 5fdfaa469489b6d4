import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installDataKeys, newDataKey } from '../src/privacy/crypto';

/**
 * `npm run bench`: runs every bench/*.bench.ts in turn and prints its rows. Each file exports
 * `run(): Promise<void>` and prints its own numbers and ratios. `npm run bench -- engine` runs
 * only the files whose name contains "engine".
 */
// Benches write scratch databases: a throwaway key seals them, as DATA_KEY seals the real one.
installDataKeys(process.env.DATA_KEY || newDataKey());

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();

for (const file of files) {
  const mod = (await import(`./${file}`)) as { run: () => Promise<void> };
  console.log(`\n== ${file.replace('.bench.ts', '')}`);
  await mod.run();
}
process.exit(0);
