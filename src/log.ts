import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

let salt = 'pantau-netral';

/** Logs carry this instead of a phone number or user id: stable, so one user's lines can be followed. */
export function hashId(id: string): string {
  return createHash('sha256').update(salt).update(id).digest('hex').slice(0, 12);
}

export interface LogOptions {
  level?: string;
  salt?: string;
  /** Where lines go; standard error by default so console chat output stays clean. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LogOptions = {}): Logger {
  if (opts.salt) salt = opts.salt;
  const dest = opts.destination ?? process.stderr;
  const isTty = (dest as { isTTY?: boolean }).isTTY === true;
  const level = opts.level ?? 'info';
  // pino-pretty as a stream (not a transport thread): readable in a terminal, JSON everywhere else.
  const stream = isTty ? pretty({ destination: dest, colorize: true, sync: true }) : dest;
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['text', '*.text', 'phone', '*.phone', 'userKey', '*.userKey'], censor: '[hidden]' },
    },
    stream,
  );
}

/** A logger that writes nothing (tests, tools). */
export const silentLogger: Logger = pino({ level: 'silent' });
