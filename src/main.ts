import { join } from 'node:path';
import { createApp } from './app';
import { startBroadcasts } from './broadcast/start';
import type { ChannelAdapter } from './channels/channel';
import { createConsoleChannel } from './channels/console/console';
import { platformChannels } from './channels/index';
import { ConfigError, DEFAULT_HTTP_PORT, loadConfig, whatsappCloudEnabled } from './config';
import { t } from './content/copy';
import { dashboardRoutes } from './dashboard/routes';
import { DatabaseInUseError, openDatabase } from './db/client';
import { findContact } from './db/contacts';
import { createHttpApp } from './http/app';
import { type HttpServer, startHttpServer } from './http/server';
import { createLogger } from './log';
import { safeMessage } from './log-errors';
import { startPrivacyJobs } from './privacy/jobs';
import { rekeyAll } from './privacy/rekey';
import { startOcrWorker } from './reports/ocr';
import { applySecrets } from './secrets';

/** Wiring only: configuration → database → channels → dispatcher. */
async function main(argv: string[]): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    applySecrets(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const forceConsole = argv.includes('--console');
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const log = createLogger({
    // The console chat shares the terminal: only problems are logged unless asked for more.
    level:
      config.LOG_LEVEL ??
      (forceConsole || !(config.TELEGRAM_BOT_TOKEN || config.WHATSAPP_ENABLED || whatsappCloudEnabled(config))
        ? 'warn'
        : 'info'),
    salt: config.LOG_SALT,
  });

  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({
      ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof DatabaseInUseError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    process.stderr.write(`Could not open the database: ${safeMessage(err)}\n`);
    return 1;
  }
  log.info({ db: database.kind }, 'database ready');
  if (config.DATA_KEY_OLD.length) {
    // Key rotation: platform ids are looked up by their sealed form, so they move to the new key
    // before anyone is served; everything else follows in the background (src/privacy/jobs.ts).
    const moved = await rekeyAll(database.db, undefined, 'ids');
    log.info({ values: Object.values(moved).reduce((a, b) => a + b, 0) }, 'platform ids re-encrypted');
  }

  const workerOnly = config.WORKER_ONLY && !forceConsole;
  // A worker-only process still needs the channels' senders and file readers; it just never receives.
  const platforms = forceConsole ? [] : await platformChannels(config, database, log, { workerOnly });
  const consoleChannel =
    platforms.length === 0 && !workerOnly
      ? createConsoleChannel({
          input: process.stdin,
          output: process.stdout,
          user: config.CONSOLE_USER,
          interactive,
          banner: (locale) => t('console.banner', locale),
          say: (key, locale, vars) => t(key, locale, vars),
          locale: async () => {
            const c = await findContact(database.db, 'console', config.CONSOLE_USER);
            return c ? (c.locale === 'en' ? 'en' : 'id') : undefined;
          },
          historyFile: join(config.DATA_DIR, 'console_history'),
        })
      : undefined;
  const channels: ChannelAdapter[] = consoleChannel ? [consoleChannel] : platforms;
  // Receiving and storing only: handling, sending, OCR and background jobs belong to the workers.
  const ingressOnly = config.INGRESS_ONLY && !forceConsole;
  if (ingressOnly && consoleChannel) {
    process.stderr.write(
      'INGRESS_ONLY: no channel to receive from; set TELEGRAM_BOT_TOKEN or the WhatsApp Cloud API settings.\n',
    );
    await database.close();
    return 2;
  }
  const app = await createApp({ config, database, channels, log });
  const stopOcr = ingressOnly ? async () => {} : startOcrWorker({ database, log });

  let stopping = false;
  let broadcasts: Awaited<ReturnType<typeof startBroadcasts>> | undefined;
  const servers: HttpServer[] = [];
  let stopPump = () => {};
  /** Graceful: stop receiving, finish the events in hand and their replies, then close. */
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info('stopping: finishing messages in hand');
    for (const ch of channels) await ch.stop().catch(() => {});
    await app.dispatcher.stop().catch((err) => log.warn({ err }, 'stopping the workers failed'));
    stopPump();
    await broadcasts?.stop().catch(() => {});
    for (const server of servers) await server.close().catch(() => {});
    await stopOcr();
    await database.close();
  };
  // A stop stuck on a dead backend must not outlive the supervisor's patience: nothing is lost by
  // exiting, since unfinished events stay in the inbox and unsent replies in the outbox.
  const stopWithin = () => {
    const deadline = setTimeout(() => {
      log.warn(
        { ms: config.SHUTDOWN_TIMEOUT_MS },
        'stopping took too long; exiting with work left in the inbox',
      );
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stopWithin);
  process.once('SIGTERM', stopWithin);

  if (!ingressOnly) {
    await app.dispatcher.drainOutbox().catch((err) => log.warn({ err }, 'outbox drain at start failed'));
    stopPump = app.dispatcher.startOutboxPump();
  }
  // The console chat is for trying the bot: it opens a port only when asked to.
  if (!consoleChannel || config.HTTP_PORT !== undefined) {
    const port = config.HTTP_PORT ?? config.TELEGRAM_WEBHOOK_PORT ?? DEFAULT_HTTP_PORT;
    const routes = [...channels.flatMap((c) => c.routes ?? []), dashboardRoutes({ database, config, log })];
    const health = () => app.dispatcher.health();
    const channelStates = () =>
      Object.fromEntries(channels.flatMap((c) => (c.status ? [[c.name, c.status()]] : [])));
    const listen = async (appToServe: Parameters<typeof startHttpServer>[0], host: string, p: number) => {
      try {
        const server = await startHttpServer(appToServe, { host, port: p });
        servers.push(server);
        log.info({ host, port: server.address.port }, 'http listening');
        return true;
      } catch (err) {
        process.stderr.write(
          `Could not listen on ${host}:${p}: ${err instanceof Error ? err.message : String(err)}. Set HTTP_PORT to a free port.\n`,
        );
        return false;
      }
    };
    if (
      !(await listen(
        createHttpApp({ database, log, routes, health, channels: channelStates }),
        config.HTTP_HOST,
        port,
      ))
    ) {
      await stop();
      return 1;
    }
    // An older setup's TELEGRAM_WEBHOOK_PORT, different from the HTTP port: the webhook alone on
    // all interfaces there (as before), while /healthz and /admin stay on HTTP_HOST:HTTP_PORT.
    const hookPort = config.TELEGRAM_WEBHOOK_PORT;
    if (hookPort !== undefined && hookPort !== port && config.TELEGRAM_WEBHOOK_URL && !workerOnly) {
      const hookApp = createHttpApp({ database, log, routes, health, healthz: false });
      if (!(await listen(hookApp, '0.0.0.0', hookPort))) {
        await stop();
        return 1;
      }
    }
  }
  app.dispatcher.start();
  if (consoleChannel) {
    await consoleChannel.start(app.dispatcher.sink);
    stopPump();
    await stop();
    return 0;
  }
  // A channel that died on its own (logged out, banned, replaced) ends the process with its exit
  // code, unless another channel still serves people; a supervisor then sees it on /healthz.
  let exitWith: ((code: number) => void) | undefined;
  const exited = new Promise<number>((resolve) => {
    exitWith = resolve;
  });
  for (const ch of channels) {
    ch.onDead?.((status) => {
      const alive = channels.filter((c) => c !== ch && c.status?.().state !== 'dead');
      if (alive.length) {
        log.error(
          { channel: ch.name, reason: status.reason, alive: alive.map((c) => c.name) },
          'channel dead; the others keep running',
        );
        return;
      }
      process.stderr.write(`${ch.name} stopped (${status.reason}); exiting with code ${status.exitCode}.\n`);
      void stop().finally(() => exitWith?.(status.exitCode ?? 1));
    });
  }
  if (!workerOnly) {
    for (const ch of channels) {
      try {
        await ch.start(app.dispatcher.sink);
      } catch (err) {
        process.stderr.write(
          `Could not start ${ch.name}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        await stop();
        return 1;
      }
    }
  }
  if (!ingressOnly) {
    broadcasts = await startBroadcasts({ database, config, channels, log });
    // Retention and re-encryption: daily on the same pg-boss (src/privacy/jobs.ts).
    await startPrivacyJobs(broadcasts.boss, { database, config, log });
  }
  log.info({ channels: channels.map((c) => c.name), workerOnly, ingressOnly }, 'bot running');
  return await exited;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Fatal: ${safeMessage(err)}\n`);
    process.exit(1);
  },
);
