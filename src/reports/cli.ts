import { parseArgs } from 'node:util';
import { runWhenMain } from '../cli-run';
import { ConfigError, loadConfig } from '../config';
import { t } from '../content/copy';
import { toPlainText } from '../core/markup';
import type { Locale } from '../core/message';
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
  reportTime,
  setStatus,
  showReport,
} from './admin';

const USAGE = `Usage: npm run reports -- <command>
  list [--status <status>] [--since <YYYY-MM-DD>]
  show <ticket>
  status <ticket> <baru|diverifikasi|diteruskan|ditolak|selesai> [--note "..."]
  export --format csv|json [--with-identity] [--status <status>] [--since <YYYY-MM-DD>]
  --lang id|en   language of what is printed (default: from LANG, else English)
Times are shown in the zone of the report's place (WIB, WITA or WIT; WIB when unknown).
Opens the database like the bot does (DATABASE_URL, else DATA_DIR).`;

/** The admin's language: --lang, else the terminal's LANG (id_ID → Indonesian), else English. */
function langOf(flag: string | undefined): Locale | undefined {
  if (flag === undefined)
    return (process.env.LC_ALL || process.env.LANG || '').toLowerCase().startsWith('id') ? 'id' : 'en';
  return flag === 'id' || flag === 'en' ? flag : undefined;
}

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
  const locale = langOf(v.lang);
  if (!locale) {
    io.err(`--lang must be id or en\n${USAGE}\n`);
    return 2;
  }
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
          const time = reportTime(r.createdAt, r.regionCode, locale);
          const anon = r.anonymous ? `\t${t('admin.cli_anonymous', locale)}` : '';
          // Status and category stay as the codes the commands take (status <ticket> <status>).
          io.out(`${r.ticket}\t${r.status}\t${r.category}\t${time}${anon}\n`);
        }
        io.out(`${t('admin.cli_count', locale, { n: rows.length })}\n`);
        return 0;
      }
      case 'show': {
        if (!pos[0]) throw new UsageError('show needs a ticket');
        io.out(`${toPlainText(formatReport(await showReport(db, pos[0]), locale))}\n`);
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
        const set = t('admin.cli_status_set', locale, {
          ticket: r.ticket,
          status: `${r.status} (${toPlainText(t(`report.status.${r.status}`, locale))})`,
        });
        io.out(`${toPlainText(set)}${r.notified ? ` ${t('admin.cli_notified', locale)}` : ''}\n`);
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
      lang: { type: 'string' },
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

runWhenMain(import.meta.url, runCli);
