import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { InboxSink } from '../../../src/channels/channel';
import { createConsoleChannel, parseFileCommand } from '../../../src/channels/console/console';
import type { HandleResult } from '../../../src/core/dispatcher';
import type { Inbound } from '../../../src/core/message';

function harness(opts: { interactive: boolean; locale?: 'id' | 'en' }) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => {
    printed += d.toString();
  });
  const seen: Inbound[] = [];
  const channel = createConsoleChannel({
    input,
    output,
    user: 't',
    interactive: opts.interactive,
    banner: (l) => (l === 'en' ? 'Hello banner' : 'Halo banner'),
    locale: async () => opts.locale,
    say: (key, _l, vars) => `${key} ${vars.path}`,
  });
  // A sink that answers at once, as the dispatcher's handle() does once the event is stored and handled.
  const handle: InboxSink = {
    async accept() {},
    async handle(inbound: Inbound): Promise<HandleResult> {
      seen.push(inbound);
      const replies = inbound.text ? [{ text: `echo ${inbound.text}` }] : [];
      await channel.sender.send('t', replies);
      return { duplicate: false, replies, delivered: true };
    },
  };
  return { input, output, seen, channel, handle, printed: () => printed };
}

describe('console channel', () => {
  it('tells the engine the chat opened, before reading the first line', async () => {
    const h = harness({ interactive: false });
    const done = h.channel.start(h.handle);
    h.input.end('menu\n');
    await done;
    expect(h.seen.map((i) => i.choice ?? i.text)).toEqual(['core:open', 'menu']);
    expect(h.printed()).toContain('> menu\necho menu');
  });

  it('shows the banner in the language the user chose before', async () => {
    for (const [locale, banner] of [
      ['en', 'Hello banner'],
      [undefined, 'Halo banner'],
    ] as const) {
      const h = harness({ interactive: true, ...(locale ? { locale } : {}) });
      const done = h.channel.start(h.handle);
      h.input.end();
      await done;
      expect(h.printed()).toContain(banner);
    }
  });

  it('sends a file with /file PATH (read only when wanted) and explains a missing one', async () => {
    const path = join(tmpdir(), `pantau-console-${process.pid}.png`);
    writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const h = harness({ interactive: false });
    const done = h.channel.start(h.handle);
    h.input.end(`/file ${path} bukti kampanye\n/file /no/such/file.png\n`);
    await done;
    const file = h.seen.find((i) => i.media)!;
    expect(file.media).toMatchObject({
      kind: 'image',
      size: 4,
      fileName: `pantau-console-${process.pid}.png`,
    });
    expect(file.text).toBe('bukti kampanye');
    expect([...(await h.channel.fetchMedia!(file.media!, 1000))]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await expect(h.channel.fetchMedia!(file.media!, 3)).rejects.toThrow(/size limit/);
    expect(h.printed()).toContain('console.file_missing /no/such/file.png');
    expect(h.seen.filter((i) => i.media)).toHaveLength(1);
  });

  it('reads quoted paths with spaces and ~ for the home folder', () => {
    expect(parseFileCommand('/file "/tmp/my shot.png" ini buktinya')).toEqual({
      path: '/tmp/my shot.png',
      caption: 'ini buktinya',
    });
    expect(parseFileCommand('/file ~/a.pdf')?.path).toMatch(/\/a\.pdf$/);
    expect(parseFileCommand('/file')).toBeUndefined();
    expect(parseFileCommand('file x')).toBeUndefined();
  });

  it('ends quietly when the reader of its output goes away (EPIPE)', async () => {
    const h = harness({ interactive: false });
    const done = h.channel.start(h.handle);
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    h.output.emit('error', epipe);
    h.input.write('menu\n');
    await expect(done).resolves.toBeUndefined();
  });
});
