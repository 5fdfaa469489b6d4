import { createHash, randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { serializeError } from './log-errors';

export type { Logger };

// Until the configured salt is loaded, a random one: no pseudonym is ever made with a published salt.
let salt = randomBytes(24).toString('base64url');

/** Logs carry this instead of a phone number or user id: stable, so one user's lines can be followed. */
export function hashId(id: string): string {
  return createHash('sha256').update(salt).update(id).digest('hex').slice(0, 12);
}

/** The salt of every pseudonym from now on (LOG_SALT, or the one generated into the data folder). */
export function setLogSalt(value: string): void {
  salt = value;
}

export interface LogOptions {
  level?: string;
  salt?: string;
  /** Where lines go; standard error by default so console chat output stays clean. */
  destination?: NodeJS.WritableStream;
}

/** Keys that may hold a person's words or numbers; whatever they hold is replaced. */
const REDACT = ['text', '*.text', 'phone', '*.phone', 'userKey', '*.userKey', 'ticket', '*.ticket'];

const options = (level: string): pino.LoggerOptions => ({
  level,
  base: undefined,
  redact: { paths: REDACT, censor: '[hidden]' },
  // Database errors carry the statement's parameters (ids, names, report text): see log-errors.ts.
  serializers: { err: serializeError, error: serializeError },
});

export function createLogger(opts: LogOptions = {}): Logger {
  if (opts.salt) setLogSalt(opts.salt);
  const dest = opts.destination ?? process.stderr;
  const isTty = (dest as { isTTY?: boolean }).isTTY === true;
  // pino-pretty as a stream (not a transport thread): readable in a terminal, JSON everywhere else.
  const stream = isTty ? pretty({ destination: dest, colorize: true, sync: true }) : dest;
  return pino(options(opts.level ?? 'info'), stream);
}

/** A logger that writes nothing (tests, tools). */
export const silentLogger: Logger = pino(options('silent'));
