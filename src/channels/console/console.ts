import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Outbound } from '../../core/message';
import type { ChannelAdapter, InboxSink } from '../channel';
import { renderConsole } from './render';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  user: string;
  /** Interactive: a prompt and colours. Piped: each input line echoed as "> line", then the replies. */
  interactive: boolean;
  /** Shown once when an interactive chat opens. */
  banner?: string;
}

/**
 * The chat in a terminal, for trying every flow without a bot token. Lines are handled one at a
 * time; the returned promise of start() resolves when input ends and every reply is printed.
 */
export function createConsoleChannel(opts: ConsoleOptions): ChannelAdapter {
  const { output } = opts;
  // Message ids must stay unique across restarts, or a new line would look like a redelivery.
  const run = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let seq = 0;
  let rl: ReturnType<typeof createInterface> | undefined;

  const print = (messages: Outbound[]) => {
    for (const m of messages) output.write(`${renderConsole(m, opts.interactive)}\n\n`);
  };

  return {
    name: 'console',
    sender: {
      async send(_externalId, messages) {
        print(messages);
      },
    },
    async start(sink: InboxSink) {
      rl = createInterface({ input: opts.input, terminal: false });
      if (opts.interactive && opts.banner) output.write(`${renderConsole({ text: opts.banner }, true)}\n\n`);
      if (opts.interactive) output.write('> ');
      for await (const line of rl) {
        if (!opts.interactive) output.write(`> ${line}\n`);
        // Through the inbox like every channel; the next line waits until this one is answered.
        await sink.handle({
          channel: 'console',
          userKey: `console:${opts.user}`,
          messageId: `${run}-${++seq}`,
          text: line,
          locale: 'id',
          sentAtMs: Date.now(),
        });
        if (opts.interactive) output.write('> ');
      }
    },
    async stop() {
      rl?.close();
    },
  };
}
