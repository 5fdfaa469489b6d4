import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../src/content/copy';
import { toPlainText } from '../src/core/markup';
import { ROOT } from './support/child';

/** Runs the real `npm start -- --console` with piped input, as a person would from a shell. */
function npmStart(
  input: string,
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn('npm', ['start', '--silent', '--', '--console'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('exit', (code) => resolve({ code, out, err }));
    p.stdin.end(input);
  });
}

describe('npm start -- --console', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-main-'));
  const env = { DATA_DIR: dir, DATABASE_URL: '', TELEGRAM_BOT_TOKEN: '', WHATSAPP_ENABLED: '' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers each piped line, exits at end of input, and remembers the language on the next start', async () => {
    const first = await npmStart('menu\nbahasa\n', env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('> menu\n');
    expect(first.out).toContain(toPlainText(t('core.menu', 'id')));
    expect(first.out).toContain(t('core.language_set', 'en'));

    const second = await npmStart('menu\n', env);
    expect(second.code).toBe(0);
    expect(second.out).toContain(toPlainText(t('core.menu', 'en')));
  });

  it('shows the pending question at start after a restart in the middle of a report, also when piped', async () => {
    const first = await npmStart('lapor\n1\n', { ...env, CONSOLE_USER: 'restart' });
    expect(first.out).toContain(toPlainText(t('report.who_asn', 'id')));
    // Nothing typed at all: the question is printed before any input is read.
    const second = await npmStart('', { ...env, CONSOLE_USER: 'restart' });
    expect(second.code).toBe(0);
    expect(second.out.trimStart().startsWith(toPlainText(t('core.where_we_were', 'id')))).toBe(true);
    expect(second.out).toContain(toPlainText(t('report.who_asn', 'id')));
    // And the next line answers it.
    const third = await npmStart('Pak Ahmad\n', { ...env, CONSOLE_USER: 'restart' });
    expect(third.out).toContain(toPlainText(t('report.agency', 'id')).slice(0, 40));
  });

  it('ends quietly when its output is closed early (| head), without an EPIPE stack trace', async () => {
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn('sh', ['-c', 'yes menu | head -n 400 | npm start --silent -- --console | head -n 2'], {
        cwd: ROOT,
        env: { ...process.env, ...env, CONSOLE_USER: 'epipe' },
      });
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      p.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      p.on('exit', (code) => resolve({ code, out, err }));
    });
    expect(r.out.split('\n')[0]).toBe('> menu');
    expect(r.err).not.toMatch(/EPIPE|Error|at /);
  });

  it('stops with one line naming a wrong variable, without a stack trace', async () => {
    const r = await npmStart('menu\n', { ...env, MAX_TEXT_LENGTH: 'many' });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      'Configuration error: MAX_TEXT_LENGTH: expected a whole number of characters, at least 100',
    ]);
    expect(r.out).toBe('');
  });

  it('refuses to start on PostgreSQL without DATA_KEY, in one line, before connecting', async () => {
    const r = await npmStart('menu\n', {
      ...env,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      DATA_KEY: '',
    });
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: DATA_KEY: required with DATABASE_URL/);
  });

  it('keeps its generated key and log salt in the data folder, readable only by its owner', () => {
    for (const f of ['data.key', 'log.salt']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it('refuses a second process on the same PGlite folder with a clear message', async () => {
    const holder = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--console'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    // Wait until the first process has opened the database and answers.
    await new Promise<void>((resolve) => {
      holder.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes(toPlainText(t('core.menu', 'en')))) resolve();
      });
      holder.stdin.write('menu\n');
    });
    const second = await npmStart('menu\n', env);
    holder.stdin.end();
    await new Promise((r) => holder.on('exit', r));
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/in use by another Pantau Netral process \(pid \d+\)/);
  });
});
