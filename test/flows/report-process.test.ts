import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copy } from '../support/report';

/** Runs the real bot on the console with piped input, as a user would after `npm start -- --console`. */
function chat(dataDir: string, lines: string[]): Promise<string> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = execFile(
      'npx',
      ['tsx', 'src/main.ts', '--console'],
      { env: { ...env, DATA_DIR: dataDir, CONSOLE_USER: 'warga' }, timeout: 200_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    );
    child.stdin?.end(`${lines.join('\n')}\n`);
  });
}

describe('report across two runs of the real program', () => {
  it('continues the draft in a new process on the same DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-resume-'));
    try {
      const first = await chat(dir, ['lapor', '1', 'Pak Ahmad', 'Kantor Camat Depok']);
      expect(first).toContain(copy('report.what').split('?')[0]);
      const second = await chat(dir, ['lapor', 'lanjutkan', '2']);
      expect(second).toContain('Lanjutkan laporan sebelumnya?');
      expect(second).toContain(copy('report.resumed'));
      // The answer "2" lands on the step where the first run stopped (what happened), then the next.
      expect(second).toContain(copy('report.platform'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 420_000);
});
