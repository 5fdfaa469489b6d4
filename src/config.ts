import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DataKeyError, parseDataKey } from './privacy/crypto';
import { resolveSecrets } from './secrets';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''], { error: 'expected 1 or 0 (true or false)' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const idList = (what: string) =>
  z
    .string()
    .regex(/^[\d\s,+]*$/, { error: `expected a comma-separated list of ${what}` })
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().replace(/^\+/, ''))
        .filter(Boolean),
    );

const int = (min: number, what: string) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int({ error: `expected ${what}` })
    .min(min, { error: `expected ${what}` });

const bytes = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, { error: 'expected a size such as 10MB or 500KB' })
  .transform((v) => {
    const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(v)!;
    const unit = (m[2] ?? 'b').toLowerCase();
    const mult = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
    return Math.round(Number(m[1]) * mult);
  });

const url = (protocols: string[], example: string) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { error: `expected a URL such as ${example}` },
  );

const dataKey = z.string().refine(
  (v) => {
    try {
      parseDataKey(v);
      return true;
    } catch (err) {
      if (err instanceof DataKeyError) return false;
      throw err;
    }
  },
  { error: 'expected 32 random bytes as base64 or 64 hex characters (make one: npm run privacy -- keygen)' },
);

/** The salt this repository once shipped as the default; anyone can reverse pseudonyms made with it. */
export const PUBLISHED_LOG_SALT = 'pantau-netral';

/** Every variable the program reads; `.env.example` documents each one. */
export const configSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user@127.0.0.1:5432/pantau').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** Unset: a random salt generated into DATA_DIR/log.salt on first start. */
  LOG_SALT: z.string().min(16, { error: 'expected at least 16 random characters' }).optional(),
  /** AES-256-GCM key for data at rest. Unset on PGlite: generated into DATA_DIR/data.key; required on PostgreSQL. */
  DATA_KEY: dataKey.optional(),
  /** Earlier keys, still used to read (comma-separated) while the re-encryption job moves rows to DATA_KEY. */
  DATA_KEY_OLD: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(dataKey))
    .default([]),

  RETENTION_UNLINKED_EVIDENCE_HOURS: int(1, 'a whole number of hours, at least 1').default(24),
  RETENTION_DRAFT_DAYS: int(1, 'a whole number of days, at least 1').default(30),
  RETENTION_SESSION_DAYS: int(1, 'a whole number of days, at least 1').default(90),
  RETENTION_CLOSED_EVIDENCE_DAYS: int(1, 'a whole number of days, at least 1').default(365),
  RETENTION_SENT_REPLIES_DAYS: int(1, 'a whole number of days, at least 1').default(7),
  /** WhatsApp messages the bot sent are kept this long, so a phone that asks for one again gets it. */
  RETENTION_WHATSAPP_SENT_DAYS: int(1, 'a whole number of days, at least 1').default(3),
  TICKET_LOOKUPS_PER_HOUR: int(1, 'a whole number, at least 1').default(20),

  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, { error: 'expected a bot token like 123456:ABC-def from @BotFather' })
    .optional(),
  TELEGRAM_WEBHOOK_URL: url(['https:', 'http:'], 'https://bot.example.org/telegram').optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'expected 1-256 characters of A-Z, a-z, 0-9, _ or -' })
    .optional(),
  /** Set (and different from the HTTP port): a second listener, on all interfaces, serving only the webhook. */
  TELEGRAM_WEBHOOK_PORT: int(1, 'a TCP port number')
    .max(65535, { error: 'expected a TCP port number' })
    .optional(),
  TELEGRAM_API_ROOT: url(['https:', 'http:'], 'http://127.0.0.1:8081').optional(),

  WHATSAPP_ENABLED: bool.default(false),
  WHATSAPP_PAIRING_NUMBER: z
    .string()
    .regex(/^\+?\d{8,15}$/, { error: 'expected a phone number with country code, e.g. 6281234567890' })
    .transform((v) => v.replace(/^\+/, ''))
    .optional(),

  /** WhatsApp Cloud API (Meta's official transport): runs when the token and phone number id are set. */
  WHATSAPP_CLOUD_TOKEN: z.string().min(1).optional(),
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{5,30}$/, {
      error: 'expected the numeric phone number id from the Meta app (WhatsApp > API setup)',
    })
    .optional(),
  /** Signs every webhook Meta posts (X-Hub-Signature-256); Meta app > Settings > Basic > App secret. */
  WHATSAPP_CLOUD_APP_SECRET: z.string().min(1).optional(),
  /** Any string you choose, typed again in the Meta app's webhook settings. */
  WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().min(1).optional(),
  WHATSAPP_CLOUD_API_ROOT: url(['https:', 'http:'], 'https://graph.facebook.com/v23.0')
    .transform((v) => v.replace(/\/+$/, ''))
    .default('https://graph.facebook.com/v23.0'),
  /** An approved template for broadcasts outside the 24-hour window, as name:language (one body parameter). */
  WHATSAPP_CLOUD_BROADCAST_TEMPLATE: z
    .string()
    .regex(/^[a-z0-9_]+:[A-Za-z_]{2,10}$/, {
      error: 'expected name:language of an approved template, e.g. pengumuman:id',
    })
    .transform((v) => {
      const [name, language] = v.split(':') as [string, string];
      return { name, language };
    })
    .optional(),
  /** Upper bound on broadcast sends per second (Meta's default throughput is 80/s per number). */
  WHATSAPP_CLOUD_RATE_PER_SECOND: int(1, 'a whole number of messages per second').default(20),

  ADMIN_TELEGRAM_IDS: idList('Telegram user ids').default([]),
  ADMIN_WHATSAPP_NUMBERS: idList('phone numbers with country code').default([]),

  MAX_TEXT_LENGTH: int(100, 'a whole number of characters, at least 100').default(4000),
  MAX_IMAGE_BYTES: bytes.default(10 * 1024 * 1024),
  MAX_DOCUMENT_BYTES: bytes.default(20 * 1024 * 1024),
  MAX_VIDEO_BYTES: bytes.default(16 * 1024 * 1024),
  REPORTS_PER_DAY: int(1, 'a whole number, at least 1').default(5),

  TELEGRAM_RATE_PER_SECOND: int(1, 'a whole number of messages per second').default(25),
  /** Per chat: after a burst of 3 bubbles, at most one bubble per this interval (0: no pacing). */
  TELEGRAM_CHAT_INTERVAL_MS: int(0, 'a whole number of milliseconds').default(1000),
  /** Every Bot API call, Graph API call and file download gives up after this long. */
  PLATFORM_TIMEOUT_MS: int(100, 'a whole number of milliseconds, at least 100').default(10_000),
  /**
   * Replies, bot-wide: with one bubble per turn and the jitter at its worst, 120 a minute still
   * answers 60 people a minute. Broadcasts have their own, slower pace (sender.ts).
   */
  WHATSAPP_RATE_PER_MINUTE: int(1, 'a whole number of messages per minute').default(120),
  WHATSAPP_JITTER_MS: int(0, 'a whole number of milliseconds').default(500),
  WHATSAPP_DAILY_CAP: int(1, 'a whole number of messages per day').default(1000),
  WHATSAPP_CHAT_INTERVAL_MS: int(0, 'a whole number of milliseconds').default(1000),
  /**
   * Messages that arrived while the bot was offline come back as `append` upserts; those younger
   * than this are answered (older ones are history, not a conversation waiting for us).
   */
  /** Ask web.whatsapp.com for the current WhatsApp Web version at start (else baileys' built-in one). */
  WHATSAPP_FETCH_VERSION: bool.default(true),
  WHATSAPP_APPEND_WINDOW_HOURS: int(0, 'a whole number of hours').default(24),

  CONSOLE_USER: z.string().min(1).default('local'),

  /** Handled event ids are remembered this long (deduplication), then forgotten. */
  INBOX_RETENTION_DAYS: int(1, 'a whole number of days, at least 1').default(30),
  /** Events handled at once by one process. */
  WORKER_CONCURRENCY: int(1, 'a whole number, at least 1').default(8),
  /** Run no channel: only handle events other processes stored (one poller, N workers). */
  WORKER_ONLY: bool.default(false),
  /**
   * Only receive and store (webhook or polling): no handling, no sending. Workers (`WORKER_ONLY`)
   * take what it stores, woken at once by a notification; acknowledgements never wait for handling.
   */
  INGRESS_ONLY: bool.default(false),
  /** A statement that runs longer is cancelled (PostgreSQL). */
  DB_STATEMENT_TIMEOUT_MS: int(100, 'a whole number of milliseconds, at least 100').default(30_000),
  /** Giving up on reaching the database after this long, at start and on reconnects. */
  DB_CONNECT_TIMEOUT_MS: int(100, 'a whole number of milliseconds, at least 100').default(10_000),
  /** A graceful stop that takes longer exits anyway: what is left waits in the inbox and outbox. */
  SHUTDOWN_TIMEOUT_MS: int(100, 'a whole number of milliseconds, at least 100').default(25_000),

  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset: 8080 when a platform channel runs; the console chat opens no port unless it is set. */
  HTTP_PORT: int(0, 'a TCP port number').max(65535, { error: 'expected a TCP port number' }).optional(),

  /** Signs the dashboard's one-time login links. Unset: generated into DATA_DIR/dashboard.secret. */
  DASHBOARD_SECRET: z.string().min(16, { error: 'expected at least 16 random characters' }).optional(),
  /** The dashboard's address as admins reach it (links are built on it); unset: http://HTTP_HOST:HTTP_PORT. */
  DASHBOARD_URL: url(['http:', 'https:'], 'https://pantau.example.org').optional(),
  /** A dashboard session unused this long is closed. */
  DASHBOARD_IDLE_MINUTES: int(1, 'a whole number of minutes').default(30),
});

export type Config = z.infer<typeof configSchema>;

export const DEFAULT_HTTP_PORT = 8080;

export class ConfigError extends Error {}

/** Parses the environment; a bad value becomes one line naming the variable and what it expects. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty assignment in .env means "not set", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (result.success) {
    const c = result.data;
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_BOT_TOKEN) {
      throw new ConfigError('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not: expected both');
    }
    const cloud = cloudConfigProblem(c);
    if (cloud) throw new ConfigError(cloud);
    // PGlite keeps generated secrets in its data folder; PostgreSQL may serve several hosts, which
    // must share them, so there they are set explicitly.
    if (c.DATABASE_URL && !c.DATA_KEY) {
      throw new ConfigError(
        'DATA_KEY: required with DATABASE_URL (the key that encrypts personal data; make one: npm run privacy -- keygen)',
      );
    }
    if (c.DATABASE_URL && c.LOG_SALT === PUBLISHED_LOG_SALT) {
      throw new ConfigError(
        'LOG_SALT: the published default would let anyone reverse the pseudonyms; set a random value or leave it unset',
      );
    }
    if (c.INGRESS_ONLY && c.WORKER_ONLY) {
      throw new ConfigError('INGRESS_ONLY and WORKER_ONLY: a process is one or the other, not both');
    }
    if (c.INGRESS_ONLY && !c.DATABASE_URL) {
      throw new ConfigError(
        'INGRESS_ONLY: needs DATABASE_URL (the workers that handle what it stores run in other processes on the same PostgreSQL)',
      );
    }
    if (c.INGRESS_ONLY && c.WHATSAPP_ENABLED) {
      throw new ConfigError(
        'INGRESS_ONLY: not with WHATSAPP_ENABLED (WhatsApp events are handled by the process that holds the connection)',
      );
    }
    if (c.DATABASE_URL && c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
      throw new ConfigError(
        'TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL (without it anyone can post updates posing as an admin)',
      );
    }
    return c;
  }
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`${name}: ${issue.message}`);
}

const CLOUD_REQUIRED = [
  'WHATSAPP_CLOUD_TOKEN',
  'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
] as const;

/** The Cloud API channel is on when any of its four settings is; then all four are needed. */
export function whatsappCloudEnabled(c: Config): boolean {
  return CLOUD_REQUIRED.some((k) => c[k] !== undefined);
}

function cloudConfigProblem(c: Config): string | undefined {
  if (!whatsappCloudEnabled(c)) return undefined;
  const missing = CLOUD_REQUIRED.filter((k) => c[k] === undefined);
  if (missing.length) {
    const set = CLOUD_REQUIRED.filter((k) => c[k] !== undefined);
    return `${missing.join(', ')}: required with ${set.join(', ')} (the WhatsApp Cloud API channel needs all four)`;
  }
  // One contact per phone number whichever transport carries it, so replies have one way out.
  if (c.WHATSAPP_ENABLED)
    return 'WHATSAPP_ENABLED and WHATSAPP_CLOUD_TOKEN: choose one WhatsApp transport (contacts carry over when you switch)';
  return undefined;
}

/**
 * Reads `.env` (if present) under the real environment, which wins, then fills the secrets left
 * unset from the data folder (generating them on first start): DATA_KEY, LOG_SALT and, with a
 * webhook, TELEGRAM_WEBHOOK_SECRET.
 */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return resolveSecrets(parseConfig(process.env));
}
