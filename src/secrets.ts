import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './config';
import { setLogSalt } from './log';
import { installDataKeys, newDataKey } from './privacy/crypto';

/**
 * Secrets that may be generated on first start live in the data folder as files only the owner can
 * read (mode 0600): `data.key`, `log.salt`, `telegram-webhook.secret`. A value set in the
 * environment always wins. Never in the database: a dump must not carry its own key.
 */
export const SECRET_FILES = {
  dataKey: 'data.key',
  logSalt: 'log.salt',
  webhookSecret: 'telegram-webhook.secret',
  dashboardSecret: 'dashboard.secret',
} as const;

/** Reads a secret file, or writes a new one with `make()`; tightens a file others could read. */
export function secretFile(dir: string, name: string, make: () => string): string {
  const abs = resolve(dir);
  const file = join(abs, name);
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const v = readFileSync(file, 'utf8').trim();
    if (v) return v;
  }
  mkdirSync(abs, { recursive: true });
  const v = make();
  writeFileSync(file, `${v}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return v;
}

/** The configuration with every secret filled in (PostgreSQL configurations already have theirs). */
export function resolveSecrets(config: Config): Config {
  const dir = config.DATA_DIR;
  const out: Config = { ...config };
  out.DATA_KEY ??= secretFile(dir, SECRET_FILES.dataKey, newDataKey);
  out.LOG_SALT ??= secretFile(dir, SECRET_FILES.logSalt, () => randomBytes(24).toString('base64url'));
  // The bot and `npm run dashboard -- link` read the same file, so a link printed while the bot
  // runs is one the bot accepts (PGlite allows one process, so the link cannot go through the database).
  out.DASHBOARD_SECRET ??= secretFile(dir, SECRET_FILES.dashboardSecret, () =>
    randomBytes(32).toString('base64url'),
  );
  if (out.TELEGRAM_WEBHOOK_URL && !out.TELEGRAM_WEBHOOK_SECRET) {
    out.TELEGRAM_WEBHOOK_SECRET = secretFile(dir, SECRET_FILES.webhookSecret, () =>
      randomBytes(32).toString('base64url'),
    );
  }
  return out;
}

/** Loads this process's keys and log salt from a resolved configuration (start of main and every CLI). */
export function applySecrets(config: Config): void {
  if (!config.DATA_KEY) throw new Error('DATA_KEY is not resolved: load the configuration with loadConfig()');
  installDataKeys(config.DATA_KEY, config.DATA_KEY_OLD);
  if (config.LOG_SALT) setLogSalt(config.LOG_SALT);
}
