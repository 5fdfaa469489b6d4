import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { openConfiguredDatabase, reportOpenFailure, runWhenMain } from '../cli-run';
import { type Config, loadConfig } from '../config';
import type { Database } from '../db/client';
import { createLogger, hashId } from '../log';
import { safeMessage } from '../log-errors';
import { normalizeTicket } from '../reports/ticket';
import { applySecrets } from '../secrets';
import { newDataKey } from './crypto';
import { deleteContactData, findContactForDeletion, previewDeletion } from './delete';
import { pendingRekey, rekeyAll } from './rekey';
import { type RetentionCounts, retentionPolicy, runRetention } from './retention';

const USAGE = `Usage: npm run privacy -- <command>
  delete --ticket <PN-…> | --contact <pseudonym> [--yes]
                     delete a person's data (what the chat's "hapus data saya" does); asks first unless --yes
  retention [--dry-run]   apply the retention periods now (--dry-run: only print what would go)
  rekey [--check]         re-encrypt everything under DATA_KEY now (--check: count what is not yet)
  keygen                  print a new random key for DATA_KEY or LOG_SALT
Opens the database like the bot does (DATABASE_URL, else DATA_DIR).`;

export interface CliDeps {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Asks a yes/no question (the terminal by default). */
  confirm?: (question: string) => Promise<boolean>;
  open?: () => Promise<Database>;
  config?: Config;
  now?: () => Date;
}

class UsageError extends Error {}

const COMMANDS = ['delete', 'retention', 'rekey', 'keygen'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ticket: { type: 'string' },
      contact: { type: 'string' },
      yes: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export function formatCounts(c: RetentionCounts, dryRun: boolean): string {
  const verb = dryRun ? 'would delete' : 'deleted';
  return [
    `${dryRun ? 'Dry run: nothing was changed.' : 'Retention applied.'}`,
    `  closed reports: evidence ${verb}, text pseudonymised: ${c.closedReports}`,
    `  files no submitted report keeps (${verb}): ${c.evidence}`,
    `  abandoned drafts (${verb}): ${c.drafts}`,
    `  idle sessions (${verb}): ${c.sessions}`,
    `  sent replies (${verb}): ${c.sentReplies}`,
    `  sent WhatsApp copies (${verb}): ${c.whatsappSent}`,
    `  deleted contacts' tombstones (${verb}): ${c.tombstones}`,
  ].join('\n');
}

/** Exit codes: 0 ok, 1 failure (database), 2 bad usage or configuration, 3 not found. */
export async function runPrivacyCli(argv: string[], deps: CliDeps): Promise<number> {
  const io = deps;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    io.err(`${safeMessage(e)}\n${USAGE}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  const v = parsed.values;
  if (!command || v.help) {
    io.out(`${USAGE}\n`);
    return command || v.help ? 0 : 2;
  }
  if (!COMMANDS.includes(command)) {
    io.err(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  if (command === 'keygen') {
    io.out(`${newDataKey()}\n`);
    return 0;
  }
  let config: Config;
  let database: Database;
  try {
    if (command === 'delete' && !v.ticket === !v.contact) {
      throw new UsageError('delete needs exactly one of --ticket or --contact');
    }
    config = deps.config ?? loadConfig();
    if (!deps.config) applySecrets(config);
    createLogger({ level: 'silent' });
    database = deps.open ? await deps.open() : await openConfiguredDatabase(config);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    return reportOpenFailure(e, io.err);
  }
  const now = deps.now ?? (() => new Date());
  try {
    const db = database.db;
    if (command === 'retention') {
      const dryRun = v['dry-run'] === true;
      const counts = await runRetention(db, retentionPolicy(config), { now: now(), dryRun });
      io.out(`${formatCounts(counts, dryRun)}\n`);
      return 0;
    }
    if (command === 'rekey') {
      if (v.check) {
        const pending = await pendingRekey(db);
        const total = Object.values(pending).reduce((a, b) => a + b, 0);
        for (const [col, n] of Object.entries(pending)) if (n) io.out(`  ${col}: ${n}\n`);
        io.out(`${total} value(s) not yet under the current DATA_KEY\n`);
        return 0;
      }
      const done = await rekeyAll(db, (col, n) => io.err(`\r${col}: ${n}   `));
      const total = Object.values(done).reduce((a, b) => a + b, 0);
      io.out(`\nRe-encrypted ${total} value(s) under the current DATA_KEY\n`);
      return 0;
    }
    // delete
    const ticket = v.ticket ? normalizeTicket(v.ticket) : undefined;
    if (v.ticket && !ticket) {
      io.err(`"${v.ticket}" is not a ticket (PN-XXXX-XX)\n`);
      return 2;
    }
    const found = await findContactForDeletion(
      db,
      ticket ? { ticket } : { pseudonym: v.contact ?? '' },
      (channel, externalId) => hashId(`${channel}:${externalId}`),
    );
    if ('error' in found) {
      io.err(
        found.error === 'withdrawn'
          ? `the reporter of ${ticket} already deleted their data: nothing links the report to anyone\n`
          : `no contact found for ${ticket ?? v.contact}\n`,
      );
      return 3;
    }
    const p = await previewDeletion(db, found.contactId);
    io.out(
      [
        'Will delete: the platform id, session and drafts, Q&A feedback, subscription, queued replies,',
        `  ${p.files} file(s) they sent that no forwarded report keeps${p.draft ? ', an unfinished report' : ''}${p.subscribed ? ', an active subscription' : ''}.`,
        `Will keep: ${p.reports} submitted report(s), unlinked from them (reporter cleared, name and numbers taken out of the text)${p.forwarded ? `; ${p.forwarded} forwarded, so their files stay` : ''}.`,
        '',
      ].join('\n'),
    );
    if (!v.yes) {
      if (!deps.confirm && !process.stdin.isTTY) {
        io.err('Nothing was deleted: not a terminal, so confirm with --yes.\n');
        return 2;
      }
      const ask = deps.confirm ?? askTerminal;
      if (!(await ask('Delete now? [y/N] '))) {
        io.out('Nothing was deleted.\n');
        return 0;
      }
    }
    const r = await db.transaction((tx) => deleteContactData(tx, found.contactId, { now: now() }));
    io.out(
      `Deleted: ${r.filesDeleted} file(s), ${r.feedback} rating(s)${r.subscribed ? ', the subscription' : ''}, the session and the platform id. ${r.reports} report(s) kept without identity.\n`,
    );
    return 0;
  } finally {
    if (!deps.open) await database.close();
  }
}

async function askTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

runWhenMain(import.meta.url, runPrivacyCli);
