import { pathToFileURL } from 'node:url';
import { type Config, ConfigError } from './config';
import { type Database, DatabaseInUseError, openDatabase } from './db/client';
import { safeMessage } from './log-errors';

/** What an operator command writes to. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Runs an operator command when its file is the one node was started with; its result is the exit code. */
export function runWhenMain(metaUrl: string, run: (argv: string[], io: CliIo) => Promise<number>): void {
  if (!process.argv[1] || metaUrl !== pathToFileURL(process.argv[1]).href) return;
  run(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`Failed: ${safeMessage(e)}\n`);
      process.exit(1);
    },
  );
}

/** The database the configuration names: PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR. */
export function openConfiguredDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): Promise<Database> {
  return openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR });
}

/** A command that could not load its configuration or open the database says why in one line: the exit code. */
export function reportOpenFailure(e: unknown, err: (s: string) => void): number {
  if (e instanceof ConfigError) {
    err(`Configuration error: ${e.message}\n`);
    return 2;
  }
  const msg = safeMessage(e);
  err(e instanceof DatabaseInUseError ? `${msg}\n` : `Could not open the database: ${msg}\n`);
  return 1;
}
