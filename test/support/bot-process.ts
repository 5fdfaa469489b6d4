import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from './child';

/** The real bot (`src/main.ts`) in a process of its own, its JSON log read line by line. */
export interface BotProcess {
  proc: ChildProcessWithoutNullStreams;
  /** The HTTP port it listens on (0 until it said so). */
  port: number;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  /** Resolves when a log line matches (or rejects when the process exits first). */
  waitFor(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  alive(): boolean;
}

export async function spawnBot(env: Record<string, string>): Promise<BotProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      WHATSAPP_ENABLED: '',
      ...env,
    },
  });
  const logs: Record<string, unknown>[] = [];
  const checks = new Set<() => void>();
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      for (const c of checks) c();
      resolve(exitCode);
    }),
  );
  const bot: BotProcess = {
    proc,
    port: 0,
    logs,
    exited,
    alive: () => exitCode === undefined,
    waitFor(match, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          checks.delete(check);
          reject(new Error(`bot log never matched; last lines: ${JSON.stringify(logs.slice(-5))}`));
        }, timeoutMs);
        const check = () => {
          if (logs.some(match)) {
            clearTimeout(timer);
            checks.delete(check);
            resolve();
          } else if (exitCode !== undefined) {
            clearTimeout(timer);
            checks.delete(check);
            reject(new Error(`bot exited (${exitCode}); last lines: ${JSON.stringify(logs.slice(-8))}`));
          }
        };
        checks.add(check);
        check();
      });
    },
    async kill(signal = 'SIGKILL') {
      if (exitCode === undefined) proc.kill(signal);
      if (signal === 'SIGKILL') return exited;
      // A graceful stop has its own deadline (SHUTDOWN_TIMEOUT_MS); this one keeps a test from hanging on it.
      const force = setTimeout(() => exitCode === undefined && proc.kill('SIGKILL'), 40_000);
      return exited.finally(() => clearTimeout(force));
    },
  };
  const onLine = (line: string) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      logs.push(parsed);
      if (parsed.msg === 'http listening' && typeof parsed.port === 'number' && !bot.port)
        bot.port = parsed.port;
    } catch {
      logs.push({ msg: 'raw', line });
    }
    for (const c of checks) c();
  };
  createInterface({ input: proc.stderr }).on('line', onLine);
  createInterface({ input: proc.stdout }).on('line', onLine);
  await bot.waitFor((l) => l.msg === 'bot running', 90_000);
  return bot;
}
