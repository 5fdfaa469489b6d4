import { t } from '../../content/copy';
import { words } from '../../content/words';
import type { AnyFlow } from '../../core/flow';
import type { Locale } from '../../core/message';
import { triggerWords } from '../../core/step';

/**
 * The Telegram command menu per language. A command is listed only when something answers it: a
 * global word (content/words/core.yaml) or a trigger of a registered, non-admin flow, so the menu
 * never offers a command of a flow that is not installed.
 */
const COMMANDS: Record<Locale, string[]> = {
  id: ['start', 'menu', 'lapor', 'cek', 'bantuan', 'bahasa', 'batal', 'privasi', 'hapusdata'],
  en: ['start', 'menu', 'report', 'status', 'help', 'language', 'cancel', 'privacy', 'deletedata'],
};

/** Admin commands (issue 7's admin flows), listed only in admins' own chats. */
const ADMIN_COMMANDS = ['siaran', 'laporan'];

const GLOBAL_GROUPS = ['start', 'menu', 'help', 'language', 'cancel', 'back'];

/** Every first word that starts something for anyone: global words and public flow triggers. */
export function publicStartWords(flows: readonly AnyFlow[]): Set<string> {
  const out = new Set<string>();
  for (const g of GLOBAL_GROUPS) for (const w of words(`core.${g}`)) out.add(w);
  for (const f of flows) {
    for (const trig of f.triggers ?? []) {
      if (trig.adminOnly) continue;
      for (const w of triggerWords(trig)) out.add(w);
    }
  }
  return out;
}

export function commandList(
  locale: Locale,
  flows: readonly AnyFlow[],
): { command: string; description: string }[] {
  const known = publicStartWords(flows);
  return COMMANDS[locale]
    .filter((c) => known.has(c))
    .map((c) => ({ command: c, description: t(`telegram.cmd_${c}`, locale) }));
}

/**
 * The menu an admin sees in their own chat: the public one plus the admin-only triggers that a
 * registered flow answers. Empty when no admin command exists (nothing to register).
 */
export function adminCommandList(
  locale: Locale,
  flows: readonly AnyFlow[],
): { command: string; description: string }[] {
  const adminWords = new Set(
    flows.flatMap((f) => (f.triggers ?? []).filter((tr) => tr.adminOnly).flatMap((tr) => triggerWords(tr))),
  );
  const extra = ADMIN_COMMANDS.filter((c) => adminWords.has(c)).map((c) => ({
    command: c,
    description: t(`telegram.cmd_${c}`, locale),
  }));
  return extra.length ? [...commandList(locale, flows), ...extra] : [];
}

/**
 * Deep links: `t.me/<bot>?start=<payload>` arrives as `/start <payload>`. The payload (Telegram
 * allows A-Z, a-z, 0-9, _ and -, up to 64) becomes text with `_` read as a space, so
 * `?start=lapor` starts the report flow and `?start=cek_PN-7K3M-Q9` checks that ticket. A payload
 * whose first word starts nothing public falls back to a plain `/start`.
 */
export function deepLinkText(payload: string, startWords: ReadonlySet<string>): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(payload)) return undefined;
  const text = payload.replace(/_/g, ' ').trim();
  const first = text.split(' ')[0]!.toLowerCase();
  return startWords.has(first) ? text : undefined;
}
