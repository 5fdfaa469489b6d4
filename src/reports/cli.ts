import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { toPlainText } from '../core/markup';
import { type Database, DatabaseInUseError, openDatabase } from '../db/client';
import { createLogger } from '../log';
import { safeMessage } from '../log-errors';
import { applySecrets } from '../secrets';
import {
  exportReports,
  formatReport,
  listReports,
  parseStatus,
  ReportAdminError,
  setStatus,
  showReport,
} from './admin';

const USAGE = `Usage: npm run reports -- <command>
  list [--status <status>] [--since <YYYY-MM-DD>]
  show <ticket>
  status <ticket> <baru|diverifikasi|diteruskan|ditolak|selesai> [--note "..."]
  export --format csv|json [--with-identity] [--status <status>] [--since <YYYY-MM-DD>]
Opens the database like the bot does (DATABASE_URL, else DATA_DIR).`;

/** Exit codes: 0 ok, 1 failure (database), 2 bad usage or configuration, 3 not found. */
export async function runCli(
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
  const [command, ...pos] = parsed.positionals;
  const v = parsed.values;
  if (!command || v.help) {
    io.out(`${USAGE}\n`);
    return command || v.help ? 0 : 2;
  }
  if (!['list', 'show', 'status', 'export'].includes(command)) {
    io.err(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  let since: Date | undefined;
  if (v.since) {
    since = new Date(`${v.since}T00:00:00+07:00`);
    if (Number.isNaN(since.getTime())) {
      io.err(`--since must be a date like 2024-01-31\n`);
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
    const msg = safeMessage(e);
    io.err(e instanceof DatabaseInUseError ? `${msg}\n` : `Could not open the database: ${msg}\n`);
    return 1;
  }
  try {
    const db = database.db;
    const status = v.status ? parseStatus(v.status) : undefined;
    switch (command) {
      case 'list': {
        const rows = await listReports(db, { ...(status ? { status } : {}), ...(since ? { since } : {}) });
        for (const r of rows) {
          io.out(
            `${r.ticket}\t${r.status}\t${r.category}\t${r.createdAt.toISOString()}${r.anonymous ? '\tanonim' : ''}\n`,
          );
        }
        io.out(`${rows.length} report(s)\n`);
        return 0;
      }
      case 'show': {
        if (!pos[0]) throw new UsageError('show needs a ticket');
        io.out(`${toPlainText(formatReport(await showReport(db, pos[0])))}\n`);
        return 0;
      }
      case 'status': {
        if (!pos[0] || !pos[1]) throw new UsageError('status needs a ticket and a status');
        const r = await setStatus(db, {
          ticket: pos[0],
          status: pos[1],
          ...(v.note ? { note: v.note } : {}),
          actor: 'cli',
        });
        io.out(
          `${r.ticket} → ${r.status}${r.notified ? ' (reporter will be notified by the running bot)' : ''}\n`,
        );
        return 0;
      }
      default: {
        const format = v.format;
        if (format !== 'csv' && format !== 'json')
          throw new UsageError('export needs --format csv or --format json');
        io.out(
          await exportReports(db, {
            format,
            withIdentity: v['with-identity'] === true,
            ...(status ? { status } : {}),
            ...(since ? { since } : {}),
          }),
        );
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ReportAdminError) {
      io.err(`${e.message}\n`);
      return e.code === 'not_found' ? 3 : 2;
    }
    throw e;
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      status: { type: 'string' },
      since: { type: 'string' },
      note: { type: 'string' },
      format: { type: 'string' },
      'with-identity': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function openFromConfig(): Promise<Database> {
  const config = loadConfig();
  applySecrets(config);
  createLogger({ level: 'silent' });
  return openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2), {
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
