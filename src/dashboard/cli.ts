import { pathToFileURL } from 'node:url';
import { type Config, ConfigError, loadConfig } from '../config';
import { dashboardLink } from './link';

const USAGE = `Usage: npm run dashboard -- link
  link   print a one-time login link to the admin dashboard (single use, valid 10 minutes)
Needs no database: the link is signed with DASHBOARD_SECRET (DATA_DIR/dashboard.secret when unset),
so it works while the bot runs, on PGlite too. Set DASHBOARD_URL to the address admins open.`;

/** Exit codes: 0 ok, 2 bad usage or configuration. */
export function runDashboardCli(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void },
  config?: () => Config,
  now: () => Date = () => new Date(),
): number {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'link' || rest.length) {
    io.err(`${command ? `unknown command "${[command, ...rest].join(' ')}"` : 'no command'}\n${USAGE}\n`);
    return 2;
  }
  let c: Config;
  try {
    c = config ? config() : loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`Configuration error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  io.out(`${dashboardLink(c, 'cli', now())}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = runDashboardCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  });
}
