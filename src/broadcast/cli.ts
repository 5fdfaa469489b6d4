import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fileTypeFromBuffer } from 'file-type';
import { type Config, ConfigError, loadConfig } from '../config';
import { toPlainText } from '../core/markup';
import type { ChannelName } from '../core/message';
import { type Database, DatabaseInUseError, openDatabase } from '../db/client';
import { createLogger, type Logger } from '../log';
import { safeMessage } from '../log-errors';
import { applySecrets } from '../secrets';
import { type AudienceKey, audienceChannels, audienceOf, isAudienceKey } from './audience';
import { cancelBroadcast, type Progress, progressOf } from './deliveries';
import { broadcastMessage } from './message';
import { createBroadcast, estimateSeconds, planBroadcast, startBroadcast } from './plan';
import { telegramBroadcastSender } from './senders';
import { formatDuration, totalOf } from './summary';
import { sendWakeUps, startBroadcastWorkers } from './workers';

const USAGE = `Usage: npm run broadcast -- --text-file <file> [--image <png|jpg|webp>] [--audience all|telegram|whatsapp|id|en] [--yes]
Plans the broadcast, shows the preview, the recipients and the estimated time, asks to confirm
(unless --yes), then shows progress until every delivery is done. Telegram deliveries are sent by
this process when TELEGRAM_BOT_TOKEN is set; WhatsApp deliveries by the bot process that holds the
WhatsApp connection (woken through the job queue). Opens the database like the bot (DATABASE_URL, else DATA_DIR).`;

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  /** Answers the confirmation question (default: reads a line from the terminal). */
  ask?(question: string): Promise<string>;
  /** The terminal can redraw a line (progress bar); otherwise a line every few seconds. */
  tty?: boolean;
}

export interface CliDeps {
  config?: Config;
  open?: () => Promise<Database>;
  log?: Logger;
  /** Progress refresh (default 500 ms). */
  refreshMs?: number;
}

function bar(p: Progress, width = 30): string {
  const done = p.total ? (p.total - p.pending) / p.total : 1;
  const filled = Math.round(done * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(done * 100)}%  sent ${p.sent}  failed ${p.failed}  uncertain ${p.unknown}  skipped ${p.skipped}  pending ${p.pending}  ${p.rate.toFixed(1)}/s`;
}

async function defaultAsk(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Exit codes: 0 done (or declined), 1 failure, 2 bad usage or configuration. */
export async function runBroadcastCli(argv: string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  let values: { 'text-file'?: string; image?: string; audience?: string; yes?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: {
        'text-file': { type: 'string' },
        image: { type: 'string' },
        audience: { type: 'string', default: 'all' },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const audienceKey = values.audience ?? 'all';
  if (!values['text-file'] || !isAudienceKey(audienceKey)) {
    io.err(
      `${values['text-file'] ? `unknown audience "${audienceKey}"` : '--text-file is required'}\n${USAGE}\n`,
    );
    return 2;
  }
  let config: Config;
  try {
    if (deps.config) config = deps.config;
    else {
      config = loadConfig();
      applySecrets(config);
    }
  } catch (e) {
    io.err(`Configuration error: ${e instanceof ConfigError ? e.message : String(e)}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(values['text-file'], 'utf8').trim();
  } catch {
    io.err(`cannot read ${values['text-file']}\n`);
    return 2;
  }
  if (!text) {
    io.err(`${values['text-file']} is empty\n`);
    return 2;
  }
  if (text.length > config.MAX_TEXT_LENGTH) {
    io.err(`the text has ${text.length} characters; the limit is ${config.MAX_TEXT_LENGTH}\n`);
    return 2;
  }
  let image: { mime: string; bytes: Uint8Array } | undefined;
  if (values.image) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(values.image);
    } catch {
      io.err(`cannot read ${values.image}\n`);
      return 2;
    }
    const type = await fileTypeFromBuffer(bytes);
    if (!type || !IMAGE_TYPES.includes(type.mime)) {
      io.err(`${values.image} is not a JPG, PNG or WEBP image\n`);
      return 2;
    }
    if (bytes.length > config.MAX_IMAGE_BYTES) {
      io.err(`${values.image} is larger than ${config.MAX_IMAGE_BYTES} bytes\n`);
      return 2;
    }
    image = { mime: type.mime, bytes };
  }
  const log = deps.log ?? createLogger({ level: config.LOG_LEVEL ?? 'warn' });

  let database: Database;
  try {
    database = deps.open
      ? await deps.open()
      : await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR });
  } catch (e) {
    if (e instanceof DatabaseInUseError) {
      io.err(
        `${e.message}\nWith PGlite the bot and this tool cannot run at once: stop the bot, or use PostgreSQL (DATABASE_URL).\n`,
      );
    } else io.err(`Could not open the database: ${safeMessage(e)}\n`);
    return 1;
  }
  try {
    return await run(database, config, log, io, deps, { text, image, audienceKey, yes: values.yes === true });
  } finally {
    if (!deps.open) await database.close();
  }
}

async function run(
  database: Database,
  config: Config,
  log: Logger,
  io: CliIo,
  deps: CliDeps,
  input: {
    text: string;
    image: { mime: string; bytes: Uint8Array } | undefined;
    audienceKey: AudienceKey;
    yes: boolean;
  },
): Promise<number> {
  const db = database.db;
  const audience = audienceOf(input.audienceKey);
  const id = await createBroadcast(db, {
    createdBy: 'cli',
    text: input.text,
    audience,
    ...(input.image ? { image: input.image } : {}),
  });
  const counts = await planBroadcast(db, id);
  const total = totalOf(counts);
  const preview = broadcastMessage({ text: input.text, image: input.image }, 'id');
  io.out(
    `Preview (as subscribers will see it${input.image ? `, with the image ${input.image.mime}` : ''}):\n───\n${toPlainText(preview.text)}\n───\n` +
      `Recipients: ${total} (Telegram ${counts.telegram ?? 0} · WhatsApp ${counts.whatsapp ?? 0}). Estimated time: about ${formatDuration(estimateSeconds(counts, config), 'en')}.\n`,
  );
  if (total === 0) {
    await cancelBroadcast(db, id);
    io.out('Nobody to send to: no subscribers in this audience. Nothing was sent.\n');
    return 0;
  }
  if (!input.yes && !isYes(await (io.ask ?? defaultAsk)('Send now? [y/N] '))) {
    await cancelBroadcast(db, id);
    io.out(`Broadcast #${id} discarded. Nothing was sent.\n`);
    return 0;
  }
  await startBroadcast(db, id);
  const channels = audienceChannels(audience).filter((c) => (counts[c] ?? 0) > 0);
  const here: ChannelName[] = config.TELEGRAM_BOT_TOKEN && channels.includes('telegram') ? ['telegram'] : [];
  const elsewhere = channels.filter((c) => !here.includes(c));
  const workers = here.length
    ? await startBroadcastWorkers({
        database,
        config,
        senders: { telegram: telegramBroadcastSender(config, log) },
        log,
      })
    : undefined;
  if (elsewhere.length) await sendWakeUps(database, log, elsewhere);
  io.out(
    `Broadcast #${id} started.${elsewhere.length ? ` ${elsewhere.join(' and ')} deliveries are sent by the bot process.` : ''}\n`,
  );
  try {
    let lastLine = 0;
    for (;;) {
      const p = (await progressOf(db, id))!;
      const waitingElsewhere = elsewhere.reduce((n, c) => n + (p.byChannel[c]?.pending ?? 0), 0);
      const finished = p.pending === 0 || p.status === 'cancelled';
      // The rest is the bot's share (WhatsApp at its slow pace; with PGlite it cannot even start until we exit).
      const stuck = p.pending > 0 && p.pending === waitingElsewhere;
      if (io.tty) io.err(`\r${bar(p)}`);
      else if (finished || stuck || Date.now() - lastLine > 5000) {
        io.out(`${bar(p)}\n`);
        lastLine = Date.now();
      }
      if (finished || stuck) {
        if (io.tty) io.err('\n');
        if (stuck) {
          io.out(
            database.kind === 'pglite'
              ? `${waitingElsewhere} WhatsApp deliveries wait for the bot: they go out when it starts.\n`
              : `${waitingElsewhere} WhatsApp deliveries are being sent by the bot; follow them with /siaran status.\n`,
          );
        }
        io.out(
          `Broadcast #${id}: sent ${p.sent}, failed ${p.failed}, uncertain ${p.unknown}, skipped ${p.skipped}.\n`,
        );
        return 0;
      }
      await new Promise((r) => setTimeout(r, deps.refreshMs ?? 500));
    }
  } finally {
    await workers?.stop();
  }
}

function isYes(answer: string): boolean {
  return /^(y|ya|yes|iya)$/i.test(answer.trim());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBroadcastCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    tty: process.stderr.isTTY === true,
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`Fatal: ${safeMessage(err)}\n`);
      process.exit(1);
    },
  );
}
