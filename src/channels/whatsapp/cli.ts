import { parseArgs } from 'node:util';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { openConfiguredDatabase, reportOpenFailure, runWhenMain } from '../../cli-run';
import { type Config, loadConfig } from '../../config';
import type { Database } from '../../db/client';
import { outbox } from '../../db/schema';
import { createLogger } from '../../log';
import { safeMessage } from '../../log-errors';
import { applySecrets } from '../../secrets';
import { dbSignalKeyStore, loadConnectionStatus, loadDbAuthState, saveConnectionStatus } from './auth-store';
import { lockWhatsAppNumber, WhatsAppNumberInUseError } from './lock';

const USAGE = `Usage: npm run whatsapp -- <command> [--account <name>]
  status   login state, the last connection event, and the replies still waiting to be sent
  logout   forget the stored login (the bot must not be running); the next start links again
Opens the database like the bot does (DATABASE_URL, else DATA_DIR). Works while the bot runs
(status) on PostgreSQL; on PGlite stop the bot first (the data folder is locked).`;

export interface WhatsAppCliDeps {
  out: (s: string) => void;
  err: (s: string) => void;
  open?: () => Promise<Database>;
  config?: Config;
  now?: () => Date;
}

const ago = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
};

async function status(database: Database, account: string, now: Date): Promise<string[]> {
  const auth = await loadDbAuthState(database, { account });
  const creds = auth.state.creds;
  const lines = [`WhatsApp account "${account}"`];
  lines.push(
    creds.registered && creds.me?.id
      ? `  login: linked as ${creds.me.id.split(/[:@]/)[0]}`
      : '  login: not linked (`npm start` shows a QR code, or set WHATSAPP_PAIRING_NUMBER for a pairing code)',
  );
  const last = await loadConnectionStatus(database, account);
  if (!last) lines.push('  last connection event: none recorded');
  else {
    const since = new Date(last.since);
    const extra = [
      last.reason ? `reason ${last.reason}` : '',
      last.exitCode ? `exit code ${last.exitCode}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  last connection event: ${last.state}${extra ? ` (${extra})` : ''} at ${since.toISOString()} (${ago(now.getTime() - since.getTime())} ago)`,
    );
  }
  const unsent = await database.db
    .select({
      id: outbox.id,
      createdAt: outbox.createdAt,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(and(eq(outbox.channel, 'whatsapp'), isNull(outbox.sentAt), isNull(outbox.failedAt)))
    .orderBy(asc(outbox.id));
  lines.push(`  unsent replies: ${unsent.length}`);
  for (const r of unsent.slice(0, 10)) {
    lines.push(
      `    #${r.id} queued ${ago(now.getTime() - r.createdAt.getTime())} ago, attempts ${r.attempts}${r.lastError ? `, last error: ${r.lastError.slice(0, 80)}` : ''}`,
    );
  }
  if (unsent.length > 10) lines.push(`    … and ${unsent.length - 10} more`);
  return lines;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { account: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

/** Exit codes: 0 ok, 1 failure (database, number in use), 2 bad usage or configuration. */
export async function runWhatsAppCli(argv: string[], deps: WhatsAppCliDeps): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    deps.err(`${safeMessage(e)}\n${USAGE}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (!command || parsed.values.help) {
    deps.out(`${USAGE}\n`);
    return command || parsed.values.help ? 0 : 2;
  }
  if (command !== 'status' && command !== 'logout') {
    deps.err(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const account = parsed.values.account ?? 'default';
  let database: Database;
  try {
    const config = deps.config ?? loadConfig();
    if (!deps.config) applySecrets(config);
    createLogger({ level: 'silent' });
    database = deps.open ? await deps.open() : await openConfiguredDatabase(config);
  } catch (e) {
    return reportOpenFailure(e, deps.err);
  }
  const now = deps.now ?? (() => new Date());
  try {
    if (command === 'status') {
      deps.out(`${(await status(database, account, now())).join('\n')}\n`);
      return 0;
    }
    let release: () => Promise<void>;
    try {
      release = await lockWhatsAppNumber(database, account);
    } catch (e) {
      if (!(e instanceof WhatsAppNumberInUseError)) throw e;
      deps.err('The bot is running with this number: stop it first, then log out.\n');
      return 1;
    }
    try {
      await dbSignalKeyStore(database, account).clear();
      await saveConnectionStatus(database, account, {
        state: 'logged_out',
        reason: 'logout command',
        since: now().toISOString(),
      });
    } finally {
      await release();
    }
    deps.out(
      'Stored WhatsApp login forgotten. Also remove the device on the phone (WhatsApp → Linked devices), then run `npm start` to link again.\n',
    );
    return 0;
  } finally {
    if (!deps.open) await database.close();
  }
}

runWhenMain(import.meta.url, runWhatsAppCli);
