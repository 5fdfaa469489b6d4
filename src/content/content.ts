import type { Locale } from '../core/message';
import { type CopyVars, hasCopy, t } from './copy';
import { words } from './words';

/**
 * Copy and word lists as one value handed to the conversation core (the flow registry carries it
 * into every step), so flows and forms read content through their context instead of reading files
 * when a module is imported. Loading is lazy and happens once per process.
 */
export interface Content {
  /** The text for `key` in `locale`, `{name}` placeholders filled (values escaped). */
  t(key: string, locale: Locale, vars?: CopyVars): string;
  has(key: string): boolean;
  /** The word list `ns.group` (lower case); throws when it does not exist. */
  words(key: string): string[];
}

const files: Content = { t, has: hasCopy, words };

/** The content in `content/` (copy and word lists), read on first use. */
export function defaultContent(): Content {
  return files;
}
