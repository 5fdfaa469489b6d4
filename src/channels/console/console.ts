import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { InboundMedia, Locale, MediaKind, Outbound } from '../../core/message';
import { OPEN_CHOICE } from '../../core/step';
import { type ChannelAdapter, FileTooBigError, type InboxSink } from '../channel';
import { renderConsole } from './render';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  user: string;
  /**
   * Interactive: line editing and history (readline's terminal mode), a prompt and colours.
   * Piped: each input line echoed as "> line", then the replies.
   */
  interactive: boolean;
  /** Shown once when an interactive chat opens, in the user's language. */
  banner?: (locale: Locale) => string;
  /** The user's saved language (unknown on a first run). */
  locale?: () => Promise<Locale | undefined>;
  /** What the console itself says (a file that cannot be read), in the user's language. */
  say?: (key: string, locale: Locale, vars: Record<string, string>) => string;
  /** Keeps the typed lines for the up arrow across runs (interactive only). */
  historyFile?: string;
}

const HISTORY_SIZE = 500;

/** Kinds by extension only pick the size cap; the real type is decided from the bytes later. */
const KIND_BY_EXT: Record<string, MediaKind> = {
  '.jpg': 'image',
  '.jpeg': 'image',
  '.png': 'image',
  '.webp': 'image',
  '.mp4': 'video',
  '.pdf': 'document',
};

/** `/file PATH [caption]`, the path quoted when it has spaces; `~` is the home folder. */
export function parseFileCommand(line: string): { path: string; caption?: string } | undefined {
  const m = /^\/(?:file|berkas)\s+(.+)$/i.exec(line.trim());
  if (!m) return undefined;
  const rest = m[1]!.trim();
  const quoted = /^(["'])(.+?)\1\s*(.*)$/.exec(rest);
  const [path, caption] = quoted
    ? [quoted[2]!, quoted[3]!]
    : [rest.split(/\s+/)[0]!, rest.split(/\s+/).slice(1).join(' ')];
  const expanded = path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
  return { path: resolve(expanded), ...(caption.trim() ? { caption: caption.trim() } : {}) };
}

/**
 * The chat in a terminal, for trying every flow without a bot token: `/file PATH` sends a file,
 * so the report's evidence and the screenshot flow work here too. Lines are handled one at a
 * time; start() resolves when input ends (or the output is closed, as by `| head`) and every
 * reply is printed. Every line goes through the inbox like any channel's event; the next line
 * waits until this one is answered. On start the engine is told the chat opened, so a question left pending by an
 * earlier run is shown again before the first line is read.
 */
export function createConsoleChannel(opts: ConsoleOptions): ChannelAdapter {
  const { output } = opts;
  // Message ids must stay unique across restarts, or a new line would look like a redelivery.
  const run = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let seq = 0;
  let rl: Interface | undefined;
  let closed = false;

  // A reader that went away (`npm start | head`) ends the chat quietly instead of a stack trace.
  output.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed = true;
    rl?.close();
  });

  const write = (s: string) => {
    if (!closed) output.write(s);
  };
  const print = (messages: Outbound[]) => {
    for (const m of messages) write(`${renderConsole(m, opts.interactive)}\n\n`);
  };
  const locale = async (): Promise<Locale> => (await opts.locale?.().catch(() => undefined)) ?? 'id';
  const base = () => ({
    channel: 'console' as const,
    userKey: `console:${opts.user}`,
    messageId: `${run}-${++seq}`,
    locale: 'id',
    sentAtMs: Date.now(),
  });

  async function sendFile(sink: InboxSink, line: string): Promise<boolean> {
    const cmd = parseFileCommand(line);
    if (!cmd) return false;
    const info = await stat(cmd.path).catch(() => undefined);
    if (!info?.isFile()) {
      const text =
        opts.say?.('console.file_missing', await locale(), { path: cmd.path }) ?? `No such file: ${cmd.path}`;
      print([{ text }]);
      return true;
    }
    await sink.handle({
      ...base(),
      media: {
        kind: KIND_BY_EXT[extname(cmd.path).toLowerCase()] ?? 'document',
        size: info.size,
        fileName: basename(cmd.path),
        // Read only when the engine wants the bytes (after the size check), see fetchMedia.
        ref: { path: cmd.path },
      },
      ...(cmd.caption ? { text: cmd.caption } : {}),
    });
    return true;
  }

  function loadHistory(): string[] {
    if (!opts.historyFile) return [];
    try {
      return readFileSync(opts.historyFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .reverse()
        .slice(0, HISTORY_SIZE);
    } catch {
      return [];
    }
  }

  function remember(line: string) {
    if (!opts.historyFile || !line.trim()) return;
    try {
      mkdirSync(dirname(opts.historyFile), { recursive: true });
      appendFileSync(opts.historyFile, `${line.replace(/\n/g, ' ')}\n`);
    } catch {
      // History is a convenience; a read-only folder must not stop the chat.
    }
  }

  return {
    name: 'console',
    sender: {
      async send(_externalId, messages) {
        print(messages);
      },
    },
    async fetchMedia(media: InboundMedia, maxBytes: number) {
      const path = media.ref.path;
      if (typeof path !== 'string') throw new Error('console media without a path');
      const info = await stat(path);
      if (info.size > maxBytes) throw new FileTooBigError(info.size);
      return new Uint8Array(await readFile(path));
    },
    async start(sink: InboxSink) {
      rl = opts.interactive
        ? createInterface({
            input: opts.input,
            output,
            terminal: true,
            prompt: '> ',
            historySize: HISTORY_SIZE,
            history: loadHistory(),
            removeHistoryDuplicates: true,
          })
        : createInterface({ input: opts.input, terminal: false });
      // Taken now, so lines that arrive while the chat opens are buffered rather than dropped.
      const lines = rl[Symbol.asyncIterator]();
      if (opts.interactive && opts.banner) {
        write(`${renderConsole({ text: opts.banner(await locale()) }, true)}\n\n`);
      }
      // A question left pending by an earlier run comes back before the first line is read.
      await sink.handle({ ...base(), choice: OPEN_CHOICE });
      if (opts.interactive) rl.prompt();
      for (let next = await lines.next(); !next.done && !closed; next = await lines.next()) {
        const line: string = next.value;
        if (!opts.interactive) write(`> ${line}\n`);
        else remember(line);
        if (!(await sendFile(sink, line))) await sink.handle({ ...base(), text: line });
        if (opts.interactive && !closed) rl.prompt();
      }
    },
    async stop() {
      rl?.close();
    },
  };
}
