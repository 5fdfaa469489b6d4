import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config';

describe('parseConfig', () => {
  it('has defaults for everything, so no configuration means the console on PGlite', () => {
    const c = parseConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.DATA_DIR).toBe('./data');
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(c.WHATSAPP_ENABLED).toBe(false);
    expect(c.MAX_IMAGE_BYTES).toBe(10 * 1024 * 1024);
    expect(c.ADMIN_TELEGRAM_IDS).toEqual([]);
  });

  it('parses lists, sizes, booleans and treats empty values as unset', () => {
    const c = parseConfig({
      ADMIN_TELEGRAM_IDS: '123, 456',
      ADMIN_WHATSAPP_NUMBERS: '+6281234567890',
      MAX_DOCUMENT_BYTES: '5MB',
      WHATSAPP_ENABLED: 'true',
      TELEGRAM_BOT_TOKEN: '',
    });
    expect(c.ADMIN_TELEGRAM_IDS).toEqual(['123', '456']);
    expect(c.ADMIN_WHATSAPP_NUMBERS).toEqual(['6281234567890']);
    expect(c.MAX_DOCUMENT_BYTES).toBe(5 * 1024 * 1024);
    expect(c.WHATSAPP_ENABLED).toBe(true);
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it.each([
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL: expected a URL such as postgres://'],
    ['TELEGRAM_BOT_TOKEN', 'abc', 'TELEGRAM_BOT_TOKEN: expected a bot token like 123456:ABC-def'],
    ['WHATSAPP_ENABLED', 'maybe', 'WHATSAPP_ENABLED: expected 1 or 0'],
    ['REPORTS_PER_DAY', 'lots', 'REPORTS_PER_DAY: expected a whole number'],
    ['MAX_IMAGE_BYTES', 'huge', 'MAX_IMAGE_BYTES: expected a size such as 10MB'],
    ['ADMIN_TELEGRAM_IDS', 'bob', 'ADMIN_TELEGRAM_IDS: expected a comma-separated list'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: '],
  ])('names %s and what it expects when it is wrong', (name, value, message) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(message);
  });

  it('refuses a webhook without a token', () => {
    expect(() => parseConfig({ TELEGRAM_WEBHOOK_URL: 'https://x.example/hook' })).toThrow(
      'TELEGRAM_BOT_TOKEN',
    );
  });
});
