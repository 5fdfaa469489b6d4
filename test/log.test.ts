import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, hashId } from '../src/log';
import { createTestBot } from './support/chat';

describe('logging', () => {
  it('never writes message text or user ids in clear, only a stable hash', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const log = createLogger({ level: 'debug', destination: sink, salt: 'test' });
    log.info({ userKey: 'whatsapp:6281234567890', text: 'rahasia' }, 'redacted fields');
    const bot = await createTestBot({ channel: 'whatsapp', log });
    await bot.say('nomor saya 6281299990000 tolong', '6281299990000');
    await bot.close();
    expect(out).not.toContain('6281234567890');
    expect(out).not.toContain('6281299990000');
    expect(out).not.toContain('rahasia');
    expect(out).not.toContain('tolong');
    expect(out).toContain(hashId('whatsapp:6281299990000'));
  });
});
