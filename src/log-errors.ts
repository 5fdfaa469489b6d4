/**
 * Errors as they may be logged: no query parameters, no row contents, no request payloads.
 *
 * drizzle puts every parameter into its error message (`Failed query: …\nparams: 123,Budi,…`) and
 * keeps them in `params`; PGlite errors carry `params` and a `detail` such as
 * `Failing row contains (…)`; postgres.js keeps `parameters` (hidden, but there); telegraf errors
 * carry the request payload (chat id and message text). So an error is logged from a short list of
 * fields known to be safe, its message and stack without the `params:` part, and with any parameter
 * value that still shows up anywhere replaced by `[param]`.
 */

export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  severity?: string;
  routine?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  dataType?: string;
  description?: string;
  statusCode?: number;
  cause?: SafeError | string;
}

const SAFE_FIELDS = [
  'code',
  'severity',
  'routine',
  'schema',
  'table',
  'column',
  'constraint',
  'dataType',
  'statusCode',
] as const;

type Bag = Record<string, unknown>;

function isObject(v: unknown): v is Bag {
  return typeof v === 'object' && v !== null;
}

/** Every parameter value carried by an error or its causes, as text worth looking for. */
function paramValues(err: unknown, seen = new Set<unknown>()): string[] {
  if (!isObject(err) || seen.has(err)) return [];
  seen.add(err);
  const out: string[] = [];
  for (const key of ['params', 'parameters', 'args']) {
    let v: unknown;
    try {
      v = err[key];
    } catch {
      continue;
    }
    if (!Array.isArray(v)) continue;
    for (const p of v.flat(3)) {
      if (p === null || p === undefined || typeof p === 'boolean') continue;
      const s = p instanceof Date ? p.toISOString() : typeof p === 'object' ? safeJson(p) : String(p);
      // Short values (a status, a small number) cannot identify anyone and would blank out SQL.
      if (s.length >= 4) out.push(s);
    }
  }
  return [...out, ...paramValues(err.cause, seen)];
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

/** drizzle's `\nparams: …` runs to the end of the message. */
function dropParamsLine(text: string): string {
  const i = text.indexOf('\nparams:');
  return i === -1 ? text : text.slice(0, i);
}

function redact(text: string, values: readonly string[]): string {
  let out = text;
  // Longest first, so a value containing another is replaced whole.
  for (const v of [...values].sort((a, b) => b.length - a.length)) out = out.split(v).join('[param]');
  // A PostgreSQL detail quoted into a message: `Failing row contains (…)`, `Key (x)=(…)`.
  return out
    .replace(/Failing row contains \(.*\)/gs, 'Failing row contains (…)')
    .replace(/=\(.*?\)/g, '=(…)');
}

/** A message that is safe to print or log, for any error (also for `String(err)`-style uses). */
export function safeMessage(err: unknown): string {
  if (err instanceof Error || isObject(err)) {
    const msg = isObject(err) && typeof err.message === 'string' ? err.message : String(err);
    return redact(dropParamsLine(msg), paramValues(err));
  }
  return redact(dropParamsLine(String(err)), []);
}

function stackOf(err: Bag, header: string, values: readonly string[]): string | undefined {
  if (typeof err.stack !== 'string') return undefined;
  // Only the frames: the stack's first lines repeat the (unsafe) message.
  const frames = err.stack.split('\n').filter((l) => /^\s+at /.test(l));
  return redact([header, ...frames].join('\n'), values);
}

/** The pino serializer for `err` on every logger (src/log.ts). */
export function serializeError(err: unknown, depth = 0): SafeError | string {
  if (!isObject(err)) return safeMessage(err);
  const values = paramValues(err);
  const type =
    (typeof err.name === 'string' && err.name !== 'Error' ? err.name : undefined) ??
    (err.constructor as { name?: string } | undefined)?.name ??
    'Error';
  const message = redact(dropParamsLine(typeof err.message === 'string' ? err.message : String(err)), values);
  const out: SafeError = { type, message };
  const stack = stackOf(err, `${type}: ${message}`, values);
  if (stack) out.stack = stack;
  for (const f of SAFE_FIELDS) {
    const v = err[f];
    if (typeof v === 'string' || typeof v === 'number') (out as unknown as Bag)[f] = v;
  }
  // telegraf: the Bot API's own description, never the request payload.
  const response = err.response;
  if (isObject(response) && typeof response.description === 'string') {
    out.description = redact(response.description, values);
  }
  if (err.cause !== undefined && depth < 5) out.cause = serializeError(err.cause, depth + 1);
  return out;
}
