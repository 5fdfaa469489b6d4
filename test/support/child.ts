import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A tsx child process spoken to line by line (JSON in, JSON out). */
export interface LineChild {
  proc: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
  send(line: string): void;
  exited: Promise<number | null>;
  stderr(): string;
}

export function spawnTsx(script: string, env: Record<string, string>, args: string[] = []): LineChild {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild, which a SIGKILL would orphan.
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  const rl: Interface = createInterface({ input: proc.stdout });
  const lines: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  let err = '';
  proc.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  rl.on('line', (l) => {
    const w = waiters.shift();
    if (w) w(l);
    else lines.push(l);
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    exited,
    stderr: () => err,
    send: (line) => proc.stdin.write(`${line}\n`),
    next: () =>
      new Promise<string>((resolve, reject) => {
        const l = lines.shift();
        if (l !== undefined) return resolve(l);
        waiters.push(resolve);
        void exited.then((code) => reject(new Error(`child exited (${code}) before answering: ${err}`)));
      }),
  };
}
