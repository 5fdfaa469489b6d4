import { words } from '../content/words';
import type { InlineAnswerer } from '../core/flow';
import { replyTo } from './answer';
import { formatProblem, type KnowledgeBase, loadKnowledge } from './load';
import { QaIndex } from './search';

declare module '../core/flow' {
  interface Services {
    /** The Q&A index, built once at start. */
    knowledge?: QaIndex;
  }
}

export class ContentError extends Error {}

/** Loads and checks content/qa; a broken file stops the start with its file and line. */
export function loadCheckedKnowledge(): KnowledgeBase {
  const kb = loadKnowledge();
  if (kb.problems.length) {
    throw new ContentError(`content problems:\n${kb.problems.map(formatProblem).join('\n')}`);
  }
  return kb;
}

let shared: QaIndex | undefined;

/** The index built from content/qa, once per process (tests and CLIs share it). */
export function defaultIndex(): QaIndex {
  if (!shared) {
    shared = new QaIndex(loadCheckedKnowledge());
    warmUp(shared);
  }
  return shared;
}

/**
 * The index's per-word work done ahead, then one question per language through the whole reply path
 * at start: the English path sets itself up on first use (about 60 ms), which the first
 * English-speaking citizen would otherwise wait for.
 */
export function warmUp(index: QaIndex): void {
  index.warm();
  replyTo(index, 'may a civil servant like a campaign post?', 'en');
  replyTo(index, 'apakah pns boleh like postingan capres?', 'id');
}

/** True when text typed inside another flow reads as a question rather than an answer to its step. */
export function looksLikeQuestion(text: string): boolean {
  const tokens = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}?]+/u)
    .filter(Boolean);
  if (tokens.length < 3) return false;
  if (text.includes('?')) return true;
  const cues = new Set(words('qa.question_cues'));
  return tokens.some((w) => cues.has(w.replace(/\?+$/, '')));
}

/** Answers a question typed inside another flow, or null so that flow handles the text itself. */
export function inlineAnswerer(index: QaIndex): InlineAnswerer {
  return {
    answerInline(text, ctx) {
      if (!looksLikeQuestion(text)) return null;
      const r = replyTo(index, text, ctx.locale, { inline: true });
      return r.topic ? r.messages : null;
    },
  };
}

/** For the CLIs: the index even when some files have problems (they are reported on stderr). */
export function lenientIndex(): QaIndex {
  const kb = loadKnowledge();
  for (const p of kb.problems) console.error(formatProblem(p));
  return new QaIndex(kb);
}
