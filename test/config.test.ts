import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, PUBLISHED_LOG_SALT, parseConfig, whatsappCloudEnabled } from '../src/config';
import { newDataKey } from '../src/privacy/crypto';
import { resolveSecrets, SECRET_FILES } from '../src/secrets';

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

  it('needs DATA_KEY on PostgreSQL, refuses the published LOG_SALT there, and a webhook without a secret', () => {
    const pg = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' };
    expect(() => parseConfig(pg)).toThrow(/^DATA_KEY: required with DATABASE_URL/);
    const key = newDataKey();
    expect(parseConfig({ ...pg, DATA_KEY: key }).DATA_KEY).toBe(key);
    expect(() => parseConfig({ ...pg, DATA_KEY: 'short' })).toThrow(/^DATA_KEY: expected 32 random bytes/);
    expect(() => parseConfig({ ...pg, DATA_KEY: key, LOG_SALT: PUBLISHED_LOG_SALT })).toThrow(/^LOG_SALT: /);
    const hook = { TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_URL: 'https://x.example/hook' };
    expect(() => parseConfig({ ...pg, DATA_KEY: key, ...hook })).toThrow(
      /^TELEGRAM_WEBHOOK_SECRET: required/,
    );
    expect(() =>
      parseConfig({ ...pg, DATA_KEY: key, ...hook, TELEGRAM_WEBHOOK_SECRET: 'abc' }),
    ).not.toThrow();
    expect(parseConfig({ DATA_KEY_OLD: `${key}, ${newDataKey()}` }).DATA_KEY_OLD).toHaveLength(2);
    expect(() => parseConfig({ DATA_KEY_OLD: 'nope' })).toThrow(/^DATA_KEY_OLD: /);
  });

  it('takes INGRESS_ONLY only on PostgreSQL, never with WORKER_ONLY or WhatsApp, and says why', () => {
    const pg = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', DATA_KEY: newDataKey() };
    expect(parseConfig({ ...pg, INGRESS_ONLY: '1' }).INGRESS_ONLY).toBe(true);
    expect(() => parseConfig({ INGRESS_ONLY: '1' })).toThrow(/^INGRESS_ONLY: needs DATABASE_URL/);
    expect(() => parseConfig({ ...pg, INGRESS_ONLY: '1', WORKER_ONLY: '1' })).toThrow(
      /^INGRESS_ONLY and WORKER_ONLY: /,
    );
    expect(() => parseConfig({ ...pg, INGRESS_ONLY: '1', WHATSAPP_ENABLED: '1' })).toThrow(
      /^INGRESS_ONLY: not with WHATSAPP_ENABLED/,
    );
  });

  it('generates DATA_KEY, LOG_SALT and the webhook secret into the data folder (0600) on PGlite, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-secrets-'));
    try {
      const env = {
        DATA_DIR: dir,
        TELEGRAM_BOT_TOKEN: '1:a',
        TELEGRAM_WEBHOOK_URL: 'https://x.example/hook',
      };
      const first = resolveSecrets(parseConfig(env));
      expect(first.DATA_KEY).toBeTruthy();
      expect(first.LOG_SALT).toBeTruthy();
      expect(first.LOG_SALT).not.toBe(PUBLISHED_LOG_SALT);
      expect(first.TELEGRAM_WEBHOOK_SECRET).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      for (const f of Object.values(SECRET_FILES)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
      const again = resolveSecrets(parseConfig(env));
      expect(again).toMatchObject({
        DATA_KEY: first.DATA_KEY,
        LOG_SALT: first.LOG_SALT,
        TELEGRAM_WEBHOOK_SECRET: first.TELEGRAM_WEBHOOK_SECRET,
      });
      // The environment wins over the files.
      const key = newDataKey();
      expect(resolveSecrets(parseConfig({ ...env, DATA_KEY: key })).DATA_KEY).toBe(key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('WhatsApp Cloud API settings', () => {
  const full = {
    WHATSAPP_CLOUD_TOKEN: 'EAAG-token',
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: '1234567890123',
    WHATSAPP_CLOUD_APP_SECRET: 'app-secret',
    WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-me',
  };

  it('is off by default, with the current Graph API root and 20 messages a second', () => {
    const c = parseConfig({});
    expect(whatsappCloudEnabled(c)).toBe(false);
    expect(c.WHATSAPP_CLOUD_API_ROOT).toBe('https://graph.facebook.com/v23.0');
    expect(c.WHATSAPP_CLOUD_RATE_PER_SECOND).toBe(20);
  });

  it('runs with all four set and reads the template as name and language', () => {
    const c = parseConfig({
      ...full,
      WHATSAPP_CLOUD_BROADCAST_TEMPLATE: 'pengumuman_pemilu:id',
      WHATSAPP_CLOUD_API_ROOT: 'http://127.0.0.1:9999/v23.0/',
      WHATSAPP_CLOUD_RATE_PER_SECOND: '50',
    });
    expect(whatsappCloudEnabled(c)).toBe(true);
    expect(c.WHATSAPP_CLOUD_BROADCAST_TEMPLATE).toEqual({ name: 'pengumuman_pemilu', language: 'id' });
    expect(c.WHATSAPP_CLOUD_API_ROOT).toBe('http://127.0.0.1:9999/v23.0');
    expect(c.WHATSAPP_CLOUD_RATE_PER_SECOND).toBe(50);
  });

  it('stops with one line naming what is missing from a partial set', () => {
    expect(() =>
      parseConfig({ WHATSAPP_CLOUD_TOKEN: 'x', WHATSAPP_CLOUD_PHONE_NUMBER_ID: '1234567890' }),
    ).toThrow(
      /^WHATSAPP_CLOUD_APP_SECRET, WHATSAPP_CLOUD_VERIFY_TOKEN: required with WHATSAPP_CLOUD_TOKEN, WHATSAPP_CLOUD_PHONE_NUMBER_ID/,
    );
    expect(() => parseConfig({ WHATSAPP_CLOUD_TOKEN: 'x' })).toThrow(ConfigError);
    const { WHATSAPP_CLOUD_TOKEN: _, ...noToken } = full;
    expect(() => parseConfig(noToken)).toThrow(/^WHATSAPP_CLOUD_TOKEN: required with/);
  });

  it('rejects a bad template, a bad phone number id, and both WhatsApp transports at once', () => {
    expect(() => parseConfig({ ...full, WHATSAPP_CLOUD_BROADCAST_TEMPLATE: 'pengumuman' })).toThrow(
      /^WHATSAPP_CLOUD_BROADCAST_TEMPLATE: expected name:language/,
    );
    expect(() => parseConfig({ ...full, WHATSAPP_CLOUD_PHONE_NUMBER_ID: '+62 812' })).toThrow(
      /^WHATSAPP_CLOUD_PHONE_NUMBER_ID: expected the numeric phone number id/,
    );
    expect(() => parseConfig({ ...full, WHATSAPP_ENABLED: '1' })).toThrow(/choose one WhatsApp transport/);
  });
});
