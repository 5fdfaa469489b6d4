import { parseArgs } from 'node:util';
import { runWhenMain } from '../cli-run';
import { ConfigError, loadConfig } from '../config';
import { type Database, DatabaseInUseError, openDatabase } from '../db/client';
import { createLogger } from '../log';
import { formatGap, listGaps } from './gaps';

const USAGE = `Usage: npm run qa -- gaps [--limit 20] [--since YYYY-MM-DD]
  Lists the questions the bot could not answer well (declined, clarified, 👎), similar ones grouped,
  most frequent first. Opens the database like the bot does (DATABASE_URL, else DATA_DIR).`;

/** Exit codes: 0 ok, 1 database failure, 2 bad usage or configuration. */
export async function runQaCli(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void },
  open?: () => Promise<Database>,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  const v = parsed.values;
  if (v.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'gaps') {
    io.err(`${command ? `unknown command "${command}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const limit = v.limit === undefined ? 20 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    io.err('--limit must be a whole number, at least 1\n');
    return 2;
  }
  let since: Date | undefined;
  if (v.since) {
    since = new Date(`${v.since}T00:00:00+07:00`);
    if (Number.isNaN(since.getTime())) {
      io.err('--since must be a date like 2024-01-31\n');
      return 2;
    }
  }
  let database: Database;
  try {
    database = open ? await open() : await openFromConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`Configuration error: ${e.message}\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(e instanceof DatabaseInUseError ? `${msg}\n` : `Could not open the database: ${msg}\n`);
    return 1;
  }
  try {
    const groups = await listGaps(database.db, { limit, ...(since ? { since } : {}) });
    if (!groups.length) io.out('No gaps recorded yet.\n');
    groups.forEach((g, i) => {
      io.out(formatGap(g, i + 1));
    });
    return 0;
  } finally {
    await database.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function openFromConfig(): Promise<Database> {
  const config = loadConfig();
  createLogger({ level: 'silent', salt: config.LOG_SALT });
  return openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR });
}

runWhenMain(import.meta.url, runQaCli);
