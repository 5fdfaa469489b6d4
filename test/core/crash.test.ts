import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../src/content/copy';
import { openDatabase } from '../../src/db/client';
import { surveyRows } from '../fixtures/survey-flow';
import { type LineChild, spawnTsx } from '../support/child';
import { TEST_DATA_KEY } from '../support/data-key';
import { backends, createScratchDatabase } from '../support/db';

const script = 'test/fixtures/engine-child.ts';

async function ask(child: LineChild, id: string, text: string) {
  child.send(JSON.stringify({ id, text }));
  return JSON.parse(await child.next()) as { id: string; duplicate: boolean; replies: string[] };
}

describe.each(backends)('a process killed with SIGKILL on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-crash-'));
  // The child seals with the same key this test reads with.
  let env: Record<string, string> = { DATA_DIR: dir, DATABASE_URL: '', DATA_KEY: TEST_DATA_KEY };
  let drop = async () => {};
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (extra: Record<string, string> = {}) => {
    if (backend === 'postgres' && !env.DATABASE_URL) {
      const scratch = await createScratchDatabase();
      env = { ...env, DATABASE_URL: scratch.url };
      drop = scratch.drop;
    }
    const child = spawnTsx(script, { ...env, ...extra });
    expect(await child.next()).toBe('ready');
    return child;
  };

  it('resumes the flow after a kill between messages, and loses nothing from a kill mid-transaction', {
    timeout: 300_000,
  }, async () => {
    let child = await start();
    expect((await ask(child, 'k1', 'survey')).replies).toEqual(['name?']);
    expect((await ask(child, 'k2', 'Budi')).replies).toEqual(['age?']);
    child.proc.kill('SIGKILL');
    await child.exited;

    // Restarted: the flow is where it was, and its question is shown again before an answer is taken.
    const afterRestart = t('core.after_restart', 'id');
    child = await start({ SLEEP_MS: '4000' });
    expect((await ask(child, 'k3', '40')).replies).toEqual([afterRestart, 'age?']);
    expect((await ask(child, 'k3b', '40')).replies).toEqual(['save Budi 40?']);
    // Killed while the save effect holds the transaction open.
    child.send(JSON.stringify({ id: 'k4', text: 'yes' }));
    await new Promise((r) => setTimeout(r, 1500));
    child.proc.kill('SIGKILL');
    await child.exited;

    // Redelivered after restart: nothing of it was kept, so it is handled afresh (the question
    // first, as after any restart); the save then happens once.
    child = await start();
    const again = await ask(child, 'k4', 'yes');
    expect(again).toMatchObject({ duplicate: false, replies: [afterRestart, 'save Budi 40?'] });
    expect((await ask(child, 'k4', 'yes')).duplicate).toBe(true);
    expect((await ask(child, 'k5', 'yes')).replies).toEqual(['saved']);
    child.send('');
    child.proc.stdin.end();
    await child.exited;

    const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: dir });
    const rows = await database.db.select().from(surveyRows);
    await database.close();
    expect(rows.map((r) => r.name)).toEqual(['Budi:40']);
  });
});
